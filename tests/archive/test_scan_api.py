"""The scanned-page API (issue 20): areas to check, the page image, boxes drawn by hand — typed answers, clear
refusals in the user's language, custody entries. One small scanned page, read by OCR once for the module."""
# ruff: noqa: F811  (``seeded`` is the fixture of test_media_check_doors, imported)

from __future__ import annotations

import io
import json

from PIL import Image

from archive.custody import entries_for
from tests.archive.test_media_check_doors import Seeded, seeded  # noqa: F401  (the module's archive and item)


def _headers(seeded: Seeded, lang: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {seeded.token}", "Accept-Language": lang}


def _custody(seeded: Seeded) -> list[dict[str, object]]:
    with seeded.archive.db.session() as session:
        return [json.loads(e.details) | {"action": e.action} for e in entries_for(session, [seeded.item_id])]


def test_when_a_scanned_page_is_read_then_its_areas_and_image_come_typed_and_the_view_is_logged(
    seeded: Seeded,
) -> None:
    scan = seeded.api.get(f"/items/{seeded.item_id}/scan", headers=_headers(seeded))
    assert scan.status_code == 200, scan.text
    body = scan.json()
    assert body["kind"] == "scan" and [p["number"] for p in body["pages"]] == [1]
    page = body["pages"][0]
    assert page["width"] == 1400 and page["height"] == 420
    for area in page["areas"]:
        x0, y0, x1, y1 = area["box"]
        assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1 and area["kind"] in ("low_confidence", "unread")
    picture = seeded.api.get(f"/items/{seeded.item_id}/pages/1/image", headers=_headers(seeded))
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(picture.content)) as shown:
        assert shown.size == (1400, 420) and not shown.info.get("exif")
    assert any(e.get("what") == "scanned page" for e in _custody(seeded) if e["action"] == "read")
    missing = seeded.api.get(f"/items/{seeded.item_id}/pages/3/image", headers=_headers(seeded, "fr"))
    assert missing.status_code == 422 and "page 3" in missing.text and "pages : 1" in missing.text


def test_when_a_box_is_drawn_badly_then_it_is_refused_saying_what_to_do(seeded: Seeded) -> None:
    url = f"/items/{seeded.item_id}/boxes"
    reversed_box = seeded.api.post(url, json={"page": 1, "box": [0.5, 0.1, 0.2, 0.3]}, headers=_headers(seeded))
    assert reversed_box.status_code == 422 and "draw it again" in reversed_box.json()["error"]
    slip = seeded.api.post(url, json={"page": 1, "box": [0.5, 0.1, 0.501, 0.3]}, headers=_headers(seeded, "fr"))
    assert slip.status_code == 422 and "dessinez-le à nouveau" in slip.json()["error"]
    label = seeded.api.post(url, json={"page": 1, "box": [0.1, 0.1, 0.3, 0.3], "label": "NOPE"},
                            headers=_headers(seeded))
    assert label.status_code == 422 and "NOPE" in label.text


def test_when_a_box_is_drawn_and_removed_then_both_are_typed_and_in_custody(seeded: Seeded) -> None:
    drawn = seeded.api.post(f"/items/{seeded.item_id}/boxes", headers=_headers(seeded),
                            json={"page": 1, "box": [0.05, 0.25, 0.6, 0.45], "label": "PERSON", "reason": "nom"})
    assert drawn.status_code == 201, drawn.text
    box = drawn.json()
    assert box["drawn_by"] == seeded.officer and box["box"] == [0.05, 0.25, 0.6, 0.45] and box["removed_at"] is None
    listed = seeded.api.get(f"/items/{seeded.item_id}/scan", headers=_headers(seeded)).json()["pages"][0]["boxes"]
    assert [b["id"] for b in listed] == [box["id"]]
    removed = seeded.api.post(f"/items/{seeded.item_id}/boxes/{box['id']}/remove", json={"reason": "erreur"},
                              headers=_headers(seeded))
    assert removed.status_code == 200 and removed.json()["removed_by"] == seeded.officer
    again = seeded.api.post(f"/items/{seeded.item_id}/boxes/{box['id']}/remove", json={}, headers=_headers(seeded))
    assert again.status_code == 404
    decisions = [e["decision"] for e in _custody(seeded) if e["action"] == "review" and e.get("box") == box["id"]]
    assert decisions == ["box_drawn", "box_removed"]
    assert "nom" not in json.dumps(_custody(seeded))  # the typed reason is sealed, never in clear
