"""``tuneforge dashboards``: absolute store URIs for any home, and optuna-dashboard
really serving the state database (the MLflow UI is MLflow's own, not started here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import optuna

from tests.e2e.conftest import Deadline
from tuneforge.demo import free_port

CLI = [sys.executable, "-m", "tuneforge.cli", "dashboards"]


def test_the_commands_name_this_homes_stores_absolutely(tmp_path: Path) -> None:
    env = {**os.environ, "TUNEFORGE_HOME": "relative-home"}
    out = subprocess.run(CLI, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    home = (tmp_path / "relative-home").resolve()
    assert f"optuna-dashboard sqlite:///{home / 'tuneforge.db'}" in out.stdout
    assert f"--backend-store-uri sqlite:///{home / 'mlflow.db'}" in out.stdout
    assert "/#/experiments" in out.stdout  # the runs, not MLflow 3's GenAI front page
    remote = subprocess.run(
        [*CLI, "--database-url", "postgresql+psycopg://tf:s3cret@db/tf",
         "--tracking-uri", "http://mlflow:5000"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "postgresql+psycopg://tf:***@db/tf" in remote.stdout and "s3cret" not in remote.stdout
    assert "http://mlflow:5000/#/experiments" in remote.stdout


def test_optuna_dashboard_serves_the_state_database(tmp_path: Path, deadline: Deadline) -> None:
    url = f"sqlite:///{tmp_path / 'tuneforge.db'}"
    study = optuna.create_study(study_name="browse-me", storage=url)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    port = free_port()
    proc = subprocess.Popen(
        [*CLI, "--serve", "optuna", "--database-url", url, "--optuna-port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        end = time.monotonic() + deadline.cap(60)
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/studies", timeout=5) as r:
                    body = json.load(r)
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < end, "optuna-dashboard did not answer"
                time.sleep(0.3)
        studies = body["study_summaries"]
        assert [s["study_name"] for s in studies] == ["browse-me"], body
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
