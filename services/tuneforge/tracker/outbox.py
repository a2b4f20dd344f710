"""The tracking outbox: finished trials durably queued for MLflow (interface).

The contract between the study store (the producer) and the tracker drain
(the consumer); the SQL implementation and the drain live below it.
"""

from __future__ import annotations

from typing import Protocol


class TrialOutbox(Protocol):
    """Durable "this trial must reach the tracker" entries, one per (study, trial).

    ``add_trial`` is called by the study store *before* it finishes a trial
    (Tell, or a lease expiry), so that what a client was told is never lost: a
    crash right after leaves an entry that the drain ships (at start-up, too).
    The drain reads the trial itself at drain time and ships only finished
    trials, so an entry added before a Tell that then failed waits until the
    trial really finishes. Idempotent (a second add of the same trial is a
    no-op); thread-safe; raises only database errors.
    """

    def add_trial(self, study: str, number: int) -> None: ...
