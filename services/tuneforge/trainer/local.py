"""The local backend: jobs run in worker processes on this machine, CPU or CUDA.

One supervisor thread (its own, not a shared pool) owns every worker:

- **Admission.** QUEUED jobs start in submission order while fewer than
  ``max_running_jobs`` run and the job's resources (GPUs, CPU cores, memory)
  fit in what is free. A job that does not fit yet may be overtaken by later
  jobs that do (backfilling), but at most :data:`MAX_OVERTAKES` times: after
  that it holds the line, and nothing behind it starts until it has. So small
  jobs fill idle capacity and a big one still starts within a bounded number
  of overtakes.
- **Devices.** A job gets whole GPUs: their indices become the worker's
  ``CUDA_VISIBLE_DEVICES`` and the worker trains on ``cuda:0``; a CPU job sees
  no GPU. ``auto`` takes a free GPU when there is one (or when the job asks
  for GPUs) and the CPU otherwise.
- **Workers** are forked by a ``multiprocessing`` forkserver that imported
  torch, scikit-learn's datasets and :mod:`tuneforge.trainer.worker` once, so a
  job starts in ~100 ms; this process never imports torch. Each worker is a
  process group of its own (killed as a group) and dies with the forkserver,
  which dies with this process.
- **Events.** Every ``job_poll_seconds`` the supervisor reads the complete new
  lines of each worker's ``events.jsonl`` and stores them with their file
  offset in one transaction (exactly once across restarts), then wakes
  watchers (``on_events``); :mod:`.tracking` copies them to MLflow.
- **Ends.** Exit 0 is SUCCEEDED with the ``final`` metrics; a crash FAILED with
  the exit code and the last lines of the worker's output; a stop request
  (cancel, prune) or a deadline kills the group with SIGKILL.
- **Restarts.** A RUNNING job belongs to ``"<node_name>/<boot id>"``. At start
  the backend adopts the RUNNING jobs an earlier boot of this node left: it
  kills a stray worker group still alive (``worker.pid`` in the job directory)
  and relaunches the worker, which resumes from its latest checkpoint; a job
  without one fails with :data:`NO_CHECKPOINT`. ``node_name`` must therefore
  be unique among the servers that share a database.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from tuneforge.errors import Violations
from tuneforge.runtime.config import Settings
from tuneforge.tracker.store import TrackerStore
from tuneforge.trainer import devices as job_devices
from tuneforge.trainer import events
from tuneforge.trainer.events import JobState, Progress
from tuneforge.trainer.exit_codes import EXIT_CONFIG, EXIT_DONE, EXIT_STOPPED
from tuneforge.trainer.jobdir import JobDir, checkpoints
from tuneforge.trainer.store import JobRecord, JobStore
from tuneforge.trainer.tracking import JobRecorder
from tuneforge.v1 import trainer_service_pb2 as pb

log = logging.getLogger("tuneforge.trainer")

#: What the forkserver imports once, before it forks any worker: torch and the rest a
#: worker needs (never the server's __main__: see _without_main).
PRELOAD = ["tuneforge.trainer.preload"]
NO_CHECKPOINT = "the server restarted while the job ran and it had no checkpoint"
MAX_OVERTAKES = 3  # later jobs that may start past a queued job that does not fit
HEARTBEAT_SECONDS = 5.0
ADMIT_SECONDS = 1.0  # admission runs on wake() and at least this often (other replicas' submits)
LOG_TAIL_LINES = 20
MAX_READ = 4 << 20  # bytes of events read per worker per round
KILL_WAIT_SECONDS = 3.0  # for a SIGKILLed group to be reaped
# checkpoint.py's file names (that module imports torch): a complete checkpoint.


@dataclass(frozen=True, slots=True)
class Need:
    """What a job takes while it runs."""

    gpus: int
    cpu: float
    memory_mib: int
    pinned: int | None = None  # cuda:N names that GPU
    opportunistic: bool = False  # auto without gpus: a free GPU if any, else the CPU

    @classmethod
    def of(cls, spec: pb.JobSpec) -> Need:
        r = spec.resources
        device = job_devices.parse(spec.device) or job_devices.AUTO
        cpu, mem = r.cpu or 1.0, r.memory_mib
        if device == job_devices.CPU:
            return cls(0, cpu, mem)
        if device == job_devices.AUTO:
            return cls(r.gpus, cpu, mem, opportunistic=r.gpus == 0)
        pinned = int(device.split(":")[1]) if ":" in device else None
        return cls(max(1, r.gpus), cpu, mem, pinned)


@dataclass(slots=True)
class Capacity:
    """What is free: job slots, GPU indices, cores and memory (None: not accounted)."""

    slots: int
    gpus: set[int]
    cpu: float
    memory_mib: int | None

    def assign(self, need: Need) -> tuple[int, ...] | None:
        """The GPUs ``need`` gets when it fits now (``()`` for CPU), else None."""
        if self.slots < 1 or need.cpu > self.cpu + 1e-9:
            return None
        if self.memory_mib is not None and need.memory_mib > self.memory_mib:
            return None
        free = sorted(self.gpus)
        if need.pinned is not None:
            if need.pinned not in self.gpus:
                return None
            free = [need.pinned, *(g for g in free if g != need.pinned)]
        if len(free) < need.gpus:
            return None
        if need.gpus:
            return tuple(free[: need.gpus])
        return tuple(free[:1]) if need.opportunistic else ()

    def take(self, need: Need, gpus: Sequence[int]) -> None:
        self.slots -= 1
        self.gpus -= set(gpus)
        self.cpu -= need.cpu
        if self.memory_mib is not None:
            self.memory_mib -= need.memory_mib


@dataclass(slots=True)
class _Worker:
    """One running job's worker, as the supervisor tracks it."""

    job_id: str
    process: BaseProcess
    dir: JobDir
    need: Need
    gpus: tuple[int, ...]
    offset: int  # read position in events.jsonl (stored with the events)
    limit: float  # seconds of run time allowed
    prior_seconds: float  # run time of earlier attempts
    launched: float = field(default_factory=time.monotonic)
    final: dict[str, float] | None = None
    error: str = ""

    @property
    def pid(self) -> int:
        assert self.process.pid is not None
        return self.process.pid

    @property
    def run_seconds(self) -> float:
        return self.prior_seconds + time.monotonic() - self.launched


class LocalBackend:
    """Runs jobs in worker processes on this machine (see the module docstring).

    Thread-safe: :meth:`wake` and :meth:`check` from any thread; :meth:`start`
    and :meth:`stop` from the service's hooks. It owns its supervisor thread,
    its workers and the MLflow recorder; not the store or the tracker.
    """

    name = "local"

    def __init__(
        self,
        store: JobStore,
        settings: Settings,
        tracker: TrackerStore | None,
        on_events: Callable[[str], None],
    ) -> None:
        self.store = store
        self.settings = settings
        self.on_events = on_events
        self.boot_id = uuid.uuid4().hex[:12]
        self.owner = f"{settings.node_name}/{self.boot_id}"
        self.recorder = JobRecorder(tracker, store) if tracker is not None else None
        self._ctx = multiprocessing.get_context("forkserver")
        self._workers: dict[str, _Worker] = {}
        self._overtakes: dict[str, int] = {}
        self._wakeup = threading.Event()
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        self._devices: list[str] | None = None
        self._admit_at = 0.0
        self._heartbeat_at = 0.0

    # -- what the service asks -----------------------------------------------------

    @property
    def available(self) -> bool:
        """Whether workers can run here (PyTorch is installed)."""
        try:
            return importlib.util.find_spec("torch") is not None
        except ImportError:  # a finder that refuses torch outright
            return False

    def devices(self) -> list[str]:
        if self._devices is None:
            self._devices = job_devices.probe()
        return list(self._devices)

    @property
    def gpu_count(self) -> int:
        return sum(d.startswith(job_devices.CUDA) for d in self.devices())

    @property
    def cpus(self) -> float:
        return self.settings.trainer_cpus or float(os.cpu_count() or 1)

    def check(self, spec: pb.JobSpec, v: Violations, prefix: str = "spec") -> None:
        device = job_devices.parse(spec.device)
        have = self.devices()
        gpus = self.gpu_count
        if device is not None and device.startswith(job_devices.CUDA):
            v.check(
                device in have if ":" in device else gpus > 0,
                f"{prefix}.device",
                f"{device} does not exist on this server; it has {', '.join(have)}",
                "UNKNOWN",
            )
        r = spec.resources
        v.check(
            r.gpus <= gpus,
            f"{prefix}.resources.gpus",
            f"{r.gpus} GPUs asked; this server has {gpus}",
            "OUT_OF_RANGE",
        )
        v.check(
            (r.cpu or 1.0) <= self.cpus,
            f"{prefix}.resources.cpu",
            f"{r.cpu:g} cores asked; this server hands out {self.cpus:g}",
            "OUT_OF_RANGE",
        )
        v.check(
            r.workers <= 1,
            f"{prefix}.resources.workers",
            f"{r.workers} workers asked; the local backend runs one worker per job; "
            "use the kubernetes backend",
            "OUT_OF_RANGE",
        )
        v.check(
            not spec.HasField("placement"),
            f"{prefix}.placement",
            "pod placement applies to the Kubernetes backend; this server runs jobs locally",
            "UNSUPPORTED",
        )
        limit = self.settings.trainer_memory_mib
        v.check(
            not limit or r.memory_mib <= limit,
            f"{prefix}.resources.memory_mib",
            f"{r.memory_mib} MiB asked; this server hands out {limit}",
            "OUT_OF_RANGE",
        )

    def log_path(self, job_id: str) -> str:
        return str(self._dir(job_id).log)

    def wake(self) -> None:
        self._wakeup.set()

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> None:
        """Start the forkserver (its preload runs meanwhile), adopt what an earlier boot
        of this node left RUNNING, then supervise."""
        if self._thread is not None:
            return
        if not self.available:
            log.warning("PyTorch is not installed: the local backend runs no jobs")
            return
        self.settings.jobs_root.mkdir(parents=True, exist_ok=True)
        self._ctx.set_forkserver_preload(PRELOAD)
        _ensure_forkserver()
        self.devices()  # probed once, now rather than in the first admission
        if self.recorder is not None:
            self.recorder.start()
        self._adopt()
        self._halt.clear()
        self._thread = threading.Thread(target=self._loop, name="job-supervisor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """SIGTERM every worker (each checkpoints and exits), SIGKILL those still there
        after ``job_stop_seconds``; their jobs stay RUNNING for the next start."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._halt.set()
        self._wakeup.set()
        thread.join()
        workers = list(self._workers.values())
        for w in workers:
            _signal_group(w.pid, signal.SIGTERM)
        until = time.monotonic() + self.settings.job_stop_seconds
        for w in workers:
            w.process.join(max(0.0, until - time.monotonic()))
        for w in workers:
            if w.process.exitcode is None:
                _signal_group(w.pid, signal.SIGKILL)
                w.process.join(KILL_WAIT_SECONDS)
        for w in workers:
            code = w.process.exitcode
            try:
                self._drain(w)
                if code not in (None, EXIT_STOPPED, -signal.SIGTERM, -signal.SIGKILL):
                    self._end(w, code)  # it ended on its own meanwhile
                    continue
                _save_run_seconds(w)
                log.info("job left to resume", extra={"job": w.job_id, "exit_code": code})
            except Exception:
                log.exception("stopping a job failed", extra={"job": w.job_id})
            self._release(w)
        if self.recorder is not None:
            self.recorder.stop()

    # -- the supervisor ------------------------------------------------------------

    def _loop(self) -> None:
        while not self._halt.is_set():
            try:
                self._round()
            except Exception:  # the store may be briefly unreachable: the next round retries
                log.exception("job supervision round failed")
            self._wakeup.wait(self.settings.job_poll_seconds)
            woken = self._wakeup.is_set()
            self._wakeup.clear()
            if woken:
                self._admit_at = 0.0

    def _round(self) -> None:
        if self._workers:
            self._supervise()
        now = time.monotonic()
        if now >= self._admit_at:
            self._admit_at = now + ADMIT_SECONDS
            self._admit()
        if self._workers and now >= self._heartbeat_at:
            self._heartbeat_at = now + HEARTBEAT_SECONDS
            self.store.heartbeat(self.owner)
            for w in self._workers.values():
                _save_run_seconds(w)

    def _supervise(self) -> None:
        rows = {r.id: r for r in self.store.running(self.name, self.owner)}
        for w in list(self._workers.values()):
            try:
                self._watch(w, rows.get(w.job_id))
            except Exception:
                log.exception("supervising a job failed", extra={"job": w.job_id})

    def _watch(self, w: _Worker, row: JobRecord | None) -> None:
        self._drain(w)
        code = w.process.exitcode
        if code is not None:
            self._drain(w)
            self._end(w, code)
        elif row is None or row.owner != self.owner:
            # Finished or taken over elsewhere (an operator, another replica): not ours now.
            log.warning("job no longer ours; killing its worker", extra={"job": w.job_id})
            self._kill(w)
            self._release(w)
        elif row.stop_requested is not None:
            code = self._kill(w)
            self._drain(w)
            self._finish(w, row.stop_requested, row.stop_reason, code)
        elif w.run_seconds > w.limit:
            code = self._kill(w)
            self._drain(w)
            reason = f"exceeded its max_duration of {w.limit:g}s"
            self._finish(w, JobState.FAILED, reason, code)

    def _drain(self, w: _Worker) -> None:
        """Store the complete lines the worker appended since the last read."""
        while True:
            try:
                size = w.dir.events.stat().st_size
            except FileNotFoundError:
                return
            if size <= w.offset:
                return
            with open(w.dir.events, "rb") as f:
                f.seek(w.offset)
                data = f.read(min(size - w.offset, MAX_READ))
            end = data.rfind(b"\n")
            if end < 0:
                return  # a line being written
            progress = self._parse(w, data[: end + 1])
            offset = w.offset + end + 1
            self.store.append_events(w.job_id, progress, offset, final_metrics=w.final)
            w.offset = offset
            _notify(self.on_events, w.job_id)

    def _parse(self, w: _Worker, chunk: bytes) -> list[Progress]:
        batch, bad = events.parse(chunk)
        if bad:
            log.warning("bad worker event lines", extra={"job": w.job_id, "lines": bad})
        if batch.final is not None:
            w.final = batch.final
        if batch.error:
            w.error = batch.error
        return batch.progress

    def _end(self, w: _Worker, code: int) -> None:
        """The worker exited on its own with ``code``."""
        if code == EXIT_DONE:
            self._finish(w, JobState.SUCCEEDED, "", code, w.final or {})
        elif code == EXIT_STOPPED and has_checkpoint(w.dir):
            # Stopped from outside (a SIGTERM not ours): it checkpointed, so it resumes.
            _save_run_seconds(w)
            self._release(w)
            self._resume(self.store.get(w.job_id), "the worker was stopped; resumed")
        elif code == EXIT_CONFIG and w.error:
            self._finish(w, JobState.FAILED, w.error, code)
        else:
            self._finish(w, JobState.FAILED, f"{_describe(code)}\n{_tail(w.dir.log)}", code)

    def _finish(
        self,
        w: _Worker,
        state: JobState,
        reason: str,
        code: int | None,
        final: dict[str, float] | None = None,
    ) -> None:
        _save_run_seconds(w)
        self._release(w)
        done = self.store.finish(
            w.job_id, state, reason.strip(), code, final, expect=(JobState.RUNNING,)
        )
        log.info(
            "job ended",
            extra={"job": w.job_id, "state": state.value, "exit_code": code, "won": bool(done)},
        )
        _notify(self.on_events, w.job_id)

    def _kill(self, w: _Worker) -> int | None:
        """SIGKILL the worker's group; its exit code once reaped (None: not in time)."""
        _signal_group(w.pid, signal.SIGKILL)
        w.process.join(KILL_WAIT_SECONDS)
        return w.process.exitcode

    def _release(self, w: _Worker) -> None:
        self._workers.pop(w.job_id, None)
        with contextlib.suppress(OSError):
            _pid_file(w.dir).unlink()
        with contextlib.suppress(ValueError):
            w.process.close()  # raises while it still runs: then the GC closes it
        self._admit_at = 0.0

    # -- admission -----------------------------------------------------------------

    def _free(self) -> Capacity:
        free = Capacity(
            slots=self.settings.max_running_jobs,  # each worker takes its slot below
            gpus=set(range(self.gpu_count)),
            cpu=self.cpus,
            memory_mib=self.settings.trainer_memory_mib or None,
        )
        for w in self._workers.values():
            free.take(w.need, w.gpus)
        return free

    def _admit(self) -> None:
        free = self._free()
        if free.slots < 1:
            return
        queued = self.store.queued(self.name)
        self._overtakes = {r.id: self._overtakes.get(r.id, 0) for r in queued}
        whole = Capacity(
            1, set(range(self.gpu_count)), self.cpus, self.settings.trainer_memory_mib or None
        )
        passed: list[str] = []
        for rec in queued:
            if free.slots < 1:
                break
            need = Need.of(rec.spec)
            if whole.assign(need) is None:
                # Settings changed since it was accepted: it can never run here.
                reason = "its resources exceed what this server hands out now"
                self.store.finish(rec.id, JobState.FAILED, reason, expect=(JobState.QUEUED,))
                _notify(self.on_events, rec.id)
                continue
            gpus = free.assign(need)
            if gpus is None:
                passed.append(rec.id)
                if self._overtakes[rec.id] >= MAX_OVERTAKES:
                    break  # it holds the line until it fits
                continue
            if self._claim(rec, need, gpus):
                free.take(need, gpus)
                for p in passed:
                    self._overtakes[p] += 1

    def _claim(self, rec: JobRecord, need: Need, gpus: tuple[int, ...]) -> bool:
        got = self.store.claim(rec.id, self.owner, _host_device(gpus))
        if got is None:
            return False  # cancelled, or claimed by another replica
        _notify(self.on_events, rec.id)
        self._launch(got, need, gpus)
        return True

    def _launch(self, rec: JobRecord, need: Need, gpus: tuple[int, ...]) -> None:
        d = self._dir(rec.id)
        try:
            d.write_spec(rec.spec)
            p = self._ctx.Process(
                target=_child,
                args=(str(d.root), "cuda:0" if gpus else "cpu", ",".join(map(str, gpus))),
                name=f"tuneforge-job-{rec.id}",
                daemon=True,  # at interpreter exit multiprocessing SIGTERMs it (a checkpoint)
            )
            with _without_main():
                p.start()
        except Exception as exc:
            log.exception("cannot start a worker", extra={"job": rec.id})
            reason = f"could not start its worker: {exc}"
            self.store.finish(rec.id, JobState.FAILED, reason, expect=(JobState.RUNNING,))
            _notify(self.on_events, rec.id)
            return
        assert p.pid is not None
        _pid_file(d).write_text(f"{p.pid} {_start_time(p.pid)}\n")
        self._workers[rec.id] = _Worker(
            job_id=rec.id,
            process=p,
            dir=d,
            need=need,
            gpus=gpus,
            offset=rec.events_offset,
            limit=self._limit(rec.spec),
            prior_seconds=_read_run_seconds(d),
        )
        if self.recorder is not None:
            self.recorder.track(rec.id)
        log.info("job started", extra={"job": rec.id, "pid": p.pid, "attempt": rec.attempt})

    def _limit(self, spec: pb.JobSpec) -> float:
        cap = self.settings.max_job_seconds
        asked = spec.max_duration.ToTimedelta().total_seconds()
        return min(asked, cap) if spec.HasField("max_duration") and asked > 0 else cap

    # -- restarts ------------------------------------------------------------------

    def _adopt(self) -> None:
        """Take over the RUNNING jobs an earlier boot of this node left."""
        for rec in self.store.running(self.name, f"{self.settings.node_name}/"):
            if rec.owner == self.owner:
                continue
            try:
                _kill_stray(self._dir(rec.id))
                if rec.stop_requested is not None:
                    self.store.finish(
                        rec.id, rec.stop_requested, rec.stop_reason, expect=(JobState.RUNNING,)
                    )
                elif rec.final_metrics:  # it had finished; the server died before saying so
                    done = (JobState.SUCCEEDED, "", EXIT_DONE, rec.final_metrics)
                    self.store.finish(rec.id, *done, expect=(JobState.RUNNING,))
                elif not has_checkpoint(self._dir(rec.id)):
                    self.store.finish(
                        rec.id, JobState.FAILED, NO_CHECKPOINT, expect=(JobState.RUNNING,)
                    )
                else:
                    got = self.store.adopt(
                        rec.id, rec.owner, self.owner, "resumed from its checkpoint after a restart"
                    )
                    if got is not None:
                        self._resume(got, "")
                        continue
                _notify(self.on_events, rec.id)
                if self.recorder is not None:
                    self.recorder.track(rec.id)  # records how it ended
            except Exception:
                log.exception("adopting a job failed", extra={"job": rec.id})

    def _resume(self, rec: JobRecord, reason: str) -> None:
        """Relaunch ``rec``'s worker (already ours, RUNNING); it resumes by itself.

        Adopted jobs were admitted before the restart: they start whatever runs."""
        if reason:
            got = self.store.adopt(rec.id, rec.owner, self.owner, reason)
            if got is None:
                return
            rec = got
        need = Need.of(rec.spec)
        free = self._free()
        free.slots = max(free.slots, 1)
        gpus = free.assign(need)
        if gpus is None:  # its GPUs are taken: share them rather than fail a checkpointed job
            gpus = tuple(range(min(need.gpus, self.gpu_count)))
        _notify(self.on_events, rec.id)
        self._launch(rec, need, gpus)

    def _dir(self, job_id: str) -> JobDir:
        return JobDir.of(self.settings.jobs_root, job_id)


# -- the worker process --------------------------------------------------------------


def _child(job_dir: str, device: str, visible_gpus: str) -> None:
    """The worker: runs in a forkserver child (torch already imported there)."""
    from multiprocessing import forkserver

    from tuneforge.trainer import worker

    # The forkserver hands every child its "alive" pipe; holding it would keep the
    # forkserver (and so this worker, through PDEATHSIG) alive after the server died.
    fs: Any = forkserver._forkserver  # private: the fd has no public accessor
    alive = fs._forkserver_alive_fd
    if alive is not None:
        with contextlib.suppress(OSError):
            os.close(alive)
        fs._forkserver_alive_fd = None
    # Started as a daemon (so that the server's exit stops it); the job itself may fork.
    me: Any = multiprocessing.current_process()
    me._config["daemon"] = False
    os.environ["CUDA_VISIBLE_DEVICES"] = visible_gpus  # "" hides every GPU from a CPU job
    worker.prepare_child(JobDir(Path(job_dir)).log)
    sys.exit(worker.main(job_dir, device))


# -- helpers -------------------------------------------------------------------------


def has_checkpoint(d: JobDir) -> bool:
    """Whether the worker left a complete checkpoint to resume from."""
    try:
        return bool(checkpoints(d.checkpoints))
    except OSError:
        return False


def _host_device(gpus: Sequence[int]) -> str:
    return ",".join(f"cuda:{g}" for g in gpus) or "cpu"


def _notify(on_events: Callable[[str], None], job_id: str) -> None:
    try:
        on_events(job_id)
    except Exception:
        log.exception("on_events failed", extra={"job": job_id})


def _describe(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the worker was killed by {name} (exit code {code})"
    return f"the worker exited with code {code}"


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    """The last ``lines`` lines of the worker's output."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 16384))
            data = f.read()
    except OSError:
        return ""
    return "\n".join(data.decode("utf-8", "replace").splitlines()[-lines:])


def _signal_group(pid: int, sig: int) -> None:
    """Signal the worker's process group (the worker itself if it has none yet)."""
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)  # before its setsid()
    except PermissionError:  # not ours (the pid was reused)
        pass


def _pid_file(d: JobDir) -> Path:
    return d.root / "worker.pid"


def _start_time(pid: int) -> str:
    """The process's start time (clock ticks since boot; "" off Linux): with the pid it
    tells the worker from a later process that reused the pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def _kill_stray(d: JobDir) -> None:
    """Kill the worker group an earlier boot left running in ``d``, if it is still there."""
    try:
        pid_text, _, started = _pid_file(d).read_text().strip().partition(" ")
        pid = int(pid_text)
    except (OSError, ValueError):
        return
    with contextlib.suppress(OSError):
        if os.getpgid(pid) == pid and (not started or _start_time(pid) == started):
            log.warning("killing a stray worker", extra={"job": d.root.name, "pid": pid})
            os.killpg(pid, signal.SIGKILL)
            until = time.monotonic() + KILL_WAIT_SECONDS
            while time.monotonic() < until and _start_time(pid) == started:
                time.sleep(0.02)  # gone (or a zombie its parent reaps) in a moment


def _run_seconds_file(d: JobDir) -> Path:
    return d.root / "run_seconds"


def _read_run_seconds(d: JobDir) -> float:
    try:
        return float(_run_seconds_file(d).read_text())
    except (OSError, ValueError):
        return 0.0


def _save_run_seconds(w: _Worker) -> None:
    """Run time over every attempt, kept beside the job (a crash loses a few seconds)."""
    with contextlib.suppress(OSError):
        tmp = _run_seconds_file(w.dir).with_suffix(".tmp")
        tmp.write_text(f"{w.run_seconds:.3f}")
        tmp.replace(_run_seconds_file(w.dir))


@contextlib.contextmanager
def _without_main() -> Iterator[None]:
    """Start a worker without multiprocessing's re-import of ``__main__`` in the child.

    A worker needs nothing from the server's main module (its target is this module's
    ``_child``), and re-running it there is wrong: a script that embeds the server
    without a ``__name__ == "__main__"`` guard would start a server in every worker, and
    one read from stdin cannot be imported at all. multiprocessing decides from
    ``__main__.__spec__`` and ``__main__.__file__`` (``spawn.get_preparation_data``),
    so both are hidden while the child is forked. Workers start from one thread.
    """
    main = sys.modules["__main__"]
    names: tuple[str, ...] = ("__spec__", "__file__")
    saved: dict[str, Any] = {k: main.__dict__.pop(k) for k in names if k in main.__dict__}
    main.__spec__ = None  # what `python script.py` has
    try:
        yield
    finally:
        main.__dict__.update(saved)
        if "__spec__" not in saved:
            main.__dict__.pop("__spec__", None)


def _ensure_forkserver() -> None:
    """Start multiprocessing's forkserver (one per process) if it is not running; its
    preload runs while the backend adopts. It is never stopped: it holds no jobs once
    the backends stopped, exits with this process, and a later backend in the same
    process (tests, a restarted service) starts its jobs without paying the preload again
    (stopping it waits for a preload still importing torch)."""
    from multiprocessing import forkserver

    with _forkserver_lock:
        forkserver.ensure_running()


_forkserver_lock = threading.Lock()
