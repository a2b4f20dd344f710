"""The bounded solve pool and the Deadline its jobs check."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from tuneforge.deadline import Deadline
from tuneforge.errors import CancelledError, DeadlineExceededError, ResourceExhaustedError
from tuneforge.runtime.calls import WorkPool


def spin(release: threading.Event, *, deadline: Deadline) -> str:
    """A CPU-bound core stand-in: loops until released, checking its deadline."""
    while not release.is_set():
        deadline.check()
        time.sleep(0.001)
    return "done"


def test_deadline_expires_and_cancels() -> None:
    d = Deadline(0.05)
    d.check()
    time.sleep(0.06)
    assert d.expired()
    with pytest.raises(DeadlineExceededError):
        d.check()
    c = Deadline.never()
    assert c.remaining() is None and not c.expired()
    c.cancel("shutdown")
    with pytest.raises(CancelledError, match="shutdown"):
        c.check()


async def test_pool_admits_workers_plus_queue_and_refuses_the_rest() -> None:
    pool = WorkPool("solve", workers=1, queue=1)
    release = threading.Event()
    try:
        first = asyncio.create_task(pool.run(Deadline.never(), spin, release))
        second = asyncio.create_task(pool.run(Deadline.never(), spin, release))
        await asyncio.sleep(0.05)
        assert pool.admitted == 2
        with pytest.raises(ResourceExhaustedError, match="retry later"):
            await pool.run(Deadline.never(), spin, release)
        release.set()
        assert await asyncio.gather(first, second) == ["done", "done"]
        assert pool.admitted == 0
    finally:
        release.set()
        pool.close()


async def test_a_job_stops_at_its_deadline_even_while_queued() -> None:
    pool = WorkPool("solve", workers=1, queue=1)
    release = threading.Event()
    try:
        blocker = asyncio.create_task(pool.run(Deadline.never(), spin, release))
        t0 = time.monotonic()
        with pytest.raises(DeadlineExceededError):  # waited its whole deadline in the queue
            await pool.run(Deadline(0.1), spin, release)
        assert time.monotonic() - t0 < 5
        release.set()
        await blocker
    finally:
        release.set()
        pool.close()


async def test_a_cancelled_await_cancels_the_running_job() -> None:
    pool = WorkPool("solve", workers=1, queue=0)
    release = threading.Event()
    deadline = Deadline.never()
    try:
        task = asyncio.create_task(pool.run(deadline, spin, release))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert deadline.cancelled  # the thread stops at its next check
        # The slot is held until the job really ends, so overload is still refused early.
        for _ in range(500):
            if pool.admitted == 0:
                break
            await asyncio.sleep(0.01)
        assert pool.admitted == 0
    finally:
        pool.close()


async def test_an_abandoned_job_keeps_its_slot_until_it_ends() -> None:
    pool = WorkPool("solve", workers=1, queue=0)
    release = threading.Event()

    def stubborn(*, deadline: Deadline) -> str:  # a core that never checks its deadline
        release.wait(5)
        return "done"

    try:
        task = asyncio.create_task(pool.run(Deadline.never(), stubborn))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        with pytest.raises(ResourceExhaustedError):  # its thread is still busy
            await pool.run(Deadline.never(), spin, release)
        release.set()
        for _ in range(500):
            if pool.admitted == 0:
                break
            await asyncio.sleep(0.01)
        assert await pool.run(Deadline.never(), spin, release) == "done"
    finally:
        release.set()
        pool.close()


async def test_close_stops_running_jobs_and_refuses_new_ones() -> None:
    pool = WorkPool("solve", workers=2, queue=0)
    release = threading.Event()  # never set: only close can end the jobs
    jobs = [asyncio.create_task(pool.run(Deadline.never(), spin, release)) for _ in range(2)]
    await asyncio.sleep(0.05)
    t0 = time.monotonic()
    await asyncio.to_thread(pool.close, 5.0)
    assert time.monotonic() - t0 < 2
    for result in await asyncio.gather(*jobs, return_exceptions=True):
        assert isinstance(result, CancelledError)
    with pytest.raises(ResourceExhaustedError, match="shutting down"):
        await pool.run(Deadline.never(), spin, release)
