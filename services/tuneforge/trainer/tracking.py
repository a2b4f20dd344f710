"""Every job is an MLflow run: the :class:`JobRecorder` copies jobs from the store.

A job's run is created when it starts, in the experiment ``tuneforge-jobs`` (a
sweep's trials in ``sweep-<sweep id>``), with the flattened spec as params
(dotted field paths) and tags for the job, its labels, sweep, backend and
device; its id is saved on the job (``JobStore.set_run_id``) and reused when
the job resumes. The recorder reads the job's progress events from the store
(the source of truth) in batches, every ``period`` seconds, from its own
thread, and logs them as step metrics; when the job has ended it logs the
final metrics, a text summary and a loss/metric curve PNG (when matplotlib is
installed), and ends the run FINISHED, FAILED or KILLED.

MLflow being slow or down never stalls or fails a job: the supervisor only
names the jobs to record; a failed batch is retried with a back-off and the
job given up after :data:`MAX_FAILURES` failures in a row. Re-logging after a
restart is harmless: MLflow keeps one copy of a metric point logged twice.
"""

from __future__ import annotations

import io
import json
import logging
import math
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from google.protobuf import json_format

from tuneforge.tracker.names import key_problem
from tuneforge.tracker.store import (
    MAX_METRICS,
    MAX_PARAM_VALUE,
    MAX_TAG_VALUE,
    MetricPoint,
    TrackerStore,
)
from tuneforge.trainer.events import JobState, Progress
from tuneforge.trainer.store import JobRecord, JobStore
from tuneforge.v1 import trainer_service_pb2 as pb

log = logging.getLogger("tuneforge.trainer")

JOBS_EXPERIMENT = "tuneforge-jobs"
MAX_FAILURES = 8  # in a row, with back-off: about four minutes of MLflow being down
EVENTS_PER_READ = 500
_STATUS = {
    JobState.SUCCEEDED: "FINISHED",
    JobState.FAILED: "FAILED",
    JobState.CANCELLED: "KILLED",
    JobState.PRUNED: "KILLED",
}
_PROGRESS_METRICS = (
    "loss",
    "learning_rate",
    "batch_size",
    "grad_norm",
    "samples_per_second",
    "steps_per_second",
    "epoch",
    "samples_seen",
)


def experiment_for(sweep_id: str = "") -> str:
    """The MLflow experiment of a job (``sweep_id``: of a sweep's trial)."""
    return f"sweep-{sweep_id}" if sweep_id else JOBS_EXPERIMENT


def spec_params(spec: pb.JobSpec) -> dict[str, str]:
    """The spec as MLflow params: dotted field paths (map keys as segments) -> values;
    lists as JSON, an empty message (a oneof choice without fields) as ``{}``."""
    out: dict[str, str] = {}

    def walk(prefix: str, x: Any) -> None:
        if isinstance(x, dict) and x:
            for k, v in x.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
            return
        text = json.dumps(x) if isinstance(x, list | dict) else str(x)
        if key_problem(prefix) is None:
            out[prefix] = text[:MAX_PARAM_VALUE]

    walk("", json_format.MessageToDict(spec, preserving_proto_field_name=True))
    return out


def job_tags(rec: JobRecord) -> dict[str, str]:
    tags = {
        "tuneforge.job": rec.id,
        "tuneforge.job_name": rec.name,
        "tuneforge.backend": rec.backend,
        "tuneforge.device": rec.device,
        "tuneforge.attempt": str(rec.attempt),
    }
    if rec.sweep_id:
        tags["tuneforge.sweep"] = rec.sweep_id
    if rec.trial_number is not None:
        tags["tuneforge.trial"] = str(rec.trial_number)
    tags.update({f"label.{k}": v for k, v in rec.labels.items()})
    return {k: v[:MAX_TAG_VALUE] for k, v in tags.items() if key_problem(k) is None}


def progress_points(p: Progress, time_s: float) -> Iterator[MetricPoint]:
    """The finite metrics of one progress report, at its step."""
    ms = int((p.time or time_s) * 1000)
    values = {k: float(getattr(p, k)) for k in _PROGRESS_METRICS}
    values.update(p.metrics)
    for k, v in values.items():
        if math.isfinite(v) and key_problem(k) is None:
            yield MetricPoint(k, v, p.step, ms)


def summary(rec: JobRecord) -> str:
    """The job in a few lines: what ran, how it ended, its final metrics, its spec."""
    spec = rec.spec
    model = spec.model.WhichOneof("kind") or "?"
    lines = [
        f"job {rec.id}: {rec.name}",
        f"state: {rec.state.value}" + (f" ({rec.reason.splitlines()[0]})" if rec.reason else ""),
        f"model: {model}",
        f"dataset: {spec.dataset.WhichOneof('kind') or '-'}",
        f"optimizer: {spec.optimizer.name}",
        f"device: {rec.device or '-'}; attempts: {rec.attempt}",
    ]
    if "param_count" in rec.final_metrics:
        lines.append(f"parameters: {int(rec.final_metrics['param_count'])}")
    if rec.final_metrics:
        lines.append("final metrics:")
        lines += [f"  {k} = {v:.6g}" for k, v in sorted(rec.final_metrics.items())]
    lines += ["spec:", json_format.MessageToJson(spec, preserving_proto_field_name=True)]
    return "\n".join(lines) + "\n"


def curves_png(history: Sequence[Progress], title: str = "") -> bytes | None:
    """Training and evaluation curves over steps; None without matplotlib (a server
    install may lack it). Agg through the object API: no pyplot, no global backend."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        return None
    fig = Figure(figsize=(10, 3.8), dpi=100)
    FigureCanvasAgg(fig)
    losses, others = fig.subplots(1, 2)
    series: dict[str, list[tuple[int, float]]] = {"loss": []}
    for p in history:
        if math.isfinite(p.loss):
            series["loss"].append((p.step, p.loss))
        for k, v in p.metrics.items():
            if math.isfinite(v):
                series.setdefault(k, []).append((p.step, v))
    for name, points in series.items():
        if points:
            ax = losses if name.endswith("loss") else others
            ax.plot(*zip(*points, strict=True), label=name, marker="." if len(points) < 50 else "")
    for ax, label in ((losses, "loss"), (others, "evaluation")):
        ax.set_xlabel("step")
        ax.set_title(label)
        ax.grid(alpha=0.3)
        if ax.lines:
            ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


@dataclass(slots=True)
class _Track:
    job_id: str
    run_id: str = ""
    prepared: bool = False  # params, run id on the job, tags of this attempt
    cursor: int = 1  # the next event sequence to log
    failures: int = 0
    retry_at: float = 0.0


class JobRecorder:
    """Copies tracked jobs to MLflow from one thread (:meth:`start` / :meth:`stop`).

    :meth:`track` is thread-safe and cheap: it names a job that started, resumed or
    ended; the recorder follows it in the store until its run has ended. It owns
    its thread only (not the tracker or the store).
    """

    def __init__(self, tracker: TrackerStore, store: JobStore, period: float = 1.0) -> None:
        self.tracker = tracker
        self.store = store
        self.period = period
        self._jobs: dict[str, _Track] = {}
        self._lock = threading.Lock()
        self._wakeup = threading.Event()
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    def track(self, job_id: str) -> None:
        with self._lock:
            t = self._jobs.setdefault(job_id, _Track(job_id))
            t.prepared = False  # a new attempt: its device and attempt tags

    @property
    def pending(self) -> list[str]:
        """Jobs whose run is not finished yet."""
        with self._lock:
            return list(self._jobs)

    def start(self) -> None:
        self._halt.clear()
        self._thread = threading.Thread(target=self._loop, name="job-recorder", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """One last round (bounded by ``timeout``), then the thread ends; runs of jobs
        still running stay RUNNING in MLflow until the job is tracked again."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._halt.set()
        self._wakeup.set()
        thread.join(timeout)

    def _loop(self) -> None:
        # MLflow's import and schema check take seconds: on this thread, once there is a
        # job to record, so that a server that never runs one never waits for it (nor
        # does its shutdown).
        opened = False
        while True:
            if not opened and self.pending:
                opened = True
                try:
                    self.tracker.open()
                except Exception:  # the next rounds retry through the calls themselves
                    log.exception("could not open the tracker")
            self._wakeup.wait(self.period)
            self._wakeup.clear()
            halted = self._halt.is_set()
            self.sync()
            if halted:
                return

    def sync(self) -> None:
        """Bring every tracked job's run up to date (what the thread does each period)."""
        now = time.monotonic()
        with self._lock:
            due = [t for t in self._jobs.values() if t.retry_at <= now]
        for t in due:
            try:
                done = self._sync(t)
                t.failures = 0
            except Exception:
                t.failures += 1
                gave_up = t.failures >= MAX_FAILURES
                log.warning(
                    "recording a job in MLflow failed" + ("; giving up" if gave_up else ""),
                    exc_info=True,
                    extra={"job": t.job_id, "failures": t.failures},
                )
                t.retry_at = time.monotonic() + min(60.0, self.period * 2**t.failures)
                done = gave_up
            if done:
                with self._lock:
                    self._jobs.pop(t.job_id, None)

    def _sync(self, t: _Track) -> bool:
        """Log what is new; True once the job's run has ended."""
        rec = self.store.get(t.job_id)
        if not t.run_id:
            t.run_id = rec.mlflow_run_id or self._create(rec)
        if not t.prepared:
            if not rec.mlflow_run_id:
                self.tracker.log_params(t.run_id, spec_params(rec.spec))
                self.store.set_run_id(rec.id, t.run_id)
            self.tracker.set_tags(t.run_id, job_tags(rec))
            t.prepared = True
        while True:
            batch = self.store.events(rec.id, t.cursor, EVENTS_PER_READ)
            progress = [(e.body, e.time) for e in batch if isinstance(e.body, Progress)]
            points = [m for p, at in progress for m in progress_points(p, at)]
            for i in range(0, len(points), MAX_METRICS):
                self.tracker.log_metrics(t.run_id, points[i : i + MAX_METRICS])
            if batch:
                t.cursor = batch[-1].sequence + 1
            if len(batch) < EVENTS_PER_READ:
                break
        if not rec.state.final:  # read before the events: all of an ended job's are in
            return False
        self._end(rec, t.run_id)
        return True

    def _create(self, rec: JobRecord) -> str:
        run = self.tracker.create_run(
            experiment_for(rec.sweep_id),
            run_name=rec.name or rec.id,
            tags=job_tags(rec),
            start_ms=int((rec.started or time.time()) * 1000),
        )
        return run.id

    def _end(self, rec: JobRecord, run_id: str) -> None:
        end_ms = int((rec.finished or time.time()) * 1000)
        final = rec.final_metrics
        step = int(final.get("steps", rec.progress.step if rec.progress else 0))
        points = [
            MetricPoint(k, v, step, end_ms)
            for k, v in final.items()
            if math.isfinite(v) and key_problem(k) is None
        ]
        self.tracker.log_metrics(run_id, points[:MAX_METRICS])
        self.tracker.set_tags(
            run_id, {"tuneforge.state": rec.state.value, "tuneforge.reason": rec.reason[-4000:]}
        )
        self.tracker.log_artifact(run_id, "summary.txt", summary(rec).encode())
        png = curves_png(self.store.progress_history(rec.id), f"{rec.name} ({rec.id})")
        if png is not None:
            self.tracker.log_artifact(run_id, "curves.png", png)
        self.tracker.end_run(run_id, _STATUS[rec.state], end_ms)
