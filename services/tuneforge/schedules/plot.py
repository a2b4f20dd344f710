"""PNG plots of learning-rate schedules (``PlanSchedule``'s ``render_png``, the README's
figure), with matplotlib's non-interactive Agg backend; matplotlib is optional on a
server (the ``bench`` extra), so it is imported on first use."""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from tuneforge.errors import FailedPreconditionError

__all__ = ["MAX_PLOT_POINTS", "render"]

MAX_PLOT_POINTS = 2000


def render(
    curves: Sequence[tuple[str, NDArray[np.int64], NDArray[np.float64]]],
    *,
    title: str = "learning-rate schedule",
    field: str = "render_png",
) -> bytes:
    """One line per ``(label, steps, learning_rates)``; the PNG's bytes.
    FailedPreconditionError (on ``field``) when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError:
        raise FailedPreconditionError.single(
            field, "this server has no matplotlib (install tuneforge[bench]) to render a PNG"
        ) from None
    fig = Figure(figsize=(6.4, 3.6), dpi=100)  # no pyplot: no global state across threads
    ax = fig.add_subplot()
    for label, steps, rates in curves:
        ax.plot(steps, rates, label=label, linewidth=1.5)
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("learning rate")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    if len(curves) > 1 or curves[0][0]:
        ax.legend()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def plot_steps(total_steps: int, points: int = MAX_PLOT_POINTS) -> NDArray[np.int64]:
    """At most ``points`` distinct steps spread over ``0 .. total_steps - 1``, both ends
    included (what a plot of a long schedule samples)."""
    return np.unique(np.linspace(0, total_steps - 1, min(points, total_steps)).astype(np.int64))
