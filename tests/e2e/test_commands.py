"""What a new user runs: `tuneforge serve` + SIGTERM, `make demo`, a client-only import,
a control-plane server without torch.

Every wait draws from the test's ``deadline`` (conftest.py), under pytest's own timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.e2e.conftest import Deadline
from tuneforge.demo import free_port
from tuneforge_client import Client

ROOT = Path(__file__).resolve().parents[2]
READY_S = 60.0  # a server answers health checks within this
DRAIN_S = 30.0  # and exits within this of SIGTERM/SIGINT


def test_serve_all_then_sigterm_exits_cleanly(tmp_path: Path, deadline: Deadline) -> None:
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
            tf.wait_ready(timeout=deadline.cap(READY_S))
            resp = tf.scale_learning_rate(0.1, 128, [256], "sgd")
            assert resp.results[0].learning_rate == pytest.approx(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=deadline.cap(DRAIN_S))
    assert proc.returncode == 0
    events = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    msgs = [e["msg"] for e in events]
    # A fresh home is migrated first, then serves; nothing is logged after "stopped".
    assert msgs[:2] == ["database migrated", "serving"] and msgs[-1] == "stopped"
    assert "shutting down" in msgs
    serving = events[msgs.index("serving")]  # where its state lives, said once at start
    assert serving["home"] == str(tmp_path)
    assert serving["database"] == f"sqlite:///{tmp_path.resolve() / 'tuneforge.db'}"
    assert serving["tracking_uri"] == f"sqlite:///{tmp_path.resolve() / 'mlflow.db'}"
    rpc = next(e for e in events if e["msg"] == "rpc" and "ScaleLearningRate" in e["method"])
    assert rpc["code"] == "OK"


def test_sigint_also_drains(tmp_path: Path, deadline: Deadline) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tuneforge.cli", "serve", "tuner", "--port", str(port)],
        env={**os.environ, "TUNEFORGE_HOME": str(tmp_path)},
        stderr=subprocess.PIPE,
        text=True,
    )
    with Client(f"127.0.0.1:{port}") as tf:
        tf.wait_ready(timeout=deadline.cap(READY_S))
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=deadline.cap(DRAIN_S))
    assert proc.returncode == 0, err
    assert '"stopped"' in err


def test_client_needs_no_server_dependencies(deadline: Deadline) -> None:
    code = (
        "import sys, tuneforge_client, tuneforge.v1.schedule_service_pb2_grpc;"
        "heavy = {'numpy', 'scipy', 'torch', 'optuna', 'mlflow', 'numba'} & set(sys.modules);"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=deadline.left())
    reqs = [Requirement(r) for r in metadata.requires("tuneforge") or []]
    names = {r.name for r in reqs if r.marker is None}
    assert names <= {
        "grpcio",
        "grpcio-status",
        "grpcio-health-checking",
        "protobuf",
        "googleapis-common-protos",
    }


# Prepended to a fresh interpreter's code: torch is unimportable, and who asked is recorded.
_NO_TORCH = """
import importlib.abc, sys

class NoTorch(importlib.abc.MetaPathFinder):
    asked = []

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "torch":
            NoTorch.asked.append(name)
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
        return None

sys.meta_path.insert(0, NoTorch())
"""
# torch code (the `train` extra, TRAINER.md decision 2): every optimizer module and the
# trainer's worker side. The catalogue (optim.registry, optim.schemas) and the rest of
# tuneforge.trainer are the control plane: they import without torch.
TORCH_SIDE = (
    "tuneforge.optim._base",
    "tuneforge.optim._fused",
    "tuneforge.optim.adabelief",
    "tuneforge.optim.adagradnorm",
    "tuneforge.optim.adaptive_batch",
    "tuneforge.optim.cbo",
    "tuneforge.optim.diffgrad",
    "tuneforge.optim.frugal",
    "tuneforge.optim.mfac",
    "tuneforge.optim.sso",
    "tuneforge.optim.trp",
    "tuneforge.trainer.models",
    "tuneforge.trainer.runner",
    "tuneforge.trainer.checkpoint",
    "tuneforge.trainer.worker",
    "tuneforge.trainer.entry",
    "tuneforge.trainer.curvature",
    "tuneforge.trainer.preload",
    "tuneforge.trainer.distributed",
    "tuneforge.schedules.stability",
)


def test_control_plane_modules_import_no_torch(deadline: Deadline) -> None:
    """Every tuneforge module outside TORCH_SIDE imports without torch, and none asks for it."""
    code = _NO_TORCH + textwrap.dedent(
        f"""
        import importlib, json, pathlib, tuneforge
        root = pathlib.Path(tuneforge.__file__).parent
        names = sorted(
            ".".join(("tuneforge", *p.relative_to(root).with_suffix("").parts))
            .removesuffix(".__init__")
            for p in root.rglob("*.py")
        )
        # alembic runs migrations/env.py as a script, inside a migration, not as an import
        names = [n for n in names
                 if n not in {TORCH_SIDE!r} and not n.endswith(".migrations.env")]
        for name in names:
            importlib.import_module(name)
        print(json.dumps({{"imported": names, "asked": NoTorch.asked}}))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=deadline.left()
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.splitlines()[-1])
    assert result["asked"] == []
    assert {
        "tuneforge.cli",
        "tuneforge.roles",
        "tuneforge.transport.service",
        "tuneforge.optim",
        "tuneforge.optim.registry",
        "tuneforge.optim.schemas",
        "tuneforge.trainer.spec",
        "tuneforge.trainer.catalog",
        "tuneforge.trainer.data",
        "tuneforge.trainer.devices",
    } <= set(result["imported"])


def test_serve_all_without_torch(tmp_path: Path, deadline: Deadline) -> None:
    """`tuneforge serve all` on a control-plane install: transport solves on numpy."""
    port = free_port()
    code = _NO_TORCH + "from tuneforge.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "all", "--port", str(port), "--grace-seconds", "3"],
        env={**os.environ, "TUNEFORGE_HOME": str(tmp_path)},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with Client(f"127.0.0.1:{port}") as tf:
            tf.wait_ready(timeout=deadline.cap(READY_S))
            r = tf.solve_transport([0.5, 0.5], [0.25, 0.75], 0.1, cost=[[0.0, 1.0], [1.0, 0.0]])
            assert r.converged and r.backend.startswith("numpy")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=deadline.cap(DRAIN_S))
    assert proc.returncode == 0, err


def _closure(requirement: str) -> set[str]:
    """Names of the installed distributions that ``requirement`` (with its extras) pulls in."""
    seen: set[tuple[str, str]] = set()
    todo = [Requirement(requirement)]
    while todo:
        req = todo.pop()
        key = (canonicalize_name(req.name), ",".join(sorted(req.extras)))
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.requires(req.name) or []
        except metadata.PackageNotFoundError:  # an optional dependency not installed here
            continue
        for dep in map(Requirement, requires):
            extras = req.extras or {""}
            if dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in extras):
                todo.append(dep)
    return {name for name, _ in seen}


def test_server_extra_pulls_no_torch_and_no_bench_anchors() -> None:
    """The control-plane install: no torch, nothing that only the benchmarks use."""
    server = _closure("tuneforge[server]")
    assert {"optuna", "mlflow", "numba", "grpcio-reflection"} <= server
    assert not {"torch", "pot", "torch-optimizer", "pytorch-optimizer"} & server
    assert "torch" in _closure("tuneforge[train]")
    assert {"pot", "torch-optimizer", "adabelief-pytorch"} <= _closure("tuneforge[bench]")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_as_a_new_user_runs_it(deadline: Deadline) -> None:
    t0 = time.monotonic()
    out = subprocess.run(
        ["make", "-s", "demo"], cwd=ROOT, capture_output=True, text=True, timeout=deadline.left()
    )
    assert out.returncode == 0, out.stdout + out.stderr
    text = out.stdout
    assert "starting: tuneforge serve all" in text
    assert "sgd optimizer, lr 0.1 tuned at batch 256 -> linear scaling" in text
    assert "adaptive optimizer, lr 0.0003 tuned at batch 256 -> square root scaling" in text
    assert "INVALID_ARGUMENT" in text and "base_learning_rate:" in text
    assert "== TrainerService" in text and "QUEUED -> RUNNING -> SUCCEEDED" in text
    assert "best: trial" in text
    assert "   ... 50/200 systems solved three ways" in text  # progress inside a section
    assert text.count(" s)\n") >= 6  # every section says how long it took
    assert "server stopped cleanly (exit code 0)" in text
    assert time.monotonic() - t0 < deadline.seconds
