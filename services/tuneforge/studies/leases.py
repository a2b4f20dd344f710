"""Leases: a trial handed out stays the client's while its heartbeats keep coming.

Ask records an Optuna heartbeat for each trial; Heartbeat and
ReportIntermediate renew it. A trial whose heartbeat is older than the lease
is failed and its configuration queued again as a WAITING trial
(``RetryHeartbeatStaleTrialCallback``) until the retry limit is used up; the
next Ask hands it out first. The next Ask of a study expires its leases, and
the :class:`Sweeper` thread those of every study (also the ones no client asks
about any more).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

import optuna
from optuna.storages import BaseStorage
from optuna.trial import FrozenTrial, TrialState

from tuneforge.studies.optuna_internals import (
    RETRIED_KEY,
    RETRY_HISTORY_KEY,
    stale_trial_ids,
    study_id,
)

log = logging.getLogger("tuneforge.studies")

#: What Optuna calls when a lease expired (here: queue the configuration again).
Retry = Callable[[optuna.Study, FrozenTrial], None]


def fail_stale(
    storage: BaseStorage,
    study: optuna.Study,
    retry: Retry | None,
    before_fail: Callable[[FrozenTrial], None],
) -> list[FrozenTrial]:
    """Optuna's ``fail_stale_trials`` that calls ``before_fail`` with each stale trial
    before failing it; the trials this call failed, as failed."""
    failed = []
    for tid in stale_trial_ids(storage, study_id(study)):
        before_fail(storage.get_trial(tid))
        try:
            if storage.set_trial_state_values(tid, state=TrialState.FAIL):
                failed.append(tid)
        except optuna.exceptions.UpdateFinishedTrialError:
            pass  # finished meanwhile: told, or failed by another replica
    out = []
    for tid in failed:
        trial = storage.get_trial(tid)
        log.warning("lease expired", extra={"study": study.study_name, "trial": trial.number})
        if retry is not None:
            retry(study, trial)
        out.append(trial)
    return out


def requeued_numbers(trials: Iterable[FrozenTrial]) -> set[int]:
    """Numbers of the trials whose lease expired and whose configuration was queued again."""
    return {n for t in trials for n in t.system_attrs.get(RETRY_HISTORY_KEY, ())}


def retried_trial(t: FrozenTrial) -> int | None:
    """The number of the trial (lease expired) whose configuration ``t`` runs again."""
    n = t.system_attrs.get(RETRIED_KEY)
    return None if n is None else int(n)


class Sweeper:
    """A thread that calls ``sweep`` every ``period`` seconds between :meth:`start` and
    :meth:`stop` (the study service's start and stop hooks)."""

    def __init__(self, sweep: Callable[[], int], period: float) -> None:
        self._sweep = sweep
        self.period = period
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="lease-sweeper", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            try:
                self._sweep()
            except Exception:  # the next round tries again
                log.exception("lease sweep failed")

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
