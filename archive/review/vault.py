"""The case pseudonym vault: one sealed PseudonymMap per case, so "[Personne A]" is the same person in every
document of the case and the names found anywhere in it are covered everywhere (propagation).

Only what looks like a person's name is propagated (``redaction.namelike.may_propagate``: no dictionary word,
form-label word or keep-list term), and a name an officer rejected (``VaultRejection``, a keyed hash only)
leaves the vault of the whole case: ``load`` drops it, ``person_names`` never returns it (issue 20).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import CaseVault, utcnow
from archive.review.models import VaultRejection

if TYPE_CHECKING:
    from redaction.pseudonyms import Pseudonymiser


def rejection_key(pseudonymiser: Pseudonymiser, name: str) -> str:
    """The keyed hash under which a rejected name is remembered (its canonical, folded form)."""
    from redaction.cleaning import fold
    from redaction.lexicon import load_lexicon
    from redaction.propagate import canonical_name

    canonical = canonical_name(name, load_lexicon()) or name
    return pseudonymiser.identity("REJECTED_NAME", " ".join(fold(canonical).split()))


def rejected_keys(session: Session, case_id: str) -> set[str]:
    return set(session.execute(select(VaultRejection.name_hmac).where(VaultRejection.case_id == case_id)).scalars())


def _drop(pseudonymiser: Pseudonymiser, rejected: set[str]) -> int:
    """Remove the rejected names from the map's person entries; how many were removed."""
    removed = 0
    for entry in pseudonymiser.map.entries.values():
        if entry.label != "PERSON":
            continue
        kept = [n for n in entry.names if rejection_key(pseudonymiser, n) not in rejected]
        removed += len(entry.names) - len(kept)
        entry.names = kept
    return removed


def load(session: Session, key: bytes, case_id: str, *, for_update: bool = False) -> Pseudonymiser:
    from redaction.pseudonyms import Pseudonymiser, PseudonymMap, unseal  # loads word lists: only when used

    row = session.get(CaseVault, case_id, with_for_update=for_update)
    mapping = unseal(row.sealed, key) if row is not None else PseudonymMap(case_id=case_id)
    pseudonymiser = Pseudonymiser(key, mapping)
    rejected = rejected_keys(session, case_id)
    if rejected:
        _drop(pseudonymiser, rejected)
    return pseudonymiser


def person_names(pseudonymiser: Pseudonymiser) -> list[str]:
    """Every name variant known as a person in this case that may be propagated (what propagation covers)."""
    from redaction.namelike import may_propagate

    return [name for entry in pseudonymiser.map.entries.values() if entry.label == "PERSON"
            for name in entry.names if may_propagate(name)]


def save(session: Session, key: bytes, case_id: str, pseudonymiser: Pseudonymiser, *, names_before: int) -> bool:
    """Seal and store the map; True if the case learnt new person names (other documents need a new pass)."""
    from redaction.pseudonyms import seal

    pseudonymiser.map.case_id = case_id
    rejected = rejected_keys(session, case_id)
    if rejected:
        _drop(pseudonymiser, rejected)  # a rejected name found again never comes back (nor counts as new)
    grew = len(person_names(pseudonymiser)) > names_before
    row = session.get(CaseVault, case_id)
    sealed = seal(pseudonymiser.map, key)
    if row is None:
        session.add(CaseVault(case_id=case_id, sealed=sealed, names_version=1 if grew else 0))
    else:
        row.sealed, row.updated_at = sealed, utcnow()
        if grew:
            row.names_version += 1
    session.flush()
    return grew


def reject_name(session: Session, key: bytes, case_id: str, name: str, *, actor_name: str) -> bool:
    """An officer ruled ``name`` out as a person's name: remember it (hashed) and drop it from the case's vault.
    True if the vault held it (the case's items must then be redacted again)."""
    pseudonymiser = load(session, key, case_id, for_update=True)
    hashed = rejection_key(pseudonymiser, name)
    if hashed not in rejected_keys(session, case_id):
        session.add(VaultRejection(case_id=case_id, name_hmac=hashed, rejected_by=actor_name))
        session.flush()
    removed = _drop(pseudonymiser, {hashed})
    row = session.get(CaseVault, case_id)
    if row is not None:
        from redaction.pseudonyms import seal

        row.sealed, row.updated_at = seal(pseudonymiser.map, key), utcnow()
        if removed:
            row.names_version += 1
        session.flush()
    return removed > 0
