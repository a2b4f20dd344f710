"""ScheduleService closed around the trainer, over one real server on loopback: a job's
recorded gradient norms refine the next job's schedule, and the stability RPCs
measure a job's model (real worker processes, small digits jobs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import grpc
import numpy as np
import pytest

from tests.conftest import ServerThread
from tuneforge.schedules.refine import refine
from tuneforge.trainer.norms import resample
from tuneforge.v1 import trainer_service_pb2 as trainer_pb
from tuneforge_client import Client, TuneforgeError

torch = pytest.importorskip("torch")

Start = Callable[..., ServerThread]
STEPS = 60


def digits(optimizer: str = "sgd", **extra: Any) -> dict[str, Any]:
    hp = {"cbo": {"lr": 0.1, "num_particles": 6}}.get(optimizer, {"lr": 0.05})
    return {
        "name": f"digits-{optimizer}",
        "model": {"logistic_regression": {}},
        "dataset": {"digits": {}},
        "optimizer": {"name": optimizer, "hyperparameters": hp},
        "budget": {"steps": STEPS},
        "report_interval_steps": 7,  # reports that do not divide the run
        "checkpoint": {"intervalSteps": 20},
        "seed": 3,
        "device": "cpu",
        **extra,
    }


@pytest.fixture(scope="module")
def jobs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, dict[str, str]]]:
    """One server (tuner + trainer) and three finished jobs: SGD, Adam and CBO."""
    from tuneforge.runtime.config import Settings

    home = tmp_path_factory.mktemp("home")
    settings = Settings.load(
        {}, port=0, home=home, study_tracking=False, tracking_uri=f"sqlite:///{home}/mlflow.db"
    )
    server = ServerThread(settings, None, "all")
    client = Client(server.target, timeout=120)
    try:
        ids = {name: client.submit_job(digits(name)).id for name in ("sgd", "adam", "cbo")}
        for job_id in ids.values():
            assert client.wait_job(job_id, timeout=300).state == trainer_pb.JOB_STATE_SUCCEEDED
        yield client, ids
    finally:
        client.close()
        server.stop(grace=0.5)


def watched_norms(tf: Client, job_id: str) -> tuple[list[float], list[float]]:
    """The per-step norms as WatchJob streams them (what a client sees)."""
    l2: list[float] = []
    l1: list[float] = []
    for e in tf.watch_job(job_id):
        if e.HasField("progress") and not e.progress.evaluation:
            l2 += e.progress.step_grad_norms
            l1 += e.progress.step_grad_norms_l1
    return l2, l1


def test_every_step_reports_its_gradient_norms(jobs: tuple[Client, dict[str, str]]) -> None:
    tf, ids = jobs
    l2, l1 = watched_norms(tf, ids["sgd"])
    assert len(l2) == len(l1) == STEPS
    assert all(0 < a <= b for a, b in zip(l2, l1, strict=True))  # ||g||_2 <= ||g||_1
    assert watched_norms(tf, ids["cbo"]) == ([], [])  # derivative-free: no gradients


def test_refine_schedule_by_job_is_the_refinement_of_its_norms(
    jobs: tuple[Client, dict[str, str]],
) -> None:
    tf, ids = jobs
    for name, norm, index in (("sgd", "l2", 0), ("adam", "l1", 1)):
        out = tf.refine_schedule(job_id=ids[name], base_learning_rate=0.1)
        assert out.norm == (1 if norm == "l2" else 2)
        want = refine(watched_norms(tf, ids[name])[index], norm=norm, base_learning_rate=0.1)
        np.testing.assert_array_equal(out.learning_rates, want.schedule)
    forced = tf.refine_schedule(job_id=ids["sgd"], norm="l1")
    assert forced.norm == 2


def test_refine_from_resolves_at_submit_and_the_job_trains(
    jobs: tuple[Client, dict[str, str]],
) -> None:
    tf, ids = jobs
    job = tf.submit_job(digits("sgd", schedule={"refined": {"refineFrom": ids["adam"]}}))
    refined = job.spec.schedule.refined
    assert refined.norm == "l2"  # after the new job's optimizer, not the source's
    want = resample(refine(watched_norms(tf, ids["adam"])[0], norm="l2").schedule)
    np.testing.assert_allclose(refined.factors, want, rtol=0, atol=1e-15)
    assert tf.wait_job(job.id, timeout=300).state == trainer_pb.JOB_STATE_SUCCEEDED


def test_jobs_without_norms_and_unknown_jobs(jobs: tuple[Client, dict[str, str]]) -> None:
    tf, ids = jobs
    with pytest.raises(TuneforgeError) as exc:
        tf.refine_schedule(job_id=ids["cbo"])
    assert exc.value.code is grpc.StatusCode.FAILED_PRECONDITION
    assert exc.value.violation("job_id") is not None
    with pytest.raises(TuneforgeError) as exc:
        tf.submit_job(digits("sgd", schedule={"refined": {"refineFrom": ids["cbo"]}}))
    assert exc.value.code is grpc.StatusCode.FAILED_PRECONDITION
    assert exc.value.violation("spec.schedule.refined.refine_from") is not None
    with pytest.raises(TuneforgeError) as exc:
        tf.refine_schedule(job_id="job-nope")
    assert exc.value.code is grpc.StatusCode.NOT_FOUND
    with pytest.raises(TuneforgeError) as exc:
        tf.submit_job(digits("sgd", schedule={"refined": {"refineFrom": "job-nope"}}))
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    v = exc.value.violation("spec.schedule.refined.refine_from")
    assert v is not None and v.reason == "NOT_FOUND"


def _dense_lambda_max(tf: Client, spec: trainer_pb.JobSpec, sample_size: int, seed: int) -> float:
    """lambda_max of the full Hessian of the same loss, by a dense eigensolve."""
    from tuneforge.trainer import curvature

    t = curvature.load(spec, sample_size=sample_size, seed=seed, field="target")
    params = [p for p in t.model.parameters() if p.requires_grad]
    shapes = [p.shape for p in params]
    sizes = [p.numel() for p in params]

    def loss(flat: Any) -> Any:
        pieces = torch.split(flat, sizes)
        state = {
            n: w.reshape(s)
            for (n, _), w, s in zip(t.model.named_parameters(), pieces, shapes, strict=True)
        }
        out = torch.func.functional_call(t.model, state, (t.x,))
        return t.loss_fn(out, t.y)

    flat = torch.cat([p.detach().reshape(-1) for p in params])
    hessian = torch.autograd.functional.hessian(loss, flat).double()
    return float(torch.linalg.eigvalsh(hessian)[-1])


def test_stable_learning_rate_of_a_spec_matches_a_dense_eigensolve(
    jobs: tuple[Client, dict[str, str]],
) -> None:
    tf, _ = jobs
    from tuneforge_client.trainer import job_spec

    spec = job_spec(digits("sgd"))
    out = tf.estimate_stable_learning_rate(
        spec=spec, batch_sizes=[1, 16, 256], sample_size=256, lanczos_steps=40, seed=1
    )
    exact = _dense_lambda_max(tf, spec, 256, 1)
    # The residual interval holds up to the float32 model's own rounding.
    slack = 1e-6 * exact
    assert out.lambda_max.lower - slack <= exact <= out.lambda_max.upper + slack
    assert out.gd_bound == pytest.approx(2 / out.lambda_max.value)
    assert out.checkpoint_step == 0 and out.parameters == 650 and out.sample_size == 256
    assert out.necessary and out.hvps == out.lambda_max.hvps + out.trace.hvps <= 40 + 32
    assert [r.batch_size for r in out.rates] == [1, 16, 256]
    b1, b16, full = out.rates
    assert b1.trace_bound == pytest.approx(2 / out.trace.value) and not b1.heuristic
    assert b16.heuristic and b16.max_learning_rate <= b16.gd_bound
    assert full.trace_bound == 0 and full.max_learning_rate == out.gd_bound  # full batch


def test_stability_of_a_job_uses_its_newest_checkpoint(
    jobs: tuple[Client, dict[str, str]],
) -> None:
    tf, ids = jobs
    trained = tf.estimate_stable_learning_rate(ids["sgd"], sample_size=256, seed=1)
    assert trained.checkpoint_step == 40  # checkpoints at 20 and 40 of 60 steps
    assert [r.batch_size for r in trained.rates] == [64]  # the job's batch size
    initial = tf.estimate_stable_learning_rate(spec=digits("sgd"), sample_size=256, seed=1)
    assert trained.lambda_max.value != pytest.approx(initial.lambda_max.value, rel=1e-6)
    ggn = tf.estimate_stable_learning_rate(
        ids["sgd"], sample_size=256, seed=1, curvature="gauss_newton"
    )
    # Softmax regression: the loss is convex in the parameters, so the Hessian is the GGN.
    assert ggn.lambda_max.value == pytest.approx(trained.lambda_max.value, rel=1e-3)


def test_learning_rate_curve_of_a_job(jobs: tuple[Client, dict[str, str]]) -> None:
    tf, ids = jobs
    out = tf.learning_rate_curve(ids["sgd"], sample_size=128, batches_per_size=2, seed=2)
    assert [p.batch_size for p in out.points] == [1, 2, 4, 8, 16, 32, 64, 128]
    assert out.hvps <= 8 * 2 * 20 and out.checkpoint_step == 40
    for p in out.points:
        assert p.fitted == pytest.approx(out.lambda_limit + out.noise_coefficient / p.batch_size)
        assert p.stability_bound == pytest.approx(2 / p.lambda_max)


@pytest.mark.parametrize(
    ("call", "kwargs", "fields"),
    [
        ("estimate", {"batch_sizes": [0, 8]}, {"batch_sizes[0]"}),
        (
            "estimate",
            {"lanczos_steps": 1, "hutchinson_probes": 1},
            {"lanczos_steps", "hutchinson_probes"},
        ),
        ("estimate", {"max_hvps": 5}, {"max_hvps"}),
        ("estimate", {"sample_size": 10**9}, {"sample_size"}),
        ("estimate", {"curvature": 7}, {"curvature"}),
        ("curve", {"batch_sizes": [1, 2, 2]}, {"batch_sizes"}),
        ("curve", {"batches_per_size": 33}, {"batches_per_size"}),
        ("curve", {"sample_size": 2}, {"sample_size"}),
    ],
)
def test_bad_curvature_requests_are_field_violations(
    jobs: tuple[Client, dict[str, str]], call: str, kwargs: dict[str, Any], fields: set[str]
) -> None:
    tf, ids = jobs
    method = tf.estimate_stable_learning_rate if call == "estimate" else tf.learning_rate_curve
    with pytest.raises(TuneforgeError) as exc:
        method(ids["sgd"], **kwargs)
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT, exc.value
    assert {v.field for v in exc.value.field_violations} == fields


def test_targets_the_server_cannot_measure(jobs: tuple[Client, dict[str, str]]) -> None:
    tf, _ = jobs
    with pytest.raises(TuneforgeError) as exc:
        tf.estimate_stable_learning_rate()
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert exc.value.violation("target") is not None
    with pytest.raises(TuneforgeError) as exc:
        tf.estimate_stable_learning_rate("job-nope")
    assert exc.value.code is grpc.StatusCode.NOT_FOUND
    big = digits("sgd", model={"mlp": {"hiddenSizes": [2048, 1024]}})
    with pytest.raises(TuneforgeError) as exc:
        tf.estimate_stable_learning_rate(spec=big, sample_size=16)
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert exc.value.violation("target") is not None  # past the parameter limit
    bad = digits("sgd", budget={"steps": 0})
    with pytest.raises(TuneforgeError) as exc:
        tf.estimate_stable_learning_rate(spec=bad)
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert exc.value.violation("target.spec.budget.steps") is not None


def test_learning_rate_auto_trains_at_the_estimated_bound(
    jobs: tuple[Client, dict[str, str]],
) -> None:
    tf, _ = jobs
    auto = {"name": "sgd", "autoLearningRate": {"safetyFactor": 0.5, "sampleSize": 512}}
    job = tf.submit_job({**digits("sgd"), "optimizer": auto})
    assert "lr" not in job.spec.optimizer.hyperparameters  # the worker measures it
    assert job.spec.optimizer.auto_learning_rate.lanczos_steps == 20  # defaults filled in
    done = tf.wait_job(job.id, timeout=300)
    assert done.state == trainer_pb.JOB_STATE_SUCCEEDED, done.state_reason
    # The service's estimate of the same spec at initialisation, sample and seed.
    est = tf.estimate_stable_learning_rate(
        spec=digits("sgd"), batch_sizes=[64], sample_size=512, seed=3
    )
    bound = est.rates[0].max_learning_rate
    assert done.final_metrics["auto_learning_rate"] == pytest.approx(0.5 * bound, rel=1e-6)
    assert done.final_metrics["lambda_max"] == pytest.approx(est.lambda_max.value, rel=1e-6)
    assert done.progress.learning_rate == done.final_metrics["auto_learning_rate"]
    with pytest.raises(TuneforgeError) as exc:
        tf.submit_job({**digits(), "optimizer": {"name": "adam", "autoLearningRate": {}}})
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert exc.value.violation("spec.optimizer.auto_learning_rate") is not None


def test_scale_learning_rate_with_a_model_warns_outside_its_measured_range(
    jobs: tuple[Client, dict[str, str]],
) -> None:
    tf, ids = jobs
    targets = [32, 128, 4096]  # the last one is larger than the 1024-sample curve
    out = tf.scale_learning_rate(0.1, 64, targets, job_id=ids["sgd"])
    assert out.rule == 1  # SCALING_RULE_LINEAR: the job's SGD, no family given
    sizes = [p.batch_size for p in out.curve.points]
    assert {64, 32, 128} <= set(sizes) and max(sizes) == 1024
    assert out.curve.parameters == 650 and out.curve.hvps > 0
    lo, hi = out.curve.linear_range.lo, out.curve.linear_range.hi
    for r in out.results:
        inside = (
            out.curve.HasField("linear_range")
            and lo <= min(64, r.batch_size)
            and (max(64, r.batch_size) <= hi)
        )
        assert (r.warning == "") == inside, (r.batch_size, r.warning, lo, hi)
        assert "[1/16" not in r.warning  # the measured range replaced the convention
    assert "measured on batch sizes [1, 1024]" in out.results[2].warning  # past the curve
    assert tf.scale_learning_rate(0.1, 64, [128], job_id=ids["adam"]).rule == 2  # SQRT
    plain = tf.scale_learning_rate(0.1, 64, [4096], "sgd")
    assert not plain.HasField("curve") and "[1/16, 16]" in plain.results[0].warning

    cases = [
        ({"max_trusted_scale": 4.0, "job_id": ids["sgd"]}, "max_trusted_scale"),
        ({"job_id": ids["cbo"]}, "optimizer_family"),  # derivative-free: no rule of its own
        ({"spec": {**digits(), "budget": {"steps": 0}}}, "model.spec.budget.steps"),
    ]
    for kwargs, field in cases:
        with pytest.raises(TuneforgeError) as exc:
            tf.scale_learning_rate(0.1, 64, [128], **kwargs)
        assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT, kwargs
        assert exc.value.violation(field) is not None, exc.value.field_violations
    with pytest.raises(TuneforgeError) as exc:
        tf.scale_learning_rate(0.1, 64, [128], job_id="job-nope")
    assert exc.value.code is grpc.StatusCode.NOT_FOUND
