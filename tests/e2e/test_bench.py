"""The benchmarks as a user runs them (``python -m bench.NAME --quick``, no timing
asserted) and the one ratio convention of ``bench/harness.py``."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.harness import Report, ratio
from tests.e2e.conftest import Deadline

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"bench", "case", "metric", "ours", "anchor", "ratio"}


def test_ratio_above_one_means_ours_is_better() -> None:
    assert ratio(1.0, 2.0, "lower") == 2.0  # half the anchor's time
    assert ratio(2.0, 1.0, "lower") == 0.5
    assert ratio(30.0, 10.0, "higher") == 3.0  # three times its throughput
    assert ratio(0.0, 1.0, "lower") is None
    assert ratio(1.0, math.nan, "higher") is None


def test_report_prints_json_lines_then_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    report = Report("x")
    report.emit("case a", "ms", 2.0, 4.0, better="lower")
    report.emit("case b", "per_s", 1.0, 0.0, better="higher")
    report.table()
    lines = capsys.readouterr().out.splitlines()
    rows = [json.loads(line) for line in lines if line.startswith("{")]
    assert rows == [
        {"bench": "x", "case": "case a", "metric": "ms", "ours": 2.0, "anchor": 4.0, "ratio": 2.0},
        {"bench": "x", "case": "case b", "metric": "per_s", "ours": 1.0, "anchor": 0.0,
         "ratio": None},
    ]  # fmt: skip
    assert "| case a | ms | 2 | 4 | 2 |" in lines and "| case b | per_s | 1 | 0 | - |" in lines


def test_bench_scripts_edit_no_sys_path_and_use_no_demo_helpers() -> None:
    scripts = sorted((ROOT / "bench").glob("*.py"))
    assert len(scripts) > 2
    for path in scripts:
        text = path.read_text()
        assert not re.search(r"sys\.path\.(insert|append)|sys\.path\s*\+?=", text), path.name
        assert not re.search(r"(from|import) tuneforge\.demo", text), path.name


def test_relax_bench_quick_runs(deadline: Deadline) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench.relax", "--quick"],
        capture_output=True, text=True, timeout=deadline.left(), cwd=ROOT,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert rows and all(set(r) == KEYS and r["bench"] == "relax" for r in rows)
    assert any(r["metric"].startswith("sor_sweep") for r in rows)
    assert all(r["ratio"] > 0 for r in rows)
    # Iterations and seconds are better lower: ratio = anchor / ours.
    assert all(r["ratio"] == pytest.approx(r["anchor"] / r["ours"], rel=1e-3) for r in rows)
    assert "| case | metric | ours | anchor | ratio |" in out.stdout


def test_schedules_bench_quick_runs(deadline: Deadline) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench.schedules", "--quick"],
        capture_output=True, text=True, timeout=deadline.left(), cwd=ROOT,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert rows and all(set(r) == KEYS and r["bench"] == "schedules" for r in rows)
    metrics = {(r["case"].rsplit(": ", 1)[-1].split(" ")[0], r["metric"]) for r in rows}
    for kind in ("refined", "cosine"):
        assert (kind, "final_eval_loss") in metrics and (kind, "final_eval_accuracy") in metrics
    assert {"steps_to_target", "samples_to_target"} <= {r["metric"] for r in rows}
    stability = [r for r in rows if r["metric"].startswith("max_stable_lr")]
    assert any("full batch" in r["case"] for r in stability) and len(stability) >= 2
    assert all(math.isfinite(r["ours"]) and r["ours"] > 0 for r in rows)
    assert all(r["anchor"] is not None and math.isfinite(r["anchor"]) for r in rows)
    assert all(r["ratio"] is not None and r["ratio"] > 0 for r in rows)
    assert "| case | metric | ours |" in out.stdout
    assert (ROOT / "bench" / "out" / "schedules.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
