"""The matcher (``archive.persons.matching``) on a small generated Malian register: properties with margins."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from archive.persons.dates import BirthDate, parse_birth_date
from archive.persons.matching import match_records, match_records_with_training
from archive.persons.records import MatchPair, PairDecision, PersonRecord
from bench.data.matching.generate import generate

THRESHOLD = 0.9
Pairs = set[frozenset[str]]


def _records(rows: list[dict[str, str]]) -> list[PersonRecord]:
    return [PersonRecord(r["id"], r["given_name"], r["family_name"], parse_birth_date(r["birth_date"]),
                         r["birth_place"], r["father_name"], r["mother_name"], r["sex"], r["source"]) for r in rows]


TWINS = [
    PersonRecord("twin-1", "Awa", "Kassogué", BirthDate(1984, 5, 18), "Djiri-Bibi", "Bakary Kassogué",
                 "Mariam Traoré", "F", "commission"),
    PersonRecord("twin-2", "Adama", "Kassogue", BirthDate(1984, 5, 18), "Djiri-Bibi", "Bakary Kassogué",
                 "Mariam Traoré", "F", "clinique-juridique"),
]
VARIANTS = [
    PersonRecord("var-1", "Fatoumata", "Coulibaly", BirthDate(1971, approximate=True), "Kati", "Moussa Coulibaly",
                 "", "F", "commission"),
    PersonRecord("var-2", "Fanta", "KULIBALI", BirthDate(1972, 3, 9), "cercle de Kati", "Musa", "", "F", "centre"),
    PersonRecord("var-3", "TRAWORE", "Oumar", BirthDate(1960), "Ségou", "", "", "M", "commission"),
    PersonRecord("var-4", "Umar", "Traoré", BirthDate(1960, 11), "Segou", "", "", "M", "clinique-juridique"),
]
NAMELESS = [PersonRecord(f"empty-{i}", birth_date=BirthDate(1971), birth_place="Kati") for i in range(3)]


@pytest.fixture(scope="module")
def register() -> tuple[list[PersonRecord], Pairs]:
    rows, gold = generate(250, seed=11)
    people: dict[str, list[str]] = {}
    for row_id, person in gold.items():
        people.setdefault(person, []).append(row_id)
    truth = {frozenset(p) for ids in people.values() for p in itertools.combinations(ids, 2)}
    truth |= {frozenset(("var-1", "var-2")), frozenset(("var-3", "var-4"))}
    return [*_records(rows), *TWINS, *VARIANTS, *NAMELESS], truth


@pytest.fixture(scope="module")
def found(register: tuple[list[PersonRecord], Pairs]) -> list[MatchPair]:
    return match_records(register[0], threshold=THRESHOLD)


def _f1(found: Pairs, truth: Pairs) -> float:
    hits = len(found & truth)
    return 2 * hits / (len(found) + len(truth)) if found or truth else 1.0


def _exact_names(records: list[PersonRecord]) -> Pairs:
    groups: dict[tuple[str, str], list[str]] = {}
    for r in records:
        if r.given_name or r.family_name:
            groups.setdefault((r.given_name.casefold(), r.family_name.casefold()), []).append(r.id)
    return {frozenset(p) for ids in groups.values() for p in itertools.combinations(ids, 2)}


def test_when_a_malian_register_is_matched_then_f1_is_high_and_far_above_exact_names(
        register: tuple[list[PersonRecord], Pairs], found: list[MatchPair]) -> None:
    records, truth = register
    ours = _f1({frozenset((p.a, p.b)) for p in found}, truth)
    assert ours >= 0.8
    assert ours >= _f1(_exact_names(records), truth) + 0.4


def test_when_names_are_transliterated_shortened_or_swapped_then_the_pairs_are_found(found: list[MatchPair]) -> None:
    pairs = {frozenset((p.a, p.b)) for p in found}
    assert frozenset(("var-1", "var-2")) in pairs  # Fatoumata Coulibaly / Fanta KULIBALI, vers 1971 / 1972
    assert frozenset(("var-3", "var-4")) in pairs  # TRAWORE Oumar (family first) / Umar Traoré


def test_when_twins_share_everything_but_the_given_name_then_they_are_not_proposed(found: list[MatchPair]) -> None:
    assert frozenset(("twin-1", "twin-2")) not in {frozenset((p.a, p.b)) for p in found}


def test_when_records_have_no_name_then_they_are_never_in_a_pair(found: list[MatchPair]) -> None:
    assert not ({p.a for p in found} | {p.b for p in found}) & {r.id for r in NAMELESS}


def test_when_pairs_are_returned_then_probabilities_are_in_range_and_a_comes_first(
        register: tuple[list[PersonRecord], Pairs], found: list[MatchPair]) -> None:
    order = {r.id: i for i, r in enumerate(register[0])}
    assert all(THRESHOLD <= p.probability <= 1 and order[p.a] < order[p.b] for p in found)
    assert [p.probability for p in found] == sorted((p.probability for p in found), reverse=True)


def test_when_run_twice_then_the_same_pairs_come_back(register: tuple[list[PersonRecord], Pairs],
                                                      found: list[MatchPair]) -> None:
    assert match_records(register[0], threshold=THRESHOLD) == found


def test_when_reviewers_decided_then_decided_pairs_are_not_proposed_and_confirmed_ones_train_m(
        register: tuple[list[PersonRecord], Pairs], found: list[MatchPair]) -> None:
    records, truth = register
    different = [PairDecision(p.a, p.b, same=False) for p in found[:5]]
    same = [PairDecision(*sorted(pair), same=True) for pair in sorted(truth, key=sorted)[:60]]
    again, training = match_records_with_training(records, threshold=THRESHOLD, decisions=[*different, *same])
    pairs = {frozenset((p.a, p.b)) for p in again}
    assert not pairs & {d.key for d in [*different, *same]}
    assert training.labelled_pairs == 60 and training.em_sessions >= 1


@pytest.mark.parametrize("records", [
    [],
    [PersonRecord("only", "Awa", "Diarra")],
    [PersonRecord("a"), PersonRecord("b"), PersonRecord("c")],
])
def test_when_there_is_nothing_to_compare_then_no_pair(records: list[PersonRecord]) -> None:
    assert match_records(records) == []


def test_when_ids_repeat_or_threshold_is_not_a_probability_then_value_error() -> None:
    with pytest.raises(ValueError, match="duplicate ids: x"):
        match_records([PersonRecord("x", "Awa"), replace(VARIANTS[0], id="x")])
    with pytest.raises(ValueError, match="probability"):
        match_records(VARIANTS, threshold=1.5)
