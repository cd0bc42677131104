"""What follows a change: the stages that derive text, redactions and index entries, and the triggers.

One place owns every consequence. A service that changes something calls a trigger of
``pipeline.consequences`` in its own transaction; the trigger bumps the item's revision and writes the
follow-up jobs (the outbox) in that same transaction, so no door (API, web form, CLI, worker) can forget
them and nothing is lost if the process dies after the commit:

    change (service)                        follow-up (jobs, in the same transaction)
    item added                              extract -> redact -> index
    consent granted / withdrawn             index (urgent)          expiry needs no job: searches judge
                                                                    consent at their own instant
    redaction accepted / rejected / added   redacted text refreshed in the transaction, index (urgent)
    transcript corrected                    redact -> index (urgent; the stale redacted text is withheld)
    a case learns a new name                the case's other items: redact -> index (urgent)

Urgent jobs run right after the commit in the committing process (``runner.run_now``), and a search first
catches up any urgent index job still pending (``runner.catch_up_index``) or refuses to answer. Derived
state is only ever shown when it is provably current (``current_redaction``); otherwise it is withheld.
``jobs/`` is the plumbing (queue, worker); the stages live here: ``extract``, ``redact``, ``index``.
"""
