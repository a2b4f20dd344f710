"""One time budget per e2e test, derived from pytest-timeout's limit (pyproject's ``timeout``).

Every subprocess and wait in a test draws from it, ending ``MARGIN_S`` before
pytest-timeout would kill the test: our own timeout then fails it, with the
subprocess's output, instead of a stack dump of the whole run.
"""

from __future__ import annotations

import time

import pytest
import pytest_timeout

MARGIN_S = 30.0
UNLIMITED_S = 3600.0  # when pytest-timeout is switched off (--timeout=0)


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; an expired deadline still gives a subprocess a moment to answer."""
        return max(self._end - time.monotonic(), 0.1)

    def cap(self, seconds: float) -> float:
        """``seconds`` (a step's own bound), or less when the test's budget is nearly spent."""
        return min(seconds, self.left())


@pytest.fixture
def deadline(request: pytest.FixtureRequest) -> Deadline:
    limit = pytest_timeout.get_env_settings(request.config).timeout  # ini, --timeout or env
    if not limit:
        return Deadline(UNLIMITED_S)
    if limit <= 2 * MARGIN_S:
        raise pytest.UsageError(f"pytest timeout {limit} s leaves no room for the e2e tests")
    return Deadline(limit - MARGIN_S)
