"""What every benchmark under ``bench/`` shares: one output format, one ratio convention.

Run a benchmark from the repository root as a module, ``python -m bench.relax
[--quick]``; ``make bench`` runs them all, ``make bench-quick`` all of them in their
seconds-long ``--quick`` mode. tuneforge is imported as installed (``pip install -e
'.[bench]'``), never through ``sys.path`` edits.

Each case prints one JSON object per metric on stdout as soon as it is measured::

    {"bench": "relax", "case": "laplace10-low", "metric": "second_half_mean_iters[...]",
     "ours": 52.1, "anchor": 50.2, "ratio": 0.9635}

``ours`` is tuneforge's figure and ``anchor`` the reference's (another library, a
baseline or a target), in the unit the metric names. **``ratio`` > 1 means tuneforge
is better**, whatever the metric: ``anchor / ours`` where lower is better (times,
latencies, iterations, bytes), ``ours / anchor`` where higher is better (throughput,
accuracy). Figures that should agree (the cost two solvers reach) are reported as
``lower`` and read as ≈ 1. ``ratio`` is null where undefined (zero or non-finite).
Only these lines of stdout start with ``{``; everything else it prints is for people,
ending with the same rows as a markdown table (:meth:`Report.table`).

Ratios, not absolute figures, are what to quote: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import math
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Better = Literal["lower", "higher"]

OUT = Path(__file__).resolve().parent / "out"  # plots and JSON copies (git-ignored)
ROOT = Path(__file__).resolve().parents[1]


def ratio(ours: float, anchor: float, better: Better) -> float | None:
    """The figure to quote: > 1 when ours is better (see the module docstring)."""
    num, den = (anchor, ours) if better == "lower" else (ours, anchor)
    if not (math.isfinite(num) and math.isfinite(den)) or den == 0:
        return None
    return _round(num / den, 4)


def _round(x: float, digits: int) -> float | None:
    return float(f"{x:.{digits}g}") if math.isfinite(x) else None


@dataclass
class Report:
    """The rows of one benchmark: printed as JSON lines when emitted, as a table at the end."""

    bench: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    def emit(
        self, case: str, metric: str, ours: float, anchor: float, better: Better
    ) -> dict[str, Any]:
        row = {
            "bench": self.bench,
            "case": case,
            "metric": metric,
            "ours": _round(float(ours), 6),
            "anchor": _round(float(anchor), 6),
            "ratio": ratio(float(ours), float(anchor), better),
        }
        self.rows.append(row)
        print(json.dumps(row), flush=True)
        return row

    def table(self, anchor: str = "anchor") -> None:
        """The rows as a markdown table; ``anchor`` names the reference column."""
        print(f"\n{self.bench}: ratio > 1 means tuneforge is better\n")
        print(f"| case | metric | ours | {anchor} | ratio |\n|---|---|---|---|---|")
        for r in self.rows:
            cells = [_fmt(r[k]) for k in ("ours", "anchor", "ratio")]
            print(f"| {r['case']} | {r['metric']} | " + " | ".join(cells) + " |")


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:g}"


def parser(doc: str | None) -> argparse.ArgumentParser:
    """An argument parser with the ``--quick`` flag every benchmark has."""
    p = argparse.ArgumentParser(
        description=(doc or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run of seconds")
    return p


def free_port() -> int:
    """A free TCP port on loopback for a server this benchmark starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
