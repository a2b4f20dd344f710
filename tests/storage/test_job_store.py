"""The job store's contract (SqlJobStore), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from alembic import command

from tuneforge.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    NotFoundError,
    ValidationError,
)
from tuneforge.storage import migrate, open_database
from tuneforge.storage.tables import tracking_outbox, trainer_job_events, trainer_jobs
from tuneforge.trainer.events import JobState, Progress, StateChange
from tuneforge.trainer.store import JobRecord, JobStore, NewJob, SqlJobStore, SqlSweepStore
from tuneforge.v1 import trainer_service_pb2 as pb

Q, R = JobState.QUEUED, JobState.RUNNING


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = open_database(database_url)
    migrate.upgrade(engine, optuna=False)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: sa.Engine) -> SqlJobStore:
    return SqlJobStore(engine)


@pytest.fixture
def open_store(database_url: str, engine: sa.Engine) -> Iterator[Callable[[], SqlJobStore]]:
    """Stores on engines of their own: what other replicas see."""
    engines: list[sa.Engine] = []

    def make() -> SqlJobStore:
        engines.append(open_database(database_url))
        return SqlJobStore(engines[-1])

    yield make
    for e in engines:
        e.dispose()


def _spec(name: str = "job", lr: float = 0.01, **labels: str) -> pb.JobSpec:
    spec = pb.JobSpec(name=name, labels=labels, seed=7)
    spec.model.mlp.hidden_sizes.extend([32, 16])
    spec.dataset.digits.SetInParent()
    spec.optimizer.name = "adabelief"
    spec.optimizer.hyperparameters["lr"].number_value = lr
    spec.budget.steps = 200
    return spec


def _new(
    spec: pb.JobSpec | None = None,
    backend: str = "local",
    idempotency_key: str = "",
    sweep_id: str = "",
    trial_number: int | None = None,
) -> NewJob:
    spec = spec if spec is not None else _spec()
    return NewJob(spec, backend, idempotency_key, sweep_id, trial_number)


def _states(store: JobStore, job_id: str) -> list[tuple[int, str, str, int | None]]:
    out = []
    for e in store.events(job_id):
        assert isinstance(e.body, StateChange)
        out.append((e.sequence, e.body.state.value, e.body.reason, e.body.exit_code))
    return out


def _running(store: JobStore, owner: str = "node/boot-1", backend: str = "local") -> JobRecord:
    job, _ = store.submit(_new(backend=backend))
    claimed = store.claim(job.id, owner, "cpu")
    assert claimed is not None
    return claimed


# -- submission ------------------------------------------------------------------------


def test_submit_queues_the_job_with_its_state_event(store: SqlJobStore) -> None:
    spec = _spec("digits", team="opt", size="s")
    job, created = store.submit(_new(spec, sweep_id="sweep-1", trial_number=3))
    assert created and re.fullmatch(r"job-[0-9a-f]{20}", job.id)
    assert job.spec == spec and job.name == "digits" and job.labels == {"team": "opt", "size": "s"}
    assert (job.state, job.reason, job.exit_code, job.attempt) == (Q, "", None, 0)
    assert (job.backend, job.owner, job.device, job.mlflow_run_id) == ("local", "", "", "")
    assert (job.sweep_id, job.trial_number, job.idempotency_key) == ("sweep-1", 3, "")
    assert (job.last_sequence, job.events_offset, job.progress, job.final_metrics) == (
        1,
        0,
        None,
        {},
    )
    assert job.created > 0 and job.started is None and job.finished is None
    assert job.stop_requested is None and job.stop_reason == ""
    assert store.get(job.id) == job
    (event,) = store.events(job.id)
    assert (event.sequence, event.body) == (1, StateChange(Q))
    other, _ = store.submit(_new(spec))
    assert other.id != job.id and other.sweep_id == "" and other.trial_number is None


def test_the_spec_is_stored_as_its_proto_json(store: SqlJobStore, engine: sa.Engine) -> None:
    job, _ = store.submit(_new(_spec(seed_label="x")))
    with engine.connect() as conn:
        text = conn.execute(
            sa.select(trainer_jobs.c.spec).where(trainer_jobs.c.id == job.id)
        ).scalar_one()
    stored = json.loads(text)
    assert stored["optimizer"] == {"name": "adabelief", "hyperparameters": {"lr": 0.01}}
    assert stored["budget"] == {"steps": "200"} and stored["labels"] == {"seed_label": "x"}


def test_idempotent_submit_returns_the_first_job(store: SqlJobStore) -> None:
    first, created = store.submit(_new(_spec(a="1", b="2"), idempotency_key="retry-1"))
    assert created and first.idempotency_key == "retry-1"
    # An equal spec (map entries in another order) under the key: the same job.
    again, created = store.submit(_new(_spec(b="2", a="1"), idempotency_key="retry-1"))
    assert not created and again == first
    with pytest.raises(AlreadyExistsError, match="retry-1"):
        store.submit(_new(_spec(lr=0.02, a="1", b="2"), idempotency_key="retry-1"))
    other, created = store.submit(_new(_spec(lr=0.02), idempotency_key="retry-2"))
    assert created and other.id != first.id
    # Without a key every submit is a new job.
    ids = {store.submit(_new())[0].id for _ in range(3)}
    assert len(ids) == 3
    # The key is remembered whatever state the job is in.
    store.request_stop(first.id, JobState.CANCELLED)
    assert store.submit(_new(_spec(a="1", b="2"), idempotency_key="retry-1"))[0].id == first.id


def test_a_spec_holding_nan_is_still_equal_to_itself(store: SqlJobStore) -> None:
    spec = _spec()
    spec.model.mlp.dropout = math.nan
    first, _ = store.submit(_new(spec, idempotency_key="nan"))
    assert math.isnan(store.get(first.id).spec.model.mlp.dropout)
    again, created = store.submit(_new(spec, idempotency_key="nan"))
    assert not created and again.id == first.id


def test_concurrent_submits_under_one_key_make_one_job(
    open_store: Callable[[], SqlJobStore],
) -> None:
    stores = [open_store() for _ in range(2)]
    barrier = threading.Barrier(8)
    results: list[tuple[str, bool]] = []
    errors: list[BaseException] = []

    def submit(k: int) -> None:
        barrier.wait()
        try:
            job, created = stores[k % 2].submit(_new(idempotency_key="once"))
            results.append((job.id, created))
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=submit, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({job_id for job_id, _ in results}) == 1
    assert sorted(created for _, created in results) == [False] * 7 + [True]
    jobs, _ = stores[0].list_page()
    assert len(jobs) == 1 and jobs[0].last_sequence == 1 and len(stores[1].events(jobs[0].id)) == 1


def test_unknown_ids_are_not_found(store: SqlJobStore) -> None:
    calls: list[Callable[[], object]] = [
        lambda: store.get("job-nope"),
        lambda: store.events("job-nope"),
        lambda: store.progress_history("job-nope"),
        lambda: store.claim("job-nope", "o", "cpu"),
        lambda: store.adopt("job-nope", "o", "p", "resumed"),
        lambda: store.finish("job-nope", JobState.FAILED),
        lambda: store.request_stop("job-nope", JobState.CANCELLED),
        lambda: store.append_events("job-nope", [Progress(1)], 10),
        lambda: store.set_run_id("job-nope", "run"),
    ]
    for call in calls:
        with pytest.raises(NotFoundError, match="job-nope"):
            call()


# -- the state machine --------------------------------------------------------------------


def test_claim_starts_a_queued_job_once(store: SqlJobStore) -> None:
    job, _ = store.submit(_new())
    claimed = store.claim(job.id, "node/boot-1", "cuda:1")
    assert claimed is not None and claimed == store.get(job.id)
    assert (claimed.state, claimed.owner, claimed.device, claimed.attempt) == (
        R,
        "node/boot-1",
        "cuda:1",
        1,
    )
    assert claimed.started is not None and claimed.started >= job.created
    assert claimed.last_sequence == 2
    assert _states(store, job.id) == [(1, "QUEUED", "", None), (2, "RUNNING", "", None)]
    assert store.claim(job.id, "node/boot-2", "cpu") is None
    assert store.get(job.id).owner == "node/boot-1"


def _claim_race(stores: list[SqlJobStore], job_id: str, racers: int = 6) -> list[str]:
    """Claims of one job from ``racers`` threads at once; the owners that won."""
    barrier = threading.Barrier(racers)
    won: list[str] = []

    def claim(k: int) -> None:
        barrier.wait()
        if stores[k % len(stores)].claim(job_id, f"node-{k}/boot", "cpu") is not None:
            won.append(f"node-{k}/boot")

    threads = [threading.Thread(target=claim, args=(k,)) for k in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return won


def test_two_replicas_claiming_one_job_one_wins(open_store: Callable[[], SqlJobStore]) -> None:
    stores = [open_store() for _ in range(2)]
    for _ in range(4):
        job, _ = stores[0].submit(_new())
        won = _claim_race(stores, job.id)
        assert len(won) == 1
        after = stores[1].get(job.id)
        assert (after.owner, after.attempt, after.last_sequence) == (won[0], 1, 2)
        assert [e.sequence for e in stores[1].events(job.id)] == [1, 2]


def test_queued_is_the_backends_queue_in_submission_order(store: SqlJobStore) -> None:
    a = store.submit(_new(_spec("a")))[0]
    store.submit(_new(_spec("k"), backend="kubernetes"))
    c = store.submit(_new(_spec("c")))[0]
    d = store.submit(_new(_spec("d")))[0]
    assert [j.id for j in store.queued("local")] == [a.id, c.id, d.id]
    assert [j.id for j in store.queued("local", limit=2)] == [a.id, c.id]
    store.claim(a.id, "o", "cpu")
    store.request_stop(c.id, JobState.CANCELLED)
    assert [j.id for j in store.queued("local")] == [d.id]
    assert [j.name for j in store.queued("kubernetes")] == ["k"]
    assert store.queued("other") == []


def test_running_by_backend_and_owner_prefix(store: SqlJobStore) -> None:
    mine = [_running(store, "node-1/boot-a"), _running(store, "node-1/boot-b")]
    _running(store, "node-10/boot-a")
    _running(store, "nodeX1/boot-a")  # "_" in a prefix is no wildcard
    _running(store, "100%/boot")
    _running(store, "node-1/boot-a", backend="kubernetes")
    store.submit(_new())  # queued
    ended = _running(store, "node-1/boot-c")
    store.finish(ended.id, JobState.SUCCEEDED)
    assert [j.id for j in store.running("local", "node-1/")] == [j.id for j in mine]
    assert [j.owner for j in store.running("local", "node_1/")] == []
    assert [j.owner for j in store.running("local", "100%")] == ["100%/boot"]
    assert len(store.running("local")) == 5
    assert [j.backend for j in store.running("kubernetes", "node-1/")] == ["kubernetes"]


def test_adopt_moves_a_running_job_to_its_new_owner(store: SqlJobStore) -> None:
    job = _running(store, "node/boot-1")
    assert store.adopt(job.id, "node/boot-9", "node/boot-2", "nope") is None  # not its owner
    adopted = store.adopt(job.id, "node/boot-1", "node/boot-2", "resumed from step 40")
    assert adopted is not None and adopted == store.get(job.id)
    assert (adopted.state, adopted.owner, adopted.attempt) == (R, "node/boot-2", 2)
    assert adopted.reason == "resumed from step 40" and adopted.device == "cpu"
    assert _states(store, job.id)[-1] == (3, "RUNNING", "resumed from step 40", None)
    assert store.adopt(job.id, "node/boot-1", "node/boot-3", "again") is None  # moved on
    queued, _ = store.submit(_new())
    assert store.adopt(queued.id, "", "node/boot-2", "x") is None


def test_finish_is_one_compare_and_set(store: SqlJobStore) -> None:
    job = _running(store)
    done = store.finish(
        job.id, JobState.FAILED, "Traceback ...\nValueError: boom", 1, {"eval_accuracy": 0.5}
    )
    assert done is not None and done == store.get(job.id)
    assert (done.state, done.reason, done.exit_code) == (
        JobState.FAILED,
        "Traceback ...\nValueError: boom",
        1,
    )
    assert done.final_metrics == {"eval_accuracy": 0.5}
    assert done.finished is not None and done.finished >= (done.started or 0)
    assert _states(store, job.id)[-1] == (3, "FAILED", "Traceback ...\nValueError: boom", 1)
    assert store.finish(job.id, JobState.SUCCEEDED) is None  # someone else finished it
    assert store.get(job.id).state is JobState.FAILED and store.get(job.id).last_sequence == 3
    queued, _ = store.submit(_new())
    assert store.finish(queued.id, JobState.FAILED, expect=(R,)) is None
    assert store.finish(queued.id, JobState.FAILED, "unschedulable") is not None  # QUEUED ->
    with pytest.raises(ValueError, match="final"):
        store.finish(queued.id, JobState.RUNNING)


def test_a_queued_job_stops_at_once(store: SqlJobStore) -> None:
    job, _ = store.submit(_new())
    stopped = store.request_stop(job.id, JobState.CANCELLED, "cancelled by alice")
    assert (stopped.state, stopped.reason, stopped.stop_requested) == (
        JobState.CANCELLED,
        "cancelled by alice",
        None,
    )
    assert stopped.finished is not None and stopped == store.get(job.id)
    assert _states(store, job.id) == [
        (1, "QUEUED", "", None),
        (2, "CANCELLED", "cancelled by alice", None),
    ]
    assert store.claim(job.id, "o", "cpu") is None
    with pytest.raises(FailedPreconditionError, match="CANCELLED"):
        store.request_stop(job.id, JobState.CANCELLED)


def test_a_running_job_is_marked_and_the_first_request_stays(store: SqlJobStore) -> None:
    job = _running(store)
    marked = store.request_stop(job.id, JobState.PRUNED, "pruned at step 30")
    assert (marked.state, marked.stop_requested, marked.stop_reason) == (
        R,
        JobState.PRUNED,
        "pruned at step 30",
    )
    again = store.request_stop(job.id, JobState.CANCELLED, "cancelled by bob")
    assert (again.stop_requested, again.stop_reason) == (JobState.PRUNED, "pruned at step 30")
    assert store.get(job.id).last_sequence == 2  # a mark is no state change
    # The backend kills the worker and finishes the job as asked.
    done = store.finish(job.id, JobState.PRUNED, marked.stop_reason, exit_code=-9)
    assert done is not None and done.state is JobState.PRUNED
    with pytest.raises(FailedPreconditionError):
        store.request_stop(job.id, JobState.CANCELLED)
    with pytest.raises(ValueError, match="CANCELLED or PRUNED"):
        store.request_stop(_running(store).id, JobState.FAILED)


# -- events --------------------------------------------------------------------------------


def _point(step: int, loss: float = 1.0, evaluation: bool = False) -> Progress:
    return Progress(step, step * 32, loss=loss, learning_rate=0.01, evaluation=evaluation)


def test_append_events_numbers_progress_after_the_state_events(store: SqlJobStore) -> None:
    job = _running(store)
    assert store.append_events(job.id, [_point(10), _point(20)], 512) == 4
    assert store.append_events(job.id, [], 600) == 4  # only the read position moved
    assert store.append_events(job.id, [_point(30, 0.5)], 900, {"train_loss": 0.5}) == 5
    after = store.get(job.id)
    assert (after.last_sequence, after.events_offset, after.progress) == (5, 900, _point(30, 0.5))
    assert after.final_metrics == {"train_loss": 0.5}
    events = store.events(job.id)
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert [e.body for e in events[2:]] == [_point(10), _point(20), _point(30, 0.5)]
    assert all(e.time >= job.created for e in events)
    assert [e.sequence for e in store.events(job.id, from_sequence=4)] == [4, 5]
    assert [e.sequence for e in store.events(job.id, from_sequence=2, limit=2)] == [2, 3]
    assert store.events(job.id, from_sequence=6) == []
    store.finish(job.id, JobState.SUCCEEDED)
    # An ended job takes no more events: its final state change stays the last one.
    assert store.append_events(job.id, [_point(40)], 1000) == 6
    assert store.get(job.id).events_offset == 900
    assert isinstance(store.events(job.id)[-1].body, StateChange)


def test_append_events_with_an_expected_offset_stores_exactly_once(store: SqlJobStore) -> None:
    job = _running(store)
    assert store.append_events(job.id, [_point(10)], 100, expect_offset=0) == 3
    with pytest.raises(FailedPreconditionError, match="stored up to 100"):
        store.append_events(job.id, [_point(10)], 100, expect_offset=0)  # a retried batch
    with pytest.raises(FailedPreconditionError):
        store.append_events(job.id, [_point(30)], 300, expect_offset=200)  # a gap
    assert store.append_events(job.id, [_point(20)], 200, expect_offset=100) == 4
    after = store.get(job.id)
    assert (after.last_sequence, after.events_offset) == (4, 200)
    assert [e.body for e in store.events(job.id)[2:]] == [_point(10), _point(20)]
    store.finish(job.id, JobState.SUCCEEDED)
    assert store.append_events(job.id, [_point(30)], 300, expect_offset=200) == 5  # ended
    with pytest.raises(NotFoundError):
        store.append_events("no-such-job", [], 1, expect_offset=0)


def test_nan_and_infinities_round_trip(store: SqlJobStore, engine: sa.Engine) -> None:
    job = _running(store)
    point = Progress(
        5, loss=math.nan, grad_norm=math.inf, metrics={"eval_loss": math.nan, "eval_x": -math.inf}
    )
    store.append_events(job.id, [point], 10, {"train_loss": math.nan, "steps": 5.0})
    store.finish(
        job.id, JobState.SUCCEEDED, final_metrics={"eval_loss": math.nan, "eval_y": math.inf}
    )
    for got in (
        store.get(job.id).progress,
        store.events(job.id)[2].body,
        *store.progress_history(job.id),
    ):
        assert isinstance(got, Progress)
        assert math.isnan(got.loss) and got.grad_norm == math.inf
        assert math.isnan(got.metrics["eval_loss"]) and got.metrics["eval_x"] == -math.inf
        assert got.step == 5 and got.learning_rate == 0.0
    final = store.get(job.id).final_metrics
    assert math.isnan(final["eval_loss"]) and final["eval_y"] == math.inf and len(final) == 2

    def strict(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    with engine.connect() as conn:  # what the database holds is strict JSON
        row = conn.execute(
            sa.select(trainer_jobs.c.progress, trainer_jobs.c.final_metrics).where(
                trainer_jobs.c.id == job.id
            )
        ).one()
        texts = [*row, *conn.execute(sa.select(trainer_job_events.c.payload)).scalars()]
    for text in texts:
        json.loads(text, parse_constant=strict)


def test_progress_history_is_in_step_order_without_a_lost_attempts_points(
    store: SqlJobStore,
) -> None:
    job = _running(store, "node/boot-1")
    store.append_events(
        job.id, [_point(10), _point(10, 0.9, evaluation=True), _point(20), _point(30)], 100
    )
    # The server restarted; the worker resumed from its checkpoint of step 10.
    store.adopt(job.id, "node/boot-1", "node/boot-2", "resumed from step 10")
    store.append_events(job.id, [_point(20, 0.7), _point(30, 0.6), _point(40, 0.5)], 200)
    history = store.progress_history(job.id)
    assert [(p.step, p.loss, p.evaluation) for p in history] == [
        (10, 1.0, False),
        (10, 0.9, True),
        (20, 0.7, False),
        (30, 0.6, False),
        (40, 0.5, False),
    ]
    assert store.progress_history(store.submit(_new())[0].id) == []


def test_events_have_no_gaps_under_concurrent_appends_and_transitions(
    open_store: Callable[[], SqlJobStore],
) -> None:
    stores = [open_store() for _ in range(2)]
    job = _running(stores[0])
    barrier = threading.Barrier(5)
    errors: list[BaseException] = []

    def append(k: int) -> None:
        barrier.wait()
        try:
            for i in range(15):
                stores[k % 2].append_events(job.id, [_point(i), _point(i + 1)], 100 * i)
        except BaseException as e:  # reported below
            errors.append(e)

    def stop_then_finish() -> None:
        barrier.wait()
        try:
            stores[1].request_stop(job.id, JobState.CANCELLED, "by test")
            stores[1].set_run_id(job.id, "run-1")
            stores[0].finish(job.id, JobState.CANCELLED, "by test", exit_code=-9)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=append, args=(k,)) for k in range(4)]
    threads.append(threading.Thread(target=stop_then_finish))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    after = stores[1].get(job.id)
    events = stores[0].events(job.id, limit=10_000)
    assert [e.sequence for e in events] == list(range(1, after.last_sequence + 1))
    assert events[-1].body == StateChange(JobState.CANCELLED, "by test", -9)
    assert sum(isinstance(e.body, StateChange) for e in events) == 3
    assert (len(events) - 3) % 2 == 0 and after.mlflow_run_id == "run-1"


def test_set_run_id_and_heartbeat(store: SqlJobStore, engine: sa.Engine) -> None:
    job = _running(store, "node/boot-1")
    other = _running(store, "node/boot-2")
    store.set_run_id(job.id, "0123abcd")
    assert store.get(job.id).mlflow_run_id == "0123abcd"

    def beats() -> dict[str, float]:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(trainer_jobs.c.id, trainer_jobs.c.heartbeat)).all()
        return {r.id: r.heartbeat for r in rows}

    before = beats()
    store.heartbeat("node/boot-1")
    after = beats()
    assert after[job.id] > before[job.id] and after[other.id] == before[other.id]
    store.finish(job.id, JobState.SUCCEEDED)
    store.heartbeat("node/boot-1")
    assert beats()[job.id] == after[job.id]  # an ended job is nobody's to keep alive


# -- listing ---------------------------------------------------------------------------------


def test_list_pages_oldest_first_with_filters(store: SqlJobStore) -> None:
    made = [
        store.submit(_new(_spec(f"j{i}", team="a" if i % 2 else "b", size=str(i % 3))))[0]
        for i in range(7)
    ]
    trials = [
        store.submit(_new(_spec(f"t{i}", team="a"), sweep_id="sweep-x", trial_number=i))[0]
        for i in range(2)
    ]
    store.claim(made[1].id, "o", "cpu")
    store.claim(made[2].id, "o", "cpu")
    store.finish(made[2].id, JobState.SUCCEEDED)

    def walk(size: int, **filters: object) -> list[str]:
        names, token, pages = [], "", 0
        while True:
            page, token = store.list_page(page_size=size, page_token=token, **filters)  # type: ignore[arg-type]
            assert len(page) <= size
            names += [j.name for j in page]
            pages += 1
            if not token:
                return names

    everything = [j.name for j in made + trials]
    assert walk(3) == everything and walk(1000) == everything and walk(1) == everything
    first, token = store.list_page(page_size=9)
    assert len(first) == 9 and token == ""  # an exact last page has no next token
    assert walk(2, states=[Q]) == ["j0", "j3", "j4", "j5", "j6", "t0", "t1"]
    assert walk(2, states=[R, JobState.SUCCEEDED]) == ["j1", "j2"]
    assert walk(2, labels={"team": "a"}) == ["j1", "j3", "j5", "t0", "t1"]
    assert walk(2, labels={"team": "a", "size": "1"}) == ["j1"]
    assert walk(2, labels={"team": "a", "size": "9"}) == []
    assert walk(2, sweep_id="sweep-x") == ["t0", "t1"]
    assert walk(2, sweep_id="sweep-x", states=[R]) == []
    assert walk(2, labels={"team": "b"}, states=[Q]) == ["j0", "j4", "j6"]


def test_bad_page_tokens_and_sizes(store: SqlJobStore, engine: sa.Engine) -> None:
    for i in range(3):
        store.submit(_new(_spec(f"j{i}")))
        SqlSweepStore(engine).create(pb.SweepSpec(name=f"s{i}"), f"study-{i}")
    _, sweep_token = SqlSweepStore(engine).list_page(page_size=1)
    for token in ("garbage!", "bm9wZQ==", sweep_token, "am9iczotMQ=="):  # nope, sweeps:, jobs:-1
        with pytest.raises(ValidationError, match="page_token"):
            store.list_page(page_token=token)
    for size in (-1, 1001):
        with pytest.raises(ValidationError, match="page_size"):
            store.list_page(page_size=size)


# -- durability and the schema ---------------------------------------------------------------


def test_a_second_store_sees_the_same_jobs(open_store: Callable[[], SqlJobStore]) -> None:
    first, second = open_store(), open_store()
    job = _running(first)
    first.append_events(job.id, [_point(10)], 64)
    assert second.get(job.id) == first.get(job.id)
    assert second.events(job.id) == first.events(job.id)


def test_upgrade_from_0002_keeps_data_and_0003_downgrades(database_url: str) -> None:
    engine = open_database(database_url)
    try:
        with migrate._migration_engine(engine) as migrating, migrating.begin() as conn:
            command.upgrade(migrate._config(conn), "0002")
        with engine.begin() as conn:
            conn.execute(
                tracking_outbox.insert().values(
                    key="trial/s/1", kind="trial", payload="{}", created=0.0, attempts=0,
                    next_attempt=0.0, last_error=None,
                )
            )  # fmt: skip
        assert "trainer_jobs" not in sa.inspect(engine).get_table_names()
        report = migrate.upgrade(engine, optuna=False)
        assert (report.before, report.after) == ("0002", migrate.head())
        with engine.connect() as conn:
            assert conn.execute(sa.select(tracking_outbox.c.key)).scalars().all() == ["trial/s/1"]
        job = _running(SqlJobStore(engine))
        assert SqlJobStore(engine).get(job.id).state is R
        with migrate._migration_engine(engine) as migrating, migrating.begin() as conn:
            command.downgrade(migrate._config(conn), "0002")
        names = set(sa.inspect(engine).get_table_names())
        assert not {n for n in names if n.startswith("trainer_")} and "tracking_outbox" in names
    finally:
        engine.dispose()
