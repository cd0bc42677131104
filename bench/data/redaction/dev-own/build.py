"""Build ``data.jsonl`` from the hand-written sources ``src_*.txt`` of this folder.

Markup (no nesting): identifiers ``[[X:text]]`` with X = P PERSON, L LOCATION, T PHONE, I ID_NUMBER,
E EMAIL, D DATE_OF_BIRTH, A AGE; keep spans ``{{x:text}}`` with x = r region, c country, k capital,
g armed group, n institution, y event date, q legal qualification. A document starts with a header line
``@@@ <id> <lang> <register>``.

    python bench/data/redaction/dev-own/build.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = {"P": "PERSON", "L": "LOCATION", "T": "PHONE", "I": "ID_NUMBER", "E": "EMAIL", "D": "DATE_OF_BIRTH",
          "A": "AGE"}
KINDS = {"r": "region", "c": "country", "k": "capital", "g": "armed_group", "n": "institution",
         "y": "event_date", "q": "legal"}
MARK = re.compile(r"\[\[([A-Z]):(.+?)\]\]|\{\{([a-z]):(.+?)\}\}", re.S)
HEADER = re.compile(r"^@@@ (\S+) (fr|en) (\S+)$")


def parse(body: str) -> tuple[str, list[dict[str, object]], list[dict[str, object]]]:
    text: list[str] = []
    spans: list[dict[str, object]] = []
    keep: list[dict[str, object]] = []
    at = cursor = 0
    for match in MARK.finditer(body):
        plain = body[cursor:match.start()]
        text.append(plain)
        at += len(plain)
        value = match.group(2) or match.group(4)
        if match.group(1):
            spans.append({"start": at, "end": at + len(value), "label": LABELS[match.group(1)], "text": value})
        else:
            keep.append({"start": at, "end": at + len(value), "text": value, "kind": KINDS[match.group(3)]})
        text.append(value)
        at += len(value)
        cursor = match.end()
    text.append(body[cursor:])
    joined = "".join(text)
    if "[[" in joined or "{{" in joined:
        raise ValueError(f"unbalanced markup in: {joined[:80]!r}")
    return joined, spans, keep


def main() -> None:
    records = []
    for source in sorted(HERE.glob("src_*.txt")):
        head: tuple[str, str, str] | None = None
        lines: list[str] = []
        for line in [*source.read_text(encoding="utf-8").split("\n"), "@@@ end fr end"]:
            found = HEADER.match(line)
            if not found:
                lines.append(line)
                continue
            if head is not None:
                text, spans, keep = parse("\n".join(lines).strip("\n"))
                records.append({"id": head[0], "lang": head[1], "register": head[2], "text": text,
                                "spans": spans, "keep": keep})
            head, lines = (found.group(1), found.group(2), found.group(3)), []
    with (HERE / "data.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} documents, {sum(len(r['spans']) for r in records)} spans, "
          f"{sum(len(r['keep']) for r in records)} keep spans")


if __name__ == "__main__":
    main()
