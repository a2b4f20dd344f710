"""TrainerService: what running training as service jobs costs, against the same work
done directly.

* **Overhead**: steps/s of a digits MLP and a small CNN (digits as 1x8x8 images)
  submitted as jobs (progress every 10 steps, one evaluation at the end) versus the
  same loop hand-written and run in one plain process (no server in it): the same
  model (the registry's builder), data (the same arrays), optimizer (Adam), batch size
  and steps, one torch thread on both sides (the job asks for one CPU). The job's
  rate comes from its own progress events, from the first report to the last one
  before the final evaluation; the direct loop's over the same steps, so neither side
  counts start-up. Runs alternate, best of 3 each. Target: ratio >= 0.95.
* **Latency**: submit-to-first-step of small jobs on the local backend (from the
  SubmitJob call to the worker's report of step 1; torch's Adam, and AdaBelief whose
  fused kernel loads on its first step), against a fresh interpreter that
  imports torch and takes that step (what launching ``python train.py`` per job
  costs); target p50 < 1.5 s on CPU. WatchJob event latency: from a progress report's
  ``time`` (the worker's clock) to its arrival at the watcher, against a reader that
  tails the worker's ``events.jsonl`` itself every 10 ms on the same job.
* **Sweep**: 24 trials, parallelism 2, over {adabelief, diffgrad, adam, sgd} x
  log-uniform lr on digits (an MLP, a few hundred steps, seeded TPE, median pruning on
  the evaluation accuracy) versus the same 24 trials in a plain Optuna loop in one
  process (``optuna.create_study`` + ``study.optimize``, the objective training the
  same model directly and reporting the same intermediate values): wall time, best
  accuracy, and the pruned fraction (read as ~1: it should agree).

The server runs in this process (its event loop in a thread, workers in processes
of their own), on a fresh SQLite home. JSON lines and the table as in
``bench/harness.py``: ratio > 1 means the service is better (rates ours/anchor,
times anchor/ours). ``--quick`` shrinks everything (4 sweep trials, fewer steps).

Run from the repository root: ``.venv/bin/python -m bench.trainer [--quick]``
"""

from __future__ import annotations

import asyncio
import json
import math
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from google.protobuf import json_format

from bench.harness import Report, parser
from tuneforge.trainer.jobdir import JobDir
from tuneforge.v1 import trainer_service_pb2 as pb
from tuneforge_client import Client
from tuneforge_client.studies import categorical, float_param, pruner_config, sampler_config

BENCH = "trainer"
THREADS = 1  # torch threads on both sides (the jobs ask for one CPU)
BATCH = 64
SWEEP_OPTIMIZERS = ("adabelief", "diffgrad", "adam", "sgd")
LR_RANGE = (1e-4, 0.3)
LATENCY_TARGET_S = 1.5  # issue 10: submit-to-first-step p50 on CPU


@dataclass(frozen=True)
class Sizes:
    overhead_steps: dict[str, int]  # per model
    overhead_repeats: int  # ours and the anchor alternate; the best of each is kept
    latency_jobs: int
    fresh_runs: int  # fresh-interpreter anchor runs (seconds each)
    sweep_trials: int
    # Trial lengths: short trials measure the per-trial overhead, long ones what the
    # parallel jobs buy once training dominates.
    sweep_steps: tuple[int, ...]


FULL = Sizes(
    overhead_steps={"mlp": 3000, "cnn": 600}, overhead_repeats=3, latency_jobs=10,
    fresh_runs=3, sweep_trials=24, sweep_steps=(300, 3000),
)  # fmt: skip
QUICK = Sizes(
    overhead_steps={"mlp": 200, "cnn": 60}, overhead_repeats=1, latency_jobs=3,
    fresh_runs=1, sweep_trials=4, sweep_steps=(60,),
)  # fmt: skip


# -- job specs --------------------------------------------------------------------------


def job_spec(
    model: str = "mlp",
    steps: int = 300,
    optimizer: str = "adam",
    hyperparameters: dict[str, Any] | None = None,
    *,
    dataset: pb.DatasetSpec | None = None,
    report: int = 10,
    eval_every: int = 0,
    seed: int = 0,
    device: str = "cpu",
    name: str = "bench",
) -> pb.JobSpec:
    """A digits job (``model`` "mlp" or "cnn"); one evaluation at the end unless
    ``eval_every``; checkpoints off (a benchmark job is never resumed)."""
    models = {
        "mlp": pb.ModelSpec(mlp=pb.MlpModel(hidden_sizes=[64])),
        "cnn": pb.ModelSpec(cnn=pb.CnnModel(channels=[16, 32])),
    }
    spec = pb.JobSpec(
        name=name,
        model=models[model],
        dataset=dataset or pb.DatasetSpec(digits=pb.DigitsDataset()),
        optimizer=pb.OptimizerSpec(name=optimizer),
        batch_size=pb.BatchSizeSpec(fixed=BATCH),
        budget=pb.Budget(steps=steps),
        evaluation=pb.EvaluationSpec(interval_steps=eval_every or steps, metric="accuracy"),
        seed=seed,
        device=device,
        resources=pb.JobResources(cpu=THREADS),
        checkpoint=pb.CheckpointSpec(disabled=True),
        report_interval_steps=report,
    )
    json_format.ParseDict(
        {"hyperparameters": hyperparameters or {"lr": 1e-3}}, spec.optimizer
    )  # google.protobuf.Value map
    return spec


def hyperparameters(spec: pb.JobSpec) -> dict[str, Any]:
    return dict(json_format.MessageToDict(spec.optimizer).get("hyperparameters", {}))


def seconds(ts: Any) -> float:
    return float(ts.ToNanoseconds()) / 1e9


# -- the service ------------------------------------------------------------------------


@contextmanager
def service(home: Path, **overrides: Any) -> Iterator[Client]:
    """``serve all`` in this process on a fresh home (event loop in a thread); a client."""
    from tuneforge.roles import server_for
    from tuneforge.runtime.config import Settings
    from tuneforge.runtime.server import Server

    settings = Settings.load(
        {}, **{"port": 0, "home": home, "study_tracking": False, "log_level": "WARNING",
               **overrides}
    )  # fmt: skip
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def make() -> Server:
        return server_for("all", settings)

    server = asyncio.run_coroutine_threadsafe(make(), loop).result(120)
    port = asyncio.run_coroutine_threadsafe(server.start(), loop).result(120)
    try:
        with Client(f"127.0.0.1:{port}", timeout=120) as tf:
            yield tf
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(2.0), loop).result(120)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@dataclass
class Watched:
    """One job watched to its end: its progress points with their arrival times."""

    job: pb.Job
    points: list[pb.JobProgress] = field(default_factory=list)
    arrivals: list[float] = field(default_factory=list)  # time.time() at the watcher
    submitted: float = 0.0  # time.time() just before SubmitJob


def run_job(
    tf: Client, spec: pb.JobSpec, on_submit: Callable[[str], None] | None = None
) -> Watched:
    """Submit ``spec`` and watch it to its final state (``on_submit(job id)`` first)."""
    t0 = time.time()
    jid = tf.submit_job(spec).id
    if on_submit is not None:
        on_submit(jid)
    out = Watched(pb.Job(), submitted=t0)
    for event in tf.watch_job(jid):
        if event.HasField("progress"):
            out.arrivals.append(time.time())
            out.points.append(event.progress)
    out.job = tf.get_job(jid)
    if out.job.state != pb.JOB_STATE_SUCCEEDED:
        raise RuntimeError(f"job {jid} ended {pb.JobState.Name(out.job.state)}: "
                           f"{out.job.state_reason}")  # fmt: skip
    return out


def job_rate(w: Watched) -> float:
    """Steps/s from the job's own reports: first report to the last one before the final
    evaluation (the first report carries start-up, the evaluation is not training)."""
    train = [p for p in w.points if not p.evaluation]
    first, last = train[0], train[-1]
    return (last.step - first.step) / (seconds(last.time) - seconds(first.time))


# -- the direct anchors -----------------------------------------------------------------


class Direct:
    """The training loop by hand, in this process, on the job's own arrays and model."""

    def __init__(self, spec: pb.JobSpec) -> None:
        import torch

        from tuneforge.trainer import data

        torch.set_num_threads(THREADS)
        arrays = data.load(spec.dataset, spec.seed)
        self.info = arrays.info
        self.x = torch.as_tensor(arrays.x_train, dtype=torch.float32)
        self.y = torch.as_tensor(arrays.y_train, dtype=torch.long)
        self.x_val = torch.as_tensor(arrays.x_val, dtype=torch.float32)
        self.y_val = torch.as_tensor(arrays.y_val, dtype=torch.long)

    def train(
        self,
        spec: pb.JobSpec,
        report: Callable[[int, float], bool] | None = None,
    ) -> tuple[float, float | None]:
        """(steps/s after the first report interval, final accuracy); ``report(step,
        accuracy)`` at every evaluation returns True to stop (pruned: accuracy None)."""
        import torch
        import torch.nn.functional as F

        from tuneforge.optim import registry
        from tuneforge.trainer import models

        torch.manual_seed(spec.seed)
        model = models.build(spec.model, self.info)
        opt = registry.build(spec.optimizer.name, model.parameters(), hyperparameters(spec))
        gen = torch.Generator().manual_seed(spec.seed)
        n, steps = self.x.shape[0], spec.budget.steps
        every, evaluate = spec.report_interval_steps, spec.evaluation.interval_steps
        perm, pos = torch.randperm(n, generator=gen), 0
        model.train()
        t_first = t_last = time.perf_counter()
        last_report = 0
        for step in range(1, steps + 1):
            if pos + BATCH > n:
                perm, pos = torch.randperm(n, generator=gen), 0
            idx = perm[pos : pos + BATCH]
            pos += BATCH
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(self.x.index_select(0, idx)), self.y.index_select(0, idx))
            loss.backward()
            opt.step()
            if step % every == 0:
                loss.item()  # a loop that logs its loss synchronises here too
                t_last = time.perf_counter()
                if step == every:
                    t_first = t_last
                last_report = step
            if report is not None and step % evaluate == 0 and step < steps:
                stop = report(step, self.accuracy(model))
                model.train()
                if stop:
                    return math.nan, None
        rate = (last_report - every) / (t_last - t_first) if last_report > every else math.nan
        acc = self.accuracy(model)
        if report is not None:
            report(steps, acc)
        return rate, acc

    def accuracy(self, model: Any) -> float:
        import torch

        model.eval()
        with torch.no_grad():
            return float((model(self.x_val).argmax(1) == self.y_val).float().mean())


def direct_rate(spec_json: str) -> float:
    """Steps/s of :class:`Direct` on a JobSpec (JSON), after a 20-step warm-up."""
    spec = json_format.Parse(spec_json, pb.JobSpec())
    direct = Direct(spec)
    warm = pb.JobSpec()
    warm.CopyFrom(spec)
    warm.budget.steps = 2 * warm.report_interval_steps + 1
    direct.train(warm)  # lazy imports and first-call costs (the job's first report has them)
    return direct.train(spec)[0]


_FRESH = """
import sys, time, json
t0 = float(sys.argv[1])
import torch, torch.nn.functional as F
from google.protobuf import json_format
from tuneforge.optim import registry
from tuneforge.trainer import data, models
from tuneforge.v1 import trainer_service_pb2 as pb
torch.set_num_threads(1)
spec = json_format.Parse(sys.argv[2], pb.JobSpec())
arrays = data.load(spec.dataset, spec.seed)
torch.manual_seed(spec.seed)
model = models.build(spec.model, arrays.info)
opt = registry.build(spec.optimizer.name, model.parameters(), {"lr": 1e-3})
x = torch.as_tensor(arrays.x_train[:64], dtype=torch.float32)
y = torch.as_tensor(arrays.y_train[:64], dtype=torch.long)
F.cross_entropy(model(x), y).backward()
opt.step()
print(time.time() - t0)
"""


def fresh_first_step(spec: pb.JobSpec) -> float:
    """Seconds from launching a fresh interpreter to its first optimizer step."""
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", _FRESH, repr(t0), json_format.MessageToJson(spec)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(out.stdout.strip().splitlines()[-1])


# -- cases ------------------------------------------------------------------------------


class Tail:
    """Reads a job's ``events.jsonl`` every 10 ms: the latency of the file itself."""

    def __init__(self, jobs_root: Path) -> None:
        self.jobs_root = jobs_root
        self.latencies: list[float] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def follow(self, job_id: str) -> None:
        self._thread = threading.Thread(
            target=self._run, args=(JobDir.of(self.jobs_root, job_id).events,), daemon=True
        )
        self._thread.start()

    def _run(self, path: Path) -> None:
        offset, rest = 0, b""
        while not self._stop.is_set():
            try:
                with open(path, "rb") as f:
                    f.seek(offset)
                    chunk = f.read()
            except FileNotFoundError:
                chunk = b""
            now = time.time()
            offset += len(chunk)
            *lines, rest = (rest + chunk).split(b"\n")
            for line in lines:
                d = json.loads(line)
                if d.get("kind") == "progress" and d.get("time"):
                    self.latencies.append(now - float(d["time"]))
            self._stop.wait(0.01)

    def close(self) -> list[float]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        return self.latencies


def pct(xs: list[float], q: float) -> float:
    """The ``q``-th percentile (linear interpolation); NaN of nothing."""
    return float(np.percentile(xs, q)) if xs else math.nan


def overhead_cases(report: Report, sizes: Sizes, home: Path) -> tuple[list[float], list[float]]:
    """Steps/s of MLP and CNN jobs vs the direct loop; returns the watch latencies of the
    jobs (WatchJob, file tail) for the latency case."""
    watch: list[float] = []
    tail: list[float] = []
    # The direct loop runs in a process of its own: in this one the server's threads
    # (supervisor, admission, sweeps) would take the GIL from it.
    spawn = multiprocessing.get_context("spawn")
    with (
        service(home, max_running_jobs=1) as tf,
        ProcessPoolExecutor(1, mp_context=spawn) as anchor_process,
    ):
        jobs_root = home / "jobs"  # Settings.jobs_root of this home
        for model in ("mlp", "cnn"):
            steps = sizes.overhead_steps[model]
            spec = job_spec(model, steps, name=f"overhead-{model}")
            as_json = json_format.MessageToJson(spec)
            rates = []
            for _ in range(sizes.overhead_repeats):  # alternating: drifts in load hit both
                tailer = Tail(jobs_root)
                w = run_job(tf, spec, on_submit=tailer.follow)
                tail += tailer.close()
                watch += [a - seconds(p.time) for a, p in zip(w.arrivals, w.points, strict=True)]
                rates.append((job_rate(w), anchor_process.submit(direct_rate, as_json).result()))
            ours, anchor = max(r[0] for r in rates), max(r[1] for r in rates)
            case = f"digits {model.upper()}, {steps} steps, batch {BATCH}, best of {len(rates)}"
            report.emit(case, "steps_per_s", ours, anchor, "higher")
    return watch, tail


def latency_cases(
    report: Report, sizes: Sizes, home: Path, watch: list[float], tail: list[float]
) -> None:
    """Submit -> first step of 20-step jobs (report every step), one at a time, with
    torch's Adam and with AdaBelief (its fused numba kernel loads on the first step)."""
    first: dict[str, list[float]] = {"adam": [], "adabelief": []}
    with service(home, max_running_jobs=1) as tf:
        run_job(tf, job_spec("mlp", 20))  # the first job waits for the worker forkserver
        for i in range(sizes.latency_jobs):
            for optimizer, times in first.items():
                w = run_job(tf, job_spec("mlp", 20, optimizer, report=1, name=f"latency-{i}"))
                times.append(seconds(w.points[0].time) - w.submitted)
    spec = job_spec("mlp", 20)
    fresh = [fresh_first_step(spec) for _ in range(sizes.fresh_runs)]
    for optimizer, times in first.items():
        case = f"submit -> first step, {optimizer}, {len(times)} jobs"
        report.emit(f"{case} (anchor: fresh interpreter)", "p50_s", pct(times, 50),
                    statistics.median(fresh), "lower")  # fmt: skip
        report.emit(f"{case} (anchor: fresh interpreter)", "p90_s", pct(times, 90),
                    pct(fresh, 90), "lower")  # fmt: skip
        report.emit(f"{case} (anchor: issue target)", "p50_s", pct(times, 50),
                    LATENCY_TARGET_S, "lower")  # fmt: skip
    case = f"WatchJob report -> watcher, {len(watch)} events (anchor: 10 ms file tail)"
    report.emit(case, "p50_ms", 1e3 * pct(watch, 50), 1e3 * pct(tail, 50), "lower")
    report.emit(case, "p90_ms", 1e3 * pct(watch, 90), 1e3 * pct(tail, 90), "lower")


def startup(sizes: Sizes) -> int:
    """The median pruner's trials before it prunes (Optuna's default 5; fewer in --quick)."""
    return min(4, sizes.sweep_trials // 2)


def sweep_spec(sizes: Sizes, steps: int) -> pb.SweepSpec:
    every = steps // 6  # six evaluations a pruner sees
    template = job_spec("mlp", steps, report=every, eval_every=every, name="sweep-trial")
    return pb.SweepSpec(
        name="bench-sweep",
        template=template,
        search_space=[
            categorical("optimizer.name", list(SWEEP_OPTIMIZERS)),
            float_param("optimizer.hyperparameters.lr", *LR_RANGE, log=True),
        ],
        sampler=sampler_config("tpe", seed=0),
        pruner=pruner_config("median", {"n_startup_trials": startup(sizes), "n_warmup_steps": 0}),
        objective=pb.SweepObjective(metric="accuracy"),
        max_trials=sizes.sweep_trials,
        parallelism=2,
    )


def optuna_sweep(sizes: Sizes, spec: pb.SweepSpec) -> tuple[float, float, float]:
    """(wall s, best accuracy, pruned fraction) of the plain Optuna loop."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    t0 = time.perf_counter()
    direct = Direct(spec.template)
    study = optuna.create_study(
        direction="maximize",
        sampler=optuna.samplers.TPESampler(seed=0),
        pruner=optuna.pruners.MedianPruner(n_startup_trials=startup(sizes), n_warmup_steps=0),
    )

    def objective(trial: optuna.Trial) -> float:
        job = pb.JobSpec()
        job.CopyFrom(spec.template)
        job.optimizer.name = trial.suggest_categorical("optimizer.name", list(SWEEP_OPTIMIZERS))
        job.optimizer.hyperparameters["lr"].number_value = trial.suggest_float(
            "optimizer.hyperparameters.lr", *LR_RANGE, log=True
        )

        def report(step: int, acc: float) -> bool:
            trial.report(acc, step)
            return step < job.budget.steps and trial.should_prune()

        _, acc = direct.train(job, report)
        if acc is None:
            raise optuna.TrialPruned()
        return acc

    study.optimize(objective, n_trials=sizes.sweep_trials)
    wall = time.perf_counter() - t0
    pruned = sum(t.state == optuna.trial.TrialState.PRUNED for t in study.trials)
    return wall, float(study.best_value), pruned / len(study.trials)


def sweep_cases(report: Report, sizes: Sizes, home: Path) -> None:
    for steps in sizes.sweep_steps:
        sweep_case(report, sizes, steps, home / str(steps))


def sweep_case(report: Report, sizes: Sizes, steps: int, home: Path) -> None:
    spec = sweep_spec(sizes, steps)
    with service(home, max_running_jobs=2) as tf:
        run_job(tf, job_spec("mlp", 20))  # start the forkserver (Optuna's side has torch)
        t0 = time.perf_counter()
        sweep = tf.wait_sweep(tf.submit_sweep(spec).id, poll=0.1)
        wall = time.perf_counter() - t0
    if sweep.state != pb.SWEEP_STATE_SUCCEEDED:
        raise RuntimeError(f"sweep ended {pb.SweepState.Name(sweep.state)}: {sweep.state_reason}")
    pruned = sum(t.job_state == pb.JOB_STATE_PRUNED for t in sweep.trials) / len(sweep.trials)
    a_wall, a_best, a_pruned = optuna_sweep(sizes, spec)
    case = (f"sweep {sizes.sweep_trials} trials x {steps} steps, parallelism 2 "
            "(anchor: Optuna loop, 1 process)")  # fmt: skip
    report.emit(case, "wall_s", wall, a_wall, "lower")
    report.emit(case, "best_accuracy", sweep.best_trial.value, a_best, "higher")
    report.emit(case, "pruned_fraction (~1: agree)", pruned, a_pruned, "lower")


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--only", choices=["overhead", "latency", "sweep"], default=None)
    args = p.parse_args()
    sizes = QUICK if args.quick else FULL
    os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
    tmp = Path(tempfile.mkdtemp(prefix="tuneforge-bench-trainer-"))
    report = Report(BENCH)
    try:
        watch: list[float] = []
        tail: list[float] = []
        if args.only in (None, "overhead", "latency"):
            watch, tail = overhead_cases(report, sizes, tmp / "overhead")
        if args.only in (None, "latency"):
            latency_cases(report, sizes, tmp / "latency", watch, tail)
        if args.only in (None, "sweep"):
            sweep_cases(report, sizes, tmp / "sweep")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report.table("direct / Optuna / target")


if __name__ == "__main__":
    main()
