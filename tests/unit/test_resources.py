"""The composition root: each shared resource built once, under one lock; closed once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tuneforge.roles import Resources
from tuneforge.runtime.config import Settings


def test_concurrent_first_use_builds_each_resource_once(tmp_path: Path) -> None:
    res = Resources(Settings.load({}, home=tmp_path, port=0))
    barrier = threading.Barrier(8)
    seen: list[tuple[int, int]] = []

    def use(i: int) -> None:
        barrier.wait()
        # Nested creation (the outbox needs the engine) against direct creation.
        seen.append((id(res.outbox), id(res.engine)) if i % 2 else (id(res.engine), 0))

    threads = [threading.Thread(target=use, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
        assert not t.is_alive(), "creation deadlocked"
    assert len({s[0] for s in seen if s[1] == 0}) == 1  # one engine
    assert len({s for s in seen if s[1]}) == 1  # one outbox, on that engine
    res.close()


def test_close_closes_everything_even_if_one_close_fails(tmp_path: Path) -> None:
    res = Resources(Settings.load({}, home=tmp_path, port=0))
    pool, engine = res.solve_pool, res.engine

    def broken(timeout: float = 0) -> None:
        raise RuntimeError("pool close failed")

    pool.close = broken  # type: ignore[method-assign]
    with engine.connect():
        pass
    assert engine.pool.checkedin() == 1
    res.close()
    assert engine.pool.checkedin() == 0  # disposed although the pool's close raised
    res.close()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        _ = res.tracker  # nothing new after close
