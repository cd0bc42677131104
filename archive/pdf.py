# mypy: disallow-untyped-calls=False
# (pymupdf leaves most methods unannotated.)
"""HTML put on A4 pages with pymupdf's Story (pages added as needed, half-inch margins): bundle summaries and
statistics reports."""

from __future__ import annotations

from typing import IO


def html_pdf(html_text: str, target: str | IO[bytes], *, user_css: str | None = None) -> None:
    """Write ``html_text`` as a PDF to ``target`` (a path or a binary stream), no metadata."""
    import pymupdf  # loads only when a PDF is written

    story = pymupdf.Story(html=html_text, user_css=user_css)
    writer = pymupdf.DocumentWriter(target)
    paper = pymupdf.paper_rect("a4")
    where = pymupdf.Rect(paper.x0 + 36, paper.y0 + 36, paper.x1 - 36, paper.y1 - 36)
    more = True
    while more:
        device = writer.begin_page(paper)
        more, _ = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()
