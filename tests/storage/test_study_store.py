"""The StudyStore contract, on SQLite and PostgreSQL (migrated as a server migrates)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import optuna
import pytest
from optuna.trial import TrialState

from tuneforge.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    NotFoundError,
    ValidationError,
)
from tuneforge.storage import open_database
from tuneforge.storage.migrate import upgrade
from tuneforge.studies.config import Objective, SamplerSpec, StudyConfig
from tuneforge.studies.leases import retried_trial
from tuneforge.studies.optuna_store import OptunaStudyStore
from tuneforge.studies.space import Param
from tuneforge.studies.store import StudyStore

SPACE = (Param("x", "float", 0.0, 1.0), Param("k", "int", 1, 3))
CONFIG = StudyConfig((Objective("loss"),), SPACE)

Make = Callable[..., StudyStore]


@pytest.fixture
def make(database_url: str) -> Iterator[Make]:
    """``make(**options)``: a store on the migrated database (closed after the test)."""
    engine = open_database(database_url)
    upgrade(engine)
    engine.dispose()
    made: list[StudyStore] = []

    def build(**options: object) -> StudyStore:
        store = OptunaStudyStore(database_url, **options)  # type: ignore[arg-type]
        made.append(store)
        return store

    yield build
    for store in made:
        store.close()


class RecordingOutbox:
    """A :class:`~tuneforge.tracker.outbox.TrialOutbox` that records each call and the
    trial's state at that moment, read as another process (the drain) would read it."""

    def __init__(self, url: str) -> None:
        self.rdb = optuna.storages.RDBStorage(url, skip_table_creation=True)
        self.calls: list[tuple[str, int, TrialState]] = []

    def add_trial(self, study: str, number: int) -> None:
        sid = self.rdb.get_study_id_from_name(study)
        tid = self.rdb.get_trial_id_from_study_id_trial_number(sid, number)
        self.calls.append((study, number, self.rdb.get_trial(tid).state))


def _expire(store: StudyStore, seconds: float) -> int:
    """Sweep until a lease expired (heartbeats have a resolution of a second)."""
    deadline = time.monotonic() + seconds + 10
    while time.monotonic() < deadline:
        if failed := store.sweep():
            return failed
        time.sleep(0.2)
    raise AssertionError("no lease expired")


def test_create_load_get_list_delete(make: Make) -> None:
    store = make()
    a = store.create("a", CONFIG)
    assert a.name == "a" and a.config == CONFIG and a.directions == (False,) and a.counts == {}
    assert store.create("a", CONFIG, load_if_exists=True).id == a.id
    with pytest.raises(AlreadyExistsError):
        store.create("a", CONFIG)
    other = StudyConfig((Objective("loss", maximize=True),), SPACE)
    with pytest.raises(FailedPreconditionError):
        store.create("a", other, load_if_exists=True)
    with pytest.raises(ValidationError) as exc:
        store.create("bad name", StudyConfig((Objective("loss{1}"),), SPACE))
    assert {v.field for v in exc.value.violations} >= {"name", "objectives[0].name"}
    for name in ("b", "c"):
        store.create(name, CONFIG)
    assert store.get("b").name == "b"
    first, token = store.list_page(page_size=2)
    rest, end = store.list_page(page_size=2, page_token=token)
    assert [r.name for r in (*first, *rest)] == ["a", "b", "c"] and end == ""
    store.delete("b")
    for call in (lambda: store.get("b"), lambda: store.delete("b"), lambda: store.ask("b")):
        with pytest.raises(NotFoundError):
            call()
    assert [r.name for r in store.list_page()[0]] == ["a", "c"]


def test_ask_tell_report_heartbeat_enqueue(make: Make) -> None:
    store = make()
    store.create("s", CONFIG)
    queued = store.enqueue("s", {"x": 0.25, "k": 2})
    assert queued.state == TrialState.WAITING
    batch = store.ask("s", count=3, client_id="w")
    assert [t.number for t in batch] == [0, 1, 2] and batch[0].params == {"x": 0.25, "k": 2}
    assert all(t.state == TrialState.RUNNING for t in batch)
    assert len({tuple(sorted(t.params.items())) for t in batch}) == 3
    again = store.ask("s", count=3, client_id="w")  # the client's own, again
    assert [t.number for t in again] == [0, 1, 2]
    t = batch[1]
    assert store.report("s", t.number, 0, 1.0) is False
    store.heartbeat("s", t.number)
    done = store.tell("s", t.number, TrialState.COMPLETE, [0.5])
    assert done.state == TrialState.COMPLETE and done.values == [0.5]
    assert done.intermediate_values == {0: 1.0}
    assert store.trial("s", t.number).values == [0.5]
    store.tell("s", batch[2].number, TrialState.FAIL)
    store.tell("s", batch[0].number, TrialState.PRUNED)
    states = [x.state for x in store.trials("s")[0]]
    assert states == [TrialState.PRUNED, TrialState.COMPLETE, TrialState.FAIL]
    counts = store.get("s").counts
    assert counts == {TrialState.COMPLETE: 1, TrialState.FAIL: 1, TrialState.PRUNED: 1}
    page, token = store.trials("s", page_size=2)
    assert [x.number for x in page] == [0, 1]
    assert [x.number for x in store.trials("s", page_size=2, page_token=token)[0]] == [2]
    assert [x.number for x in store.trials("s", states=[TrialState.FAIL])[0]] == [2]


def test_told_twice_and_other_states_refused(make: Make) -> None:
    store = make()
    store.create("s", CONFIG)
    (t,) = store.ask("s")
    store.tell("s", t.number, TrialState.COMPLETE, [1.0])
    for call in (
        lambda: store.tell("s", t.number, TrialState.COMPLETE, [2.0]),
        lambda: store.report("s", t.number, 1, 1.0),
        lambda: store.heartbeat("s", t.number),
    ):
        with pytest.raises(FailedPreconditionError, match="COMPLETE"):
            call()
    assert store.trial("s", t.number).values == [1.0]
    queued = store.enqueue("s", {"x": 0.5})
    with pytest.raises(FailedPreconditionError, match="queued"):
        store.tell("s", queued.number, TrialState.COMPLETE, [1.0])
    with pytest.raises(NotFoundError):
        store.tell("s", 99, TrialState.COMPLETE, [1.0])


def test_a_grid_study_needs_whole_points(make: Make) -> None:
    store = make()
    grid = SamplerSpec("grid", grid={"x": (0.0, 0.5)})
    store.create("g", StudyConfig((Objective("loss"),), SPACE, grid))
    with pytest.raises(ValidationError) as exc:
        store.enqueue("g", {"k": 2})
    assert {v.field for v in exc.value.violations} == {"params[x]"}
    store.create("g2", StudyConfig((Objective("loss"),), (SPACE[1],), SamplerSpec("grid")))
    store.enqueue("g2", {"k": 2})
    assert [t.params for t in store.ask("g2")] == [{"k": 2}]


def test_an_expired_lease_fails_the_trial_and_retries_it_once(make: Make) -> None:
    store = make(lease_seconds=1, max_retries=1)
    store.create("s", CONFIG)
    (lost,) = store.ask("s")
    assert _expire(store, 1) == 1
    assert store.trial("s", lost.number).state == TrialState.FAIL
    with pytest.raises(FailedPreconditionError, match="lease expired"):
        store.tell("s", lost.number, TrialState.COMPLETE, [1.0])
    (retry,) = store.ask("s")
    assert retried_trial(retry) == lost.number and retry.params == lost.params
    assert _expire(store, 1) == 1
    (fresh,) = store.ask("s")  # the retry limit is used up: a new configuration
    assert retried_trial(fresh) is None and fresh.number == retry.number + 1


def test_two_replicas_on_one_database_agree(make: Make) -> None:
    a, b = make(lease_seconds=1), make(lease_seconds=1)
    a.create("s", CONFIG)
    assert b.get("s").id == a.get("s").id
    held = a.ask("s", count=2)
    more = b.ask("s", count=2)
    assert {t.number for t in held}.isdisjoint(t.number for t in more)
    configs = [tuple(sorted(t.params.items())) for t in (*held, *more)]
    assert len(set(configs)) == 4  # distinct across replicas too
    b.tell("s", held[0].number, TrialState.COMPLETE, [1.0])
    with pytest.raises(FailedPreconditionError):
        a.tell("s", held[0].number, TrialState.COMPLETE, [2.0])
    a.tell("s", more[0].number, TrialState.COMPLETE, [3.0])
    assert (
        a.get("s").counts
        == b.get("s").counts
        == {
            TrialState.COMPLETE: 2,
            TrialState.RUNNING: 2,
        }
    )
    a.heartbeat("s", more[1].number)  # a renews b's trial; b expires a's, and that one
    failed, deadline = 0, time.monotonic() + 15
    while failed < 2:
        assert time.monotonic() < deadline, "b never expired the leases"
        failed += b.sweep()
        time.sleep(0.2)
    assert a.get("s").counts[TrialState.FAIL] == 2
    b.delete("s")
    with pytest.raises(NotFoundError):
        a.ask("s")


def test_the_outbox_hears_before_a_trial_finishes(
    make: Make, database_url: str, request: pytest.FixtureRequest
) -> None:
    outbox = RecordingOutbox(database_url)
    request.addfinalizer(outbox.rdb.engine.dispose)
    store = make(lease_seconds=1, max_retries=0, outbox=outbox)
    store.create("s", CONFIG)
    told, lost = store.ask("s", count=2)
    store.heartbeat("s", told.number)
    store.tell("s", told.number, TrialState.COMPLETE, [1.0])
    assert outbox.calls == [("s", told.number, TrialState.RUNNING)]
    assert _expire(store, 1) == 1
    assert outbox.calls[1:] == [("s", lost.number, TrialState.RUNNING)]
    with pytest.raises(FailedPreconditionError):  # refused before the outbox is told
        store.tell("s", told.number, TrialState.COMPLETE, [1.0])
    with pytest.raises(ValidationError):
        store.tell("s", lost.number, TrialState.COMPLETE, [float("nan")])
    assert len(outbox.calls) == 2
    for number, state in ((told.number, TrialState.COMPLETE), (lost.number, TrialState.FAIL)):
        found = store.finished_trial("s", number)
        assert found is not None and found[0].state == state and found[1] == CONFIG
    assert store.finished_trial("s", 99) is None
    assert store.finished_trial("gone", 0) is None
    store.delete("s")
    assert store.finished_trial("s", told.number) is None


def test_best_trials_single_and_multi_objective(make: Make, database_url: str) -> None:
    store = make()
    store.create("one", StudyConfig((Objective("loss"),), SPACE, constraints=("c",)))
    assert store.best("one") == []
    values = [(3.0, 0.0), (1.0, 0.5), (2.0, -1.0), (2.0, 0.0), (5.0, -1.0)]  # (loss, c)
    for loss, c in values:
        (t,) = store.ask("one")
        store.tell("one", t.number, TrialState.COMPLETE, [loss], [c])
    (best,) = store.best("one")
    assert best.number == 2  # 1.0 is infeasible; of the two 2.0s, the first
    store.create("two", StudyConfig((Objective("a"), Objective("b", maximize=True)), SPACE))
    points = [(1.0, 1.0), (2.0, 3.0), (2.0, 2.0), (3.0, 3.0), (1.0, 1.0), (0.5, 0.0)]
    for p in points:
        (t,) = store.ask("two")
        store.tell("two", t.number, TrialState.COMPLETE, list(p))
    front = store.best("two")
    assert [t.number for t in front] == [0, 1, 4, 5]  # ties both on it
    loaded = optuna.load_study(study_name="two", storage=database_url)
    assert [t.number for t in front] == sorted(t.number for t in loaded.best_trials)
