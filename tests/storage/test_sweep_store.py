"""The sweep store's contract (SqlSweepStore), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from tuneforge.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    NotFoundError,
    ValidationError,
)
from tuneforge.storage import migrate, open_database
from tuneforge.trainer.store import SqlSweepStore, SweepState, SweepStore
from tuneforge.v1 import common_pb2
from tuneforge.v1 import trainer_service_pb2 as pb


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = open_database(database_url)
    migrate.upgrade(engine, optuna=False)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: sa.Engine) -> SweepStore:
    store: SweepStore = SqlSweepStore(engine)  # the Protocol, checked by mypy
    return store


def _spec(name: str = "sweep", trials: int = 8, **labels: str) -> pb.SweepSpec:
    spec = pb.SweepSpec(name=name, labels=labels, max_trials=trials, parallelism=2)
    spec.template.name = "trial"
    spec.template.model.mlp.SetInParent()
    spec.template.optimizer.name = "adam"
    spec.template.budget.steps = 100
    lr = spec.search_space.add(name="optimizer.hyperparameters.lr")
    lr.float_range.CopyFrom(common_pb2.FloatRange(low=1e-4, high=1e-1, log=True))
    opt = spec.search_space.add(name="optimizer.name")
    for choice in ("adam", "adabelief"):
        opt.categorical.choices.add(string_value=choice)
    spec.objective.metric = "accuracy"
    return spec


def test_create_and_get(store: SweepStore) -> None:
    spec = _spec(team="opt")
    sweep, created = store.create(spec, "trainer-sweep-1")
    assert created and re.fullmatch(r"sweep-[0-9a-f]{20}", sweep.id)
    assert (sweep.spec, sweep.state, sweep.reason, sweep.study) == (
        spec,
        SweepState.RUNNING,
        "",
        "trainer-sweep-1",
    )
    assert sweep.created > 0 and sweep.finished is None
    assert (sweep.idempotency_key, sweep.stop_requested) == ("", False)
    assert store.get(sweep.id) == sweep
    assert store.create(spec, "trainer-sweep-2")[0].id != sweep.id


def test_idempotent_create(store: SweepStore) -> None:
    first, created = store.create(_spec(a="1", b="2"), "study-1", "key-1")
    assert created and first.idempotency_key == "key-1"
    again, created = store.create(_spec(b="2", a="1"), "study-1", "key-1")
    assert not created and again == first
    with pytest.raises(AlreadyExistsError, match="key-1"):
        store.create(_spec(trials=9), "study-1", "key-1")
    store.finish(first.id, SweepState.SUCCEEDED)
    assert store.create(_spec(a="1", b="2"), "study-2", "key-1")[0].id == first.id


def test_concurrent_creates_under_one_key_make_one_sweep(database_url: str) -> None:
    engines = [open_database(database_url) for _ in range(2)]
    try:
        migrate.upgrade(engines[0], optuna=False)
        stores = [SqlSweepStore(e) for e in engines]
        barrier = threading.Barrier(6)
        results: list[tuple[str, bool]] = []
        errors: list[BaseException] = []

        def create(k: int) -> None:
            barrier.wait()
            try:
                sweep, created = stores[k % 2].create(_spec(), f"study-{k}", "once")
                results.append((sweep.id, created))
            except BaseException as e:  # reported below
                errors.append(e)

        threads = [threading.Thread(target=create, args=(k,)) for k in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len({sweep_id for sweep_id, _ in results}) == 1
        assert sorted(created for _, created in results) == [False] * 5 + [True]
        assert len(stores[0].list_page()[0]) == 1
    finally:
        for e in engines:
            e.dispose()


def test_unknown_ids_are_not_found(store: SweepStore) -> None:
    with pytest.raises(NotFoundError, match="sweep-nope"):
        store.get("sweep-nope")
    with pytest.raises(NotFoundError, match="sweep-nope"):
        store.request_stop("sweep-nope")
    with pytest.raises(NotFoundError, match="sweep-nope"):
        store.finish("sweep-nope", SweepState.CANCELLED)


def test_list_pages_oldest_first_and_active(store: SweepStore) -> None:
    made = [store.create(_spec(f"s{i}"), f"study-{i}")[0] for i in range(5)]
    store.finish(made[1].id, SweepState.SUCCEEDED)
    store.finish(made[3].id, SweepState.FAILED, "no trial completed")

    def walk(size: int, states: tuple[SweepState, ...] = ()) -> list[str]:
        names, token = [], ""
        while True:
            page, token = store.list_page(states, page_size=size, page_token=token)
            assert len(page) <= (size or 50)
            names += [s.spec.name for s in page]
            if not token:
                return names

    assert walk(2) == walk(1) == walk(0) == ["s0", "s1", "s2", "s3", "s4"]
    assert walk(2, (SweepState.RUNNING,)) == ["s0", "s2", "s4"]
    assert walk(1, (SweepState.SUCCEEDED, SweepState.FAILED)) == ["s1", "s3"]
    assert [s.id for s in store.active()] == [made[0].id, made[2].id, made[4].id]
    for token in ("garbage!", "c3dlZXBzOng="):  # sweeps:x
        with pytest.raises(ValidationError, match="page_token"):
            store.list_page(page_token=token)
    with pytest.raises(ValidationError, match="page_size"):
        store.list_page(page_size=5000)


def test_stop_request_then_finish(store: SweepStore) -> None:
    sweep, _ = store.create(_spec(), "study")
    marked = store.request_stop(sweep.id, "cancelled by alice")
    assert (marked.state, marked.stop_requested, marked.reason) == (
        SweepState.RUNNING,
        True,
        "cancelled by alice",
    )
    again = store.request_stop(sweep.id, "cancelled by bob")  # the first request stays
    assert again == marked == store.get(sweep.id)
    assert [s.id for s in store.active()] == [sweep.id]  # the controller carries it out
    done = store.finish(sweep.id, SweepState.CANCELLED)
    assert done is not None and done == store.get(sweep.id)
    assert (done.state, done.reason) == (SweepState.CANCELLED, "cancelled by alice")
    assert done.finished is not None and done.finished >= done.created
    assert store.finish(sweep.id, SweepState.SUCCEEDED) is None
    with pytest.raises(FailedPreconditionError, match="CANCELLED"):
        store.request_stop(sweep.id)
    assert store.active() == []


def test_finish_records_its_reason(store: SweepStore) -> None:
    sweep, _ = store.create(_spec(), "study")
    done = store.finish(sweep.id, SweepState.FAILED, "no trial completed")
    assert done is not None and (done.state, done.reason) == (
        SweepState.FAILED,
        "no trial completed",
    )
    with pytest.raises(ValueError, match="final"):
        store.finish(store.create(_spec(), "study")[0].id, SweepState.RUNNING)
