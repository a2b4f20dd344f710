"""Entry points the trainer tests run in real workers (imported there by name)."""

from __future__ import annotations

import time
from typing import Any


def chatty(ctx: Any) -> dict[str, float]:
    """Prints ``lines`` numbered lines (one unfinished at the end), reports ``steps`` steps,
    sleeping ``sleep`` s per step; stops when asked."""
    lines = int(ctx.arguments.get("lines", 0))
    steps = int(ctx.arguments.get("steps", 10))
    sleep = float(ctx.arguments.get("sleep", 0.0))
    for i in range(lines):
        print(f"line {i}", flush=True)
    for step in range(1, steps + 1):
        if ctx.should_stop():
            break
        time.sleep(sleep)
        ctx.report(step, {"loss": 1.0 / step, "eval_loss": 1.0 / step})
    print("done", end="", flush=True)
    return {"eval_loss": 1.0 / steps}
