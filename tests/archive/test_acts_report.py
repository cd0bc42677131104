# mypy: disallow-untyped-calls=False
# (pymupdf leaves most methods unannotated.)
"""The statistics report (HTML and PDF, French and English, with a chart) through the API and the CLI: it shows
exactly the suppressed table (a masked cell stays masked in the words and in the chart), in the reader's
language, to roles with stats.read only."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
from typer.testing import CliRunner

from tests.archive.conftest import Accounts, settings_env
from tests.archive.test_acts import Seeded, _many
from tests.archive.test_acts import seeded as seeded


def _pdf_text(data: bytes) -> str:
    with pymupdf.open("pdf", data) as doc:
        return "\n".join(page.get_text() for page in doc)


def test_when_a_statistician_asks_for_the_report_then_html_and_pdf_show_the_suppressed_table(
    seeded: Seeded, accounts: Accounts, tmp_path: Path
) -> None:
    s = seeded
    _many(s, s.item_id, 7)  # 7 arbitrary detentions, 6 tortures, 1 killing: the killing is masked, and a partner
    for act_type in ["torture"] * 6 + ["killing"]:
        s.client.post(f"/items/{s.item_id}/acts", json={"act_type": act_type, "date": "2013"},
                      headers=s.officer.headers)
    statistician = accounts.make("statistician")
    table = s.client.get("/stats", params={"by": "violation_type"}, headers=statistician.headers).json()
    masked = {c["key"]["violation_type"] for c in table["cells"] if c["count"] is None}
    assert "killing" in masked

    fr = s.client.get("/stats/report.html", params={"by": "violation_type"},
                      headers={**statistician.headers, "Accept-Language": "fr"})
    assert fr.status_code == 200 and fr.headers["content-type"].startswith("text/html")
    assert "<svg" in fr.text and "masqué" in fr.text and "meurtre" in fr.text and "http" not in fr.text.split(
        "<body>")[1].replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"count\">(.*?)</td></tr>", fr.text)
    assert ("meurtre", "<em>masqué</em>") in rows
    assert all(n == "<em>masqué</em>" or n.isdigit() for _, n in rows)
    en = s.client.get("/stats/report.html", params={"by": "violation_type"}, headers=statistician.headers)
    assert "suppressed" in en.text and "killing" in en.text and "masqué" not in en.text

    pdf = s.client.get("/stats/report.pdf", params={"by": "violation_type,year"}, headers=statistician.headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = _pdf_text(pdf.content)
    assert "Chart" in text and "killing · 2013" in text and "suppressed" in text
    one = s.client.get("/stats/report.pdf", params={"by": "violation_type"}, headers=statistician.headers)
    with pymupdf.open("pdf", one.content) as doc:
        assert doc.page_count >= 2 and not any(doc.metadata.get(k) for k in ("author", "title", "subject"))
        assert doc[-1].get_drawings()  # the chart is drawn (a vector bar for the detentions, none when masked)

    auditor = accounts.make("auditor")
    assert s.client.get("/stats/report.pdf", params={"by": "region"}, headers=auditor.headers).status_code == 403

    import archive.cli  # noqa: F401  (registers the commands)
    from archive.cli.app import app

    runner = CliRunner()
    env = {**settings_env(s.archive.settings), "TEMOIN_LANG": "fr"}
    out = tmp_path / "rapport.pdf"
    result = runner.invoke(app, ["stats", "--by", "violation_type", "--report", str(out), "--as",
                                 statistician.username, "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert "Graphique" in _pdf_text(out.read_bytes()) and "masqué" in _pdf_text(out.read_bytes())
    bad = runner.invoke(app, ["stats", "--by", "violation_type", "--report", str(tmp_path / "r.docx"), "--as",
                              statistician.username], env=env)
    assert bad.exit_code == 2 and "r.docx" in bad.output and ".pdf" in bad.output
