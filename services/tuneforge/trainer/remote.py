"""``tuneforge worker``: one training pod of the Kubernetes backend.

The pod asks the trainer's WorkerService for its job (``GetAssignment``: the
first pod claims it, a replacement resumes it as a new attempt), writes the spec
into the job's directory on the checkpoint volume, and runs the very runner the
local backend runs (:func:`tuneforge.trainer.worker.main`, in this process: its
SIGTERM handler is the pod's). A relay thread tails the job's events file and
sends what is new (``ReportEvents``), positioned by byte offsets so the trainer
stores each line exactly once across retries, trainer restarts and pods; a
``stop`` in an answer (a cancel, a pruned trial) is a SIGTERM to this process:
the runner checkpoints and exits :data:`EXIT_STOPPED`.

The events position is the trainer's, not the file's: a pod that finds a
shorter file than the trainer stored (a fresh volume) reports from where the
trainer is, shifted by the difference, and a file longer than that (lines a
killed pod wrote and never reported) is reported from the trainer's position.

Only rank 0 reports (the other ranks of a multi-worker job only train). The job
token comes from ``TUNEFORGE_JOB_TOKEN`` only: a flag would show in ``ps``.
Exit codes are the worker's; a job the trainer refuses (unknown, ended, a bad
token) exits :data:`EXIT_CONFIG`, which the Job's ``podFailurePolicy`` turns into
a failed Job instead of a retry. A config error's reason also goes to the
termination log, where ``kubectl describe`` and the backend read it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

from tuneforge.trainer import events, job_tokens
from tuneforge.trainer.exit_codes import EXIT_CONFIG, EXIT_ERROR
from tuneforge.trainer.jobdir import JobDir
from tuneforge.trainer.messages import progress_pb
from tuneforge.v1 import trainer_service_pb2 as tpb
from tuneforge.v1 import worker_service_pb2 as pb
from tuneforge.v1 import worker_service_pb2_grpc as pb_grpc

__all__ = ["Relay", "WorkerArgs", "add_command", "run"]

log = logging.getLogger("tuneforge.worker")

JOB_DIR_ENV = "TUNEFORGE_JOB_DIR"
POD_ENV = "TUNEFORGE_POD_NAME"
CA_ENV = "TUNEFORGE_TRAINER_CA"
TERMINATION_LOG = Path("/dev/termination-log")
MAX_REPORT_BYTES = 1 << 20  # one report's lines at most (far below the message limit)
CALL_SECONDS = 30.0
# A call that may succeed later: the trainer restarting, a network blip.
_RETRYABLE = (
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.ABORTED,
    grpc.StatusCode.INTERNAL,
)


@dataclass(frozen=True, slots=True)
class WorkerArgs:
    job_id: str
    trainer: str
    job_dir: Path
    token: str
    pod: str
    rank: int = 0
    device: str = "auto"
    tls_ca: Path | None = None
    connect_seconds: float = 300.0  # how long the trainer may be unreachable at start
    report_seconds: float = 1.0  # how often new events are sent (and a stop looked for)
    drain_seconds: float = 60.0  # how long the last events may take to land at the end


def events_pb(batch: events.Batch) -> list[pb.WorkerEvent]:
    """A parsed run of lines as WorkerService's events (progress in order, then the
    latest checkpoint, the final metrics, the error)."""
    out = [pb.WorkerEvent(progress=progress_pb(p)) for p in batch.progress]
    if batch.checkpoint is not None:
        out.append(pb.WorkerEvent(checkpoint=pb.WorkerCheckpoint(step=batch.checkpoint)))
    if batch.final is not None:
        out.append(pb.WorkerEvent(final=pb.WorkerFinal(metrics=batch.final)))
    if batch.error:
        out.append(pb.WorkerEvent(error=pb.WorkerError(reason=batch.error)))
    return out


class Relay:
    """Sends the events file's new complete lines to the trainer, each once.

    ``position`` is the trainer's events offset; ``delta`` maps it onto this file
    (file position = trainer position - delta). Thread-safe: :meth:`step` runs on
    its thread (:meth:`start`), :meth:`drain` after it stopped.
    """

    def __init__(
        self,
        stub: pb_grpc.WorkerServiceStub,
        job_id: str,
        path: Path,
        offset: int,
        metadata: tuple[tuple[str, str], ...],
        on_stop: Callable[[], None],
        period: float = 1.0,
    ) -> None:
        self.stub = stub
        self.job_id = job_id
        self.path = path
        self.metadata = metadata
        self.on_stop = on_stop
        self.period = period
        size = path.stat().st_size if path.exists() else 0
        self.delta = max(0, offset - size)  # a fresh volume: the trainer is ahead of the file
        self.position = offset
        self.stopped = False  # the trainer asked for a stop (on_stop was called)
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None

    def _pending(self) -> tuple[bytes, int]:
        """The complete lines after ``position`` (at most MAX_REPORT_BYTES), and their end."""
        start = self.position - self.delta
        try:
            with open(self.path, "rb") as f:
                f.seek(start)
                chunk = f.read(MAX_REPORT_BYTES)
        except FileNotFoundError:
            return b"", self.position
        cut = chunk.rfind(b"\n") + 1  # a torn last line waits for its end
        return chunk[:cut], self.position + cut

    def step(self) -> bool:
        """One report (an empty one still asks for a stop): whether it moved the trainer's
        position (then there may be more to send at once)."""
        chunk, end = self._pending()
        batch, _bad = events.parse(chunk)  # foreign lines are skipped, their bytes counted
        request = pb.ReportEventsRequest(
            job_id=self.job_id, offset=self.position, end_offset=end, events=events_pb(batch)
        )
        response = self.stub.ReportEvents(request, timeout=CALL_SECONDS, metadata=self.metadata)
        before, self.position = self.position, max(response.offset, self.delta)
        if response.stop and not self.stopped:
            self.stopped = True
            self.on_stop()
        return self.position != before

    @property
    def caught_up(self) -> bool:
        """Whether the trainer holds every complete line of the file."""
        return self._pending()[1] == self.position

    def _loop(self) -> None:
        while not self._halt.wait(self.period):
            try:
                while self.step() and not self._halt.is_set():
                    pass  # a full report: the next one at once
            except grpc.RpcError as e:
                log.warning("reporting failed; retrying", extra={"code": str(e.code())})

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="relay", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._halt.set()
        if self._thread is not None:
            self._thread.join()

    def drain(self, seconds: float) -> bool:
        """Send what is left, retrying for up to ``seconds``; whether all of it landed
        (or the trainer, having asked for a stop, takes no more: an ended job)."""
        until = time.monotonic() + seconds
        backoff = 0.2
        while True:
            try:
                moved = self.step()
                if self.caught_up:
                    return True
                if moved:
                    continue
                if self.stopped:
                    return True  # the job ended there: nothing more is stored
            except grpc.RpcError as e:
                if e.code() not in _RETRYABLE:
                    log.error("the last events were not reported", extra={"code": str(e.code())})
                    return False
            if time.monotonic() + backoff > until:
                log.error("the last events were not reported in time")
                return False
            time.sleep(backoff)
            backoff = min(5.0, backoff * 2)


def _channel(args: WorkerArgs) -> grpc.Channel:
    options = [
        ("grpc.keepalive_time_ms", 30_000),
        ("grpc.keepalive_timeout_ms", 10_000),
        ("grpc.max_receive_message_length", 64 << 20),
    ]
    if args.tls_ca is None:
        return grpc.insecure_channel(args.trainer, options=options)
    creds = grpc.ssl_channel_credentials(root_certificates=args.tls_ca.read_bytes())
    return grpc.secure_channel(args.trainer, creds, options=options)


def _assignment(
    stub: pb_grpc.WorkerServiceStub, args: WorkerArgs, metadata: tuple[tuple[str, str], ...]
) -> pb.GetAssignmentResponse:
    """GetAssignment, retried while the trainer is unreachable (up to connect_seconds)."""
    request = pb.GetAssignmentRequest(job_id=args.job_id, pod=args.pod, rank=args.rank)
    until = time.monotonic() + args.connect_seconds
    backoff = 0.5
    while True:
        try:
            response: pb.GetAssignmentResponse = stub.GetAssignment(
                request, timeout=CALL_SECONDS, metadata=metadata
            )
            return response
        except grpc.RpcError as e:
            if e.code() not in _RETRYABLE or time.monotonic() + backoff > until:
                raise
            log.warning("the trainer is not answering; retrying", extra={"code": str(e.code())})
        time.sleep(backoff)
        backoff = min(10.0, backoff * 2)


def _write_spec(jd: JobDir, spec: tpb.JobSpec, pod: str) -> None:
    """spec.json, atomically (every rank of a job writes the same spec: its own temp file)."""
    from google.protobuf import json_format

    jd.root.mkdir(parents=True, exist_ok=True)
    tmp = jd.spec.with_name(f".{jd.spec.name}.{pod}.tmp")
    tmp.write_text(json_format.MessageToJson(spec), encoding="utf-8")
    os.replace(tmp, jd.spec)


def _terminate(message: str) -> None:
    """The reason Kubernetes shows for this container (when the file is there)."""
    print(f"tuneforge worker: {message}", file=sys.stderr, flush=True)
    if TERMINATION_LOG.parent.is_dir():
        with contextlib.suppress(OSError):
            TERMINATION_LOG.write_text(message[:4000], encoding="utf-8")


def run(args: WorkerArgs, main: Callable[[Path, str], int] | None = None) -> int:
    """Run the job as a pod of it; the worker's exit code (see the module docstring).
    ``main`` is :func:`tuneforge.trainer.worker.main` (imported here: it loads torch)."""
    metadata = (("authorization", f"Bearer {args.token}"),)
    jd = JobDir(args.job_dir)
    with _channel(args) as channel:
        stub = pb_grpc.WorkerServiceStub(channel)
        try:
            got = _assignment(stub, args, metadata)
        except grpc.RpcError as e:
            code = e.code()
            _terminate(f"the trainer refused job {args.job_id} ({code.name}): {e.details()}")
            return EXIT_CONFIG if code not in _RETRYABLE else EXIT_ERROR
        _write_spec(jd, got.spec, args.pod)
        log.info(
            "assigned",
            extra={"job": args.job_id, "attempt": got.attempt, "offset": got.events_offset},
        )
        if main is None:
            from tuneforge.trainer.worker import main as worker_main

            main = worker_main
        if args.rank != 0:
            return main(jd.root, args.device)
        relay = Relay(
            stub,
            args.job_id,
            jd.events,
            got.events_offset,
            metadata,
            lambda: os.kill(os.getpid(), signal.SIGTERM),
            args.report_seconds,
        )
        relay.start()
        try:
            code = main(jd.root, args.device)
        finally:
            relay.stop()
        drained = relay.drain(args.drain_seconds)
    if code == EXIT_CONFIG:
        batch, _ = events.parse(jd.events.read_bytes() if jd.events.exists() else b"")
        _terminate(f"configuration error: {batch.error or 'the worker refused the job'}")
    if not drained and code == 0:
        return EXIT_ERROR  # done, but the trainer never heard it: let the Job retry
    return code


def _args(ns: argparse.Namespace) -> WorkerArgs:
    token = os.environ.get(job_tokens.TOKEN_ENV, "").strip()
    if not token:
        raise SystemExit(f"tuneforge worker: no job token in ${job_tokens.TOKEN_ENV}")
    job_dir = ns.dir or os.environ.get(JOB_DIR_ENV)
    if not job_dir:
        raise SystemExit(f"tuneforge worker: give --dir or ${JOB_DIR_ENV}")
    ca = ns.tls_ca or os.environ.get(CA_ENV) or None
    return WorkerArgs(
        job_id=ns.job,
        trainer=ns.trainer,
        job_dir=Path(job_dir),
        token=token,
        pod=os.environ.get(POD_ENV) or socket.gethostname(),
        rank=int(os.environ.get("RANK") or 0),
        device=ns.device,
        tls_ca=Path(ca) if ca else None,
        connect_seconds=ns.connect_seconds,
        report_seconds=ns.report_seconds,
    )


def _command(ns: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        args = _args(ns)
    except SystemExit as e:
        _terminate(str(e.code).removeprefix("tuneforge worker: "))
        return EXIT_CONFIG
    return run(args)


def add_command(sub: Any) -> None:
    """``tuneforge worker`` under the top-level parser's subcommands."""
    p = sub.add_parser("worker", help="run one job as a pod of the Kubernetes backend")
    p.add_argument("--job", required=True, help="the job's id")
    p.add_argument("--trainer", required=True, help="host:port of the trainer's WorkerService")
    p.add_argument("--dir", default=None, help=f"the job's directory [env {JOB_DIR_ENV}]")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N")
    p.add_argument(
        "--tls-ca", default=None, help=f"CA (PEM) of the trainer's TLS cert [env {CA_ENV}]"
    )
    p.add_argument("--connect-seconds", type=float, default=300.0, help=argparse.SUPPRESS)
    p.add_argument("--report-seconds", type=float, default=1.0, help=argparse.SUPPRESS)
    p.set_defaults(func=_command)
