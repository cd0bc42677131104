"""The stages an item goes through, in order, and the handler of each (what the worker runs)."""

from __future__ import annotations

from archive.jobs.worker import Handler

STAGES: tuple[str, ...] = ("extract", "redact", "index")
#: Jobs of their own: one job and no next stage. ``freetext``: the redacted forms of an item's and its case's
#: free text (an import brings typed text whose forms another archive made and keyed); ``duplicates``: a
#: claimant's duplicate check (its subject is not an item).
SINGLE: tuple[str, ...] = ("freetext", "duplicates")


def next_stage(stage: str, enabled: tuple[str, ...] = STAGES) -> str | None:
    if stage not in STAGES:
        return None
    later = STAGES[STAGES.index(stage) + 1:]
    return next((s for s in later if s in enabled), None)


def handlers() -> dict[str, Handler]:
    from archive.claims.duplicates import run_duplicate_check
    from archive.pipeline.extract import run_extract
    from archive.pipeline.index import run_index
    from archive.pipeline.redact import run_freetext, run_redact

    return {"extract": run_extract, "redact": run_redact, "index": run_index, "freetext": run_freetext,
            "duplicates": run_duplicate_check}
