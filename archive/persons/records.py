"""What the matcher takes and gives: person records, candidate pairs, reviewers' decisions."""

from __future__ import annotations

from dataclasses import dataclass

from archive.persons.dates import BirthDate

#: The CSV header of ``temoin persons match`` (the contract other tools rely on).
FIELDS = ("id", "given_name", "family_name", "birth_date", "birth_place", "father_name", "mother_name", "sex",
          "source")


#: Pairs at or above this match probability are proposed by default (best F1 on the Malian set lies
#: between 0.7 and 0.8; a reviewer sees every proposal, so recall is worth a little precision).
DEFAULT_THRESHOLD = 0.8


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One registration of a person by one source; every field but ``id`` may be empty."""

    id: str
    given_name: str = ""
    family_name: str = ""
    birth_date: BirthDate | None = None
    birth_place: str = ""
    father_name: str = ""
    mother_name: str = ""
    sex: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class MatchPair:
    """Two records the model judges likely to be the same person (``a`` comes first in the input)."""

    a: str
    b: str
    probability: float

    def as_dict(self) -> dict[str, str | float]:
        return {"a": self.a, "b": self.b, "probability": self.probability}


@dataclass(frozen=True, slots=True)
class PairDecision:
    """A reviewer's decision on two records: the same person, or two different persons.

    A decided pair is never proposed again; confirmed "same" pairs also teach the model what matches look like.
    """

    a: str
    b: str
    same: bool

    @property
    def key(self) -> frozenset[str]:
        return frozenset((self.a, self.b))
