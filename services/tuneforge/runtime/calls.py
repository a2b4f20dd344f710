"""Helpers for servicers: deadlines, blocking calls off the event loop, bounded CPU pools.

Two kinds of blocking work, two places to run it:

- :func:`offload`: short blocking calls (database, MLflow) in asyncio's
  default thread pool.
- :func:`compute`: CPU-heavy solves (SOR, Sinkhorn) in a :class:`WorkPool` of
  their own, so that they can never starve the other services' calls. The pool
  admits a bounded number of solves (running + queued) and refuses more with
  RESOURCE_EXHAUSTED at once; each solve gets a :class:`~tuneforge.deadline.Deadline`
  from the caller's deadline that is cancelled when the client goes away or the
  server shuts down, and the core's iteration loops check it.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import grpc

from tuneforge.deadline import Deadline
from tuneforge.errors import ResourceExhaustedError

T = TypeVar("T")


async def check_deadline(context: grpc.aio.ServicerContext) -> None:
    """Abort with DEADLINE_EXCEEDED if the caller's deadline has already passed."""
    remaining = context.time_remaining()
    if remaining is not None and remaining <= 0:
        await context.abort(
            grpc.StatusCode.DEADLINE_EXCEEDED, "deadline exceeded before work began"
        )


async def offload(
    context: grpc.aio.ServicerContext, fn: Callable[..., T], /, *args: Any, **kwargs: Any
) -> T:
    """Run short blocking ``fn`` (a store call) in a worker thread, after a deadline check.

    Never run blocking work on the event loop: it would stall every other RPC
    (health probes included).
    """
    await check_deadline(context)
    return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))


class WorkPool:
    """A bounded thread pool for one kind of CPU-heavy work.

    ``workers`` run at once and ``queue`` more wait; beyond that :meth:`submit`
    raises :class:`ResourceExhaustedError` (overload is refused early rather
    than timing out). Numerical kernels release the GIL (numpy, numba
    ``nogil``), so the threads run in parallel. :meth:`close` cancels the
    deadline of every admitted job and waits for the threads to end.
    """

    def __init__(
        self, name: str, workers: int, queue: int, max_seconds: float | None = None
    ) -> None:
        if workers < 1 or queue < 0 or (max_seconds is not None and max_seconds <= 0):
            raise ValueError("a WorkPool needs workers >= 1, queue >= 0 and max_seconds > 0")
        self.name = name
        self.workers = workers
        self.max_seconds = max_seconds  # the longest a job may run, whatever its caller allows
        self.capacity = workers + queue
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix=name)
        self._lock = threading.Lock()
        self._admitted: set[Deadline] = set()
        self._closed = False

    @property
    def admitted(self) -> int:
        with self._lock:
            return len(self._admitted)

    async def run(self, deadline: Deadline, fn: Callable[..., T], /, *args: Any) -> T:
        """``fn(*args, deadline=deadline)`` in the pool; a cancelled await cancels the deadline."""
        with self._lock:
            if self._closed:
                raise ResourceExhaustedError(f"{self.name}: the server is shutting down")
            if len(self._admitted) >= self.capacity:
                raise ResourceExhaustedError(
                    f"{self.name}: {self.capacity} solves running or queued, the most this "
                    "server admits; retry later"
                )
            self._admitted.add(deadline)

        def job() -> T:
            deadline.check()  # the time spent queued counts against the deadline
            return fn(*args, deadline=deadline)

        def release(_: object = None) -> None:
            with self._lock:
                self._admitted.discard(deadline)

        try:
            future = self._executor.submit(job)
        except BaseException:
            release()
            raise
        # The slot is freed when the job ends, not when its caller stops waiting: an
        # abandoned solve still holds its thread until it reaches its next check.
        future.add_done_callback(release)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            deadline.cancel("the call was cancelled")
            raise

    def close(self, timeout: float = 10.0) -> None:
        """Refuse new work, stop what runs (its deadlines are cancelled), join the threads."""
        with self._lock:
            self._closed = True
            for d in self._admitted:
                d.cancel("the server is shutting down")
        self._executor.shutdown(wait=False, cancel_futures=True)
        for t in list(getattr(self._executor, "_threads", ())):
            t.join(timeout)


async def compute(
    context: grpc.aio.ServicerContext, pool: WorkPool, fn: Callable[..., T], /, *args: Any
) -> T:
    """Run CPU-heavy ``fn(*args, deadline=...)`` in ``pool`` under the caller's deadline.

    A caller without a deadline (or with a longer one) still gets the pool's
    ``max_seconds``: no request can hold a solve thread for ever.
    """
    await check_deadline(context)
    remaining = context.time_remaining()
    if pool.max_seconds is not None and (remaining is None or remaining > pool.max_seconds):
        remaining = pool.max_seconds
    return await pool.run(Deadline(remaining), fn, *args)
