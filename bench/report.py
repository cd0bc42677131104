"""Write one figure's section into docs/benchmarks.md, leaving the other sections as they are.

Each bench script measures our pipeline and the raw engine side by side in the same run and calls
``write_section(name, markdown)``; the section sits between ``<!-- bench:NAME -->`` markers.
"""

from __future__ import annotations

import datetime as dt
import platform
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Written by `make bench` (one script per section in `bench/`). Every figure is a ratio against the raw\n"
    "engine measured side by side in the same run, because this 2-core machine is noisy: compare the\n"
    "ratios, not the absolute times.\n"
)


def write_section(name: str, markdown: str, doc: Path = DOC) -> None:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = f"<!-- bench:{name} -->\n{markdown.rstrip()}\n\n_Measured {stamp} on {platform.node()} " \
        f"({platform.machine()}, Python {platform.python_version()})._\n<!-- /bench:{name} -->"
    text = doc.read_text(encoding="utf-8") if doc.exists() else HEADER
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S)
    text = pattern.sub(lambda _m: body, text) if pattern.search(text) else text.rstrip() + "\n\n" + body + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")
