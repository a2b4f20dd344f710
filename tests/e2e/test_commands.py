"""What a new user runs: `tuneforge serve` + SIGTERM, `make demo`, a client-only import."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tuneforge.demo import free_port
from tuneforge_client import Client

ROOT = Path(__file__).resolve().parents[2]


def test_serve_all_then_sigterm_exits_cleanly(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "TUNEFORGE_HOME": str(tmp_path), "TUNEFORGE_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tuneforge.cli", "serve", "all", "--grace-seconds", "3"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with Client(f"127.0.0.1:{port}") as tf:
            tf.wait_ready(timeout=60)
            resp = tf.scale_learning_rate(0.1, 128, [256], "sgd")
            assert resp.results[0].learning_rate == pytest.approx(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    events = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    msgs = [e["msg"] for e in events]
    assert msgs[0] == "serving" and msgs[-1] == "stopped"
    assert "shutting down" in msgs
    rpc = next(e for e in events if e["msg"] == "rpc" and "ScaleLearningRate" in e["method"])
    assert rpc["code"] == "OK"


def test_sigint_also_drains(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tuneforge.cli", "serve", "tuner", "--port", str(port)],
        env={**os.environ, "TUNEFORGE_HOME": str(tmp_path)},
        stderr=subprocess.PIPE,
        text=True,
    )
    with Client(f"127.0.0.1:{port}") as tf:
        tf.wait_ready(timeout=60)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert '"stopped"' in err


def test_client_needs_no_server_dependencies() -> None:
    code = (
        "import sys, tuneforge_client, tuneforge.v1.schedule_service_pb2_grpc;"
        "heavy = {'numpy', 'scipy', 'torch', 'optuna', 'mlflow', 'numba'} & set(sys.modules);"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    reqs = [Requirement(r) for r in metadata.requires("tuneforge") or []]
    names = {r.name for r in reqs if r.marker is None}
    assert names <= {
        "grpcio",
        "grpcio-status",
        "grpcio-health-checking",
        "protobuf",
        "googleapis-common-protos",
    }


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_as_a_new_user_runs_it() -> None:
    t0 = time.monotonic()
    out = subprocess.run(
        ["make", "-s", "demo"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stdout + out.stderr
    text = out.stdout
    assert "starting: tuneforge serve all" in text
    assert "sgd optimizer, lr 0.1 tuned at batch 256 -> linear scaling" in text
    assert "adaptive optimizer, lr 0.0003 tuned at batch 256 -> square root scaling" in text
    assert "INVALID_ARGUMENT" in text and "base_learning_rate:" in text
    assert "server stopped cleanly (exit code 0)" in text
    assert time.monotonic() - t0 < 600
