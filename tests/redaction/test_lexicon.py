"""The word lists the library carries as data, and what importing its light modules costs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from redaction.lexicon import CONF, read_list

LIGHT_MODULES = ("redaction.pseudonyms", "redaction.lexicon", "redaction.propagate", "redaction.needles",
                 "redaction.findings", "redaction.profiles", "redaction.namelike", "redaction.leaks")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_when_spacy_is_upgraded_then_the_shipped_stop_words_still_equal_its_lists(lang: str) -> None:
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    shipped = read_list(CONF / "stopwords" / f"{lang}.txt")
    assert shipped == sorted(FR if lang == "fr" else EN), "re-run redaction/conf/stopwords/derive.py"


def test_when_the_light_modules_are_imported_then_spacy_is_not_loaded() -> None:
    code = ("import sys\n" + "".join(f"import {m}\n" for m in LIGHT_MODULES)
            + "heavy = [m for m in ('spacy', 'thinc', 'torch', 'fitz', 'pymupdf') if m in sys.modules]\n"
            + "print(','.join(heavy))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "", f"importing the light redaction modules loaded {done.stdout.strip()}"
