"""Build ``data.jsonl`` and ``annotations.tsv`` of a hand-written set (``dev-fresh``, ``dev-oral``, ``dev-docs``)
from its ``src_*.txt``.

Each source document is plain text followed by an annotation list::

    @@@ <id> <lang> <register>
    <the document, exactly as it must appear>
    ===
    P Aminata            # label code, one space, the exact substring (``\\n`` = a line break)
    k Bamako

Codes: P PERSON, L LOCATION, T PHONE, I ID_NUMBER, E EMAIL, D DATE_OF_BIRTH, A AGE (identifier spans);
r region, c country, k capital, g armed_group, n institution, y event_date, q legal (keep spans).

The annotation list is in document order. Each substring is searched in the text from the end of the
previous annotation, at word boundaries (a span starting or ending with a letter or digit may not touch
another letter or digit), and its occurrence index (n-th boundary occurrence of that substring in the whole
document, from 1) is written to ``annotations.tsv`` so that ``verify_set.py`` can recompute every offset
independently. Python 3.11 standard library only; deterministic.

    python3 bench/data/redaction/build_set.py dev-oral && python3 bench/data/redaction/verify_set.py dev-oral
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SETS = Path(__file__).resolve().parent
LABELS = {"P": "PERSON", "L": "LOCATION", "T": "PHONE", "I": "ID_NUMBER", "E": "EMAIL", "D": "DATE_OF_BIRTH",
          "A": "AGE"}
KINDS = {"r": "region", "c": "country", "k": "capital", "g": "armed_group", "n": "institution",
         "y": "event_date", "q": "legal"}


def boundary_ok(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` does not cut a word or a number on either side."""
    if start > 0 and text[start].isalnum() and text[start - 1].isalnum():
        return False
    return not (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())


def occurrences(text: str, needle: str) -> list[int]:
    """Start offsets of every boundary-respecting occurrence of ``needle`` in ``text``."""
    found, at = [], text.find(needle)
    while at != -1:
        if boundary_ok(text, at, at + len(needle)):
            found.append(at)
        at = text.find(needle, at + 1)
    return found


def set_folder(argv: list[str]) -> Path:
    """The set's folder named on the command line (``dev-fresh``, ``dev-oral``, ``dev-docs``...)."""
    if len(argv) != 2 or not (SETS / argv[1]).is_dir():
        sys.exit(f"usage: python3 {Path(argv[0]).name} <set folder under {SETS}>, e.g. dev-oral")
    return SETS / argv[1]


def parse_sources(folder: Path) -> list[tuple[str, str, str, str, list[tuple[str, str]]]]:
    """(id, lang, register, text, [(code, substring)]) for every document of every ``src_*.txt``."""
    docs = []
    for path in sorted(folder.glob("src_*.txt")):
        blocks = path.read_text(encoding="utf-8").split("@@@ ")[1:]
        for block in blocks:
            header, _, rest = block.partition("\n")
            doc_id, lang, register = header.split(maxsplit=2)
            body, sep, notes = rest.partition("\n===\n")
            if not sep:
                sys.exit(f"{path.name}: document {doc_id} has no '===' line")
            annotations = []
            for line in notes.splitlines():
                if not line.strip():
                    continue
                code, _, needle = line.partition(" ")
                if code not in LABELS and code not in KINDS:
                    sys.exit(f"{path.name}/{doc_id}: unknown code {code!r} in {line!r}")
                annotations.append((code, needle.replace("\\n", "\n")))
            docs.append((doc_id, lang, register.strip(), body.rstrip("\n"), annotations))
    return docs


def main() -> None:
    folder = set_folder(sys.argv)
    rows, tsv = [], ["id\tlabel\toccurrence\tstart\tend\ttext"]
    for doc_id, lang, register, text, notes in parse_sources(folder):
        cursor, spans, keep = 0, [], []
        for code, needle in notes:
            starts = [s for s in occurrences(text, needle) if s >= cursor]
            if not starts:
                sys.exit(f"{doc_id}: {needle!r} not found after offset {cursor} "
                         f"(context {text[max(0, cursor - 30):cursor + 30]!r})")
            start = starts[0]
            end = start + len(needle)
            occurrence = occurrences(text, needle).index(start) + 1
            label = LABELS.get(code) or KINDS[code]
            entry = {"start": start, "end": end, "text": needle}
            if code in LABELS:
                spans.append({**entry, "label": label})
            else:
                keep.append({**entry, "kind": label})
            tsv.append("\t".join([doc_id, label, str(occurrence), str(start), str(end),
                                  needle.replace("\n", "\\n")]))
            cursor = end
        rows.append({"id": doc_id, "lang": lang, "register": register, "text": text,
                     "spans": [{"start": s["start"], "end": s["end"], "label": s["label"], "text": s["text"]}
                               for s in spans],
                     "keep": [{"start": k["start"], "end": k["end"], "text": k["text"], "kind": k["kind"]}
                              for k in keep]})
    (folder / "data.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                     encoding="utf-8")
    (folder / "annotations.tsv").write_text("\n".join(tsv) + "\n", encoding="utf-8")
    print(f"{len(rows)} documents, {sum(len(r['spans']) for r in rows)} spans, "
          f"{sum(len(r['keep']) for r in rows)} keep")


if __name__ == "__main__":
    main()
