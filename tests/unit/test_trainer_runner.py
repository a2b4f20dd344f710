"""The training loop: events, metrics, faithful resumes, stops, entry points, the worker.

Small jobs run in-process on digits and synthetic data. A resumed job must end with
the parameters of an uninterrupted one bit for bit, for every kind of optimizer
state; the exit codes are checked on real worker processes.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import torch
from google.protobuf import json_format

from tuneforge.errors import ValidationError
from tuneforge.trainer import checkpoint, events, runner, worker
from tuneforge.trainer.jobdir import JobDir
from tuneforge.v1 import trainer_service_pb2 as pb

ROOT = Path(__file__).resolve().parents[2]
ENTRY = "tests.unit.trainer_entry_example"


class StopAt(threading.Event):
    """A stop request that arrives at step boundary ``step`` (the runner checks the
    event once per boundary, before the step)."""

    def __init__(self, step: int) -> None:
        super().__init__()
        self.step, self.checks = step, 0

    def is_set(self) -> bool:
        self.checks += 1
        if self.checks > self.step:
            self.set()
        return super().is_set()


def _spec(**fields: Any) -> pb.JobSpec:
    base: dict[str, Any] = {
        "model": {"mlp": {"hidden_sizes": [16]}},
        "dataset": {"digits": {}},
        "optimizer": {"name": "adabelief", "hyperparameters": {"lr": 0.01}},
        "batch_size": {"fixed": 32},
        "budget": {"steps": 40},
        "report_interval_steps": 5,
        "evaluation": {"interval_steps": 20},
        "checkpoint": {"interval_steps": 15},
        "seed": 7,
    }
    base.update(fields)
    return json_format.ParseDict(base, pb.JobSpec())


def _lines(jd: JobDir) -> list[tuple[str, dict[str, Any]]]:
    return [events.decode(line) for line in jd.events.read_text().splitlines()]


def _train(spec: pb.JobSpec, jd: JobDir, stop: threading.Event) -> tuple[dict[str, float], Any]:
    data, model = runner.prepare(spec, "cpu")
    return runner.train(spec, data, model, jd, "cpu", stop), model


def test_digits_job_reports_evaluates_checkpoints_and_sums_up(tmp_path: Path) -> None:
    jd = JobDir.of(tmp_path, "digits")
    spec = _spec(optimizer={"name": "adam", "hyperparameters": {"lr": 0.02}})
    metrics = runner.run(spec, jd, "cpu", threading.Event())
    lines = _lines(jd)
    progress = [p for k, p in lines if k == "progress" and not p["evaluation"]]
    evals = [p for k, p in lines if k == "progress" and p["evaluation"]]
    assert [p["step"] for p in progress] == [5, 10, 15, 20, 25, 30, 35, 40]
    assert [p["step"] for p in evals] == [20, 40]
    assert [p["step"] for k, p in lines if k == "checkpoint"] == [15, 30]
    assert {k for k, _ in lines} == {"progress", "checkpoint"}  # `final` is the worker's
    n_train = 1438  # digits' 1797 less 20 % held out
    for p in progress:
        assert math.isfinite(p["loss"]) and p["loss"] > 0
        assert p["learning_rate"] == 0.02 and p["batch_size"] == 32
        assert p["grad_norm"] > 0 and p["steps_per_second"] > 0 and p["samples_per_second"] > 0
        assert p["samples_seen"] == 32 * p["step"]
        assert p["epoch"] == pytest.approx(32 * p["step"] / n_train)
    assert progress[-1]["loss"] < progress[0]["loss"]
    assert set(evals[-1]["metrics"]) == {"eval_loss", "eval_accuracy"}
    assert [s for s, _ in checkpoint.checkpoints(jd.checkpoints)] == [15, 30]
    assert set(metrics) == {
        "eval_loss", "eval_accuracy", "train_loss", "steps", "samples_seen", "wall_seconds",
        "param_count",
    }  # fmt: skip
    assert metrics["eval_accuracy"] == evals[-1]["metrics"]["eval_accuracy"] > 0.6
    assert metrics["train_loss"] == progress[-1]["loss"]
    assert (metrics["steps"], metrics["samples_seen"]) == (40, 40 * 32)
    assert metrics["param_count"] == 64 * 16 + 16 + 16 * 10 + 10
    assert metrics["wall_seconds"] > 0


def test_regression_and_language_model_metrics_and_an_epoch_budget(tmp_path: Path) -> None:
    reg = _spec(
        dataset={"synthetic_regression": {"samples": 300, "features": 5}},
        optimizer={"name": "adam", "hyperparameters": {"lr": 0.01}},
        budget={"epochs": 3},
        batch_size={"fixed": 100},
        evaluation={"interval_steps": 100},
    )
    out = runner.run(reg, JobDir.of(tmp_path, "reg"), "cpu", threading.Event())
    assert out["steps"] == 3 * math.ceil(240 / 100) and out["samples_seen"] == 3 * 240
    assert out["eval_mse"] == out["eval_loss"] > 0
    lm = _spec(
        model={"transformer_lm": {"d_model": 16, "layers": 1, "heads": 2}},
        dataset={"synthetic_tokens": {"sequences": 60, "sequence_length": 8, "vocab_size": 12}},
        optimizer={"name": "adamw", "hyperparameters": {"lr": 0.01}},
        budget={"steps": 6},
    )
    out = runner.run(lm, JobDir.of(tmp_path, "lm"), "cpu", threading.Event())
    assert out["eval_perplexity"] == pytest.approx(math.exp(out["eval_loss"]))
    assert 1 < out["eval_perplexity"] < 12 * 2  # about uniform over 12 tokens, or better


# Every kind of optimizer state, schedule position, batch controller and data order.
RESUME_CASES: dict[str, dict[str, Any]] = {
    "adabelief+cosine+dropout": {
        "model": {"mlp": {"hidden_sizes": [16], "dropout": 0.2}},
        "schedule": {"warmup_steps": 5, "cosine": {"final_factor": 0.1}},
    },
    "diffgrad": {"optimizer": {"name": "diffgrad", "hyperparameters": {"lr": 0.01}}},
    "mfac": {"optimizer": {"name": "mfac", "hyperparameters": {"lr": 0.01, "ngrads": 8}}},
    "frugal": {
        "optimizer": {
            "name": "frugal",
            "hyperparameters": {"lr": 0.01, "update_gap": 5, "block_order": "random"},
        }
    },
    "sgd+momentum+step": {
        "optimizer": {"name": "sgd", "hyperparameters": {"lr": 0.05, "momentum": 0.9}},
        "schedule": {"step": {"step_size": 10, "gamma": 0.5}},
    },
    "adagrad_norm+adaptive_batch": {
        "optimizer": {"name": "adagrad_norm", "hyperparameters": {"lr": 0.5}},
        "batch_size": {"adaptive": {"hyperparameters": {"initial_batch_size": 4, "eta": 0.5}}},
    },
    "cbo": {
        "optimizer": {
            "name": "cbo",
            "hyperparameters": {"lr": 0.05, "num_particles": 5, "noise": "anisotropic"},
        }
    },
    "sso": {"optimizer": {"name": "sso", "hyperparameters": {"m": 2, "inner_lr": 0.05}}},
    "trp": {"optimizer": {"name": "trp", "hyperparameters": {"lr": 0.05, "nuclear_weight": 1e-3}}},
    "sgd+auto_learning_rate+linear": {  # measured once: a resume keeps the rate
        "optimizer": {
            "name": "sgd",
            "hyperparameters": {"momentum": 0.9},
            "autoLearningRate": {"sampleSize": 128, "lanczosSteps": 8},
        },
        "schedule": {"linear": {}},
    },
    "adam+epochs+linear": {
        "optimizer": {"name": "adam", "hyperparameters": {"lr": 0.01}},
        "batch_size": {"fixed": 256},
        "budget": {"epochs": 7},  # 6 steps an epoch: the stop falls inside epoch 3
        "schedule": {"linear": {"final_factor": 0.0}},
    },
}


@pytest.mark.parametrize("case", sorted(RESUME_CASES))
def test_a_stopped_and_resumed_job_ends_bit_identical(case: str, tmp_path: Path) -> None:
    spec = _spec(**RESUME_CASES[case])
    whole = JobDir.of(tmp_path, "whole")
    expected, model = _train(spec, whole, threading.Event())
    params = {k: v.clone() for k, v in model.state_dict().items()}

    parts = JobDir.of(tmp_path, "parts")
    with pytest.raises(runner.Stopped) as stopped:
        _train(spec, parts, StopAt(23))
    assert stopped.value.step == 23
    assert stopped.value.checkpoint == checkpoint.latest(parts.checkpoints)
    assert [p["step"] for k, p in _lines(parts) if k == "checkpoint"] == [15, 23]
    resumed, model = _train(spec, parts, threading.Event())

    for key, value in model.state_dict().items():
        assert torch.equal(value, params[key]), f"{case}: {key} differs"
    assert {k: v for k, v in resumed.items() if k != "wall_seconds"} == {
        k: v for k, v in expected.items() if k != "wall_seconds"
    }

    def reports(jd: JobDir) -> dict[int, str]:  # NaN-safe: compared as JSON text
        keys = ("loss", "step_grad_norms", "step_batch_sizes", "step_batch_test_statistics")
        return {
            p["step"]: json.dumps([p.get(k) for k in keys])
            for k, p in _lines(jd)
            if k == "progress" and not p["evaluation"]
        }

    assert reports(parts) == reports(whole)  # the report window across the stop included


def test_learning_rate_auto_is_the_stability_bound_measured_at_initialisation(
    tmp_path: Path,
) -> None:
    from tuneforge.schedules.stability import sgd_stability

    optimizer = {"name": "sgd", "hyperparameters": {"momentum": 0.5},
                 "autoLearningRate": {"sampleSize": 256, "safetyFactor": 0.8}}  # fmt: skip
    auto = _spec(optimizer=optimizer, checkpoint={"disabled": True}, budget={"steps": 20})
    metrics = runner.run(auto, JobDir.of(tmp_path, "auto"), "cpu", threading.Event())

    data, model = runner.prepare(auto, "cpu")  # the same seeded sample, measured here
    model.eval()
    idx = torch.randperm(1438, generator=torch.Generator().manual_seed(7))[:256]
    loss = runner.loss_function(data.task)
    report = sgd_stability(
        model, loss, data.x_train[idx], data.y_train[idx], [32], iterations=20, samples=32, seed=7
    )
    rate = 0.8 * 1.5 * report.rates[0].max_learning_rate  # safety x (1 + momentum) x bound
    assert metrics["auto_learning_rate"] == pytest.approx(rate, rel=1e-9)
    assert metrics["lambda_max"] == pytest.approx(report.lambda_max.value, rel=1e-9)
    assert metrics["hessian_trace"] == pytest.approx(report.trace.value, rel=1e-9)
    reports = [p for k, p in _lines(JobDir.of(tmp_path, "auto")) if k == "progress"]
    assert {p["learning_rate"] for p in reports} == {metrics["auto_learning_rate"]}

    # The measurement draws from no training RNG: the same job with that lr, bit for bit.
    explicit = _spec(optimizer={"name": "sgd", "hyperparameters": {
        "momentum": 0.5, "lr": metrics["auto_learning_rate"]}},
        checkpoint={"disabled": True}, budget={"steps": 20})  # fmt: skip
    again = runner.run(explicit, JobDir.of(tmp_path, "explicit"), "cpu", threading.Event())
    assert again["eval_loss"] == metrics["eval_loss"]
    assert again["train_loss"] == metrics["train_loss"]


def test_an_adaptive_batch_reports_every_steps_batch_and_test_statistic(tmp_path: Path) -> None:
    spec = _spec(**RESUME_CASES["adagrad_norm+adaptive_batch"], checkpoint={"disabled": True})
    runner.run(spec, JobDir.of(tmp_path, "j"), "cpu", threading.Event())
    reports = [p for k, p in _lines(JobDir.of(tmp_path, "j")) if k == "progress"]
    reports = [p for p in reports if not p["evaluation"]]
    sizes = [b for p in reports for b in p["step_batch_sizes"]]
    stats = [t for p in reports for t in p["step_batch_test_statistics"]]
    assert len(sizes) == len(stats) == 40  # one value per step
    for p in reports:
        assert len(p["step_batch_sizes"]) == len(p["step_grad_norms"]) == 5
    assert sum(sizes) == reports[-1]["samples_seen"]
    assert math.isnan(stats[-1])  # the last step is followed by no test
    # Each test sets the next step's batch, which only grows (capped at the training
    # split) and is cut short by the end of an epoch.
    n_train, nominal, index, expected = 1438, 4, 0, []
    for t in stats:
        expected.append(min(nominal, n_train - index))
        index = (index + expected[-1]) % n_train
        if math.isfinite(t):
            assert t > 0
            nominal = min(max(nominal, math.ceil(t)), n_train)
    assert sizes == expected and sizes[-1] > 4
    assert reports[-1]["metrics"]["batch_test_statistic"] == stats[-2]
    fixed = _spec(checkpoint={"disabled": True})
    runner.run(fixed, JobDir.of(tmp_path, "f"), "cpu", threading.Event())
    assert all(
        p["step_batch_sizes"] == p["step_batch_test_statistics"] == []
        for k, p in _lines(JobDir.of(tmp_path, "f"))
        if k == "progress"
    )


def test_a_crash_resumes_from_the_last_periodic_checkpoint(tmp_path: Path) -> None:
    spec = _spec(**RESUME_CASES["frugal"])
    expected, model = _train(spec, JobDir.of(tmp_path, "whole"), threading.Event())
    params = model.state_dict()
    jd = JobDir.of(tmp_path, "crashed")
    with pytest.raises(runner.Stopped):
        _train(spec, jd, StopAt(37))
    checkpoint.latest(jd.checkpoints).unlink()  # type: ignore[union-attr]  # died before it
    assert checkpoint.latest(jd.checkpoints) == checkpoint.path_of(jd.checkpoints, 30)
    resumed, model = _train(spec, jd, threading.Event())
    assert all(torch.equal(v, params[k]) for k, v in model.state_dict().items())
    assert resumed["eval_loss"] == expected["eval_loss"]


def test_a_stop_without_checkpoints_saves_nothing(tmp_path: Path) -> None:
    jd = JobDir.of(tmp_path, "j")
    with pytest.raises(runner.Stopped) as stopped:
        runner.run(_spec(checkpoint={"disabled": True}), jd, "cpu", StopAt(12))
    assert (stopped.value.step, stopped.value.checkpoint) == (12, None)
    assert checkpoint.latest(jd.checkpoints) is None
    assert [p["step"] for _, p in _lines(jd)] == [5, 10]


def _entry_spec(target: str, **arguments: Any) -> pb.JobSpec:
    return _spec(
        model={"entry_point": {"target": f"{ENTRY}:{target}", "arguments": arguments}},
        dataset={"synthetic_classification": {"samples": 400, "classes": 3}},
        optimizer={"name": "sgd", "hyperparameters": {"lr": 0.1}},
        schedule={"linear": {"final_factor": 0.5}},
        budget={"steps": 30},
    )


def test_an_entry_point_trains_reports_and_returns_metrics(tmp_path: Path) -> None:
    jd = JobDir.of(tmp_path, "entry")
    out = runner.run(_entry_spec("train", report_every=10), jd, "cpu", threading.Event())
    lines = _lines(jd)
    assert [p["step"] for _, p in lines] == [10, 20, 30, 30]
    first = lines[0][1]
    assert math.isfinite(first["loss"]) and first["learning_rate"] == pytest.approx(
        0.1 * (1 - 0.5 * 9 / 30)
    )
    assert lines[-1][1]["evaluation"] and "eval_accuracy" in lines[-1][1]["metrics"]
    assert out["eval_accuracy"] > 0.5 and out["seed"] == 7
    assert out["steps"] == 30 and out["train_loss"] == lines[2][1]["loss"]
    assert out["param_count"] == 20 * 3 + 3


def test_an_entry_point_stops_on_request_and_resumes(tmp_path: Path) -> None:
    spec = _entry_spec("train")
    whole = runner.run(spec, JobDir.of(tmp_path, "whole"), "cpu", threading.Event())
    jd = JobDir.of(tmp_path, "parts")
    with pytest.raises(runner.Stopped) as stopped:
        runner.run(spec, jd, "cpu", StopAt(12))
    assert stopped.value.checkpoint == checkpoint.path_of(jd.checkpoints, 12)
    resumed = runner.run(spec, jd, "cpu", threading.Event())
    assert resumed["weight_sum"] == whole["weight_sum"]


def test_a_bad_optimizer_config_is_a_validation_error_with_a_spec_path(tmp_path: Path) -> None:
    bad = _spec(optimizer={"name": "adabelief", "hyperparameters": {"lr": -1}})
    with pytest.raises(ValidationError) as err:
        runner.run(bad, JobDir.of(tmp_path, "j"), "cpu", threading.Event())
    assert [v.field for v in err.value.violations] == ["spec.optimizer.hyperparameters.lr"]


# ------------------------------------------------------------------------- worker processes

_WORKER_SCRIPT = textwrap.dedent(
    """
    import ctypes, json, os, sys
    from tuneforge.trainer import worker
    out, log, dirs = sys.argv[1], sys.argv[2], sys.argv[3:]
    worker.prepare_child(log)
    sig = ctypes.c_int()
    ctypes.CDLL(None).prctl(2, ctypes.byref(sig), 0, 0, 0)  # PR_GET_PDEATHSIG
    print("hello from the worker")
    codes = [worker.main(d, "cpu") for d in dirs]
    with open(out, "w") as f:
        leader = os.getpgid(0) == os.getpid()
        json.dump({"codes": codes, "leader": leader, "pdeathsig": sig.value}, f)
    """
)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


def test_worker_exit_codes_final_and_error_lines_and_the_log(tmp_path: Path) -> None:
    ok, bad, crash = (JobDir.of(tmp_path, name) for name in ("ok", "bad", "crash"))
    ok.write_spec(_spec(budget={"steps": 10}))
    bad.write_spec(_spec(optimizer={"name": "no_such_optimizer"}))
    crash.write_spec(_entry_spec("crash"))
    result, log = tmp_path / "result.json", tmp_path / "output.log"
    proc = subprocess.run(
        [sys.executable, "-c", _WORKER_SCRIPT, str(result), str(log), str(ok.root),
         str(bad.root), str(crash.root)],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    got = json.loads(result.read_text())
    assert got["codes"] == [worker.EXIT_DONE, worker.EXIT_CONFIG, worker.EXIT_ERROR]
    assert got["leader"] and got["pdeathsig"] == signal.SIGKILL
    output = log.read_text()
    assert "hello from the worker" in output
    assert "Traceback" in output and "RuntimeError: boom from the entry point" in output
    kind, final = _lines(ok)[-1]
    assert (
        kind == "final" and final["metrics"]["steps"] == 10 and "eval_accuracy" in final["metrics"]
    )
    kind, error = _lines(bad)[-1]
    assert kind == "error" and "spec.optimizer.name" in error["reason"]
    assert not [k for k, _ in _lines(crash) if k in ("final", "error")]


def test_sigterm_checkpoints_and_exits_stopped(tmp_path: Path) -> None:
    jd = JobDir.of(tmp_path, "long")
    jd.write_spec(_spec(budget={"steps": 10**7}, checkpoint={"interval_steps": 10**6}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tuneforge.trainer.worker", str(jd.root), "--device", "cpu"],
        cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while not (jd.events.exists() and jd.events.read_text().count("\n") >= 2):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the worker reported nothing"
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == worker.EXIT_STOPPED, stderr
    lines = _lines(jd)
    kind, saved = lines[-1]
    assert kind == "checkpoint" and saved["step"] > 0
    assert checkpoint.latest(jd.checkpoints) == checkpoint.path_of(jd.checkpoints, saved["step"])
    assert "stopped at step" in stderr
