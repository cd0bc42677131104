"""Reference numbers read on forms: letters and digits that OCR swapped inside a code ("USC-GA0-2017" for
"USC-GAO-2017", "RC/2O24/00571" for "RC/2024/00571").

A code is a word of two or more parts joined by ``-`` or ``/``, one of them all digits. Inside such a word a
part is either a group of letters or a group of digits, so a part of capitals whose only digits are zeros
takes O for them, and a part of digits whose only letters are O, I or l takes the digits they look like.
Other words are left exactly as read.
"""

from __future__ import annotations

import re

_CODE = re.compile(r"[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)+")
_PART = re.compile(r"[A-Za-z0-9]+|[-/]")
_AS_LETTER = str.maketrans("0", "O")
_AS_DIGIT = str.maketrans("OoIl", "0011")
_AROUND = ".,;:()[]«»\"'"


def fix_code(word: str) -> str:
    """``word`` with the letters and digits swapped inside a code put back (see the module's description)."""
    core = word.strip(_AROUND)
    start = word.find(core) if core else 0
    if not _CODE.fullmatch(core):
        return word
    parts = _PART.findall(core)
    if not any(part.isdigit() and len(part) >= 2 for part in parts):
        return word
    fixed = []
    for part in parts:
        letters = [c for c in part if c.isalpha()]
        digits = [c for c in part if c.isdigit()]
        if len(letters) >= 2 and digits and set(digits) == {"0"} and all(c.isupper() for c in letters):
            part = part.translate(_AS_LETTER)
        elif len(digits) >= 2 and letters and set(letters) <= set("OoIl") and len(letters) <= len(digits):
            part = part.translate(_AS_DIGIT)
        fixed.append(part)
    return word[:start] + "".join(fixed) + word[start + len(core):]
