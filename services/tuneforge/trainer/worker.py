"""The worker process: run one job directory and say how it ended by the exit code.

``main(job_dir, device)`` reads ``spec.json``, turns SIGTERM into a stop request
(the runner checkpoints at the next step boundary), runs the job, appends the
``final`` line and returns :data:`EXIT_DONE`; a configuration error it finds
gives an ``error`` line and :data:`EXIT_CONFIG`; any other exception a traceback
on stderr and :data:`EXIT_ERROR`; a stop :data:`EXIT_STOPPED`. The local backend
calls :func:`prepare_child` and then :func:`main` in a forkserver child; a
Kubernetes pod runs ``python -m tuneforge.trainer.worker JOB_DIR [--device D]``.

With torchrun's variables (``WORLD_SIZE`` > 1, ``RANK``, ``MASTER_ADDR``,
``MASTER_PORT``: a multi-pod job) it joins the job's process group first and leaves
it at the end (:mod:`.distributed`); only rank 0 appends the ``final`` or ``error``
line to the events file the pods share.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from types import FrameType

import torch
import torch._dynamo  # the first optimizer imports it (~1 s): paid once, in the preload
from google.protobuf import json_format

from tuneforge.errors import ValidationError
from tuneforge.trainer import distributed, events, runner
from tuneforge.trainer.exit_codes import EXIT_CONFIG, EXIT_DONE, EXIT_ERROR, EXIT_STOPPED
from tuneforge.trainer.jobdir import JobDir

__all__ = [
    "EXIT_CONFIG",
    "EXIT_DONE",
    "EXIT_ERROR",
    "EXIT_STOPPED",
    "main",
    "prepare_child",
]


_PR_SET_PDEATHSIG = 1


def prepare_child(log_path: str | Path) -> None:
    """In a freshly forked worker: its own process group, death with its parent
    (Linux ``PR_SET_PDEATHSIG``; elsewhere nothing), fds 1 and 2 onto ``log_path``."""
    with contextlib.suppress(OSError):  # already a group leader
        os.setsid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        for std in (1, 2):
            os.dup2(fd, std)
    finally:
        os.close(fd)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(line_buffering=True)


def main(job_dir: str | Path, device: str = "auto") -> int:
    """Run the job in ``job_dir`` on ``device``; the exit code (see the module docstring)."""
    jd = JobDir(Path(job_dir))
    stop = threading.Event()
    previous = _on_sigterm(stop)
    try:
        return _main(jd, device, stop)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main(jd: JobDir, device: str, stop: threading.Event) -> int:
    leader = os.environ.get("RANK", "0") in ("", "0")  # until the world is known
    joined = False
    try:
        try:
            spec = jd.read_spec()
        except (OSError, json_format.ParseError) as exc:
            raise ValidationError.single("spec", f"cannot read {jd.spec}: {exc}") from exc
        spec = _validate(spec)
        torch.set_num_threads(max(1, round(spec.resources.cpu or 1)))
        world = distributed.from_env()
        if world is not None:
            leader = world.leader
            device = runner.resolve_device(spec.device if device in ("", "auto") else device)
            distributed.start(world, device)
            joined = True
        metrics = runner.run(spec, jd, device, stop)
    except runner.Stopped as stopped:
        print(f"tuneforge worker: {stopped}", file=sys.stderr, flush=True)
        return EXIT_STOPPED
    except ValidationError as exc:
        if leader:
            _append(jd, events.encode("error", reason=str(exc)))
        print(f"tuneforge worker: configuration error: {exc}", file=sys.stderr, flush=True)
        return EXIT_CONFIG
    except Exception:
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()
        return EXIT_ERROR
    finally:
        if joined:
            distributed.stop()
    if leader:
        _append(jd, events.encode("final", metrics={k: float(v) for k, v in metrics.items()}))
    return EXIT_DONE


def _validate(spec: runner.pb.JobSpec) -> runner.pb.JobSpec:
    """The spec as the service would accept it, checked again where it runs (paths,
    entry points); a spec module without ``validate`` yet leaves it as read."""
    try:
        from tuneforge.trainer import spec as job_spec
    except ImportError:
        return spec
    validate = getattr(job_spec, "validate", None)
    return spec if validate is None else validate(spec)


def _append(jd: JobDir, line: str) -> None:
    with open(jd.events, "a", encoding="utf-8") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())


def _on_sigterm(stop: threading.Event) -> signal.Handlers | None:
    """SIGTERM sets ``stop``; the handler it replaced (None off the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, handler)
    return previous  # type: ignore[return-value]


def _cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tuneforge.trainer.worker", description="Run one tuneforge job directory."
    )
    parser.add_argument("job_dir", help="the job's directory (spec.json, events.jsonl, ...)")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N")
    args = parser.parse_args(argv)
    return main(args.job_dir, args.device)


if __name__ == "__main__":
    sys.exit(_cli())
