"""The stages an item goes through, in order, and the handler of each (what the worker runs)."""

from __future__ import annotations

from archive.jobs.worker import Handler

STAGES: tuple[str, ...] = ("extract", "redact", "index")
#: Stages of their own: one job and no next stage; their subject is not an item (``duplicates``: a claimant).
SINGLE: tuple[str, ...] = ("duplicates",)


def next_stage(stage: str, enabled: tuple[str, ...] = STAGES) -> str | None:
    if stage not in STAGES:
        return None
    later = STAGES[STAGES.index(stage) + 1:]
    return next((s for s in later if s in enabled), None)


def handlers() -> dict[str, Handler]:
    from archive.claims.duplicates import run_duplicate_check
    from archive.pipeline.extract import run_extract
    from archive.pipeline.index import run_index
    from archive.pipeline.redact import run_redact

    return {"extract": run_extract, "redact": run_redact, "index": run_index,
            "duplicates": run_duplicate_check}
