"""When long-running core work must stop: the caller's deadline, a cancel, or shutdown.

Pure (no grpc): the runtime makes one :class:`Deadline` per request from the
call's remaining time and cancels it when the client goes away or the server
shuts down; iteration loops call :meth:`Deadline.check` every few iterations.
Work that stops raises :class:`~tuneforge.errors.DeadlineExceededError` or
:class:`~tuneforge.errors.CancelledError`, which the runtime maps to
DEADLINE_EXCEEDED and CANCELLED.
"""

from __future__ import annotations

import threading
import time

from tuneforge.errors import CancelledError, DeadlineExceededError


class Deadline:
    """A point in time (monotonic clock) after which work stops, and a cancel flag.

    Thread-safe: the request's thread checks it while another cancels it.
    """

    __slots__ = ("_cancelled", "_reason", "at")

    def __init__(self, seconds: float | None = None) -> None:
        self.at = None if seconds is None else time.monotonic() + seconds
        self._cancelled = threading.Event()
        self._reason = ""

    @classmethod
    def never(cls) -> Deadline:
        return cls(None)

    def remaining(self) -> float | None:
        return None if self.at is None else self.at - time.monotonic()

    def cancel(self, reason: str = "cancelled") -> None:
        self._reason = reason
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def expired(self) -> bool:
        return self._cancelled.is_set() or (self.at is not None and time.monotonic() >= self.at)

    def check(self) -> None:
        """Raise if the work must stop; cheap enough to call every iteration."""
        if self._cancelled.is_set():
            raise CancelledError(f"work stopped: {self._reason}")
        if self.at is not None and time.monotonic() >= self.at:
            raise DeadlineExceededError("deadline exceeded while the work was running")
