"""Consistent pseudonyms within a case, keyed by HMAC so nothing is reversible without the archive's key.

The same person (name folded for case and accents; a given or family name alone maps to the full person
when only one person of the case carries it) always gets the same label: "[Personne A]", "[Lieu 1]".
Identity keys are HMAC-SHA256 of the folded name under a key derived from the archive's key. The map also
keeps the names seen for each pseudonym so an authorised role can resolve it: it is sensitive, and at rest
it is only ever stored sealed (AES-GCM, ``seal``/``unseal``). ``resolve`` is the one way back; the archive
guards it (``identity_disclosure`` consent and permission) and logs every call.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from redaction.cleaning import fold
from redaction.lexicon import load_lexicon
from redaction.propagate import canonical_name, usable_parts
from redaction.words import split_words

MAGIC = b"TPM1"
AMBIGUOUS = "?"
LABEL_NAMES: dict[str, tuple[str, str]] = {
    "PERSON": ("Personne", "Person"), "KINSHIP": ("Personne liée", "Related person"), "LOC": ("Lieu", "Place"),
    "ORG": ("Organisation", "Organisation"), "MISC": ("Mention", "Mention"), "PHONE": ("Téléphone", "Phone"),
    "ID": ("Identifiant", "ID number"), "EMAIL": ("Courriel", "Email"), "ACCOUNT": ("Compte", "Account"),
    "CASE_REF": ("Référence", "Case reference"), "BIRTH_DATE": ("Date de naissance", "Date of birth"),
    "AGE": ("Âge", "Age"), "DATE": ("Date", "Date"),
}
LETTERED = frozenset({"PERSON"})


def label_name(label: str, lang: str) -> str:
    french, english = LABEL_NAMES.get(label, (label.capitalize(), label.capitalize()))
    return english if lang == "en" else french


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _derive(key: bytes, purpose: bytes) -> bytes:
    if len(key) < 16:
        raise ValueError("the archive key must be at least 16 bytes long; configure a real secret")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"temoin/" + purpose).derive(key)


@dataclass
class PseudonymEntry:
    label: str
    number: int
    names: list[str] = field(default_factory=list)

    def display(self, lang: str) -> str:
        mark = _letters(self.number) if self.label in LETTERED else str(self.number + 1)
        return f"[{label_name(self.label, lang)} {mark}]"


@dataclass
class PseudonymMap:
    """Everything needed to keep pseudonyms stable across the documents of one case. Sensitive: seal it."""

    case_id: str = ""
    entries: dict[str, PseudonymEntry] = field(default_factory=dict)  # identity -> entry
    exact: dict[str, str] = field(default_factory=dict)  # HMAC of a whole name -> identity
    parts: dict[str, str] = field(default_factory=dict)  # HMAC of a name part -> identity or AMBIGUOUS
    counters: dict[str, int] = field(default_factory=dict)


class Pseudonymiser:
    def __init__(self, key: bytes, mapping: PseudonymMap | None = None) -> None:
        self._key = _derive(key, b"identity-hmac-v1")
        self.map = mapping if mapping is not None else PseudonymMap()

    @classmethod
    def ephemeral(cls) -> Pseudonymiser:
        """A pseudonymiser with a throw-away key: consistent within one call, unlinkable across calls."""
        return cls(os.urandom(32))

    def identity(self, label: str, value: str) -> str:
        return hmac.new(self._key, f"{label}\x00{value}".encode(), hashlib.sha256).hexdigest()

    def pseudonym(self, label: str, text: str, lang: str = "fr") -> str:
        return self.entry(label, text).display(lang)

    def entry(self, label: str, text: str) -> PseudonymEntry:
        if label != "PERSON":
            return self._exact_or_new(label, " ".join(fold(text).split()), text)
        lexicon = load_lexicon()
        name = canonical_name(text, lexicon) or text
        parts = [fold(w.text) for w in usable_parts(split_words(name), lexicon)] or [fold(name)]
        whole = " ".join(sorted(parts))
        known = self.map.exact.get(self.identity("PERSON", whole))
        if known is None and len(parts) == 1:
            candidate = self.map.parts.get(self.identity("PERSON", whole))
            known = candidate if candidate not in (None, AMBIGUOUS) else None
        if known is None and len(parts) > 1:
            single = {self.map.exact.get(self.identity("PERSON", p)) for p in parts} - {None}
            lone = [i for i in single if i is not None and len(self.map.entries[i].names) == 1
                    and len(split_words(self.map.entries[i].names[0])) == 1]
            known = lone[0] if len(lone) == 1 else None
        if known is None and len(parts) > 1:
            matched = [self.map.parts.get(self.identity("PERSON", p)) for p in parts]
            owners = {m for m in matched if m is not None} - {AMBIGUOUS}
            hits = sum(1 for m in matched if m is not None and m != AMBIGUOUS)
            known = owners.pop() if len(owners) == 1 and AMBIGUOUS not in matched and hits >= 2 else None
        if known is None:
            known = self._new("PERSON")
        entry = self.map.entries[known]
        if text not in entry.names:
            entry.names.append(text)
        self.map.exact[self.identity("PERSON", whole)] = known
        for part in parts:
            key = self.identity("PERSON", part)
            if self.map.parts.get(key, known) != known:
                self.map.parts[key] = AMBIGUOUS
            else:
                self.map.parts[key] = known
        return entry

    def _exact_or_new(self, label: str, folded: str, text: str) -> PseudonymEntry:
        key = self.identity(label, folded)
        known = self.map.exact.get(key)
        if known is None:
            known = self._new(label)
            self.map.exact[key] = known
        entry = self.map.entries[known]
        if text not in entry.names:
            entry.names.append(text)
        return entry

    def _new(self, label: str) -> str:
        number = self.map.counters.get(label, 0)
        self.map.counters[label] = number + 1
        identity = self.identity(label, f"#entry{number}")
        self.map.entries[identity] = PseudonymEntry(label, number)
        return identity


def resolve(mapping: PseudonymMap, pseudonym: str) -> tuple[str, ...]:
    """The names behind a pseudonym ("[Personne A]" or "[Person A]"). The archive must check the caller's
    ``identity_disclosure`` consent and permission BEFORE calling this, and log the call in custody."""
    for entry in mapping.entries.values():
        if pseudonym in (entry.display("fr"), entry.display("en")):
            return tuple(entry.names)
    raise KeyError(f"pseudonym {pseudonym!r} is not in the map of case {mapping.case_id!r}")


def seal(mapping: PseudonymMap, key: bytes) -> bytes:
    """The map encrypted and authenticated with AES-256-GCM under a key derived from the archive's key."""
    payload = json.dumps(asdict(mapping), ensure_ascii=False, sort_keys=True).encode()
    nonce = os.urandom(12)
    return MAGIC + nonce + AESGCM(_derive(key, b"map-seal-v1")).encrypt(nonce, payload, MAGIC)


def unseal(blob: bytes, key: bytes) -> PseudonymMap:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 12 + 16:
        raise ValueError("not a sealed Témoin pseudonym map (bad header or truncated)")
    nonce, body = blob[len(MAGIC):len(MAGIC) + 12], blob[len(MAGIC) + 12:]
    try:
        payload = AESGCM(_derive(key, b"map-seal-v1")).decrypt(nonce, body, MAGIC)
    except InvalidTag as exc:
        raise ValueError("sealed pseudonym map was altered, or the key is not the archive's key") from exc
    raw = json.loads(payload)
    entries = {k: PseudonymEntry(v["label"], v["number"], list(v["names"])) for k, v in raw["entries"].items()}
    return PseudonymMap(raw["case_id"], entries, dict(raw["exact"]), dict(raw["parts"]), dict(raw["counters"]))
