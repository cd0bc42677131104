"""Derive the place tables shipped in ``redaction/conf`` from the shared Mali places data.

Run from the repository root:  ``python redaction/conf/places/derive.py ../shared/data/mali-places``
It writes ``redaction/conf/places/localities.csv`` (name, variants and hierarchy only; no coordinates). Cercle
towns are localities like any other (redacted below region level); see ``redaction/conf/README.md``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

COLUMNS = ("name", "alt_names", "type", "is_major_town", "commune", "cercle", "region", "region_post2016")


def derive(source: Path, conf: Path) -> None:
    with (source / "localities.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with (conf / "places" / "localities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    derive(Path(sys.argv[1]), Path(__file__).resolve().parent.parent)
