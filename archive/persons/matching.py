"""``match_records``: likely duplicate persons among records, by a Splink model trained on those records.

No labelled data is needed: u probabilities come from random pairs, m probabilities from
expectation-maximisation, and the prior from deterministic rules. Reviewers' decisions improve it: pairs
they decided are never proposed again, and once enough "same person" decisions exist they give the m
probabilities directly (Splink's ``estimate_m_from_pairwise_labels``). Imports Splink, DuckDB and pandas:
import this module only where matching happens.
"""

from __future__ import annotations

import contextlib
import copy
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
from splink import Linker
from splink.backends.duckdb import DuckDBAPI

from archive.persons import model
from archive.persons.features import COLUMNS, feature_row, has_name
from archive.persons.names import load_name_table
from archive.persons.records import DEFAULT_THRESHOLD, MatchPair, PairDecision, PersonRecord

#: Confirmed "same person" pairs needed before they replace EM's m probabilities.
MIN_LABELLED_PAIRS = 50
#: Fewer candidate pairs than this in a training block: keep the starting m probabilities for that session.
MIN_TRAINING_PAIRS = 100
#: Assumed recall of the deterministic rules that estimate the prior.
DETERMINISTIC_RECALL = 0.6
U_SAMPLE_PAIRS = 2e6
#: Fewer possible pairs than this (about 140 records): u keeps its starting values.
MIN_SAMPLED_PAIRS = 10_000
#: EM trains on at most about this many pairs (Splink samples records deterministically beyond it).
EM_MAX_PAIRS = 1e6

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Training:
    """What the model learnt from, for the caller to report."""

    records: int
    prior: float
    em_sessions: int
    labelled_pairs: int
    #: Splink's settings with what was learnt (m, u, prior): what ``match_new_records`` scores with later.
    model: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def _quiet_splink() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)


def _frame(records: Sequence[PersonRecord]) -> pd.DataFrame:
    table = load_name_table()
    frame = pd.DataFrame([feature_row(i, r, table) for i, r in enumerate(records)], columns=list(COLUMNS))
    for column in ("birth_year", "birth_exact_year"):
        frame[column] = frame[column].astype("Int64")
    # A name pair shared by few records blocks on its own; a very common one (Fatoumata Traoré) needs a
    # second key, or it alone would make tens of millions of pairs.
    sizes = frame.groupby("name_pair_key")["unique_id"].transform("size")
    frame["name_pair_rare"] = frame["name_pair_key"].where(sizes <= model.RARE_NAME_PAIR)
    # A place (or postal code) shared by few records blocks on its own: it finds pairs whose names were
    # replaced or garbled beyond every name key.
    for column, rare in (("place_name", "place_rare"), ("place_code", "code_rare")):
        sizes = frame.groupby(column)["unique_id"].transform("size")
        frame[rare] = frame[column].where(sizes <= model.RARE_PLACE)
    return frame


def _pairs_sharing(frame: pd.DataFrame, columns: tuple[str, ...]) -> int:
    """How many pairs of rows agree on all ``columns`` (none of them empty)."""
    sizes = frame.dropna(subset=list(columns)).groupby(list(columns)).size()
    return int((sizes * (sizes - 1) // 2).sum())


def _train(linker: Linker, frame: pd.DataFrame, seed: int, progress: Progress) -> tuple[float, int]:
    n = len(frame)
    # ValueError: the deterministic rules found more than the assumed recall allows; the fallback follows.
    with contextlib.suppress(ValueError):
        linker.training.estimate_probability_two_random_records_match(
            list(model.DETERMINISTIC_RULES), recall=DETERMINISTIC_RECALL)
    prior = float(linker._settings_obj._probability_two_random_records_match)
    if not 0 < prior < 1:
        prior = min(0.5, max(1.0 / (n * (n - 1) / 2), 1e-7))
        linker._settings_obj._probability_two_random_records_match = prior
    if n * (n - 1) / 2 < MIN_SAMPLED_PAIRS:
        progress(f"u: {n} records are too few to sample, starting values kept")
    else:
        progress(f"u: random sampling (seed {seed})")
        linker.training.estimate_u_using_random_sampling(max_pairs=min(U_SAMPLE_PAIRS, n * (n - 1) / 2), seed=seed)
    sessions = 0
    for rule, columns in model.TRAINING_RULES:
        pairs = _pairs_sharing(frame, columns)
        if pairs < MIN_TRAINING_PAIRS:
            progress(f"m: {pairs} pairs sharing {'+'.join(columns)}: too few to train on, starting values kept")
            continue
        progress(f"m: expectation-maximisation on {pairs} pairs sharing {'+'.join(columns)}")
        before = copy.deepcopy(linker._settings_obj.core_model_settings)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, fix_u_probabilities=True, max_pairs=EM_MAX_PAIRS if pairs > EM_MAX_PAIRS else None)
        except ValueError as exc:  # an m probability underflowed to 0: keep what the model had before
            linker._settings_obj.core_model_settings = before
            progress(f"m: expectation-maximisation on {'+'.join(columns)} abandoned ({str(exc)[:80]})")
            continue
        sessions += 1
    return prior, sessions


def _learn_from_decisions(linker: Linker, db: DuckDBAPI, same: list[tuple[int, int]], progress: Progress) -> int:
    if len(same) < MIN_LABELLED_PAIRS:
        return 0
    labels = pd.DataFrame({"source_dataset_l": "records", "unique_id_l": [a for a, _ in same],
                           "source_dataset_r": "records", "unique_id_r": [b for _, b in same]})
    progress(f"m: from {len(same)} pairs confirmed by reviewers")
    linker.training.estimate_m_from_pairwise_labels(  # type: ignore[no-untyped-call]
        db.register(labels, table_name="reviewed_same"))
    return len(same)


def match_records(records: Iterable[PersonRecord], *, threshold: float = DEFAULT_THRESHOLD,
                  decisions: Iterable[PairDecision] = (), seed: int = 16,
                  progress: Progress | None = None) -> list[MatchPair]:
    """Pairs of records likely to be the same person, most likely first.

    Records without any name are left out. Pairs named in ``decisions`` are never returned. Raises
    ``ValueError`` when two records share an id or the threshold is not a probability.
    """
    pairs, _ = match_records_with_training(records, threshold=threshold, decisions=decisions, seed=seed,
                                           progress=progress)
    return pairs


def match_records_with_training(records: Iterable[PersonRecord], *, threshold: float = DEFAULT_THRESHOLD,
                                decisions: Iterable[PairDecision] = (), seed: int = 16,
                                progress: Progress | None = None) -> tuple[list[MatchPair], Training]:
    """:func:`match_records`, also saying what the model was trained on."""
    say: Progress = progress or (lambda _message: None)
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold {threshold} is not a probability between 0 and 1")
    records = list(records)
    _check_ids(records)
    named = [r for r in records if has_name(r)]
    if len(named) < 2:
        return [], Training(len(named), 0.0, 0, 0)
    decided = {d.key for d in decisions}
    position = {r.id: i for i, r in enumerate(named)}
    same = sorted((min(position[d.a], position[d.b]), max(position[d.a], position[d.b]))
                  for d in decisions if d.same and d.a in position and d.b in position and d.a != d.b)
    _quiet_splink()
    say(f"{len(named)} records with a name ({len(records) - len(named)} without, left out)")
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        db = DuckDBAPI(connection=con)
        frame = _frame(named)
        linker = Linker(db.register(frame, table_name="records"), model.settings(), log_level=logging.ERROR)
        prior, sessions = _train(linker, frame, seed, say)
        labelled = _learn_from_decisions(linker, db, same, say)
        trained = linker.misc.save_model_to_json()
        say("scoring candidate pairs")
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        rows = con.cursor().execute(
            f"SELECT unique_id_l, unique_id_r, match_probability FROM {predictions.physical_name}").fetchall()
    finally:
        con.close()
    found = _pairs(rows, named, decided)
    return found, Training(len(named), prior, sessions, labelled, trained)


def _pairs(rows: Sequence[tuple[Any, Any, Any]], named: Sequence[PersonRecord], decided: set[frozenset[str]]
           ) -> list[MatchPair]:
    """Splink's scored rows as pairs of record ids (first in input order), without the pairs a person decided,
    most likely first."""
    position = {r.id: i for i, r in enumerate(named)}
    found = []
    for left, right, probability in rows:
        first, second = sorted((int(left), int(right)))
        a, b = named[first].id, named[second].id
        if frozenset((a, b)) not in decided:
            found.append(MatchPair(a, b, round(min(1.0, max(0.0, float(probability))), 6)))
    found.sort(key=lambda p: (-p.probability, position[p.a], position[p.b]))
    return found


def _check_ids(records: Sequence[PersonRecord]) -> None:
    seen: set[str] = set()
    duplicates = sorted({r.id for r in records if r.id in seen or seen.add(r.id)})  # type: ignore[func-returns-value]
    if duplicates:
        raise ValueError(f"duplicate ids: {', '.join(duplicates[:20])}")


def _new_only_rules(after: int) -> list[dict[str, str]]:
    """The model's blocking rules, keeping only pairs whose second record is new (position ``after`` or later:
    Splink orders each pair ``l.unique_id < r.unique_id``, and new records come last)."""
    rules = []
    for rule in model.prediction_rules():
        sql = rule.get_blocking_rule("duckdb").blocking_rule_sql  # type: ignore[union-attr]
        rules.append({"blocking_rule": f"({sql}) AND r.unique_id >= {after}", "sql_dialect": "duckdb"})
    return rules


def match_new_records(register: Iterable[PersonRecord], new: Iterable[PersonRecord], *, trained: dict[str, Any],
                      threshold: float = DEFAULT_THRESHOLD, decisions: Iterable[PairDecision] = ()
                      ) -> list[MatchPair]:
    """Pairs between ``new`` records and the ``register`` (or among the new ones), scored with a model trained
    before (``Training.model``, e.g. by a full scan): nothing is trained, and only the candidates the blocking
    rules give for the new records are compared, so one registration costs little however large the register.
    Term frequencies (how common a name is) come from the register as it is now."""
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold {threshold} is not a probability between 0 and 1")
    old = [r for r in register if has_name(r)]
    fresh = [r for r in new if has_name(r)]
    named = old + fresh
    _check_ids(named)
    if not fresh or len(named) < 2:
        return []
    decided = {d.key for d in decisions}
    _quiet_splink()
    settings = {**copy.deepcopy(trained), "blocking_rules_to_generate_predictions": _new_only_rules(len(old))}
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        db = DuckDBAPI(connection=con)
        linker = Linker(db.register(_frame(named), table_name="records"), settings, log_level=logging.ERROR)
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        rows = con.cursor().execute(
            f"SELECT unique_id_l, unique_id_r, match_probability FROM {predictions.physical_name}").fetchall()
    finally:
        con.close()
    return _pairs(rows, named, decided)
