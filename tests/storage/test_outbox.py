"""The tracking outbox's contract (SqlTrialOutbox), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from tuneforge.storage import now, open_database
from tuneforge.storage.migrate import upgrade
from tuneforge.storage.tables import tracking_outbox
from tuneforge.tracker.outbox import SqlTrialOutbox, TrialOutbox


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = open_database(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def _row(engine: sa.Engine, study: str, number: int) -> sa.Row[tuple[object, ...]]:
    with engine.connect() as conn:
        return conn.execute(
            sa.select(tracking_outbox).where(tracking_outbox.c.key == f"trial/{study}/{number}")
        ).one()


def test_add_is_idempotent_and_claims_hide_entries(engine: sa.Engine) -> None:
    outbox: TrialOutbox = SqlTrialOutbox(engine)
    sql = SqlTrialOutbox(engine)
    for number in (0, 1, 2, 1, 0):
        outbox.add_trial("s", number)
    outbox.add_trial("other", 0)
    assert sql.pending() == 4
    first = sql.claim(3)
    assert [(e.study, e.number, e.attempts) for e in first] == [
        ("s", 0, 0),
        ("s", 1, 0),
        ("s", 2, 0),
    ]
    (rest,) = sql.claim(10)
    assert (rest.study, rest.number) == ("other", 0)
    assert sql.claim(10) == []  # claimed: hidden from other drains
    assert sql.pending() == 4 and sql.pending(due_by=now()) == 0
    assert sql.pending(due_by=now() + sql.claim_seconds + 1) == 4
    outbox.add_trial("s", 0)  # adding a claimed trial again changes nothing
    assert sql.claim(10) == [] and sql.pending() == 4
    sql.done([e.id for e in first])
    assert sql.pending() == 1


def test_retry_backs_off_counts_attempts_and_keeps_the_error(engine: sa.Engine) -> None:
    outbox = SqlTrialOutbox(engine)
    outbox.add_trial("s", 7)
    (entry,) = outbox.claim(1)
    outbox.retry(entry.id, 0.4, "MlflowException: unavailable")
    assert outbox.claim(1) == []  # not due yet
    row = _row(engine, "s", 7)
    assert row.attempts == 1 and row.last_error == "MlflowException: unavailable"
    time.sleep(0.5)
    (again,) = outbox.claim(1)
    assert again.id == entry.id and again.attempts == 1  # an earlier claim may have shipped it
    outbox.retry(again.id, 0.0, "x" * 5000)
    assert len(str(_row(engine, "s", 7).last_error)) == 2000


def test_release_gives_entries_back_uncounted(engine: sa.Engine) -> None:
    outbox = SqlTrialOutbox(engine)
    outbox.add_trial("s", 1)
    (entry,) = outbox.claim(1)
    outbox.release([entry.id])
    (again,) = outbox.claim(1)
    assert again.id == entry.id and again.attempts == 0


def test_a_claim_runs_out(engine: sa.Engine) -> None:
    """A drain that died holding a claim leaves its entries to the next claimer."""
    outbox = SqlTrialOutbox(engine, claim_seconds=0.3)
    outbox.add_trial("s", 1)
    assert len(outbox.claim(1)) == 1
    assert outbox.claim(1) == []
    time.sleep(0.4)
    (entry,) = outbox.claim(1)
    assert entry.attempts == 1


def test_due_entries_come_oldest_first(engine: sa.Engine) -> None:
    outbox = SqlTrialOutbox(engine)
    for n in range(3):
        outbox.add_trial("s", n)
    (a,) = outbox.claim(1)
    outbox.retry(a.id, 0.0)  # due again now, but later than the others were
    assert {e.number for e in outbox.claim(2)} == {1, 2}
    assert [e.number for e in outbox.claim(2)] == [0]


def test_concurrent_drains_claim_each_entry_once(database_url: str, engine: sa.Engine) -> None:
    """Replicas with engines of their own: every entry is handed to exactly one claimer."""
    SqlTrialOutbox(engine).add_trial("s", 0)
    writer = SqlTrialOutbox(engine)
    for n in range(1, 120):
        writer.add_trial("s", n)
    engines = [open_database(database_url) for _ in range(3)]
    claimed: list[list[int]] = [[] for _ in range(6)]
    start = threading.Barrier(6)

    def drain(i: int) -> None:
        outbox = SqlTrialOutbox(engines[i % 3])
        start.wait()
        while batch := outbox.claim(7):
            claimed[i] += [e.number for e in batch]

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for e in engines:
        e.dispose()
    everything = [n for c in claimed for n in c]
    assert sorted(everything) == list(range(120))  # all of them, none twice


def test_concurrent_adds_of_one_trial_make_one_entry(database_url: str, engine: sa.Engine) -> None:
    engines = [open_database(database_url) for _ in range(4)]
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def add(i: int) -> None:
        outbox = SqlTrialOutbox(engines[i])
        start.wait()
        try:
            for n in range(20):
                outbox.add_trial("s", n)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for e in engines:
        e.dispose()
    assert not errors
    assert SqlTrialOutbox(engine).pending() == 20
