"""Numbers written in words (French and English, 0-119), as ages are in testimonies: "quatorze ans"."""

from __future__ import annotations

import functools

_FR_UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
             "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"]
_FR_TENS = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante"}
_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty",
            90: "ninety"}


def _french(n: int) -> list[str]:
    if n < 20:
        forms = [_FR_UNITS[n]]
        return forms + (["une"] if n == 1 else [])
    if n < 70:
        tens, unit = divmod(n, 10)
        base = _FR_TENS[tens * 10]
        if unit == 0:
            return [base]
        if unit == 1:
            return [f"{base}-et-un", f"{base} et un", f"{base}-et-une", f"{base} et une"]
        return [f"{base}-{_FR_UNITS[unit]}", f"{base} {_FR_UNITS[unit]}"]
    if n < 80:
        rest = n - 60
        return [f"soixante-{_FR_UNITS[rest]}", "soixante-et-onze" if rest == 11 else f"soixante {_FR_UNITS[rest]}"]
    rest = n - 80
    if rest == 0:
        return ["quatre-vingts", "quatre-vingt"]
    if rest < 20:
        return [f"quatre-vingt-{_FR_UNITS[rest]}"]
    return [f"cent {_FR_UNITS[rest - 20]}"] if rest < 40 else []


def _english(n: int) -> list[str]:
    if n < 20:
        return [_EN_UNITS[n]]
    if n < 100:
        tens, unit = divmod(n, 10)
        base = _EN_TENS[tens * 10]
        return [base] if unit == 0 else [f"{base}-{_EN_UNITS[unit]}", f"{base} {_EN_UNITS[unit]}"]
    return [f"one hundred {_english(n - 100)[0]}"] if n > 100 else ["one hundred", "a hundred"]


@functools.cache
def number_words() -> dict[str, int]:
    """Every written form (lower case) mapped to its value."""
    table: dict[str, int] = {}
    for n in range(0, 120):
        for form in _french(n) + _english(n):
            table.setdefault(form, n)
    return table


def parse_number(value: str) -> int | None:
    """``"14"`` or ``"quatorze"`` -> 14; None when it is not a number."""
    value = value.strip().lower()
    if value.isdigit():
        return int(value)
    table = number_words()
    words = value.replace("-", " ").split()
    for joined in (" ".join(value.split()), "-".join(words), " ".join(words)):
        if joined in table:
            return table[joined]
    if len(words) >= 2:  # "soixante dix neuf", "quatre vingt dix huit": hyphens lost in transcription
        for cut in range(1, len(words)):
            head, tail = "-".join(words[:cut]), "-".join(words[cut:])
            for candidate in (f"{head}-{tail}", f"{head} {tail}", f"{head}-et-{tail}"):
                if candidate in table:
                    return table[candidate]
    return None
