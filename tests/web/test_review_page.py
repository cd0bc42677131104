"""The redaction review page through the app: spans over the exact text, accept / reject / add with the same
service path as the API (redacted text refreshed, index updated), flags, audio player and its segments."""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from archive.api import create_app
from archive.context import Archive
from archive.items.artefacts import item_text, redacted_view
from archive.jobs.worker import Worker
from archive.models import CustodyEntry, Item, Job, RedactionSpan
from archive.pipeline.stages import handlers
from archive.web.pages.review import marked_text
from archive.web.pages.search import clock
from tests.web import seeds
from tests.web.conftest import form_csrf, log_in

TEXT = ("Je m'appelle Mariam Sangaré. Le 14 mars 2012, des hommes armés ont arrêté mon frère Seydou Sangaré "
        "au marché de Gao. Le commandant Issa Kanouté était là.\n")


@pytest.fixture
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Archive, dict[str, str]]]:
    root = tmp_path_factory.mktemp("review-page")
    archive = Archive.open(seeds.settings_for(root / "data", tmp_path_factory.getbasetemp() / "models"))
    for name, role in (("aminata", "documentation_officer"), ("oumar", "reparations_officer"),
                       ("awa", "documentation_officer")):
        seeds.user(archive, name, role)
    case = seeds.new_case(archive, "aminata", "Dossier Gao 2012")
    typed = seeds.add(archive, "aminata", case, TEXT.encode(), "Mariam Sangaré.txt")
    audio = seeds.add(archive, "aminata", case, seeds.speech_wav(root / "speech.wav"), "speech.wav", language="en")
    seeds.process(archive)
    yield archive, {"typed": typed, "audio": audio, "case": case}
    archive.close()


@pytest.fixture
def client_for(seeded: tuple[Archive, dict[str, str]]) -> Iterator[object]:
    made: list[TestClient] = []

    def make(name: str, *, warned: bool = True) -> TestClient:
        client = TestClient(create_app(seeded[0]), base_url="http://testserver")
        client.__enter__()
        made.append(client)
        log_in(client, name, seeds.PASSWORD)
        if warned:
            csrf = form_csrf(client.get("/ui/").text)
            client.post("/ui/warning", data={"csrf": csrf, "next": "/ui/"}, follow_redirects=False)
        return client

    yield make
    for client in made:
        client.__exit__(None, None, None)


def _review_text(page: str) -> str:
    box = re.search(r'<div class="review-text" id="review-text"[^>]*>(.*?)</div>', page, re.S)
    assert box, "no review text on the page"
    return htmlmod.unescape(re.sub(r"<[^>]+>", "", box.group(1)))


def _spans(archive: Archive, item_id: str) -> list[RedactionSpan]:
    with archive.db.session() as s:
        rows = s.execute(select(RedactionSpan).where(RedactionSpan.item_id == item_id)
                         .order_by(RedactionSpan.start)).scalars().all()
        s.expunge_all()
        return list(rows)


def test_when_an_officer_opens_the_review_then_the_text_shown_is_exactly_the_stored_text(
    seeded: tuple[Archive, dict[str, str]], client_for: object
) -> None:
    archive, ids = seeded
    page = client_for("aminata").get(f"/ui/items/{ids['typed']}/review").text  # type: ignore[operator]
    with archive.db.session() as s:
        stored = item_text(s, archive.store, s.get_one(Item, ids["typed"]))
    assert stored is not None and _review_text(page) == stored.text
    for span in _spans(archive, ids["typed"]):
        assert f'id="mark-{span.id}"' in page and f'data-kind="{span.label}"' in page
    assert re.search(r'data-kind="PERSON" data-label="personne">Mariam Sangaré</span>', page)  # drawn in French


def test_when_the_content_warning_was_not_accepted_then_the_text_is_not_sent(
    seeded: tuple[Archive, dict[str, str]], client_for: object
) -> None:
    page = client_for("aminata", warned=False).get(f"/ui/items/{seeded[1]['typed']}/review").text  # type: ignore[operator]
    assert 'id="content-warning"' in page and "Sangaré" not in page and 'id="review-text"' not in page


@pytest.mark.parametrize("decision", ["accepted", "rejected"])
def test_when_a_span_is_decided_then_it_is_kept_logged_and_the_redacted_text_follows(
    seeded: tuple[Archive, dict[str, str]], client_for: object, decision: str
) -> None:
    archive, ids = seeded
    client = client_for("aminata")  # type: ignore[operator]
    page = client.get(f"/ui/items/{ids['typed']}/review").text
    person = next(s for s in _spans(archive, ids["typed"]) if TEXT[s.start:s.end] == "Seydou Sangaré")
    r = client.post(f"/ui/items/{ids['typed']}/review/{person.id}",
                    data={"csrf": form_csrf(page), "status": decision, "reason": "vérifié"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith(f"/review#span-{person.id}")
    after = next(s for s in _spans(archive, ids["typed"]) if s.id == person.id)
    assert (after.status, after.reviewer, after.reason) == (decision, "aminata", "vérifié")
    with archive.db.session() as s:
        view = redacted_view(s, archive.store, s.get_one(Item, ids["typed"]))
        logged = s.execute(select(CustodyEntry).where(CustodyEntry.action == "review")).scalars().all()
        indexed = s.execute(select(Job).where(Job.item_id == ids["typed"], Job.stage == "index",
                                              Job.status == "done", Job.urgent.is_(True))).scalars().all()
    assert view is not None and ("Seydou" in view["redacted_text"]) is (decision == "rejected")
    assert any(decision in e.details for e in logged) and indexed, "logged, and the index updated at once"
    shown = client.get(f"/ui/items/{ids['typed']}/review").text
    assert re.search(rf'<li id="span-{person.id}" data-span="{person.id}" data-status="{decision}">', shown)


def test_when_an_officer_adds_a_span_then_the_redacted_text_and_the_search_hide_it(
    seeded: tuple[Archive, dict[str, str]], client_for: object
) -> None:
    archive, ids = seeded
    client = client_for("aminata")  # type: ignore[operator]
    page = client.get(f"/ui/items/{ids['typed']}/review").text
    start = TEXT.index("marché de Gao")
    r = client.post(f"/ui/items/{ids['typed']}/review",
                    data={"csrf": form_csrf(page), "start": start, "end": start + len("marché de Gao"), "label": "LOC",
                          "reason": "lieu identifiant"}, follow_redirects=False)
    assert r.status_code == 303
    added = [s for s in _spans(archive, ids["typed"]) if s.status == "added"]
    assert [(TEXT[s.start:s.end], s.label, s.recognizer) for s in added] == [("marché de Gao", "LOC",
                                                                              "review.manual.v1")]
    Worker(archive, handlers()).run_until_idle()  # the queued index update
    rep = client_for("oumar")  # type: ignore[operator]
    found = rep.get("/ui/search", params={"q": "hommes armés"}).text
    assert "armés" in found and "marché de Gao" not in found and "Sangaré" not in found


@pytest.mark.parametrize(("start", "end", "label", "message"), [
    (5, 2, "PERSON", "sort du texte"), (0, 10_000, "PERSON", "sort du texte"),
    (0, 5, "NICKNAME", "Étiquette inconnue"),
])
def test_when_an_added_span_is_wrong_then_the_page_says_why(
    seeded: tuple[Archive, dict[str, str]], client_for: object, start: int, end: int, label: str, message: str
) -> None:
    client = client_for("aminata")  # type: ignore[operator]
    item = seeded[1]["typed"]
    page = client.get(f"/ui/items/{item}/review").text
    r = client.post(f"/ui/items/{item}/review", data={"csrf": form_csrf(page), "start": start, "end": end,
                                                       "label": label})
    assert r.status_code == 422 and message in r.text


def test_when_a_form_comes_without_the_csrf_token_then_nothing_changes(
    seeded: tuple[Archive, dict[str, str]], client_for: object
) -> None:
    archive, ids = seeded
    span = _spans(archive, ids["typed"])[0]
    r = client_for("aminata").post(f"/ui/items/{ids['typed']}/review/{span.id}",  # type: ignore[operator]
                                   data={"csrf": "forged", "status": "rejected"})
    assert r.status_code == 403 and _spans(archive, ids["typed"])[0].status == "proposed"


@pytest.mark.parametrize("user", ["oumar", "awa"])
def test_when_a_role_without_the_full_text_opens_the_review_then_it_is_refused_without_the_text(
    seeded: tuple[Archive, dict[str, str]], client_for: object, user: str
) -> None:
    r = client_for(user).get(f"/ui/items/{seeded[1]['typed']}/review")  # type: ignore[operator]
    assert r.status_code == 403 and "Sangaré" not in r.text


def test_when_an_audio_item_is_reviewed_then_the_player_and_its_segments_are_there(
    seeded: tuple[Archive, dict[str, str]], client_for: object
) -> None:
    archive, ids = seeded
    client = client_for("aminata")  # type: ignore[operator]
    page = client.get(f"/ui/items/{ids['audio']}/review").text
    assert f'src="/ui/items/{ids["audio"]}/audio"' in page
    starts = re.findall(r'<li data-start="([0-9.]+)" tabindex="0"><time>([0-9:]+)</time>', page)
    sound = client.get(f"/ui/items/{ids['audio']}/audio")
    with archive.db.session() as s:
        item = s.get_one(Item, ids["audio"])
        transcript = item_text(s, archive.store, item)
    # The list is the stored transcript's segments, in order, inside the recording: not one decode's times (the
    # two sentences start at 0.0 and 2.32 or 2.34 s depending on the CPU's int8 kernel).
    assert transcript is not None
    segments = transcript.document["segments"]
    assert starts == [(str(seg["start"]), clock(seg["start"])) for seg in segments]
    seconds = [float(start) for start, _ in starts]
    assert seconds and seconds[0] <= 0.5 and seconds == sorted(set(seconds))  # one segment or more, by CPU
    assert seconds[-1] < transcript.document["metadata"]["decoded_seconds"]
    with archive.db.session() as s:
        item = s.get_one(Item, ids["audio"])
        assert sound.content.startswith(b"RIFF") and sound.headers["x-content-sha256"] == item.sha256
        assert s.execute(select(CustodyEntry).where(CustodyEntry.action == "download",
                                                    CustodyEntry.object_id == item.id)).first() is not None
    assert client_for("oumar").get(f"/ui/items/{ids['audio']}/audio").status_code == 403  # type: ignore[operator]


@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("a <b> c", [], "a &lt;b&gt; c"),
    ("Mariam vit", [{"id": "1", "start": 0, "end": 6, "label": "PERSON", "status": "proposed"}],
     '<span class="span proposed" id="mark-1" data-span="1" data-kind="PERSON" data-label="PERSON">Mariam</span>'
     ' vit'),
    ("abcdef", [{"id": "1", "start": 0, "end": 4, "label": "MISC", "status": "added"},
                {"id": "2", "start": 2, "end": 6, "label": "LOC", "status": "proposed"}],
     '<span class="span added" id="mark-1" data-span="1" data-kind="MISC" data-label="MISC">abcd'
     '</span>ef'),
])
def test_when_spans_are_drawn_then_the_text_content_is_unchanged(text: str, spans: list[dict[str, object]],
                                                                 expected: str) -> None:
    drawn = str(marked_text(text, spans))
    assert drawn == expected and htmlmod.unescape(re.sub(r"<[^>]+>", "", drawn)) == text


def test_when_an_officer_listens_to_the_redacted_recording_and_marks_it_then_it_is_recorded_for_export(
    seeded: tuple[Archive, dict[str, str]], client_for: object
) -> None:
    archive, ids = seeded
    client = client_for("aminata")  # type: ignore[operator]
    page = client.get(f"/ui/items/{ids['audio']}/review").text
    assert f'src="/ui/items/{ids["audio"]}/redacted-media?profile=prosecution"' in page
    assert 'id="media-check-prosecution"' in page and "media-check-reparations" not in page  # voices never leave
    sound = client.get(f"/ui/items/{ids['audio']}/redacted-media?profile=prosecution")
    assert sound.status_code == 200 and sound.content.startswith(b"OggS")
    r = client.post(f"/ui/items/{ids['audio']}/media-check", data={"csrf": form_csrf(page), "profile": "prosecution"},
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get(f"/ui/items/{ids['audio']}/review").text
    assert 'id="media-check-prosecution"' not in page and "Vérifié par" in page
    with archive.db.session() as s:
        assert s.execute(select(CustodyEntry).where(CustodyEntry.action == "media_check",
                                                    CustodyEntry.object_id == ids["audio"])).first() is not None
    refused = client_for("oumar").get(f"/ui/items/{ids['audio']}/redacted-media?profile=prosecution")  # type: ignore[operator]
    assert refused.status_code == 403
