"""The SequenceStore contract, on SQLite and on PostgreSQL (``database_url``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from tuneforge.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    NotFoundError,
    ValidationError,
)
from tuneforge.relax.sequence import SequenceConfig
from tuneforge.relax.store import MAX_ITERATIONS, SequenceStore, SqlSequenceStore
from tuneforge.storage import open_database
from tuneforge.storage.migrate import upgrade

TSALLIS = SequenceConfig(policy="tsallis_inf", seed=11)
CONTEXTUAL = SequenceConfig(context_lower=(0.0,), context_upper=(1.0,))


@pytest.fixture
def open_store(database_url: str) -> Iterator[Callable[[], SequenceStore]]:
    """``open_store()`` -> a store on the migrated database, on an engine of its own."""
    engines = [open_database(database_url)]
    upgrade(engines[0], optuna=False)

    def make() -> SequenceStore:
        engines.append(open_database(database_url))
        return SqlSequenceStore(engines[-1])

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def store(open_store: Callable[[], SequenceStore]) -> SequenceStore:
    return open_store()


def cost(arm: int, step: int) -> int:
    return 300 - 20 * abs(arm - 14) + step % 3


def run(store: SequenceStore, ref: str, n: int, start: int = 0) -> list[float]:
    """Rounds ``start … start + n − 1`` of suggest/report; the omegas suggested."""
    out = []
    for i in range(start, start + n):
        s = store.suggest(ref)
        store.report(ref, s.suggestion_id, cost(s.suggestion.arm, i))
        out.append(s.suggestion.omega)
    return out


def test_create_and_get_by_id_or_name(store: SequenceStore) -> None:
    rec = store.create("heat-1", TSALLIS)
    assert rec.id.startswith("seq-") and rec.name == "heat-1" and rec.config == TSALLIS
    assert (rec.instances, rec.total_iterations, rec.pending) == (0, 0, 0)
    assert store.get(rec.id) == rec == store.get("heat-1")


def test_a_taken_name(store: SequenceStore) -> None:
    rec = store.create("taken", TSALLIS)
    with pytest.raises(AlreadyExistsError):
        store.create("taken", TSALLIS)
    assert store.create("taken", TSALLIS, load_if_exists=True).id == rec.id
    with pytest.raises(FailedPreconditionError):
        store.create("taken", SequenceConfig(policy="tsallis_inf", seed=12), load_if_exists=True)


def test_list_pages_newest_first(store: SequenceStore) -> None:
    created = [store.create(f"s{i}", SequenceConfig()).id for i in range(5)]
    seen, token, pages = [], "", 0
    while True:
        records, token = store.list_page(2, token)
        seen += [r.id for r in records]
        pages += 1
        if not token:
            break
    assert pages == 3 and seen == created[::-1]
    assert [r.id for r in store.list_page(0)[0]] == created[::-1]  # 0: the default size
    with pytest.raises(ValidationError):
        store.list_page(2, "not-a-token")
    with pytest.raises(ValidationError):
        store.list_page(5000)


def test_delete_removes_the_sequence_and_its_suggestions(store: SequenceStore) -> None:
    rec = store.create("gone", SequenceConfig())
    pending = store.suggest("gone")
    store.delete(rec.id)
    with pytest.raises(NotFoundError):
        store.get("gone")
    with pytest.raises(NotFoundError):
        store.delete("gone")
    again = store.create("gone", SequenceConfig())
    assert again.id != rec.id and again.pending == 0
    with pytest.raises(NotFoundError):
        store.report("gone", pending.suggestion_id, 10)


def test_unknown_and_empty_refs(store: SequenceStore) -> None:
    store.create("here", SequenceConfig())
    for call in (
        lambda ref: store.get(ref),
        lambda ref: store.suggest(ref),
        lambda ref: store.report(ref, "sug-x", 1),
        lambda ref: store.best(ref),
        lambda ref: store.delete(ref),
    ):
        with pytest.raises(NotFoundError):
            call("no-such-sequence")
        with pytest.raises(ValidationError):
            call("")
    with pytest.raises(NotFoundError):
        store.report("here", "sug-unknown", 10)
    other = store.create("other", SequenceConfig())
    s = store.suggest(other.id)
    with pytest.raises(NotFoundError):  # a suggestion of another sequence
        store.report("here", s.suggestion_id, 10)


def test_suggest_then_report(store: SequenceStore) -> None:
    store.create("seq", CONTEXTUAL)
    s = store.suggest("seq", [0.5])
    assert s.suggestion_id.startswith("sug-") and 1.0 <= s.suggestion.omega <= 1.95
    assert 0.0 < s.suggestion.probability <= 1.0
    assert store.get("seq").pending == 1
    rec = store.report("seq", s.suggestion_id, 120)
    assert (rec.instances, rec.total_iterations, rec.pending) == (1, 120, 0)
    assert store.get("seq") == rec
    best, grid = store.best("seq", [0.5])
    assert best.instances_seen == 1 and len(grid) == 20 and best.omega in grid


def test_a_suggestion_is_reported_once(store: SequenceStore) -> None:
    store.create("once", SequenceConfig())
    s = store.suggest("once")
    store.report("once", s.suggestion_id, 50)
    with pytest.raises(FailedPreconditionError):
        store.report("once", s.suggestion_id, 50)
    assert (store.get("once").instances, store.best("once")[0].instances_seen) == (1, 1)


def test_bad_inputs_lose_nothing(store: SequenceStore) -> None:
    store.create("careful", CONTEXTUAL)
    for context in ([0.1, 0.2], [float("nan")]):
        with pytest.raises(ValidationError):
            store.suggest("careful", context)
    assert store.get("careful").pending == 0
    s = store.suggest("careful", [0.2])
    for iterations in (-5, MAX_ITERATIONS + 1):
        with pytest.raises(ValidationError):
            store.report("careful", s.suggestion_id, iterations)
    assert store.get("careful").pending == 1
    assert store.report("careful", s.suggestion_id, MAX_ITERATIONS).total_iterations == (
        MAX_ITERATIONS
    )


def test_concurrent_reports_from_threads_lose_nothing(store: SequenceStore) -> None:
    store.create("busy", TSALLIS)
    totals = [0] * 8
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            for i in range(10):
                s = store.suggest("busy")
                its = 50 + s.suggestion.arm + k + i
                store.report("busy", s.suggestion_id, its)
                totals[k] += its
        except BaseException as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors[:3]
    rec = store.get("busy")
    assert (rec.instances, rec.pending, rec.total_iterations) == (80, 0, sum(totals))
    assert store.best("busy")[0].instances_seen == 80


def test_racing_reports_of_one_suggestion_count_once(store: SequenceStore) -> None:
    store.create("race", SequenceConfig())
    s = store.suggest("race")
    outcomes: list[str] = []

    def report() -> None:
        try:
            store.report("race", s.suggestion_id, 40)
            outcomes.append("ok")
        except FailedPreconditionError:
            outcomes.append("refused")

    threads = [threading.Thread(target=report) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["ok"] + ["refused"] * 5
    rec = store.get("race")
    assert (rec.instances, rec.total_iterations, rec.pending) == (1, 40, 0)


def test_a_second_store_continues_identically(open_store: Callable[[], SequenceStore]) -> None:
    """A restart (a new store on the same database) sees the state and suggests the same."""
    first = open_store()
    first.create("straight", TSALLIS)
    first.create("restarted", TSALLIS)
    straight = run(first, "straight", 30)
    before = run(first, "restarted", 15)
    pending = first.suggest("restarted")
    second = open_store()
    assert second.get("restarted") == first.get("restarted")
    assert second.get("restarted").pending == 1
    second.report("restarted", pending.suggestion_id, cost(pending.suggestion.arm, 15))
    after = [pending.suggestion.omega, *run(second, "restarted", 14, start=16)]
    assert before + after == straight


def test_two_live_stores_interleave(open_store: Callable[[], SequenceStore]) -> None:
    """Stores of two replicas alternating on one sequence act as one (no stale policy)."""
    a, b = open_store(), open_store()
    a.create("straight", TSALLIS)
    a.create("shared", TSALLIS)
    straight = run(a, "straight", 20)
    shared = []
    for i in range(20):
        s = (a, b)[i % 2].suggest("shared")
        (b, a)[i % 2].report("shared", s.suggestion_id, cost(s.suggestion.arm, i))
        shared.append(s.suggestion.omega)
    assert shared == straight
