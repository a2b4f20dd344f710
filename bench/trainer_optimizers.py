"""Every catalogue optimizer as a TrainerService job: final accuracy and time to a target
accuracy on digits (an MLP) and on a synthetic CIFAR-like task (``synthetic_images``,
a small CNN), against torch's Adam run the same way.

Each optimizer runs one job per task through the service (in this process, local
backend, one job at a time, one CPU each; the same seed, data, model, batch size and
steps for all), with hand-set hyperparameters (a few values tried once, never per
run: the learning rates of ``bench/optim_digits.py``). The target is 95% of Adam's
final accuracy on that task; the time to it is training time (the runner's loop,
evaluations included) up to the first evaluation at or above it: the worker's start,
data loading and model building are left out.
An optimizer the server refuses for these models (INVALID_ARGUMENT) is listed as not
run, with the reason. Eval accuracy against step for each task goes to
``bench/out/trainer_optimizers_<task>.png``.

JSON lines as in ``bench/harness.py`` (anchor torch Adam: ratio = ours / Adam for the
accuracy, Adam's time / ours to the target; null where the target was not reached),
then one table per task. ``--device cuda`` runs the jobs on the GPU;
``--quick`` runs a few dozen steps on small data.

Run from the repository root: ``.venv/bin/python -m bench.trainer_optimizers [--quick]
[--device cuda]``
"""

from __future__ import annotations

import math
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.harness import OUT, Report, parser
from bench.trainer import job_spec, seconds, service
from tuneforge.v1 import trainer_service_pb2 as pb
from tuneforge_client import Client, TuneforgeError

BENCH = "trainer_optimizers"
ANCHOR = "adam"
TARGET_FRACTION = 0.95  # of Adam's final accuracy
JOB_TIMEOUT_S = 900.0  # a job still running then is cancelled and listed as not run

# Hand-set once (bench/optim_digits.py): name -> hyperparameters.
OPTIMIZERS: dict[str, dict[str, Any]] = {
    "adam": {"lr": 3e-3},
    "adamw": {"lr": 3e-3},
    "sgd": {"lr": 0.05, "momentum": 0.9},
    "adabelief": {"lr": 3e-3},
    "diffgrad": {"lr": 3e-3},
    "mfac": {"lr": 0.03, "ngrads": 32, "damp": 0.1},
    "frugal": {"lr": 3e-3, "update_gap": 50},
    "trp": {"lr": 0.05, "momentum": 0.9, "weight_decay": 1e-4, "energy_threshold": 0.95,
            "nuclear_weight": 3e-4},
    "adagrad_norm": {"lr": 1.0},
    "cbo": {"lr": 0.1, "num_particles": 128, "alpha": 1e3, "sigma": 1.0, "lamda": 1.0,
            "noise": "anisotropic", "init_std": 0.3},
    "sso": {"m": 5, "eta": 0.01, "inner_lr": 0.5},
}  # fmt: skip


@dataclass(frozen=True)
class Task:
    name: str
    model: str
    dataset: pb.DatasetSpec
    steps: int
    eval_every: int
    # Not run on this task, with the reason.
    skip: dict[str, str] = field(default_factory=dict)
    # Hyperparameters that differ from OPTIMIZERS' on this task.
    override: dict[str, dict[str, Any]] = field(default_factory=dict)


def tasks(quick: bool) -> list[Task]:
    images = pb.SyntheticImagesDataset(
        samples=512 if quick else 3000, classes=10, channels=3, size=16 if quick else 32, seed=0
    )
    return [
        Task("digits", "mlp", pb.DatasetSpec(digits=pb.DigitsDataset()),
             steps=60 if quick else 600, eval_every=20 if quick else 30),
        Task("synthetic_images", "cnn", pb.DatasetSpec(synthetic_images=images),
             steps=40 if quick else 200, eval_every=10,
             skip={"cbo": "derivative-free: 128 CNN evaluations per step, impractical"},
             override={"sso": {"inner_lr": 0.05}}),  # 0.5 diverges on the CNN
    ]  # fmt: skip


@dataclass
class Result:
    optimizer: str
    job_id: str = ""
    job: pb.Job | None = None
    curve: list[tuple[int, float, float]] = field(default_factory=list)  # step, time, acc
    refused: str = ""

    @property
    def accuracy(self) -> float:
        return self.job.final_metrics.get("eval_accuracy", math.nan) if self.job else math.nan

    @property
    def wall(self) -> float:
        return self.job.final_metrics.get("wall_seconds", math.nan) if self.job else math.nan

    def to_target(self, target: float) -> tuple[float, float]:
        """(steps, training seconds) to the first evaluation >= target. Training starts
        ``wall_seconds`` (the runner's loop time) before the final evaluation: worker
        start, data loading and model building are not counted."""
        assert self.job is not None and self.curve
        start = self.curve[-1][1] - self.wall
        for step, t, acc in self.curve:
            if acc >= target:
                return float(step), t - start
        return math.inf, math.inf


def run_task(tf: Client, task: Task, device: str) -> list[Result]:
    """Submit one job per optimizer (queued in order, run one at a time), then wait."""
    results: list[Result] = []
    for name, hp in OPTIMIZERS.items():
        if name in task.skip:
            results.append(Result(name, refused=f"skipped: {task.skip[name]}"))
            continue
        hp = {**hp, **task.override.get(name, {})}
        spec = job_spec(task.model, task.steps, name, hp, dataset=task.dataset,
                        eval_every=task.eval_every, device=device,
                        name=f"{task.name}-{name}")  # fmt: skip
        if device.startswith("cuda"):
            spec.resources.gpus = 1
        r = Result(name)
        try:
            r.job_id = tf.submit_job(spec).id
        except TuneforgeError as e:
            fields = "; ".join(f"{v.field}: {v.description}" for v in e.field_violations)
            r.refused = f"{e.code.name} {fields or e}"
        results.append(r)
    for r in results:
        if not r.job_id:
            continue
        try:
            r.job = tf.wait_job(r.job_id, timeout=JOB_TIMEOUT_S)
        except TimeoutError:
            tf.cancel_job(r.job_id, "bench timeout")
            r.job, r.refused = None, f"still running after {JOB_TIMEOUT_S:g} s: cancelled"
            continue
        if r.job.state != pb.JOB_STATE_SUCCEEDED:
            last = (r.job.state_reason.strip().splitlines() or [""])[-1]
            r.refused = f"{pb.JobState.Name(r.job.state)}: {last}"
        points = [p for p in tf.job_metrics(r.job_id) if "eval_accuracy" in p.metrics]
        r.curve = [(p.step, seconds(p.time), p.metrics["eval_accuracy"]) for p in points]
    return results


def plot(task: Task, results: list[Result], device: str) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    colors = plt.get_cmap("tab20")
    for i, r in enumerate(results):
        if r.curve:
            ax.plot([c[0] for c in r.curve], [c[2] for c in r.curve], marker=".",
                    color=colors(i), label=r.optimizer,
                    lw=2.4 if r.optimizer == ANCHOR else 1.2)  # fmt: skip
    ax.set_xlabel("step")
    ax.set_ylabel("eval accuracy")
    ax.set_title(f"{task.name} ({task.model}, {task.steps} steps, {device}) through TrainerService")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, ncol=2)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{BENCH}_{task.name}.png"
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def emit(report: Report, task: Task, results: list[Result]) -> None:
    done = [r for r in results if r.job is not None and not r.refused]
    anchor = next(r for r in done if r.optimizer == ANCHOR)
    target = TARGET_FRACTION * anchor.accuracy
    _, a_time = anchor.to_target(target)
    rows = []
    for r in done:
        steps, t = r.to_target(target)
        report.emit(f"{task.name}: {r.optimizer}", "final_accuracy", r.accuracy,
                    anchor.accuracy, "higher")  # fmt: skip
        report.emit(f"{task.name}: {r.optimizer}", f"time_to_{target:.3f}_s", t, a_time, "lower")
        speed = f"{a_time / t:.2f}" if math.isfinite(t) and t > 0 else "-"
        rows.append(f"| {r.optimizer} | {r.accuracy:.4f} | {r.accuracy / anchor.accuracy:.3f} | "
                    f"{steps:g} | {t:.2f} | {speed} | {r.wall:.2f} |")  # fmt: skip
    print(f"\n{task.name}: {task.model}, {task.steps} steps, batch 64; target {target:.3f} "
          f"({TARGET_FRACTION:.0%} of Adam's final accuracy)\n")  # fmt: skip
    print("| optimizer | final acc | acc / Adam | steps to target | s to target "
          "| Adam s / s | train s |\n|---|---|---|---|---|---|---|")  # fmt: skip
    print("\n".join(rows))
    for r in results:
        if r.refused:
            print(f"not run: {r.optimizer}: {r.refused}")


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N (jobs' device)")
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tuneforge-bench-trainer-opt-"))
    report = Report(BENCH)
    try:
        with service(tmp / "home", max_running_jobs=1) as tf:
            # The first job waits for the worker forkserver's imports: not Adam's time.
            tf.wait_job(tf.submit_job(job_spec("mlp", 20, device=args.device)).id)
            for task in tasks(args.quick):
                results = run_task(tf, task, args.device)
                emit(report, task, results)
                print(f"plot: {plot(task, results, args.device)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report.table("torch Adam (same job)")


if __name__ == "__main__":
    main()
