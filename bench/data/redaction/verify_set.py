"""Check a hand-written set's ``data.jsonl`` (``dev-fresh``, ``dev-oral``, ``dev-docs``: the folder is the
first argument) against ``annotations.tsv`` and the annotation rules; print the counts.

Errors (exit 1): an offset that differs from the n-th boundary occurrence of the annotated substring
(recomputed here from ``annotations.tsv``, independently of ``build_set.py``'s cursor search); a span whose
``text[start:end]`` is not its text; unknown labels/kinds; overlaps (span/span, keep/keep, span/keep); outer
whitespace; a kept place (Bamako, regional capitals) annotated LOCATION; duplicate ids; lang not fr/en.
Warnings: a string annotated PERSON/LOCATION/keep in a document that also occurs there unannotated; keep
vocabulary never annotated; unannotated runs of 7+ digits, "@", years not preceded by a day and month.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections import Counter

from build_set import set_folder  # the same folder argument (this script's folder is on sys.path)

LABELS = ("PERSON", "LOCATION", "PHONE", "ID_NUMBER", "EMAIL", "DATE_OF_BIRTH", "AGE")
KINDS = ("region", "country", "capital", "armed_group", "institution", "event_date", "legal")
KEPT_PLACES = {"bamako", "mopti", "ségou", "segou", "tombouctou", "timbuktu", "gao", "kidal", "ménaka", "menaka",
               "kayes", "koulikoro", "sikasso", "taoudéni", "taoudenit"}
KEEP_WORDS = ("Mali", "MINUSMA", "CVJR", "CICR", "HCR", "UNHCR", "FAMa", "JNIM", "MNLA", "MUJAO", "Ansar Dine",
              "Wagner", "Barkhane", "gendarmerie", "Gendarmerie", "GENDARMERIE", "Burkina Faso", "Niger",
              "Mauritanie", "Mauritania", "Côte d'Ivoire", "France", "Algérie", "Algeria", "viol", "rape",
              "torture", "Torture", "Dan Na Ambassagou", "dozos", "MALI", "VIOL", "ICRC", "OCHA", "UNICEF")
MONTHS = r"(?:janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|oct|nov|déc|dec|jan|feb|mar|apr|may|jun|jul|aug)"


def occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        end = at + len(needle)
        left = at > 0 and text[at].isalnum() and text[at - 1].isalnum()
        right = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
        if not left and not right:
            found.append(at)
        at = text.find(needle, at + 1)
    return found


def main() -> int:
    folder = set_folder(sys.argv)
    errors: list[str] = []
    warnings: list[str] = []
    docs = [json.loads(line) for line in (folder / "data.jsonl").read_text(encoding="utf-8").splitlines() if line]
    by_id = {d["id"]: d for d in docs}
    if len(by_id) != len(docs):
        errors.append("duplicate document ids")
    # 1. recompute every offset from annotations.tsv (n-th occurrence of the exact substring)
    lines = (folder / "annotations.tsv").read_text(encoding="utf-8").splitlines()[1:]
    recomputed: dict[str, set[tuple[int, int, str, str]]] = {d["id"]: set() for d in docs}
    for line in lines:
        doc_id, label, occ, start, end, needle = line.split("\t")
        needle = needle.replace("\\n", "\n")
        text = by_id[doc_id]["text"]
        starts = occurrences(text, needle)
        if int(occ) > len(starts):
            errors.append(f"{doc_id}: occurrence {occ} of {needle!r} does not exist")
            continue
        s = starts[int(occ) - 1]
        if (s, s + len(needle)) != (int(start), int(end)):
            errors.append(f"{doc_id}: {needle!r} occurrence {occ} at {s}, tsv says {start}")
        recomputed[doc_id].add((s, s + len(needle), label, needle))
    counts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    registers: Counter[str] = Counter()
    for doc in docs:
        text, doc_id = doc["text"], doc["id"]
        langs[doc["lang"]] += 1
        registers[doc["register"]] += 1
        if doc["lang"] not in ("fr", "en"):
            errors.append(f"{doc_id}: lang {doc['lang']!r}")
        entries = [(s["start"], s["end"], s["label"], s["text"]) for s in doc["spans"]]
        entries += [(k["start"], k["end"], k["kind"], k["text"]) for k in doc["keep"]]
        if set(entries) != recomputed[doc_id]:
            errors.append(f"{doc_id}: data.jsonl and annotations.tsv disagree")
        for start, end, label, value in entries:
            if text[start:end] != value:
                errors.append(f"{doc_id}: text[{start}:{end}]={text[start:end]!r} != {value!r}")
            if label not in LABELS and label not in KINDS:
                errors.append(f"{doc_id}: unknown label {label!r}")
            if value != value.strip():
                errors.append(f"{doc_id}: outer whitespace in {value!r}")
            if label == "LOCATION" and value.lower() in KEPT_PLACES:
                errors.append(f"{doc_id}: kept place {value!r} annotated LOCATION")
        ordered = sorted(entries)
        for (_, e1, _, v1), (s2, _, _, v2) in itertools.pairwise(ordered):
            if s2 < e1:
                errors.append(f"{doc_id}: overlap {v1!r} / {v2!r}")
        for s in doc["spans"]:
            counts[s["label"]] += 1
        for k in doc["keep"]:
            kinds[k["kind"]] += 1
        # 2. lints
        covered = bytearray(len(text))
        for start, end, _, _ in entries:
            covered[start:end] = b"\x01" * (end - start)
        seen = {v for _, _, lab, v in entries if lab in ("PERSON", "LOCATION") or lab in KINDS}
        for value in sorted(seen | set(KEEP_WORDS)):
            for at in occurrences(text, value):
                if not any(covered[at:at + len(value)]):
                    warnings.append(f"{doc_id}: unannotated {value!r} at {at}")
        for pattern, what in ((r"\d[\d ]{6,}\d", "digit run"), (r"@", "@"), (r"(?<!\d)(?:19|20)\d\d(?!\d)", "year")):
            for m in re.finditer(pattern, text):
                if any(covered[m.start():m.end()]):
                    continue
                before = text[max(0, m.start() - 16):m.start()].lower()
                if what == "year" and (re.search(r"\d[./-]\s?\d{1,2}[./-]\s?$", before)
                                       or re.match(r"-\d\d-\d\d", text[m.end():m.end() + 6])
                                       or re.search(MONTHS + r"\w*\.?\s+$", before)):
                    continue
                warnings.append(f"{doc_id}: unannotated {what} {text[max(0, m.start() - 20):m.end() + 5]!r}")
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    total = sum(counts.values())
    print(f"\n{len(docs)} documents ({langs['fr']} fr, {langs['en']} en), {total} identifier spans, "
          f"{sum(kinds.values())} keep spans, {len(lines)} annotations re-found by occurrence index")
    print("| " + " | ".join(LABELS) + " | spans | keep |")
    print("|" + "---:|" * (len(LABELS) + 2))
    print("| " + " | ".join(str(counts[x]) for x in LABELS) + f" | {total} | {sum(kinds.values())} |")
    print("keep kinds: " + ", ".join(f"{k}={kinds[k]}" for k in KINDS))
    print(f"registers: {len(registers)} distinct")
    if errors:
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
