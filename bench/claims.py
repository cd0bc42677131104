"""Figure "claims": the duplicate check of the claims register, through the archive's services.

A register is seeded with the synthetic Malian registrations (``bench/data/matching/generate.py``: the same person
registered by several sources, spelling variants, approximate years), each claimant sealed as the service seals
it. Then: a full ``temoin claims scan`` (trains and stores the model) — wall time and the queue's pairwise precision,
recall and F1 against the generator's gold clusters; and one more registration through ``register_and_check`` —
the wall time of its transaction, then of its duplicate check (the job that runs after the commit).

    .venv/bin/python -m bench.claims [--people 1500]
"""

from __future__ import annotations

import argparse
import itertools
import logging
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr

from archive.claims.checks import STAGE
from archive.claims.duplicates import flag_duplicates, register_and_check
from archive.claims.identity import Identity, seal_identity
from archive.claims.models import Claimant, DuplicateCandidate
from archive.claims.programmes import load_programmes
from archive.claims.service import open_candidates
from archive.context import Archive
from archive.custody import SYSTEM
from archive.jobs.worker import Worker
from archive.models import Job
from archive.pipeline.stages import handlers
from archive.settings import Settings
from bench.data.matching.generate import generate
from bench.report import write_section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)
    rows, gold = generate(args.people, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive.open(Settings(data_dir=Path(tmp) / "data", jwt_secret=SecretStr("b" * 48)))
        key = archive.key
        ids: dict[str, str] = {}
        with archive.db.session() as session:
            for row in rows:
                identity = Identity(row["given_name"], row["family_name"], row["birth_date"], row["birth_place"],
                                    row["father_name"], row["mother_name"], row["sex"])
                claimant = Claimant(label=f"B-{len(ids):06d}", sealed=seal_identity(identity, key),
                                    identity_consent=False, flags=[], created_by="bench")
                session.add(claimant)
                session.flush()
                ids[claimant.id] = row["id"]
        started = time.perf_counter()
        found = flag_duplicates(archive, actor=SYSTEM)
        proposed = {frozenset((ids[c.a], ids[c.b])) for c in found if isinstance(c, DuplicateCandidate)}
        scan = time.perf_counter() - started
        # One more registration: its transaction alone, then its duplicate check (the job run after the commit).
        archive.db.after_commit = None
        first = rows[0]
        started = time.perf_counter()
        with archive.db.session() as session:
            claim, check = register_and_check(
                session=session, key=key, actor=SYSTEM, programmes=load_programmes(), programme="vbg",
                victim_category="direct", citations=[],
                identity=Identity(first["given_name"], first["family_name"], first["birth_date"],
                                  first["birth_place"], first["father_name"], first["mother_name"], first["sex"]))
        commit = time.perf_counter() - started
        started = time.perf_counter()
        assert check is not None and Worker(archive, {STAGE: handlers()[STAGE]}).run_job(check)
        checked = time.perf_counter() - started
        with archive.db.session() as session:
            status = session.get(Job, check).status  # type: ignore[union-attr]
            again = len(open_candidates(session, claim.claimant_id))
        archive.close()
    clusters: dict[str, list[str]] = {}
    for row_id, person in gold.items():
        clusters.setdefault(person, []).append(row_id)
    truth = {frozenset(p) for members in clusters.values() for p in itertools.combinations(members, 2)}
    hit = len(proposed & truth)
    precision, recall = hit / max(len(proposed), 1), hit / max(len(truth), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    table = (f"## Claims register: duplicate claimants through the services\n\n"
             f"{len(rows):,} sealed claimants ({args.people:,} synthetic Malian people, seed {args.seed}; "
             f"{len(truth):,} true pairs). `bench/claims.py`.\n\n"
             "| measure | value |\n| --- | --- |\n"
             f"| full scan `temoin claims scan`: trains, stores the model (s) | {scan:.1f} |\n"
             f"| one registration: its transaction, committed (s) | {commit:.2f} |\n"
             f"| its duplicate check after the commit, scored with the stored model (s) | {checked:.1f} "
             f"({status}; {again} candidate(s) for a re-registered person) |\n"
             f"| pairs queued | {len(proposed):,} |\n"
             f"| precision / recall / F1 of the queue | {precision:.3f} / {recall:.3f} / {f1:.3f} |\n")
    print(table)
    if not args.no_write:
        write_section("claims", table)


if __name__ == "__main__":
    main()
