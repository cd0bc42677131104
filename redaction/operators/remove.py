"""The ``remove`` operator: the span becomes its category in brackets, "[Téléphone]" / "[Phone]"."""

from __future__ import annotations

from redaction.pseudonyms import label_name


def removed(label: str, lang: str) -> str:
    return f"[{label_name(label, lang)}]"
