"""``tuneforge demo``: start ``serve all`` on a free loopback port and use it through the SDK.

Each capability adds a section (a function taking the client) to ``SECTIONS``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tuneforge_client import Client, TuneforgeError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def learning_rate_section(tf: Client) -> None:
    print("== ScheduleService.ScaleLearningRate (Granziol et al., JMLR 2022)")
    targets = [64, 256, 1024, 4096, 16384]
    for family, lr in (("sgd", 0.1), ("adaptive", 3e-4)):
        resp = tf.scale_learning_rate(lr, 256, targets, family, warmup_steps=500)
        rule = "linear" if family == "sgd" else "square root"
        print(f"\n{family} optimizer, lr {lr:g} tuned at batch 256 -> {rule} scaling")
        rows = [
            [
                str(r.batch_size),
                f"{r.scale_factor:.4g}",
                f"{r.learning_rate:.4g}",
                str(r.warmup_steps),
                "yes" if r.warning else "",
            ]
            for r in resp.results
        ]
        print(table(["batch", "factor", "learning rate", "warm-up", "warning"], rows))
    try:
        tf.scale_learning_rate(-1.0, 256, [], "sgd")
    except TuneforgeError as e:
        print(f"\nbad input is refused field by field: {e.code.name}")
        for v in e.field_violations:
            print(f"  {v.field}: {v.description}")


def relaxation_section(tf: Client) -> None:
    """200 shifted-Laplacian systems (the paper's family) solved through RelaxationService."""
    import numpy as np

    from tuneforge.relax.families import shifted_laplacian_family

    print("== RelaxationService: SOR omega across 200 linear systems (Khodak et al., ICLR 2024)")
    pool = shifted_laplacian_family(np.random.default_rng(0), 200, m=10, variance="low")
    auto = tf.create_sequence("demo-laplacian", seed=1)
    ctx = tf.create_sequence(
        "demo-laplacian-context", context_lower=[-0.15], context_upper=[0.45], seed=1
    )
    gs = tf.create_sequence("demo-gauss-seidel", policy="fixed", fixed_omega=1.0)
    totals = {auto.name: 0, ctx.name: 0, gs.name: 0}
    for i, inst in enumerate(pool, 1):
        if i % 50 == 0:
            progress(f"{i}/{len(pool)} systems solved three ways")
        a = inst.system.to_scipy()
        for seq in (auto, gs):
            r = tf.solve(seq.name, a, inst.system.rhs, omit_solution=True)
            totals[seq.name] += r.iterations
        r = tf.solve(ctx.name, a, inst.system.rhs, inst.context, omit_solution=True)
        totals[ctx.name] += r.iterations
    base = totals[gs.name]
    rows = []
    for name, label in (
        (gs.name, "Gauss-Seidel (omega = 1)"),
        (auto.name, "AUTO"),
        (ctx.name, "AUTO with context (the shift c)"),
    ):
        best = tf.get_best_omega(name, [0.0] if name == ctx.name else [])
        rows.append(
            [
                label,
                str(totals[name]),
                f"{totals[name] / len(pool):.1f}",
                f"{100 * (1 - totals[name] / base):.0f}%",
                f"{best.omega:.3f}",
            ]
        )
    print(table(["policy", "iterations", "per system", "saved", "learned omega"], rows))


def transport_section(tf: Client) -> None:
    """A point-cloud transport solved by Sinkhorn and by SNS, next to POT."""
    import time

    import numpy as np

    print("== TransportService: entropic OT, 400 x 400 point clouds, epsilon 2e-3")
    rng = np.random.default_rng(0)
    x, y = rng.random((400, 2)), rng.random((400, 2)) + 0.25
    a, b = np.full(400, 1 / 400), np.full(400, 1 / 400)
    rows = []
    for method in ("sinkhorn", "sns"):
        r = tf.solve_transport(
            a, b, 2e-3, x=x, y=y, method=method, tolerance=1e-9, normalize_cost=True
        )
        its = f"{r.sinkhorn_iterations} + {r.newton_iterations} Newton"
        rows.append(
            [
                f"tuneforge {method}",
                its,
                f"{r.wall_seconds:.3f}",
                f"{r.violation:.1e}",
                f"{r.cost:.6f}",
            ]
        )
    try:
        import ot

        cost = ot.dist(x, y)
        cost /= cost.max()
        t0 = time.perf_counter()
        plan, log = ot.sinkhorn(
            a, b, cost, 2e-3, method="sinkhorn_log", stopThr=1e-9, numItermax=20_000, log=True
        )
        seconds = time.perf_counter() - t0
        viol = np.abs(plan.sum(1) - a).sum() + np.abs(plan.sum(0) - b).sum()
        rows.append(
            [
                "POT sinkhorn_log",
                str(log["niter"]),
                f"{seconds:.3f}",
                f"{viol:.1e}",
                f"{float(np.sum(plan * cost)):.6f}",
            ]
        )
    except ImportError:  # POT is a server extra
        pass
    print(table(["solver", "iterations", "seconds", "violation", "cost <C,P>"], rows))


def study_section(tf: Client) -> None:
    """A study tuned through the SDK (4 parallel workers, pruning), then MLflow and Optuna."""
    import math
    from urllib.parse import urlparse

    from tuneforge_client.studies import categorical, float_param, int_param, params_of

    print("== StudyService: TPE + median pruning over a simulated training run (Optuna)")
    space = [
        float_param("lr", 1e-4, 1.0, log=True),
        int_param("warmup_steps", 0, 1000, step=100),
        categorical("optimizer", ["sgd", "adam"]),
        float_param("momentum", 0.0, 0.99, when=("optimizer", ["sgd"])),
    ]
    study = tf.create_study(
        "demo-training",
        space,
        sampler="tpe",
        seed=0,
        objective_names=["val_loss"],
        pruner="median",
        pruner_options={"n_startup_trials": 4, "n_warmup_steps": 2},
    )

    def curve(p: dict[str, Any], step: int) -> float:
        """Validation loss after ``step`` epochs: best near lr 3e-3 (adam) / 0.1 (sgd)."""
        best = math.log10(3e-3 if p["optimizer"] == "adam" else 0.1)
        gap = (math.log10(float(p["lr"])) - best) ** 2 + 0.3 * (1 - float(p.get("momentum", 1)))
        return 0.1 + gap + 2.0 / (step + 1) + int(p["warmup_steps"]) / 10_000

    pruned = 0
    for _ in range(8):  # 8 rounds of 4 parallel workers
        for trial in tf.ask(study.name, count=4, client_id="demo-worker"):
            p = params_of(trial)
            for step in range(8):
                if tf.report_intermediate(study.name, trial, step, curve(p, step)):
                    tf.tell(study.name, trial, state="pruned")
                    pruned += 1
                    break
            else:
                tf.tell(study.name, trial, curve(p, 7))
    counts = tf.get_study(study.name).trial_counts
    (best,) = tf.get_best_trials(study.name)
    print(
        f"{counts.complete} complete, {counts.pruned} pruned of {counts.complete + counts.pruned}"
    )
    print(
        "best:",
        ", ".join(
            f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
            for k, v in sorted(params_of(best).items())
        ),
        f"-> val_loss {best.values[0]:.4f}",
    )
    try:
        tf.enqueue_trial(study.name, {"lr": 5.0})
    except TuneforgeError as e:
        print(f"a value outside the space is refused: {e.code.name} {e.field_violations[0].field}")

    # Every finished trial lands in MLflow, off the request path: wait for them.
    deadline = time.monotonic() + 60
    runs = 0
    while time.monotonic() < deadline:
        try:
            runs = len(tf.search_runs(study.tracker_experiment, page_size=1000).runs)
        except TuneforgeError:  # the experiment appears with the first logged trial
            runs = 0
        if runs >= counts.complete + counts.pruned:
            break
        time.sleep(0.5)
    top = tf.get_best_params(study.tracker_experiment, "val_loss")
    print(
        f"MLflow experiment {study.tracker_experiment!r}: {runs} runs; best val_loss "
        f"{top.value:.4f} (GetBestParams)"
    )
    location = tf.get_experiment(study.tracker_experiment).artifact_location
    home = Path(urlparse(location).path).parent.parent if location.startswith("file:") else None
    if home is not None:
        print(f"  MLflow UI:        mlflow ui --backend-store-uri sqlite:///{home / 'mlflow.db'}")
        print(f"  optuna-dashboard: optuna-dashboard sqlite:///{home / 'tuneforge.db'}")


def trainer_section(tf: Client) -> None:
    """An AdaBelief job on digits watched live, then a small sweep over optimizer x lr."""
    from tuneforge.v1 import trainer_service_pb2 as trainer_pb
    from tuneforge_client.studies import categorical, float_param, pruner_config
    from tuneforge_client.trainer import state_name, sweep_spec
    from tuneforge_client.values import decode

    print("== TrainerService: AdaBelief (Zhuang et al., NeurIPS 2020) on digits, watched live")
    template: dict[str, Any] = {
        "model": {"mlp": {"hidden_sizes": [64]}},
        "dataset": {"digits": {}},
        "optimizer": {"name": "adabelief", "hyperparameters": {"lr": 3e-3}},
        "budget": {"steps": 300},
        "evaluation": {"interval_steps": 50},
        "device": "cpu",
        "seed": 0,
    }
    job = tf.submit_job(
        {"name": "demo-digits-adabelief", "labels": {"demo": "watched"}, **template}
    )
    print(f"job {job.id}: MLP 64-64-10, batch 64, 300 steps, progress every 10 steps")
    rows, states = [], []
    last: trainer_pb.JobProgress | None = None  # the latest training report
    for event in tf.watch_job(job.id):
        if event.HasField("state_change"):
            states.append(state_name(event.state_change.state))
        elif not event.progress.evaluation:
            last = event.progress
        elif last is not None:  # an evaluation: one line with the training figures
            p = event.progress
            rows.append([str(p.step), f"{last.loss:.4f}", f"{p.metrics['eval_loss']:.4f}",
                         f"{p.metrics['eval_accuracy']:.4f}",
                         f"{last.samples_per_second:,.0f}"])  # fmt: skip
    print(table(["step", "loss", "eval loss", "eval accuracy", "samples/s"], rows))
    job = tf.get_job(job.id)
    m = job.final_metrics
    print(
        f"{' -> '.join(states)} on {job.device}: eval accuracy {m['eval_accuracy']:.4f}, "
        f"train loss {m['train_loss']:.4f}, {m['steps']:.0f} steps in {m['wall_seconds']:.1f} s, "
        f"{m['param_count']:.0f} parameters"
    )

    print("\nsweep: 6 trials of 200 steps, 2 at a time, {adabelief, sgd} x log-uniform lr")
    spec = sweep_spec(
        {
            "name": "demo-sweep",
            "template": {**template, "budget": {"steps": 200}, "report_interval_steps": 50},
            "max_trials": 6,
            "parallelism": 2,
        }
    )
    spec.search_space.extend(
        [
            categorical("optimizer.name", ["adabelief", "sgd"]),
            float_param("optimizer.hyperparameters.lr", 1e-3, 0.3, log=True),
        ]
    )
    spec.sampler.seed = 0
    spec.pruner.CopyFrom(pruner_config("median", {"n_startup_trials": 3}))
    t0 = time.perf_counter()
    sweep = tf.wait_sweep(tf.submit_sweep(spec).id, timeout=120, poll=0.2)
    rows = []
    for t in sweep.trials:
        params = {k: decode(v) for k, v in t.params.items()}
        value = f"{t.value:.4f}" if t.HasField("value") else "-"
        lr = f"{params['optimizer.hyperparameters.lr']:.3g}"
        rows.append(
            [str(t.number), str(params["optimizer.name"]), lr, state_name(t.job_state), value]
        )
    print(table(["trial", "optimizer", "lr", "job", "eval accuracy"], rows))
    best = sweep.best_trial
    params = {k: decode(v) for k, v in best.params.items()}
    outcome = trainer_pb.SweepState.Name(sweep.state).removeprefix("SWEEP_STATE_")
    print(
        f"{outcome} in {time.perf_counter() - t0:.1f} s; best: trial {best.number} "
        f"({params['optimizer.name']}, lr {params['optimizer.hyperparameters.lr']:.3g}) -> eval "
        f"accuracy {best.value:.4f}, job {best.job_id}"
    )


def schedule_section(tf: Client) -> None:
    """The watched demo job's gradient norms refined into a schedule, and its stability."""
    (job,) = tf.list_jobs_page(labels={"demo": "watched"}).jobs
    print("\n== ScheduleService closed around the trainer: the demo job's own statistics")
    out = tf.refine_schedule(job_id=job.id, base_learning_rate=3e-3)
    lr = out.learning_rates
    norm = "l2" if out.norm == 1 else "l1"
    picks = [0, len(lr) // 10, len(lr) // 4, len(lr) // 2, 3 * len(lr) // 4, len(lr) - 1]
    print(f"refined schedule (Defazio et al. 2023) from the {len(lr)} per-step {norm} gradient "
          f"norms of job {job.id}, median filter width {out.smoothing_window}:")  # fmt: skip
    print(table(["step", "learning rate"], [[str(k), f"{lr[k]:.2e}"] for k in picks]))
    est = tf.estimate_stable_learning_rate(job.id, batch_sizes=[1, 64, 1024], sample_size=1024)
    print(
        f"stability at step {est.checkpoint_step}: lambda_max {est.lambda_max.value:.4g} "
        f"[{est.lambda_max.lower:.4g}, {est.lambda_max.upper:.4g}], trace {est.trace.value:.4g}, "
        f"gradient-descent bound 2/lambda_max = {est.gd_bound:.4g} ({est.hvps} HVPs, "
        f"{est.parameters} parameters)"
    )
    rows = [[str(r.batch_size), f"{r.max_learning_rate:.4g}", r.binding] for r in est.rates]
    print(table(["batch", "max stable lr (necessary, Wu & Su)", "bound"], rows))


SECTIONS: list[Callable[[Client], None]] = [
    learning_rate_section,
    relaxation_section,
    transport_section,
    study_section,
    trainer_section,
    schedule_section,
]


def progress(what: str) -> None:
    """A progress line inside a long section (a busy machine takes minutes)."""
    print(f"   ... {what}", flush=True)


def run(keep_home: str | None = None) -> int:
    # Line by line even through a pipe (make, tee): each section shows as it starts.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)
    home = Path(keep_home) if keep_home else Path(tempfile.mkdtemp(prefix="tuneforge-demo-"))
    port = free_port()
    env = {**os.environ, "TUNEFORGE_HOME": str(home), "TUNEFORGE_LOG_LEVEL": "WARNING"}
    cmd = [sys.executable, "-m", "tuneforge.cli", "serve", "all", "--port", str(port)]
    print(f"starting: tuneforge serve all --port {port}  (home {home})")
    server = subprocess.Popen(cmd, env=env)
    t0 = time.perf_counter()
    try:
        # A long deadline: the first solves JIT-compile their kernels (seconds on a cold cache).
        with Client(f"127.0.0.1:{port}", timeout=120) as tf:
            tf.wait_ready(timeout=60)
            print(f"ready in {time.perf_counter() - t0:.1f} s; health: {tf.health()}\n")
            for section in SECTIONS:
                started = time.perf_counter()
                section(tf)
                print(f"   ({time.perf_counter() - started:.1f} s)\n")
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=30)
    print(f"server stopped cleanly (exit code {code})" if code == 0 else f"server exit {code}")
    return code
