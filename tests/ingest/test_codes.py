"""Letters and digits swapped by OCR inside reference numbers are put back; other words stay as read."""

from __future__ import annotations

import pytest

from ingest.codes import fix_code


@pytest.mark.parametrize(("read", "fixed"), [
    ("USC-GA0-2022-9206", "USC-GAO-2022-9206"),
    ("RC/2O24/00571", "RC/2024/00571"),
    ("DOS-19-O0l2", "DOS-19-0012"),
    ("(USC-BK0-2017-3760).", "(USC-BKO-2017-3760)."),
    ("N°:IN-2O14-503", "N°:IN-2O14-503"),
])
def test_when_a_code_has_swapped_characters_then_they_are_put_back(read: str, fixed: str) -> None:
    assert fix_code(read) == fixed


@pytest.mark.parametrize("word", ["IN-2014-503", "12-04-1987", "A01-22", "B2B", "2O17", "Bamako", "Ténéni-Koro",
                                  "USC-G0-2022", "KO-ABC", "0-0", "+223", "24471909332215W", ""])
def test_when_a_word_is_no_code_or_has_nothing_swapped_then_it_stays_as_read(word: str) -> None:
    assert fix_code(word) == word
