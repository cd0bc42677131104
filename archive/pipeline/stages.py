"""The stages an item goes through, in order, and the handler of each (what the worker runs)."""

from __future__ import annotations

from archive.jobs.worker import Handler

STAGES: tuple[str, ...] = ("extract", "redact", "index")
#: Jobs outside the chain: they run alone and schedule nothing after them.
#: ``freetext``: the redacted forms of an item's and its case's free text (an import brings typed text whose
#: forms were made, and keyed, by another archive).
STANDALONE: tuple[str, ...] = ("freetext",)


def next_stage(stage: str, enabled: tuple[str, ...] = STAGES) -> str | None:
    if stage not in STAGES:
        return None
    later = STAGES[STAGES.index(stage) + 1:]
    return next((s for s in later if s in enabled), None)


def handlers() -> dict[str, Handler]:
    from archive.pipeline.extract import run_extract
    from archive.pipeline.index import run_index
    from archive.pipeline.redact import run_freetext, run_redact

    return {"extract": run_extract, "redact": run_redact, "index": run_index, "freetext": run_freetext}
