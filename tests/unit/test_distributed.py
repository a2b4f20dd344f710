"""Data-parallel training: two CPU ranks (Gloo, real processes) against one process.

The ranks must end with identical parameters, equal to a single-process run of the
same global batch (up to float rounding), with rank 0 alone writing the shared
events file and checkpoints, every rank resuming from the newest checkpoint, and
the worker's entry point joining and leaving the group from torchrun's variables.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import socket
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")

from google.protobuf import json_format  # noqa: E402

from tuneforge.errors import ValidationError  # noqa: E402
from tuneforge.trainer import distributed, events, runner, spec, worker  # noqa: E402
from tuneforge.trainer.jobdir import JobDir, checkpoints  # noqa: E402
from tuneforge.v1 import trainer_service_pb2 as pb  # noqa: E402

WORLD = 2
TIMEOUT = 60.0


def job(steps: int) -> pb.JobSpec:
    """A small job whose epochs end in a batch smaller than the others (the ranks'
    shares differ), validated as the worker sees it."""
    s = json_format.ParseDict(
        {
            "model": {"mlp": {"hiddenSizes": [16]}},
            "dataset": {"syntheticClassification": {"samples": 300, "features": 8, "classes": 3}},
            "optimizer": {"name": "adamw", "hyperparameters": {"lr": 0.01}},
            "batchSize": {"fixed": 32},
            "budget": {"steps": steps},
            "reportIntervalSteps": 5,
            "evaluation": {"intervalSteps": 12},
            "checkpoint": {"intervalSteps": 8},
            "resources": {"workers": WORLD},
            "device": "cpu",
            "seed": 3,
        },
        pb.JobSpec(),
    )
    return spec.validate(s)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rank_env(rank: int, port: int) -> dict[str, str]:
    return {
        "WORLD_SIZE": str(WORLD),
        "RANK": str(rank),
        "MASTER_ADDR": "127.0.0.1",
        "MASTER_PORT": str(port),
    }


def _train_rank(rank: int, port: int, job_dir: str, out: str) -> None:
    """One rank (a spawned process): the runner in a joined group; its parameters."""
    os.environ.update(rank_env(rank, port))
    torch.set_num_threads(1)
    jd = JobDir(Path(job_dir))
    world = distributed.from_env()
    assert world is not None and world.rank == rank
    distributed.start(world, "cpu")
    try:
        s = jd.read_spec()
        data, model = runner.prepare(s, "cpu")
        metrics = runner.train(s, data, model, jd, "cpu", threading.Event())
        torch.save({"params": model.state_dict(), "metrics": metrics}, Path(out) / f"{rank}.pt")
    finally:
        distributed.stop()


def _worker_rank(rank: int, port: int, job_dir: str) -> None:
    os.environ.update(rank_env(rank, port))
    torch.set_num_threads(1)
    sys.exit(worker.main(job_dir, "cpu"))


def spawn(target: Any, *args: Any) -> list[int | None]:
    """Run ``target(rank, port, *args)`` in WORLD fresh processes; their exit codes."""
    ctx = mp.get_context("forkserver")  # children fork from a process with torch imported
    ctx.set_forkserver_preload(["torch", "tuneforge.trainer.runner", __name__])
    port = free_port()
    procs = [ctx.Process(target=target, args=(r, port, *args)) for r in range(WORLD)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(TIMEOUT)
    for p in procs:
        if p.is_alive():
            p.kill()
    return [p.exitcode for p in procs]


def lines(jd: JobDir) -> list[tuple[str, dict[str, Any]]]:
    return [events.decode(line) for line in jd.events.read_text().splitlines()]


def single(tmp_path: Path, steps: int) -> tuple[dict[str, Any], dict[str, float], JobDir]:
    """The same job in this process, without a process group."""
    assert not torch.distributed.is_initialized()
    jd = JobDir(tmp_path / "single")
    s = job(steps)
    data, model = runner.prepare(s, "cpu")
    metrics = runner.train(s, data, model, jd, "cpu", threading.Event())
    return model.state_dict(), metrics, jd


def test_two_ranks_train_like_one_process_and_resume(tmp_path: Path) -> None:
    torch.set_num_threads(1)
    jd = JobDir(tmp_path / "ddp")
    out = tmp_path / "out"
    out.mkdir()
    # A first attempt of 20 steps leaves its checkpoint of step 16 (none at the last
    # step); the second attempt of the 36-step job resumes from it on both ranks.
    jd.write_spec(job(20))
    assert spawn(_train_rank, str(jd.root), str(out)) == [0, 0]
    assert [step for step, _ in checkpoints(jd.checkpoints)] == [8, 16]
    first = lines(jd)
    jd.write_spec(job(36))
    assert spawn(_train_rank, str(jd.root), str(out)) == [0, 0]

    ranks = [torch.load(out / f"{r}.pt", weights_only=True) for r in range(WORLD)]
    want, want_metrics, ref = single(tmp_path, 36)
    for name, value in want.items():
        assert torch.equal(ranks[0]["params"][name], ranks[1]["params"][name]), name
        torch.testing.assert_close(ranks[0]["params"][name], value, rtol=1e-4, atol=1e-5)
    got = ranks[0]["metrics"]
    assert ranks[1]["metrics"] | {"wall_seconds": 0} == got | {"wall_seconds": 0}
    assert got["samples_seen"] == want_metrics["samples_seen"] < 36 * 32  # a short batch
    assert got["train_loss"] == pytest.approx(want_metrics["train_loss"], rel=1e-4)
    assert got["eval_accuracy"] == pytest.approx(want_metrics["eval_accuracy"], abs=1e-9)

    # Rank 0 alone wrote the shared file: each progress line once, as one process would.
    def progress(ls: list[tuple[str, dict[str, Any]]]) -> list[tuple[int, bool]]:
        return [(p["step"], p["evaluation"]) for kind, p in ls if kind == "progress"]

    second = lines(jd)[len(first) :]
    reference = progress(lines(ref))
    assert progress(second) == [(s, e) for s, e in reference if s > 16]
    assert progress(first) == [(5, False), (10, False), (12, True), (15, False), (20, False),
                               (20, True)]  # fmt: skip
    losses = {
        p["step"]: p["loss"] for kind, p in lines(ref) if kind == "progress" and not p["evaluation"]
    }
    compared = 0
    for kind, p in first + second:
        if kind == "progress" and not p["evaluation"]:
            # All-reduced: the whole batch's loss (step 20's includes step 16's, carried
            # in the checkpoint as the whole batch's).
            assert p["loss"] == pytest.approx(losses[p["step"]], rel=1e-4), p["step"]
            compared += 1
    assert compared == 4 + 5
    assert [step for step, _ in checkpoints(jd.checkpoints)] == [24, 32]


def test_worker_joins_from_the_env_and_rank_0_reports(tmp_path: Path) -> None:
    jd = JobDir(tmp_path / "ddp")
    jd.write_spec(job(12))
    assert spawn(_worker_rank, str(jd.root)) == [0, 0]
    kinds = [kind for kind, _ in lines(jd)]
    assert kinds.count("final") == 1 and kinds[-1] == "final"
    steps = [p["step"] for kind, p in lines(jd) if kind == "progress" and not p["evaluation"]]
    assert steps == [5, 10, 12]
    (_, final) = lines(jd)[-1]
    assert final["metrics"]["steps"] == 12.0


def test_env_without_a_world_is_a_single_process() -> None:
    assert distributed.from_env({}) is None
    assert distributed.from_env({"WORLD_SIZE": "1", "RANK": "0"}) is None
    assert distributed.from_env(rank_env(1, 29500)) == distributed.World(rank=1, size=2)
    assert distributed.active() == distributed.SINGLE
    for bad in (
        {"WORLD_SIZE": "2"},
        rank_env(2, 29500),
        rank_env(0, 0),
        rank_env(0, 29500) | {"WORLD_SIZE": "two"},
    ):
        with pytest.raises(ValidationError):
            distributed.from_env(bad)
