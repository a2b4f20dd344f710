"""Wake-ups for job watchers: a backend thread publishes, asyncio streams wait.

The backend's supervisor thread calls :meth:`EventHub.publish` after it stored
a job's events; each ``WatchJob``/``GetJobLogs`` stream holds a
:class:`Subscription` and awaits it instead of polling the store in a tight
loop. No thread per watcher: a subscription is an :class:`asyncio.Event` set
through its loop's ``call_soon_threadsafe``. The hub is a hint, never the source
of truth: watchers still re-read the store on a timeout, which is also how a
watcher on one replica sees the events another replica's backend stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Iterator

log = logging.getLogger("tuneforge.trainer")


class Subscription:
    """One watcher's wake-up for one job; created by :meth:`EventHub.subscribe`.

    A publish between two waits is not lost: the event stays set until the next
    :meth:`wait` consumes it.
    """

    __slots__ = ("_event", "_loop", "job_id")

    def __init__(self, job_id: str, loop: asyncio.AbstractEventLoop) -> None:
        self.job_id = job_id
        self._loop = loop
        self._event = asyncio.Event()

    def _notify(self) -> None:  # any thread
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
            self._loop.call_soon_threadsafe(self._event.set)

    async def wait(self, timeout: float) -> bool:
        """True when the job published since the last wait, False after ``timeout`` s."""
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            return False
        self._event.clear()
        return True


class EventHub:
    """Thread-safe fan-out of "job X has new events" to the asyncio watchers of X, and to
    listeners (e.g. the sweep controller's ``wake``) that want to hear of every job."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[Subscription]] = {}
        self._listeners: list[Callable[[str], None]] = []

    def add_listener(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(job_id)`` on every publish (in the publishing thread: it must
        return at once, like setting an event)."""
        with self._lock:
            self._listeners.append(listener)

    def publish(self, job_id: str) -> None:
        """Wake every watcher of ``job_id``; callable from any thread, never blocks."""
        with self._lock:
            subs = tuple(self._subscribers.get(job_id, ()))
            listeners = tuple(self._listeners)
        for sub in subs:
            sub._notify()
        for listener in listeners:
            try:
                listener(job_id)
            except Exception:  # a listener's bug must not stop the backend's thread
                log.exception("event listener failed", extra={"job_id": job_id})

    @contextlib.contextmanager
    def subscribe(self, job_id: str) -> Iterator[Subscription]:
        """A subscription for the running loop, registered until the block exits.

        Subscribe *before* reading the store, so that nothing published after the
        read can be missed.
        """
        sub = Subscription(job_id, asyncio.get_running_loop())
        with self._lock:
            self._subscribers.setdefault(job_id, set()).add(sub)
        try:
            yield sub
        finally:
            with self._lock:
                subs = self._subscribers.get(job_id)
                if subs is not None:
                    subs.discard(sub)
                    if not subs:
                        del self._subscribers[job_id]

    async def wait(self, job_id: str, timeout: float) -> bool:
        """Wait for the next publish of ``job_id`` (True) or ``timeout`` s (False).

        One-shot: a publish just before the call is missed; streams use
        :meth:`subscribe` instead.
        """
        with self.subscribe(job_id) as sub:
            return await sub.wait(timeout)

    def watchers(self, job_id: str) -> int:
        """How many subscriptions ``job_id`` has (for tests and metrics)."""
        with self._lock:
            return len(self._subscribers.get(job_id, ()))
