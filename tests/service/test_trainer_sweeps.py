"""Sweeps: field paths, the submit-time checks, and the controller driving real jobs.

The controller tests run the real stack below the servicer: the SQL job and sweep
stores on a migrated SQLite file, the Optuna study store on the same file, and the
local backend running real digits jobs in worker processes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from optuna.trial import TrialState

from tuneforge.errors import ValidationError
from tuneforge.runtime.config import Settings
from tuneforge.storage import open_database
from tuneforge.storage.migrate import upgrade
from tuneforge.studies.config import Objective, PrunerSpec, SamplerSpec, StudyConfig
from tuneforge.studies.optuna_store import OptunaStudyStore
from tuneforge.studies.space import Condition, Param, Value
from tuneforge.trainer import spec as job_spec
from tuneforge.trainer import sweeps
from tuneforge.trainer.events import JobState
from tuneforge.trainer.store import SqlJobStore, SqlSweepStore, SweepRecord, SweepState
from tuneforge.v1 import trainer_service_pb2 as pb

# -- fixtures -------------------------------------------------------------------------


def template(steps: int = 100, interval: int = 20) -> pb.JobSpec:
    t = pb.JobSpec(name="digits-mlp", seed=7, device="cpu")
    t.model.mlp.hidden_sizes.append(32)
    t.dataset.digits.SetInParent()
    t.optimizer.name = "adam"
    t.batch_size.fixed = 64
    t.budget.steps = steps
    t.evaluation.interval_steps = interval
    t.report_interval_steps = 10
    t.checkpoint.interval_steps = 20
    return t


OPTIMIZER = Param("optimizer.name", "categorical", choices=("adam", "sgd"))
LR = Param("optimizer.hyperparameters.lr", "float", 1e-6, 0.2, log=True)


def config(
    space: tuple[Param, ...] = (OPTIMIZER, LR), metric: str = "accuracy", startup: int = 2
) -> StudyConfig:
    return StudyConfig(
        (Objective(metric, maximize=metric == "accuracy"),),
        space,
        SamplerSpec("tpe", {"n_startup_trials": 2}, seed=3),
        PrunerSpec("median", {"n_startup_trials": startup, "n_warmup_steps": 0}),
    )


def sweep_spec(max_trials: int = 6, parallelism: int = 2, **kw: int) -> pb.SweepSpec:
    return pb.SweepSpec(
        name="optimizer x lr",
        template=template(**kw),
        max_trials=max_trials,
        parallelism=parallelism,
    )


def validate(spec: pb.JobSpec, prefix: str = "spec") -> pb.JobSpec:
    return job_spec.validate(spec, None, prefix)


@dataclass
class Stack:
    """The stores, and a backend + controller that can be restarted on them."""

    tmp: Path
    jobs: SqlJobStore
    sweep_store: SqlSweepStore
    studies: OptunaStudyStore
    settings: Settings
    backend: object = None
    controller: sweeps.SweepController | None = None

    def start(self) -> sweeps.SweepController:
        from tuneforge.trainer.local import LocalBackend

        holder: list[sweeps.SweepController] = []
        backend = LocalBackend(self.jobs, self.settings, None, lambda _id: holder[0].wake())
        check = backend.check

        def validate_job(spec: pb.JobSpec, prefix: str = "spec") -> pb.JobSpec:
            return job_spec.validate(spec, check, prefix)

        controller = sweeps.SweepController(
            self.sweep_store, self.jobs, self.studies, validate_job, backend, poll_seconds=0.1
        )
        holder.append(controller)
        backend.start()
        controller.start()
        self.backend, self.controller = backend, controller
        return controller

    def stop(self) -> None:
        # The backend first (the service stops the controller first): its workers get
        # SIGTERM at once, so a job seen early in its run cannot finish while a loaded
        # machine takes its time stopping the controller.
        if self.backend is not None:
            self.backend.stop()  # type: ignore[attr-defined]
        if self.controller is not None:
            self.controller.stop()
        self.backend = self.controller = None

    def submit(self, spec: pb.SweepSpec, cfg: StudyConfig, key: str = "") -> SweepRecord:
        sweeps.prepare(spec, cfg, validate)
        record, created = sweeps.submit(spec, cfg, key, self.sweep_store, self.studies)
        assert created
        if self.controller is not None:
            self.controller.wake()
        return record

    def wait(
        self, sweep_id: str, done: Callable[[SweepRecord], bool], timeout: float = 60.0
    ) -> SweepRecord:
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            record = self.sweep_store.get(sweep_id)
            if done(record):
                return record
            time.sleep(0.1)
        raise AssertionError(f"sweep {sweep_id} still {self.sweep_store.get(sweep_id)}")

    def trial_jobs(self, sweep_id: str) -> dict[int, list[str]]:
        records, _ = self.jobs.list_page(sweep_id=sweep_id, page_size=1000)
        out: dict[int, list[str]] = {}
        for r in records:
            assert r.trial_number is not None
            out.setdefault(r.trial_number, []).append(r.id)
        return out


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    pytest.importorskip("torch")
    url = f"sqlite:///{tmp_path / 'state.db'}"
    engine = open_database(url)
    upgrade(engine)
    studies = OptunaStudyStore(url, lease_seconds=30)
    settings = Settings(
        home=tmp_path,
        trainer_node="sweeps-test",
        max_running_jobs=2,
        job_poll_seconds=0.05,
        job_stop_seconds=5.0,
    )
    s = Stack(tmp_path, SqlJobStore(engine), SqlSweepStore(engine), studies, settings)
    yield s
    s.stop()
    studies.close()
    engine.dispose()


def assert_agree(s: Stack, record: SweepRecord) -> None:
    """Every trial of the sweep has exactly one job, and their final states match."""
    expected = {
        JobState.SUCCEEDED: TrialState.COMPLETE,
        JobState.PRUNED: TrialState.PRUNED,
        JobState.FAILED: TrialState.FAIL,
        JobState.CANCELLED: TrialState.FAIL,
    }
    by_trial = s.trial_jobs(record.id)
    assert all(len(ids) == 1 for ids in by_trial.values()), by_trial
    trials, _ = s.studies.trials(record.study)
    handed = [t for t in trials if t.state != TrialState.WAITING]
    assert sorted(by_trial) == [t.number for t in handed]
    for t in handed:
        job = s.jobs.get(by_trial[t.number][0])
        assert job.idempotency_key == sweeps.job_key(record.id, t.number)
        assert expected[job.state] == t.state, (t.number, job.state, t.state, job.reason)


# -- field paths ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "read"),
    [
        ("optimizer.name", "sgd", lambda j: j.optimizer.name),
        ("optimizer.hyperparameters.lr", 0.5, lambda j: j.optimizer.hyperparameters["lr"]),
        (
            "optimizer.hyperparameters.nesterov",
            True,
            lambda j: j.optimizer.hyperparameters["nesterov"],
        ),
        ("optimizer.hyperparameters.kind", "x", lambda j: j.optimizer.hyperparameters["kind"]),
        ("batch_size.fixed", 32, lambda j: j.batch_size.fixed),
        ("model.mlp.dropout", 0.25, lambda j: j.model.mlp.dropout),
        ("schedule.cosine.final_factor", 0.1, lambda j: j.schedule.cosine.final_factor),
        ("budget.steps", 500, lambda j: j.budget.steps),
        ("seed", 3, lambda j: j.seed),
        ("precision", "bf16", lambda j: j.precision),
        ("labels.team", "vision", lambda j: j.labels["team"]),
        ("dataset.validation_fraction", 0.3, lambda j: j.dataset.validation_fraction),
        ("max_duration.seconds", 60, lambda j: j.max_duration.seconds),
    ],
)
def test_set_field_writes_a_copy(path: str, value: object, read: Callable[..., object]) -> None:
    t = template()
    before = t.SerializeToString(deterministic=True)
    out = sweeps.set_field(t, path, value)  # type: ignore[arg-type]
    got = read(out)
    if path.startswith("optimizer.hyperparameters."):
        assert job_spec.python_value(got) == value  # type: ignore[arg-type]
    elif path == "precision":
        assert got == pb.PRECISION_BF16
    else:
        assert got == pytest.approx(value) if isinstance(value, float) else got == value
    assert t.SerializeToString(deterministic=True) == before  # the template is untouched


def test_set_field_selects_the_oneof_member_it_writes() -> None:
    t = template()
    t.model.ClearField("mlp")
    t.model.logistic_regression.SetInParent()
    out = sweeps.set_field(t, "model.mlp.dropout", 0.0)  # a default value still selects
    assert out.model.WhichOneof("kind") == "mlp"
    out = sweeps.set_field(t, "schedule.step.step_size", 10)
    assert out.schedule.WhichOneof("kind") == "step"
    assert sweeps.set_field(template(), "budget.epochs", 2).budget.WhichOneof("kind") == "epochs"


@pytest.mark.parametrize(
    ("path", "value", "error", "says"),
    [
        ("optimizer", "adam", sweeps.FieldPathError, "is a message"),
        ("optimizer.nam", "adam", sweeps.FieldPathError, "no field 'nam'"),
        ("optimizer.hyperparameters", 0.1, sweeps.FieldPathError, "is a map"),
        ("optimizer.hyperparameters.lr.x", 0.1, sweeps.FieldPathError, "is a map"),
        ("optimizer.name.x", "adam", sweeps.FieldPathError, "has no fields"),
        ("model.mlp.hidden_sizes", 32, sweeps.FieldPathError, "is a list"),
        ("model.kind", "mlp", sweeps.FieldPathError, "no field 'kind'"),
        ("budget.steps", 1.5, sweeps.FieldValueError, "an integer field"),
        ("budget.steps", True, sweeps.FieldValueError, "an integer field"),
        ("batch_size.fixed", 2**31, sweeps.FieldValueError, "integers in"),
        ("seed", -1, sweeps.FieldValueError, "integers in [0,"),
        ("optimizer.name", 3, sweeps.FieldValueError, "a string field"),
        ("model.mlp.dropout", "high", sweeps.FieldValueError, "a number field"),
        ("precision", "fp64", sweeps.FieldValueError, "an enum Precision"),
        ("checkpoint.disabled", 1, sweeps.FieldValueError, "a boolean field"),
    ],
)
def test_set_field_refuses(path: str, value: object, error: type, says: str) -> None:
    with pytest.raises(error, match=None) as e:
        sweeps.set_field(template(), path, value)  # type: ignore[arg-type]
    assert says in str(e.value)


def test_check_paths_names_each_bad_parameter() -> None:
    space = [
        Param("optimizer.name", "categorical", choices=("adam", "sgd")),  # fine
        Param("optimizer.nam", "categorical", choices=("adam",)),
        Param("batch_size.fixed", "float", 16, 64),  # an integer field
        Param("budget.steps", "int", 10, 100),
        Param("budget.epochs", "int", 1, 3),  # the other member of budget's oneof
        Param("model.mlp.hidden_sizes", "int", 8, 64),
        Param("labels.team", "categorical", choices=("a", 3)),  # 3 is no string
    ]
    got = {(v.field, v.reason) for v in sweeps.check_paths(space, template())}
    assert got == {
        ("spec.search_space[1].name", "UNKNOWN"),
        ("spec.search_space[2].float_range.low", "WRONG_TYPE"),
        ("spec.search_space[2].float_range.high", "WRONG_TYPE"),
        ("spec.search_space[4].name", "INVALID"),
        ("spec.search_space[5].name", "UNKNOWN"),
        ("spec.search_space[6].categorical.choices[1]", "WRONG_TYPE"),
    }


def test_trial_spec_writes_params_metric_and_name() -> None:
    t = template()
    params: dict[str, Value] = {"optimizer.name": "sgd", "optimizer.hyperparameters.lr": 0.05}
    job = sweeps.trial_spec(t, params, "loss", sweeps.trial_name(sweep_spec(), 4))
    assert job.optimizer.name == "sgd"
    assert job.optimizer.hyperparameters["lr"].number_value == 0.05
    assert job.evaluation.metric == "loss"
    assert job.name == "digits-mlp #4"
    assert len(sweeps.trial_name(pb.SweepSpec(name="x" * 128), 12345)) == 128


# -- prepare ----------------------------------------------------------------------------


def violations(spec: pb.SweepSpec, cfg: StudyConfig) -> dict[str, str]:
    with pytest.raises(ValidationError) as e:
        sweeps.prepare(spec, cfg, validate)
    return {v.field: v.description for v in e.value.violations}


def test_prepare_accepts_a_good_sweep() -> None:
    sweeps.prepare(sweep_spec(), config(), validate)


def test_prepare_reports_every_violation_at_once() -> None:
    spec = pb.SweepSpec(name="", template=template(), max_trials=0, parallelism=65)
    spec.labels["bad label"] = "x"
    cfg = config(
        (
            Param("optimizer.name", "categorical", choices=("adam", "sgd", "nesterov-adam")),
            Param("optimizer.hyperparameters.lr", "float", 1e-4, 0.1, log=True),
            Param("batch_size.fixed", "int", 0, 64),
        )
    )
    got = violations(spec, cfg)
    assert set(got) == {
        "spec.name",
        "spec.labels[bad label]",
        "spec.max_trials",
        "spec.parallelism",
        "spec.search_space[0].categorical.choices[2]",
        "spec.search_space[2].int_range.low",
    }
    assert "optimizer.name = 'nesterov-adam'" in got["spec.search_space[0].categorical.choices[2]"]
    assert "batch_size.fixed = 0" in got["spec.search_space[2].int_range.low"]


def test_prepare_names_paths_before_validating_the_template() -> None:
    cfg = config((Param("optimizer.learning_rate", "float", 1e-4, 0.1),))
    assert set(violations(sweep_spec(), cfg)) == {"spec.search_space[0].name"}


def test_prepare_checks_the_objective_metric_and_the_study() -> None:
    spec = sweep_spec()
    spec.objective.metric = "perplexity"  # not a metric of classification
    cfg = StudyConfig(
        (Objective("perplexity"),),
        (OPTIMIZER, LR),
        SamplerSpec("tpe", {"n_startup": 2}),
        PrunerSpec("median", {"n_warmup_steps": -1}),
    )
    got = violations(spec, cfg)
    assert set(got) == {
        "spec.objective.metric",
        "spec.sampler.tpe.n_startup",
        "spec.pruner.median.n_warmup_steps",
    }
    assert "accuracy" in got["spec.objective.metric"]


def test_prepare_says_at_which_point_a_template_violation_appears() -> None:
    # momentum is a hyperparameter of sgd, not of adam: only the adam points fail.
    spec = sweep_spec()
    spec.template.optimizer.hyperparameters["momentum"].number_value = 0.9
    got = violations(spec, config((OPTIMIZER,)))
    (field,) = got
    assert field.startswith("spec.template.optimizer.hyperparameters")
    assert "optimizer.name='adam'" in got[field]


def test_prepare_respects_conditions() -> None:
    # momentum only under sgd: no point writes it next to adam.
    momentum = Param(
        "optimizer.hyperparameters.momentum",
        "float",
        0.0,
        0.99,
        condition=Condition("optimizer.name", ("sgd",)),
    )
    sweeps.prepare(sweep_spec(), config((OPTIMIZER, LR, momentum)), validate)


def test_points_cover_each_corner_in_large_spaces() -> None:
    space = [Param(f"labels.k{i}", "categorical", choices=("a", "b", "c")) for i in range(5)]
    points = list(sweeps._points(space))  # 3^5 > MAX_POINTS: one corner at a time
    assert len(points) == 1 + 5 * 2
    for i in range(5):
        assert {p[f"labels.k{i}"] for p in points} == {"a", "b", "c"}


# -- the controller ---------------------------------------------------------------------


def good_and_terrible(s: Stack, record: SweepRecord) -> None:
    """Two good configurations first, then two terrible ones the median pruner stops."""
    for name, lr in (("adam", 0.01), ("sgd", 0.2), ("sgd", 1e-6), ("adam", 1e-6)):
        s.studies.enqueue(
            record.study, {"optimizer.name": name, "optimizer.hyperparameters.lr": lr}
        )


def test_sweep_runs_prunes_and_finds_the_best(stack: Stack) -> None:
    # Long enough (2000 steps) that a terrible trial is still running when the controller
    # reads its reports and prunes it, however loaded the machine.
    record = stack.submit(sweep_spec(max_trials=6, parallelism=2, steps=2000), config())
    good_and_terrible(stack, record)
    stack.start()
    done = stack.wait(record.id, lambda r: r.state != SweepState.RUNNING, timeout=120)
    assert done.state == SweepState.SUCCEEDED, done.reason
    assert_agree(stack, done)
    trials, best = sweeps.sweep_view(done, stack.jobs, stack.studies)
    assert [t.number for t in trials] == list(range(6))
    states = [t.job_state for t in trials]
    assert JobState.PRUNED in states, [(t.params, t.job_state) for t in trials]
    pruned = [t for t in trials if t.job_state == JobState.PRUNED]
    # Which poor trial is pruned depends on when the controller reads its reports (on a
    # loaded machine a terrible trial can finish first); the two good ones always finish.
    assert trials[0].job_state == trials[1].job_state == JobState.SUCCEEDED
    assert all(t.value is None for t in pruned)
    for t in pruned:
        job = stack.jobs.get(t.job_id)
        assert job.reason.startswith("pruned by the study at step")
    complete = [t.value for t in trials if t.value is not None]
    assert best is not None and best.value is not None and best.value == max(complete)
    job = stack.jobs.get(best.job_id)
    assert job.state == JobState.SUCCEEDED
    assert job.final_metrics["eval_accuracy"] == pytest.approx(best.value)
    assert best.value > 0.8
    # Each trial's job ran with its trial's parameters and reported the objective.
    for t in trials:
        spec = stack.jobs.get(t.job_id).spec
        assert spec.optimizer.name == t.params["optimizer.name"]
        lr = spec.optimizer.hyperparameters["lr"].number_value
        assert math.isclose(lr, t.params["optimizer.hyperparameters.lr"])  # type: ignore[arg-type]
    intermediate = {t.number: t.intermediate_values for t in stack.studies.trials(done.study)[0]}
    assert all(intermediate[t.number] for t in trials)
    assert done.reason.startswith("6 trials:")


def test_cancel_sweep_stops_its_jobs(stack: Stack) -> None:
    stack.start()
    spec = sweep_spec(max_trials=20, parallelism=2, steps=200_000, interval=1000)
    record = stack.submit(spec, config())

    def training(r: SweepRecord) -> bool:
        jobs, _ = stack.jobs.list_page(sweep_id=r.id)
        return len(jobs) == 2 and any(j.progress is not None for j in jobs)

    stack.wait(record.id, training, timeout=90)
    stack.sweep_store.request_stop(record.id, "enough")
    assert stack.controller is not None
    stack.controller.wake()
    done = stack.wait(record.id, lambda r: r.state != SweepState.RUNNING, timeout=30)
    assert done.state == SweepState.CANCELLED
    assert done.reason.startswith("enough")
    assert_agree(stack, done)
    jobs, _ = stack.jobs.list_page(sweep_id=record.id)
    assert len(jobs) == 2, [(j.trial_number, j.state, j.reason) for j in jobs]
    assert {j.state for j in jobs} == {JobState.CANCELLED}
    assert all("enough" in j.reason for j in jobs)
    time.sleep(0.5)  # no new trial after the end
    assert len(stack.jobs.list_page(sweep_id=record.id)[0]) == 2


def test_restart_mid_sweep_finishes_without_duplicate_jobs(stack: Stack) -> None:
    stack.start()
    steps = 3000
    record = stack.submit(
        # No pruning (its startup is never reached): a trial pruned just before the stop
        # would end instead of being resumed, and no job would need a second attempt.
        sweep_spec(max_trials=5, parallelism=2, steps=steps, interval=100),
        config(startup=100),
    )

    def midway(r: SweepRecord) -> bool:
        # A job early in its run: it cannot finish before the stop below reaches it, even
        # on a loaded 2-core CI machine (1500 steps with a third done once raced it there).
        jobs, _ = stack.jobs.list_page(sweep_id=r.id)
        return any(j.state.final for j in jobs) and any(
            j.state == JobState.RUNNING and j.progress is not None and j.progress.step <= steps / 10
            for j in jobs
        )

    stack.wait(record.id, midway, timeout=90)
    stack.stop()  # the workers checkpoint and stop; their jobs stay RUNNING
    stack.start()  # a new backend adopts and resumes them; a new controller recovers
    done = stack.wait(record.id, lambda r: r.state != SweepState.RUNNING, timeout=120)
    assert done.state == SweepState.SUCCEEDED, done.reason
    assert_agree(stack, done)
    assert sorted(stack.trial_jobs(record.id)) == list(range(5))
    attempts = [j.attempt for j in stack.jobs.list_page(sweep_id=record.id)[0]]
    assert max(attempts) >= 2  # some job was resumed by the second backend


def test_trial_handed_out_before_a_crash_gets_its_job(stack: Stack) -> None:
    # The controller asked (trials 0 and 1 are the sweep's), then died before submitting.
    record = stack.submit(sweep_spec(max_trials=3, parallelism=2, steps=40, interval=20), config())
    held = stack.studies.ask(record.study, count=2, client_id=sweeps.client_id(record.id))
    assert [t.number for t in held] == [0, 1]
    stack.start()
    done = stack.wait(record.id, lambda r: r.state != SweepState.RUNNING, timeout=90)
    assert done.state == SweepState.SUCCEEDED, done.reason
    assert_agree(stack, done)
    by_trial = stack.trial_jobs(record.id)
    assert sorted(by_trial) == [0, 1, 2]
    for t in held:
        spec = stack.jobs.get(by_trial[t.number][0]).spec
        assert spec.optimizer.name == t.params["optimizer.name"]


def test_submit_is_idempotent(stack: Stack) -> None:
    spec, cfg = sweep_spec(), config()
    first, created = sweeps.submit(spec, cfg, "key-1", stack.sweep_store, stack.studies)
    again, created_again = sweeps.submit(spec, cfg, "key-1", stack.sweep_store, stack.studies)
    assert created and not created_again
    assert again.id == first.id and again.study == first.study
    assert stack.studies.get(first.study).directions == (True,)
    assert len(stack.studies.list_page()[0]) == 1


def test_sweep_whose_trials_all_fail_fails(stack: Stack) -> None:
    # Someone cancels each trial's job (CancelJob): the trials fail, none completes.
    stack.start()
    spec = sweep_spec(max_trials=2, parallelism=2, steps=200_000, interval=1000)
    record = stack.submit(spec, config())
    cancelled: set[str] = set()

    def cancel_all(r: SweepRecord) -> bool:
        for j in stack.jobs.list_page(sweep_id=r.id)[0]:
            if j.id not in cancelled and not j.state.final:
                stack.jobs.request_stop(j.id, JobState.CANCELLED, "by hand")
                cancelled.add(j.id)
        assert stack.backend is not None
        stack.backend.wake()  # type: ignore[attr-defined]
        return r.state != SweepState.RUNNING

    done = stack.wait(record.id, cancel_all, timeout=60)
    assert done.state == SweepState.FAILED
    assert done.reason.startswith("no trial completed")
    assert_agree(stack, done)
    assert len(cancelled) == 2
    _, best = sweeps.sweep_view(done, stack.jobs, stack.studies)
    assert best is None
