"""Finished study trials to the tracker: one MLflow run per trial, shipped from the outbox.

The study store adds an outbox entry (:class:`tuneforge.tracker.outbox.TrialOutbox`)
before it finishes a trial; :class:`TrialDrain` ships the entries in the
background. A crash loses nothing (the entries are in the database and the next
start ships them), and a retry after a crash between MLflow's write and the
entry's removal completes the run it finds instead of making a second one, so
each trial is one run in MLflow.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any

from optuna.trial import FrozenTrial, TrialState

from tuneforge.storage import now
from tuneforge.studies.config import CONSTRAINTS_ATTR, StudyConfig
from tuneforge.tracker.outbox import SqlTrialOutbox, TrialEntry
from tuneforge.tracker.store import TrackerStore

log = logging.getLogger("tuneforge.tracker")

_STATUS = {
    TrialState.COMPLETE: "FINISHED",
    TrialState.PRUNED: "KILLED",
    TrialState.FAIL: "FAILED",
}

#: (study, trial number) -> the trial and its study's config; None when either is gone.
FinishedTrial = Callable[[str, int], "tuple[FrozenTrial, StudyConfig] | None"]


def experiment_name(study: str) -> str:
    return f"study/{study}"


def _ms(t: dt.datetime) -> int:
    return int(t.timestamp() * 1000)


def trial_record(study: str, trial: FrozenTrial, config: StudyConfig) -> dict[str, Any]:
    """What the tracker stores for one finished trial (plain data).

    The same trial always gives the same record (times included), so that
    writing it again after a crash changes nothing in MLflow.
    """
    complete = trial.datetime_complete or trial.datetime_start
    end = _ms(complete) if complete is not None else 0
    start = _ms(trial.datetime_start) if trial.datetime_start is not None else end
    metrics: list[tuple[str, float, int]] = []
    for o, value in zip(config.objectives, trial.values or (), strict=False):
        metrics.append((o.name, float(value), 0))
    if len(config.objectives) == 1:
        name = config.objectives[0].name
        metrics += [
            (f"{name}/intermediate", float(v), int(s))
            for s, v in sorted(trial.intermediate_values.items())
        ]
    for c, value in zip(
        config.constraints, trial.system_attrs.get(CONSTRAINTS_ATTR) or (), strict=False
    ):
        metrics.append((f"constraint/{c}", float(value), 0))
    metrics.append(("duration_seconds", max(0.0, (end - start) / 1000), 0))
    return {
        "run_name": f"trial-{trial.number}",
        "start_ms": start,
        "end_ms": end,
        "status": _STATUS.get(trial.state, "FAILED"),
        "params": {k: str(v) for k, v in trial.params.items()},
        "metrics": metrics,
        "tags": {
            "tuneforge.study": study,
            "tuneforge.trial": str(trial.number),
            "tuneforge.state": trial.state.name,
        },
    }


def _backoff(base: float, attempts: int, cap: float) -> float:
    return min(cap, base * 2.0 ** min(attempts, 30))


class TrialDrain:
    """Ships the outbox's trials to the tracker from one background thread.

    Each round claims up to ``batch`` due entries and reads each trial through
    ``trials`` (the study store's ``finished_trial``): a finished trial becomes
    one terminated MLflow run (params, objective values, intermediate values,
    constraints, duration, state, tags) and its entry is removed; a trial not
    finished yet is postponed (the entry was added just before its Tell, or the
    Tell failed); an entry whose study or trial is gone is dropped. A failure
    (MLflow or a database unreachable) backs the entry off exponentially, up to
    ``retry_max_seconds``, keeping the attempt count and the last error in the
    outbox; an entry is never given up.

    :meth:`start` begins with what an earlier process left (backfill);
    :meth:`stop` ships what is due for at most ``grace_seconds`` and leaves the
    rest in the outbox for the next start. :meth:`flush` waits until the
    outbox is empty (tests, demos). Started and stopped by the StudyService's
    start/stop hooks, in the process that finishes the trials; it never closes
    the outbox's engine, the trial source or the tracker.
    """

    def __init__(
        self,
        outbox: SqlTrialOutbox,
        trials: FinishedTrial,
        tracker: TrackerStore,
        *,
        grace_seconds: float = 10.0,
        batch: int = 32,
        poll_seconds: float = 0.5,
        retry_max_seconds: float = 300.0,
    ) -> None:
        self.outbox = outbox
        self.trials = trials
        self.tracker = tracker
        self.grace_seconds = grace_seconds
        self.batch = batch
        self.poll_seconds = poll_seconds
        self.retry_max_seconds = retry_max_seconds
        self._stop = threading.Event()
        self._deadline = math.inf  # monotonic; set by stop
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._deadline = math.inf
        self._thread = threading.Thread(target=self._run, name="trial-drain", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ship what is due within ``grace_seconds``; what is left stays for the next start."""
        deadline = time.monotonic() + self.grace_seconds
        self._deadline = deadline
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.grace_seconds + 5)
            alive, self._thread = self._thread.is_alive(), None
            if alive:  # stuck shipping (a slow MLflow): never drain beside it
                log.warning("tracking outbox: the drain did not stop in time")
                return
        try:
            while (rest := deadline - time.monotonic()) > 0 and self.outbox.pending(now() + rest):
                if not self.drain_once(deadline):
                    time.sleep(0.05)  # due before the deadline but not yet (a postponed trial)
            left = self.outbox.pending()
        except Exception:
            log.exception("tracking outbox: could not drain at shutdown")
            return
        if left:
            log.info("tracking outbox: entries left for the next start", extra={"entries": left})

    def flush(self, timeout: float = 30.0) -> bool:
        """Ship until the outbox is empty, for at most ``timeout`` seconds; whether it is."""
        end = time.monotonic() + timeout
        while self.outbox.pending():
            if time.monotonic() >= end:
                return False
            if not self.drain_once(end):
                time.sleep(0.05)
        return True

    def _run(self) -> None:
        try:
            backlog = self.outbox.pending()
            if backlog:
                log.info("tracking outbox: backfilling", extra={"entries": backlog})
        except Exception:
            log.exception("tracking outbox: could not read the backlog")
        failures = 0
        while not self._stop.is_set():
            try:
                claimed = self.drain_once()
                failures = 0
            except Exception:  # the state database is unreachable: try again, less often
                log.exception("tracking outbox: drain round failed")
                claimed, failures = 0, failures + 1
            if claimed < self.batch:
                self._stop.wait(_backoff(self.poll_seconds, failures, 30.0))

    # -- one round -----------------------------------------------------------------------

    def drain_once(self, deadline: float = math.inf) -> int:
        """Claim up to ``batch`` due entries and ship them (until the monotonic
        ``deadline``: the rest are given back); how many were claimed."""
        entries = self.outbox.claim(self.batch)
        finished: list[int] = []
        try:
            for i, entry in enumerate(entries):
                # Re-read per entry: a stop during this round sets a deadline for it too.
                if time.monotonic() > min(deadline, self._deadline):
                    self.outbox.release([e.id for e in entries[i:]])
                    break
                if self._ship(entry):
                    finished.append(entry.id)
        finally:
            self.outbox.done(finished)
        return len(entries)

    def _ship(self, entry: TrialEntry) -> bool:
        """Ship one entry; whether it can be removed (shipped, or pointless)."""
        try:
            found = self.trials(entry.study, entry.number)
            if found is None:
                log.info(
                    "tracking outbox: study or trial gone, entry dropped",
                    extra={"study": entry.study, "trial": entry.number},
                )
                return True
            trial, config = found
            if not trial.state.is_finished():
                delay = _backoff(0.5, entry.attempts, 5.0)
                self.outbox.retry(entry.id, delay, f"trial is {trial.state.name}")
                return False
            self.tracker.log_finished(
                experiment_name(entry.study),
                trial_record(entry.study, trial, config),
                existing=entry.attempts > 0,
            )
            return True
        except Exception as e:
            delay = _backoff(1.0, entry.attempts, self.retry_max_seconds)
            log.warning(
                "tracking outbox: could not ship a finished trial, retrying",
                extra={
                    "study": entry.study,
                    "trial": entry.number,
                    "attempts": entry.attempts + 1,
                    "retry_seconds": delay,
                    "error": f"{type(e).__name__}: {e}"[:500],
                },
                exc_info=entry.attempts == 0,  # the traceback once, not at every retry
            )
            try:
                self.outbox.retry(entry.id, delay, f"{type(e).__name__}: {e}")
            except Exception:  # the claim runs out by itself
                log.exception("tracking outbox: could not postpone an entry")
            return False
