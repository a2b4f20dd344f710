"""Smoke run of ``bench/relax.py --quick`` (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_relax_bench_quick_runs() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "relax.py"), "--quick"],
        capture_output=True, text=True, timeout=300, check=True, cwd=ROOT,
    )  # fmt: skip
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert {"bench", "case", "metric", "ours", "anchor", "ratio"} <= set(rows[0])
    assert any(r["metric"].startswith("sor_sweep") for r in rows)
    assert all(r["ratio"] > 0 for r in rows)
