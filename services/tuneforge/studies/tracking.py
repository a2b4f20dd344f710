"""Finished trials to the tracker, off the request path: a bounded queue and one worker.

``Tell`` only converts the trial to a plain record and puts it on the queue
(microseconds); a worker thread drains the queue in batches and writes one
MLflow run per trial (params, objective values, intermediate values,
constraints, duration, state). ``close`` stops taking new records and drains
what is queued within a time limit. A full queue drops records with a warning
rather than slow ``Tell`` down.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from optuna.trial import FrozenTrial, TrialState

from tuneforge.studies.config import CONSTRAINTS_ATTR, StudyConfig

log = logging.getLogger("tuneforge.studies.tracking")

_STATUS = {
    TrialState.COMPLETE: "FINISHED",
    TrialState.PRUNED: "KILLED",
    TrialState.FAIL: "FAILED",
}

#: (experiment name, record) -> run id
Sink = Callable[[str, Mapping[str, Any]], str]


def experiment_name(study: str) -> str:
    return f"study/{study}"


def _ms(t: Any) -> int:
    return int(t.timestamp() * 1000) if t is not None else int(time.time() * 1000)


def trial_record(study: str, trial: FrozenTrial, config: StudyConfig) -> dict[str, Any]:
    """What the tracker stores for one finished trial (plain data, built on the caller)."""
    start, end = _ms(trial.datetime_start), _ms(trial.datetime_complete)
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


class TrialLogger:
    """Queue + worker: ``submit`` never blocks; ``close`` drains within ``drain_seconds``."""

    def __init__(
        self, sink: Sink, *, capacity: int = 100_000, batch: int = 64, drain_seconds: float = 10.0
    ) -> None:
        self._sink = sink
        self._queue: queue.Queue[tuple[str, dict[str, Any]] | None] = queue.Queue(capacity)
        self._batch = batch
        self._drain_seconds = drain_seconds
        self._closed = threading.Event()
        self._deadline = float("inf")
        self.logged = 0
        self.dropped = 0
        self.failed = 0
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, study: str, trial: FrozenTrial, config: StudyConfig) -> None:
        if self._closed.is_set():
            self.dropped += 1
            return
        self._start()
        try:
            self._queue.put_nowait((experiment_name(study), trial_record(study, trial, config)))
        except queue.Full:
            self.dropped += 1
            log.warning(
                "tracker queue full: a finished trial was not logged",
                extra={"study": study, "trial": trial.number},
            )

    def _start(self) -> None:
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._run, name="trial-logger", daemon=True
                    )
                    self._thread.start()

    def _run(self) -> None:
        while True:
            items = [self._queue.get()]
            while len(items) < self._batch:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = False
            for it in items:
                try:
                    if it is None:
                        stop = True
                    elif time.monotonic() > self._deadline:
                        self.dropped += 1
                    else:
                        self._sink(*it)
                        self.logged += 1
                except Exception:
                    self.failed += 1
                    log.exception("could not log a finished trial to the tracker")
                finally:
                    self._queue.task_done()
            if stop:
                return

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until everything queued so far is written (tests, demos)."""
        end = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < end:
            time.sleep(0.02)
        return self._queue.unfinished_tasks == 0

    def close(self) -> None:
        """Stop taking records; write what is queued, for at most ``drain_seconds``."""
        if self._closed.is_set():
            return
        self._closed.set()
        if self._thread is None:
            return
        self._deadline = time.monotonic() + self._drain_seconds
        self._queue.put(None)
        self._thread.join(self._drain_seconds + 5)
        if self.dropped:
            log.warning(
                "tracker: finished trials not logged at shutdown", extra={"dropped": self.dropped}
            )
