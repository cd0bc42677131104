"""The case pseudonym vault: one sealed PseudonymMap per case, so "[Personne A]" is the same person in every
document of the case and the names found anywhere in it are covered everywhere (propagation)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from archive.models import CaseVault, utcnow
from redaction.pseudonyms import Pseudonymiser, PseudonymMap, seal, unseal


def load(session: Session, key: bytes, case_id: str, *, for_update: bool = False) -> Pseudonymiser:
    from redaction.pseudonyms import Pseudonymiser  # loads word lists: only when used

    row = session.get(CaseVault, case_id, with_for_update=for_update)
    mapping = unseal(row.sealed, key) if row is not None else PseudonymMap(case_id=case_id)
    return Pseudonymiser(key, mapping)


def person_names(pseudonymiser: Pseudonymiser) -> list[str]:
    """Every name variant known as a person in this case (what propagation covers)."""
    return [name for entry in pseudonymiser.map.entries.values() if entry.label == "PERSON" for name in entry.names]


def save(session: Session, key: bytes, case_id: str, pseudonymiser: Pseudonymiser, *, names_before: int) -> bool:
    """Seal and store the map; True if the case learnt new person names (other documents need a new pass)."""

    pseudonymiser.map.case_id = case_id
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
