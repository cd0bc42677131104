"""OCR figure: pages per minute of our scanned-PDF path (``ingest.registry.extract``: render + tesseract) vs a
bare ``tesseract`` call on the same pages already rendered to PNG, same languages, same run.

    .venv/bin/python -m bench.ocr [--quick]
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw, ImageFont

from bench.report import write_section
from ingest.base import IngestOptions
from ingest.registry import extract

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINES = [
    "Procès-verbal d'audition n° {n}",
    "Le témoin déclare que les hommes armés sont arrivés",
    "au village à l'aube et ont emmené trois personnes.",
    "Il indique que les maisons ont été incendiées et que",
    "les familles ont fui vers la ville la plus proche.",
    "Fait à Mopti, le 14 mars, lu et approuvé.",
]


def scanned_pdf(path: Path, pages: int, dpi: int) -> list[Path]:
    """A scanned-looking PDF (A4 page images, no text layer); also returns each page rendered as PNG."""
    document = pymupdf.open()
    pngs: list[Path] = []
    font = ImageFont.truetype(FONT, dpi // 7)
    for number in range(1, pages + 1):
        image = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
        draw = ImageDraw.Draw(image)
        for row, line in enumerate(LINES * 3):
            draw.text((dpi, dpi + row * dpi // 3), line.format(n=number), fill=0, font=font)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        page = document.new_page(width=595, height=842)
        page.insert_image(page.rect, stream=buffer.getvalue())
        pngs.append(path.parent / f"page-{number}.png")
    document.save(path)
    rendered = pymupdf.open(path)
    for page, png in zip(rendered, pngs, strict=True):  # what our path gives tesseract, as files
        page.get_pixmap(matrix=pymupdf.Matrix(dpi / 72, dpi / 72), colorspace=pymupdf.csGRAY).save(png)
    return pngs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2 pages (smoke run)")
    args = parser.parse_args()
    pages = 2 if args.quick else 8
    options = IngestOptions(language="fr")
    work = Path(tempfile.mkdtemp(prefix="bench-ocr-"))
    pdf = work / "scan.pdf"
    pngs = scanned_pdf(pdf, pages, options.ocr_dpi)
    start = time.perf_counter()
    result = extract(pdf, options=options)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    single = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # as the pipeline runs it
    bare_text = [subprocess.run(["tesseract", str(png), "stdout", "-l", "fra+eng", "--psm", "3"], check=True,
                                capture_output=True, text=True, env=single).stdout for png in pngs]
    raw = time.perf_counter() - start
    assert all(page.ocr for page in result.pages), "the benchmark PDF must have no text layer"
    agree = sum(a.split() == b.split() for a, b in zip((p.text for p in result.pages), bare_text, strict=True))
    ours_ppm, raw_ppm = pages / ours * 60, pages / raw * 60
    markdown = "\n".join([
        "## OCR: scanned PDF pipeline vs bare tesseract" + (" (quick run)" if args.quick else ""),
        "",
        f"{pages} A4 pages of typed text rendered at {options.ocr_dpi} dpi, tesseract `fra+eng` `--psm 3`, "
        "single-threaded in both runs (`OMP_THREAD_LIMIT=1`). The pipeline opens the PDF, renders each page to "
        "gray, glances at it for form rulings (none here) and pipes it to tesseract (TSV, for the word boxes); "
        "the bare run reads the same renders from PNG files. Target: time ratio ≤ 1.2.",
        "",
        "| path | pages/min | time | ratio |",
        "|---|---|---|---|",
        f"| pipeline (`ingest.registry.extract`) | {ours_ppm:.1f} | {ours:.1f} s | **{ours / raw:.2f}** |",
        f"| bare `tesseract` | {raw_ppm:.1f} | {raw:.1f} s | 1.00 |",
        "",
        f"Pages whose words match the bare run exactly: {agree}/{pages}.",
    ])
    write_section("ocr", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
