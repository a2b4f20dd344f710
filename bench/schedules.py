"""Adaptive schedules through the trainer: refined schedules, AdAdaGrad's adaptive batch
and the predicted stable learning rate, each against its plain counterpart.

Every figure comes from real jobs submitted to an in-process ``serve all`` server
(``bench.trainer.service``: a fresh SQLite home, workers in processes of their own,
``max_running_jobs`` 2 at a time on this 2-core machine, one CPU / one torch thread per
job, checkpoints off) and read back through the Python SDK.

1. **Refined vs linear vs cosine at a fixed budget** (Defazio, Cutkosky, Mehta &
   Mishchenko 2023). Tasks: digits with an MLP (one hidden layer of 64; batch 32, 400
   steps) and a CIFAR-like ``synthetic_images`` set shrunk to 1000 samples of 3x16x16
   (10 classes; half the paper-style 32x32 size and a fifth of the default samples, to
   keep CPU time down) with a small CNN (channels 8, 16; batch 32, 150 steps).
   Optimizers: SGD (lr 0.1, no momentum) and Adam (lr 1e-3); no warm-up. Per seed
   (3 seeds) three jobs with the same lr, batch and steps: linear decay to 0 (the
   **anchor**), cosine to 0, and ``schedule.refined.refine_from = <that seed's linear
   job>``: the paper's recipe, a first linear-decay run whose per-step gradient norms
   the server refines into the second run's schedule (l2 norms for SGD, l1 for Adam).
   Reported per (task, optimizer): the mean over seeds of the final evaluation loss
   (lower is better) and accuracy (higher is better) on the held-out 20 %, refined vs
   linear and cosine vs linear (ours = the refined / cosine runs).
2. **AdAdaGrad's adaptive batch vs the best fixed batch** (Lau, Liu & Kolar 2024).
   Digits MLP, Adam lr 1e-3 for every run; the adaptive batch uses the norm test with
   eta 0.1 (the schema default, the paper's MNIST value) and 0.5 (its ResNet value;
   ``--quick``: 0.1 only), initial batch 8, max 512;
   the fixed batches are 8, 16, 32, 64, 128 and 256. Evaluation every 5 steps; the
   target is 0.9 validation accuracy (every run reaches it); the first evaluation
   point of the WatchJob stream with ``eval_accuracy >= 0.9`` gives steps and
   ``samples_seen`` (training samples the steps consumed; the test's extra
   per-sample-gradient compute on the next batch is not counted) to the target; the
   job is then cancelled. Means over 3 seeds. **Anchors**: the fixed batch with the
   fewest mean steps, and separately the one with the fewest mean samples, to the
   target (lower is better; ratio = anchor / adaptive). A run that misses the target
   within the step cap counts as never (its mean is infinite).
3. **Predicted max stable lr vs measured threshold**. Digits, softmax regression (650
   parameters), plain SGD (no momentum), constant schedule. ``EstimateStableLearningRate``
   on the spec at initialisation (the Hessian of the full training split, 1438
   samples) for batch sizes 1, 4, 16, 64, 256 and 1438 (full batch): ``max_learning_rate``
   = min(2 / lambda_max, 2 B / tr(H)) (Wu & Su 2023; the trace term alone at B = 1,
   only 2 / lambda_max at full batch). Then per batch size a search on real 200-step
   jobs (same seed, report every 10 steps): start at the prediction, step by x4 until
   one run is stable and one diverged, then bisect on log lr until hi / lo <= 1.15; the
   measured threshold is the geometric mean of the bracket (~7 % either way). A run
   **diverges** when (a) its job FAILS or a reported training loss is non-finite, or
   (b) the mean training loss of any report interval (10 steps) exceeds 1.5 L0, or (c)
   the last interval's mean exceeds L0; L0 is the loss at initialisation on the whole
   training split (a 1-step full-batch job with lr 0, the same seed). (b) is the
   deviation from "ends above the initial loss" alone: with cross-entropy the
   curvature falls as the logits grow, so a run past the linear bound spikes and then
   recovers rather than blowing up; without (b) no full-batch run up to lr 100
   diverges. The search assumes stable below / diverged above one threshold.
   The bound is a NECESSARY condition for linear stability near the parameters it was
   measured at (``necessary`` in the response): rates above it are excluded, rates
   below it are not guaranteed, so the expected reading is predicted >= measured
   (ratio = predicted / measured >= 1, = 1 when tight). It is measured at
   initialisation and stated for a minimum; cross-entropy training moves to flatter
   regions, so measured > predicted (ratio < 1) is not a contradiction (see the
   numbers for how far). Emitted with ``ours`` = predicted, ``anchor`` = measured.

Also writes ``bench/out/schedules.png`` (the linear, cosine and refined factors of the
first digits seed, per optimizer, from ``PlanSchedule``, drawn with
``tuneforge.schedules.plot.render``), copied to ``docs/img/schedules.png`` outside
``--quick``. JSON lines and the table as in ``bench/harness.py`` (ratio > 1 means ours
is better, except in part 3 where ~1, and >= 1, is ideal). ``--quick``: digits, SGD,
one seed, tiny budgets, two fixed batches, two batch sizes with three probes.

Run from the repository root: ``.venv/bin/python -m bench.schedules [--quick]``
"""

from __future__ import annotations

import math
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from google.protobuf import json_format

from bench.harness import OUT, ROOT, Report, parser
from bench.trainer import service
from tuneforge.v1 import trainer_service_pb2 as pb
from tuneforge_client import Client

BENCH = "schedules"
THREADS = 1  # torch threads per job (each asks for one CPU)
PARALLEL = 2  # jobs the local backend runs at once (max_running_jobs)
LR = {"sgd": 0.1, "adam": 1e-3}
TARGET_ACCURACY = 0.9
SPIKE = 1.5  # part 3: a report interval's mean loss above SPIKE x L0 diverged
FINAL_STATES = (pb.JOB_STATE_SUCCEEDED, pb.JOB_STATE_FAILED, pb.JOB_STATE_CANCELLED)


@dataclass(frozen=True)
class Task:
    name: str
    model: pb.ModelSpec
    dataset: pb.DatasetSpec
    batch: int
    steps: int


def _tasks() -> dict[str, Task]:
    digits = pb.DatasetSpec(digits=pb.DigitsDataset())
    images = pb.DatasetSpec(
        synthetic_images=pb.SyntheticImagesDataset(samples=1000, size=16, channels=3)
    )
    return {
        "digits": Task(
            "digits MLP[64]", pb.ModelSpec(mlp=pb.MlpModel(hidden_sizes=[64])), digits, 32, 400
        ),
        "images": Task(
            "synthetic_images 3x16x16 CNN[8,16]",
            pb.ModelSpec(cnn=pb.CnnModel(channels=[8, 16])),
            images,
            32,
            150,
        ),
    }


@dataclass(frozen=True)
class Sizes:
    tasks: tuple[str, ...]
    optimizers: tuple[str, ...]
    seeds: int
    step_scale: float  # part 1 budgets x this
    fixed_batches: tuple[int, ...]
    adaptive_seeds: int
    etas: tuple[float, ...]  # AdAdaGrad norm-test constants
    max_steps_to_target: int
    stability_batches: tuple[int | None, ...]  # None: the full training split
    stability_steps: int
    precision: float  # bisect until hi / lo <= this
    max_probes: int  # runs per batch size


FULL = Sizes(
    tasks=("digits", "images"), optimizers=("sgd", "adam"), seeds=3, step_scale=1.0,
    fixed_batches=(8, 16, 32, 64, 128, 256), adaptive_seeds=3, etas=(0.1, 0.5),
    max_steps_to_target=3000,
    stability_batches=(1, 4, 16, 64, 256, None), stability_steps=200, precision=1.15,
    max_probes=14,
)  # fmt: skip
QUICK = Sizes(
    tasks=("digits",), optimizers=("sgd",), seeds=1, step_scale=0.15,
    fixed_batches=(16, 64), adaptive_seeds=1, etas=(0.1,), max_steps_to_target=600,
    stability_batches=(16, None), stability_steps=40, precision=2.5, max_probes=3,
)  # fmt: skip


# -- jobs -------------------------------------------------------------------------------


def make_spec(
    model: pb.ModelSpec,
    dataset: pb.DatasetSpec,
    optimizer: str,
    lr: float,
    steps: int,
    *,
    batch: int | None = 32,
    adaptive: dict[str, Any] | None = None,
    schedule: pb.ScheduleSpec | None = None,
    eval_every: int = 0,
    report: int = 10,
    seed: int = 0,
    name: str = "bench-schedules",
) -> pb.JobSpec:
    """A CPU job, one thread, checkpoints off; one evaluation at the end unless
    ``eval_every``; ``adaptive``: AdAdaGrad's hyperparameters instead of ``batch``."""
    spec = pb.JobSpec(
        name=name,
        model=model,
        dataset=dataset,
        optimizer=pb.OptimizerSpec(name=optimizer),
        schedule=schedule or pb.ScheduleSpec(constant=pb.ConstantSchedule()),
        budget=pb.Budget(steps=steps),
        evaluation=pb.EvaluationSpec(interval_steps=eval_every or steps, metric="accuracy"),
        seed=seed,
        device="cpu",
        resources=pb.JobResources(cpu=THREADS),
        checkpoint=pb.CheckpointSpec(disabled=True),
        report_interval_steps=report,
    )
    json_format.ParseDict({"hyperparameters": {"lr": lr}}, spec.optimizer)
    if adaptive is not None:
        json_format.ParseDict({"hyperparameters": adaptive}, spec.batch_size.adaptive)
    elif batch is not None:
        spec.batch_size.fixed = batch
    return spec


@dataclass
class Run:
    """One job watched to its final state."""

    job: pb.Job
    points: list[pb.JobProgress] = field(default_factory=list)

    @property
    def train(self) -> list[pb.JobProgress]:
        return [p for p in self.points if not p.evaluation]

    @property
    def evals(self) -> list[pb.JobProgress]:
        return [p for p in self.points if p.evaluation]


def run(tf: Client, spec: pb.JobSpec, stop: Callable[[pb.JobProgress], bool] | None = None) -> Run:
    """Submit ``spec`` and watch it to its end; ``stop(point)`` True cancels it. A job
    that ends neither SUCCEEDED nor by that cancel is returned as it ended (FAILED)."""
    jid = tf.submit_job(spec).id
    points: list[pb.JobProgress] = []
    cancelled = False
    for event in tf.watch_job(jid):
        if event.HasField("progress"):
            points.append(event.progress)
            if stop is not None and not cancelled and stop(event.progress):
                tf.cancel_job(jid, reason="bench: target reached")
                cancelled = True
    job = tf.get_job(jid)
    while job.state not in FINAL_STATES:  # the watch ends with the final state change
        time.sleep(0.05)
        job = tf.get_job(jid)
    return Run(job, points)


def succeeded(r: Run) -> Run:
    if r.job.state != pb.JOB_STATE_SUCCEEDED:
        raise RuntimeError(
            f"job {r.job.id} ({r.job.spec.name}) ended {pb.JobState.Name(r.job.state)}: "
            f"{r.job.state_reason}"
        )
    return r


def parallel(fn: Callable[[Any], Any], items: Iterable[Any], workers: int = 2 * PARALLEL) -> list:
    """``fn`` over ``items`` from a few client threads (the server queues what it cannot
    run yet); results in order."""
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(fn, items))


def mean(xs: Sequence[float]) -> float:
    return statistics.fmean(xs) if xs else math.nan


# -- part 1: refined vs linear vs cosine ------------------------------------------------


def schedule_cases(report: Report, sizes: Sizes, tf: Client) -> dict[str, pb.JobSpec]:
    """Returns the digits refined specs of seed 0 per optimizer (for the plot)."""
    tasks = _tasks()
    keys = [(t, o, s) for t in sizes.tasks for o in sizes.optimizers for s in range(sizes.seeds)]

    def steps_of(task: str) -> int:
        return max(20, int(tasks[task].steps * sizes.step_scale))

    def spec(task: str, opt: str, seed: int, schedule: pb.ScheduleSpec, kind: str) -> pb.JobSpec:
        t = tasks[task]
        name = f"sched-{task}-{opt}-{kind}-{seed}"
        return make_spec(t.model, t.dataset, opt, LR[opt], steps_of(task), batch=t.batch,
                         schedule=schedule, seed=seed, name=name)  # fmt: skip

    linear = pb.ScheduleSpec(linear=pb.LinearDecaySchedule(final_factor=0.0))
    cosine = pb.ScheduleSpec(cosine=pb.CosineSchedule(final_factor=0.0))

    def first_run(k: tuple[str, str, int, str]) -> Run:
        task, opt, seed, kind = k
        return succeeded(
            run(tf, spec(task, opt, seed, linear if kind == "linear" else cosine, kind))
        )

    first = parallel(first_run, [(*k, kind) for k in keys for kind in ("linear", "cosine")])
    runs: dict[tuple[str, str, int, str], Run] = {}
    for k, lin, cos in zip(keys, first[::2], first[1::2], strict=True):
        runs[(*k, "linear")], runs[(*k, "cosine")] = lin, cos

    def refined(k: tuple[str, str, int]) -> Run:
        source = runs[(*k, "linear")].job.id
        sched = pb.ScheduleSpec(refined=pb.RefinedSchedule(refine_from=source))
        return succeeded(run(tf, spec(*k, sched, "refined")))

    for k, r in zip(keys, parallel(refined, keys), strict=True):
        runs[(*k, "refined")] = r
    for task in sizes.tasks:
        for opt in sizes.optimizers:
            t = tasks[task]
            base = (f"{t.name}, {opt} lr {LR[opt]:g}, batch {t.batch}, {steps_of(task)} steps, "
                    f"{sizes.seeds} seeds")  # fmt: skip

            def final(kind: str, metric: str, task: str = task, opt: str = opt) -> float:
                return mean([runs[(task, opt, s, kind)].job.final_metrics[metric]
                             for s in range(sizes.seeds)])  # fmt: skip

            for kind in ("refined", "cosine"):
                case = f"{base}: {kind} vs linear decay"
                report.emit(case, "final_eval_loss", final(kind, "eval_loss"),
                            final("linear", "eval_loss"), "lower")  # fmt: skip
                report.emit(case, "final_eval_accuracy", final(kind, "eval_accuracy"),
                            final("linear", "eval_accuracy"), "higher")  # fmt: skip
    plot_task = sizes.tasks[0]
    return {o: runs[(plot_task, o, 0, "refined")].job.spec for o in sizes.optimizers}


def plot(tf: Client, refined: dict[str, pb.JobSpec], quick: bool) -> Path:
    """Linear, cosine and the refined schedules (factors of the peak lr) as a PNG."""
    from tuneforge.schedules.plot import plot_steps, render

    any_spec = next(iter(refined.values()))
    steps = int(any_spec.budget.steps)
    schedules = [
        ("linear decay", pb.ScheduleSpec(linear=pb.LinearDecaySchedule())),
        ("cosine", pb.ScheduleSpec(cosine=pb.CosineSchedule())),
    ] + [(f"refined ({o}, {s.schedule.refined.norm} norms of its linear run)", s.schedule)
         for o, s in refined.items()]  # fmt: skip
    xs = plot_steps(steps)
    curves = []
    for label, sched in schedules:
        rates = np.asarray(tf.plan_schedule(sched, steps).learning_rates, dtype=np.float64)
        curves.append((label, xs, rates[xs]))
    png = render(curves, title=f"lr / peak lr, digits MLP, {steps} steps (seed 0)")
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / "schedules.png"
    out.write_bytes(png)
    if not quick:
        docs = ROOT / "docs" / "img"
        docs.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, docs / "schedules.png")
    return out


# -- part 2: adaptive batch vs fixed batches --------------------------------------------


def to_target(r: Run) -> tuple[float, float]:
    """(steps, samples_seen) at the first evaluation with accuracy >= the target."""
    for p in r.evals:
        if p.metrics.get("eval_accuracy", 0.0) >= TARGET_ACCURACY:
            return float(p.step), float(p.samples_seen)
    return math.inf, math.inf


def adaptive_cases(report: Report, sizes: Sizes, tf: Client) -> None:
    t = _tasks()["digits"]
    b0, b_max = 8, 512
    # A fixed batch size, or the norm test's eta (a float) for the adaptive batch.
    configs: list[int | float] = [*sizes.fixed_batches, *sizes.etas]
    keys = [(c, s) for c in configs for s in range(sizes.adaptive_seeds)]

    def go(k: tuple[int | float, int]) -> Run:
        c, seed = k
        adaptive = isinstance(c, float)
        hp = {"test": "norm", "eta": c, "initial_batch_size": b0, "max_batch_size": b_max}
        spec = make_spec(
            t.model, t.dataset, "adam", LR["adam"], sizes.max_steps_to_target,
            batch=None if adaptive else int(c), adaptive=hp if adaptive else None,
            eval_every=5, report=50, seed=seed, name=f"batch-{c}-{seed}",
        )  # fmt: skip

        def reached(p: pb.JobProgress) -> bool:
            return p.evaluation and p.metrics.get("eval_accuracy", 0.0) >= TARGET_ACCURACY

        r = run(tf, spec, stop=reached)
        if r.job.state == pb.JOB_STATE_FAILED:
            raise RuntimeError(f"job {r.job.id} failed: {r.job.state_reason}")
        return r

    results = dict(zip(keys, parallel(go, keys), strict=True))
    steps: dict[int | float, float] = {}
    samples: dict[int | float, float] = {}
    for c in configs:
        hits = [to_target(results[(c, s)]) for s in range(sizes.adaptive_seeds)]
        steps[c], samples[c] = mean([h[0] for h in hits]), mean([h[1] for h in hits])
        what = f"adaptive eta {c}" if isinstance(c, float) else f"batch {c}"
        print(f"# {what}: steps to {TARGET_ACCURACY} {steps[c]:g}, samples {samples[c]:g}",
              file=sys.stderr)  # fmt: skip
    fixed = list(sizes.fixed_batches)
    best_steps = min(fixed, key=lambda b: steps[b])
    best_samples = min(fixed, key=lambda b: samples[b])
    for eta in sizes.etas:
        at_target = "/".join(
            str(p.batch_size)
            for p in (results[(eta, s)].evals[-1] for s in range(sizes.adaptive_seeds))
        )
        base = (f"{t.name}, adam lr {LR['adam']:g}, to eval accuracy {TARGET_ACCURACY}, "
                f"{sizes.adaptive_seeds} seeds: AdAdaGrad norm test eta {eta:g} (batch {b0} "
                f"-> {at_target} at the end, max {b_max})")  # fmt: skip
        report.emit(f"{base} vs best fixed batch {best_steps} of {fixed}", "steps_to_target",
                    steps[eta], steps[best_steps], "lower")  # fmt: skip
        report.emit(f"{base} vs best fixed batch {best_samples} of {fixed}", "samples_to_target",
                    samples[eta], samples[best_samples], "lower")  # fmt: skip


# -- part 3: predicted vs measured stable learning rate ---------------------------------


@dataclass
class Search:
    """The divergence search at one batch size."""

    batch: int
    predicted: float
    probes: list[tuple[float, bool]] = field(default_factory=list)  # (lr, diverged)

    def bracket(self) -> tuple[float, float]:
        """(largest stable lr below the smallest diverged one, that diverged lr);
        0 / inf where none."""
        bad = min((lr for lr, d in self.probes if d), default=math.inf)
        good = max((lr for lr, d in self.probes if not d and lr < bad), default=0.0)
        return good, bad

    def next_lr(self, precision: float) -> float | None:
        good, bad = self.bracket()
        if not self.probes:
            return self.predicted
        if bad == math.inf:
            return good * 4
        if good == 0.0:
            return bad / 4
        return None if bad / good <= precision else math.sqrt(good * bad)

    def measured(self) -> float:
        good, bad = self.bracket()
        if good == 0.0 or bad == math.inf:
            return math.nan
        return math.sqrt(good * bad)


NON_FINITE = ("nan", "inf", "finite", "overflow")


def diverged(r: Run, l0: float) -> bool:
    """The divergence definition of the module docstring."""
    if r.job.state == pb.JOB_STATE_FAILED:
        if any(w in r.job.state_reason.lower() for w in NON_FINITE):
            return True
        raise RuntimeError(f"job {r.job.id} failed: {r.job.state_reason}")
    losses = [p.loss for p in r.train]
    if not losses:
        raise RuntimeError(f"job {r.job.id} reported no training loss")
    if not all(math.isfinite(x) for x in losses):
        return True
    return max(losses) > SPIKE * l0 or losses[-1] > l0


@dataclass(frozen=True)
class Stability:
    """Part 3's setting, the prediction and L0 (measured while part 1 runs)."""

    spec: Callable[..., pb.JobSpec]  # (lr, batch, steps=...) -> the probe's spec
    n: int
    steps: int
    estimate: Any  # EstimateStableLearningRateResponse
    l0: float


def stability_setup(sizes: Sizes, tf: Client) -> Stability:
    from tuneforge.trainer import data

    dataset = pb.DatasetSpec(digits=pb.DigitsDataset())
    model = pb.ModelSpec(logistic_regression=pb.LogisticRegressionModel())
    seed = 0
    n = int(data.load(dataset, seed).x_train.shape[0])
    batches = [b or n for b in sizes.stability_batches]
    steps = sizes.stability_steps
    report_every = max(1, steps // 20)

    def spec(lr: float, batch: int, steps: int = steps) -> pb.JobSpec:
        return make_spec(model, dataset, "sgd", lr, steps, batch=batch, report=report_every,
                         seed=seed, name=f"stability-b{batch}-lr{lr:.4g}")  # fmt: skip

    t0 = time.perf_counter()
    est = tf.estimate_stable_learning_rate(spec=spec(0.1, n), batch_sizes=batches, sample_size=n)
    est_s = time.perf_counter() - t0
    print(f"# lambda_max {est.lambda_max.value:.4g} [{est.lambda_max.lower:.4g}, "
          f"{est.lambda_max.upper:.4g}], trace {est.trace.value:.4g}, gd bound "
          f"{est.gd_bound:.4g}, {est.hvps} HVPs in {est_s:.2f} s", file=sys.stderr)  # fmt: skip
    l0_run = succeeded(run(tf, spec(0.0, n, steps=1)))
    l0 = float(l0_run.train[0].loss)
    print(f"# L0 (loss at initialisation, full training split) {l0:.4f}", file=sys.stderr)
    return Stability(spec, n, steps, est, l0)


def stability_cases(report: Report, sizes: Sizes, tf: Client, setup: Stability) -> None:
    probe, n, steps, est, l0 = setup.spec, setup.n, setup.steps, setup.estimate, setup.l0
    searches = [Search(r.batch_size, r.max_learning_rate) for r in est.rates]
    lock = threading.Lock()

    def search(s: Search) -> Search:
        while len(s.probes) < sizes.max_probes:
            lr = s.next_lr(sizes.precision)
            if lr is None:
                break
            d = diverged(run(tf, probe(lr, s.batch)), l0)
            s.probes.append((lr, d))
            with lock:
                print(f"# batch {s.batch}: lr {lr:.4g} {'diverged' if d else 'stable'}",
                      file=sys.stderr)  # fmt: skip
        return s

    parallel(search, searches, workers=PARALLEL)
    for r, s in zip(est.rates, searches, strict=True):
        good, bad = s.bracket()
        full = " (full batch)" if r.batch_size >= n else ""
        which = "2/lambda_max" if r.binding == "lambda_max" else "2B/tr(H)"
        which += " heuristic" if r.heuristic and r.binding == "trace" else ""
        case = (f"digits softmax regression, SGD, batch {r.batch_size}{full}: predicted "
                f"{which} vs measured threshold "
                f"[{good:.3g}, {bad:.3g}] in {len(s.probes)} runs x {steps} steps")  # fmt: skip
        report.emit(case, "max_stable_lr (ratio predicted/measured: ~1 tight, >=1 expected)",
                    r.max_learning_rate, s.measured(), "higher")  # fmt: skip


def drain_recorder(timeout: float = 120.0) -> None:
    """Wait for the server's MLflow job recorder (a thread of this process) to finish its
    last round: with a backlog of runs it outlives ``Server.stop``, and deleting its
    home under it logs errors."""
    for thread in threading.enumerate():
        if thread.name == "job-recorder":
            thread.join(timeout)


def lap(t0: float, what: str) -> None:
    print(f"# {what} done at {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--only", choices=["schedules", "batch", "stability"], default=None)
    args = p.parse_args()
    sizes = QUICK if args.quick else FULL
    os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
    tmp = Path(tempfile.mkdtemp(prefix="tuneforge-bench-schedules-"))
    report = Report(BENCH)
    t0 = time.perf_counter()
    try:
        with service(tmp / "home", max_running_jobs=PARALLEL) as tf, ThreadPoolExecutor(1) as bg:
            # The curvature estimate runs on the server while part 1's jobs train.
            setup = (
                bg.submit(stability_setup, sizes, tf) if args.only in (None, "stability") else None
            )
            if args.only in (None, "schedules"):
                refined = schedule_cases(report, sizes, tf)
                print(f"# plot: {plot(tf, refined, args.quick)}", file=sys.stderr)
                lap(t0, "refined vs linear vs cosine")
            if args.only in (None, "batch"):
                adaptive_cases(report, sizes, tf)
                lap(t0, "adaptive batch")
            if setup is not None:
                stability_cases(report, sizes, tf, setup.result())
                lap(t0, "stable learning rate")
    finally:
        drain_recorder()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"# wall {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    report.table("linear decay / best fixed batch / measured")


if __name__ == "__main__":
    main()
