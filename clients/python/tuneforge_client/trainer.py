"""TrainerService in the SDK: optimizer jobs, their event stream, logs, metrics and sweeps.

from tuneforge_client import Client

with Client() as tf:
    job = tf.submit_job({
        "model": {"mlp": {"hidden_sizes": [64]}},
        "dataset": {"digits": {}},
        "optimizer": {"name": "adabelief", "hyperparameters": {"lr": 1e-3}},
        "budget": {"steps": 300},
    })
    for event in tf.watch_job(job.id):      # reconnects from where it stopped
        if event.HasField("progress"):
            print(event.progress.step, event.progress.loss)
    print(tf.get_job(job.id).final_metrics)

A spec is a :class:`JobSpec` message, a dict in protobuf's JSON mapping (the YAML
files of ``tuneforge jobs submit``), or the path of such a ``.yaml``/``.json`` file.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import grpc
from google.protobuf import json_format
from google.protobuf.message import Message

from tuneforge.v1 import common_pb2
from tuneforge.v1 import trainer_service_pb2 as trainer_pb
from tuneforge.v1 import trainer_service_pb2_grpc as trainer_grpc
from tuneforge_client.errors import TuneforgeError

T = TypeVar("T")
M = TypeVar("M", bound=Message)
SpecLike = Message | Mapping[str, Any] | str | Path

FINAL_STATES = frozenset(
    {
        trainer_pb.JOB_STATE_SUCCEEDED,
        trainer_pb.JOB_STATE_FAILED,
        trainer_pb.JOB_STATE_CANCELLED,
        trainer_pb.JOB_STATE_PRUNED,
    }
)
SWEEP_FINAL_STATES = frozenset(
    {
        trainer_pb.SWEEP_STATE_SUCCEEDED,
        trainer_pb.SWEEP_STATE_FAILED,
        trainer_pb.SWEEP_STATE_CANCELLED,
    }
)


class SpecError(ValueError):
    """A spec file or dict that is not a valid message (unknown field, wrong type)."""


def load_document(path: str | Path) -> Any:
    """A ``.json``, ``.yaml`` or ``.yml`` file's content (YAML needs PyYAML)."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except OSError as e:
        raise SpecError(f"{p}: {e.strerror or e}") from None
    if p.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise SpecError(f"{p}: not JSON: {e}") from None
    try:
        import yaml
    except ImportError:  # pragma: no cover (PyYAML comes with the server extra)
        raise SpecError(f"{p}: reading YAML needs PyYAML (pip install pyyaml)") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise SpecError(f"{p}: not YAML: {e}") from None


def message_of(source: Message | Mapping[str, Any] | str | Path, message: M) -> M:
    """``message`` filled from a message of its type, a JSON-mapping dict, or a file."""
    if isinstance(source, Message):
        if source.DESCRIPTOR is not message.DESCRIPTOR:
            raise SpecError(f"expected a {message.DESCRIPTOR.name}, got a {source.DESCRIPTOR.name}")
        message.CopyFrom(cast(M, source))
        return message
    doc = load_document(source) if isinstance(source, str | Path) else source
    if not isinstance(doc, Mapping):
        raise SpecError(f"a {message.DESCRIPTOR.name} must be a mapping, got {type(doc).__name__}")
    try:
        return json_format.ParseDict(dict(doc), message)
    except json_format.ParseError as e:
        where = f"{source}: " if isinstance(source, str | Path) else ""
        raise SpecError(where + " ".join(str(e).split())) from None  # one line


def job_spec(source: SpecLike | None = None, **fields: Any) -> trainer_pb.JobSpec:
    """A JobSpec from a message, a dict in protobuf's JSON mapping or a file, with
    ``fields`` (JSON-mapping values) set on top: ``job_spec("job.yaml", seed=3)``."""
    spec = message_of({} if source is None else source, trainer_pb.JobSpec())
    if fields:
        spec.MergeFrom(json_format.ParseDict(fields, trainer_pb.JobSpec()))
    return spec


def sweep_spec(source: SpecLike | None = None, **fields: Any) -> trainer_pb.SweepSpec:
    """A SweepSpec, as :func:`job_spec`."""
    spec = message_of({} if source is None else source, trainer_pb.SweepSpec())
    if fields:
        spec.MergeFrom(json_format.ParseDict(fields, trainer_pb.SweepSpec()))
    return spec


def _enum(enum: Any, prefix: str, value: str | int) -> int:
    if isinstance(value, int):
        return value
    name = value.upper()
    return int(enum.Value(name if name.startswith(prefix) else prefix + name))


def job_state(value: str | int) -> int:
    """``"running"``, ``"JOB_STATE_RUNNING"`` or the number."""
    return _enum(trainer_pb.JobState, "JOB_STATE_", value)


def state_name(state: int) -> str:
    """``JOB_STATE_SUCCEEDED`` -> ``SUCCEEDED``."""
    return trainer_pb.JobState.Name(state).removeprefix("JOB_STATE_")  # type: ignore[arg-type]


class TrainerMixin:
    """The TrainerService methods of :class:`tuneforge_client.Client`."""

    _trainer: trainer_grpc.TrainerServiceStub
    _metadata: tuple[tuple[str, str], ...]
    timeout: float

    if TYPE_CHECKING:

        def _call(self, method: Callable[..., T], request: Any, timeout: float | None) -> T: ...

    def _stream(
        self, method: Callable[..., Iterable[T]], request: Any, timeout: float | None
    ) -> Iterator[T]:
        """A server stream; no deadline unless ``timeout`` (streams last as long as jobs)."""
        metadata = (*self._metadata, ("x-request-id", uuid.uuid4().hex))
        call = method(request, timeout=timeout, metadata=metadata)
        try:
            yield from call
        except grpc.RpcError as err:
            raise TuneforgeError.from_rpc_error(err) from None
        finally:
            cancel = getattr(call, "cancel", None)  # an abandoned iterator ends the call
            if cancel is not None:
                cancel()

    # -- jobs -----------------------------------------------------------------------

    def submit_job(
        self,
        spec: SpecLike,
        idempotency_key: str | None = None,
        timeout: float | None = None,
    ) -> trainer_pb.Job:
        """Queue a job. Retrying with the same ``idempotency_key`` returns the first job
        (a different spec under the key is ALREADY_EXISTS)."""
        return self.submit_job_response(spec, idempotency_key, timeout).job

    def submit_job_response(
        self,
        spec: SpecLike,
        idempotency_key: str | None = None,
        timeout: float | None = None,
    ) -> trainer_pb.SubmitJobResponse:
        """:meth:`submit_job`'s whole answer: the job and whether this call created it."""
        request = trainer_pb.SubmitJobRequest(
            spec=job_spec(spec), idempotency_key=idempotency_key or ""
        )
        return self._call(self._trainer.SubmitJob, request, timeout)

    def get_job(self, job_id: str, timeout: float | None = None) -> trainer_pb.Job:
        return self._call(
            self._trainer.GetJob, trainer_pb.GetJobRequest(job_id=job_id), timeout
        ).job

    def list_jobs_page(
        self,
        states: Iterable[str | int] = (),
        labels: Mapping[str, str] | None = None,
        sweep_id: str = "",
        page_size: int = 0,
        page_token: str = "",
        timeout: float | None = None,
    ) -> trainer_pb.ListJobsResponse:
        request = trainer_pb.ListJobsRequest(
            states=[job_state(s) for s in states],  # type: ignore[misc]
            labels=dict(labels or {}),
            sweep_id=sweep_id,
            page=common_pb2.PageRequest(page_size=page_size, page_token=page_token),
        )
        return self._call(self._trainer.ListJobs, request, timeout)

    def list_jobs(
        self,
        states: Iterable[str | int] = (),
        labels: Mapping[str, str] | None = None,
        sweep_id: str = "",
        page_size: int = 0,
        timeout: float | None = None,
    ) -> Iterator[trainer_pb.Job]:
        """Every matching job, oldest first, fetching the pages as it goes."""
        states, token = list(states), ""
        while True:
            page = self.list_jobs_page(states, labels, sweep_id, page_size, token, timeout)
            yield from page.jobs
            token = page.next_page_token
            if not token:
                return

    def cancel_job(
        self, job_id: str, reason: str = "", timeout: float | None = None
    ) -> trainer_pb.Job:
        """Cancel a job: a queued one at once, a running one when its worker is gone
        (:meth:`wait_job` sees it CANCELLED)."""
        request = trainer_pb.CancelJobRequest(job_id=job_id, reason=reason)
        return self._call(self._trainer.CancelJob, request, timeout).job

    def watch_job(
        self,
        job_id: str,
        from_sequence: int = 1,
        *,
        reconnect_seconds: float = 60.0,
        timeout: float | None = None,
    ) -> Iterator[trainer_pb.JobEvent]:
        """The job's events from ``from_sequence`` until its final state change.

        When the connection drops (UNAVAILABLE: a server restart, a replica going
        away) it reconnects from the last event's sequence + 1, retrying with backoff
        for up to ``reconnect_seconds``: the caller sees every event exactly once.
        ``timeout`` bounds the whole watch (DEADLINE_EXCEEDED).
        """
        end = None if timeout is None else time.monotonic() + timeout
        seq, backoff, lost = from_sequence, 0.1, None
        while True:
            left = None if end is None else max(end - time.monotonic(), 0.001)
            request = trainer_pb.WatchJobRequest(job_id=job_id, from_sequence=seq)
            try:
                for resp in self._stream(self._trainer.WatchJob, request, left):
                    seq, backoff, lost = resp.event.sequence + 1, 0.1, None
                    yield resp.event
                return
            except TuneforgeError as e:
                if e.code is not grpc.StatusCode.UNAVAILABLE:
                    raise
                lost = lost or time.monotonic()
                if time.monotonic() - lost > reconnect_seconds:
                    raise
                time.sleep(backoff)
                backoff = min(backoff * 2, 2.0)

    def wait_job(self, job_id: str, timeout: float | None = None) -> trainer_pb.Job:
        """Block until the job is in a final state; the job then. TimeoutError after
        ``timeout`` seconds."""
        job = self.get_job(job_id)
        if job.state in FINAL_STATES:
            return job
        try:
            for _ in self.watch_job(job_id, job.last_sequence + 1, timeout=timeout):
                pass
        except TuneforgeError as e:
            if e.code is grpc.StatusCode.DEADLINE_EXCEEDED:
                raise TimeoutError(f"job {job_id} did not end within {timeout} s") from None
            raise
        return self.get_job(job_id)

    def job_logs(
        self,
        job_id: str,
        tail: int = 0,
        follow: bool = False,
        timeout: float | None = None,
    ) -> Iterator[str]:
        """The worker's output lines: the last ``tail`` (0: all), then with ``follow`` new
        ones until the job ends."""
        request = trainer_pb.GetJobLogsRequest(job_id=job_id, tail_lines=tail, follow=follow)
        for resp in self._stream(self._trainer.GetJobLogs, request, timeout):
            yield from resp.lines

    def job_metrics(
        self, job_id: str, timeout: float | None = None
    ) -> list[trainer_pb.JobProgress]:
        """Every progress point the job reported, in step order."""
        request = trainer_pb.GetJobMetricsRequest(job_id=job_id)
        return list(self._call(self._trainer.GetJobMetrics, request, timeout).points)

    def catalog(self, timeout: float | None = None) -> trainer_pb.ListCatalogResponse:
        """Optimizers (with hyperparameter schemas), models, datasets, devices, backends."""
        return self._call(self._trainer.ListCatalog, trainer_pb.ListCatalogRequest(), timeout)

    # -- sweeps ---------------------------------------------------------------------

    def submit_sweep(
        self,
        spec: SpecLike,
        idempotency_key: str | None = None,
        timeout: float | None = None,
    ) -> trainer_pb.Sweep:
        """Start a sweep: a study over fields of a job template, one job per trial."""
        request = trainer_pb.SubmitSweepRequest(
            spec=sweep_spec(spec), idempotency_key=idempotency_key or ""
        )
        return self._call(self._trainer.SubmitSweep, request, timeout).sweep

    def get_sweep(self, sweep_id: str, timeout: float | None = None) -> trainer_pb.Sweep:
        request = trainer_pb.GetSweepRequest(sweep_id=sweep_id)
        return self._call(self._trainer.GetSweep, request, timeout).sweep

    def list_sweeps(
        self,
        states: Iterable[str | int] = (),
        page_size: int = 0,
        timeout: float | None = None,
    ) -> Iterator[trainer_pb.Sweep]:
        """Every matching sweep (without trial lists), oldest first."""
        codes = [_enum(trainer_pb.SweepState, "SWEEP_STATE_", s) for s in states]
        token = ""
        while True:
            request = trainer_pb.ListSweepsRequest(
                states=codes,  # type: ignore[arg-type]
                page=common_pb2.PageRequest(page_size=page_size, page_token=token),
            )
            page = self._call(self._trainer.ListSweeps, request, timeout)
            yield from page.sweeps
            token = page.next_page_token
            if not token:
                return

    def cancel_sweep(
        self, sweep_id: str, reason: str = "", timeout: float | None = None
    ) -> trainer_pb.Sweep:
        """No new trials; the running ones are cancelled."""
        request = trainer_pb.CancelSweepRequest(sweep_id=sweep_id, reason=reason)
        return self._call(self._trainer.CancelSweep, request, timeout).sweep

    def wait_sweep(
        self, sweep_id: str, timeout: float | None = None, poll: float = 0.5
    ) -> trainer_pb.Sweep:
        """Poll until the sweep ended; the sweep then. TimeoutError after ``timeout`` s."""
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            sweep = self.get_sweep(sweep_id)
            if sweep.state in SWEEP_FINAL_STATES:
                return sweep
            if end is not None and time.monotonic() > end:
                raise TimeoutError(f"sweep {sweep_id} did not end within {timeout} s")
            time.sleep(poll)
