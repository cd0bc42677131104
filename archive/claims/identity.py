"""A claimant's identifying fields, sealed: one AES-GCM box under a key derived from the archive key.

The database keeps only the box; the matcher opens the boxes in memory to compare claimants, and a person
sees the fields only through ``reveal_identity`` (permission ``claims.identity``, consent, logged).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass

from archive.persons.dates import BirthDate, parse_birth_date
from archive.persons.records import PersonRecord

_PURPOSE = b"temoin-claimant-identity-v1"


@dataclass(frozen=True)
class Identity:
    """What the register knows of who a claimant is (every field may be empty)."""

    given_name: str = ""
    family_name: str = ""
    birth_date: str = ""  # YYYY-MM-DD, YYYY-MM, YYYY or "vers YYYY"
    birth_place: str = ""
    father_name: str = ""
    mother_name: str = ""
    sex: str = ""

    def born(self) -> BirthDate | None:
        return parse_birth_date(self.birth_date)

    def record(self, claimant_id: str) -> PersonRecord:
        return PersonRecord(claimant_id, self.given_name, self.family_name, self.born(), self.birth_place,
                            self.father_name, self.mother_name, self.sex, "claims")


def _key(archive_key: bytes) -> bytes:
    return hmac.new(archive_key, _PURPOSE, hashlib.sha256).digest()


def seal_identity(identity: Identity, archive_key: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    data = json.dumps(asdict(identity), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return nonce + AESGCM(_key(archive_key)).encrypt(nonce, data, _PURPOSE)


def open_identity(box: bytes, archive_key: bytes) -> Identity:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data = AESGCM(_key(archive_key)).decrypt(box[:12], box[12:], _PURPOSE)
    return Identity(**json.loads(data))
