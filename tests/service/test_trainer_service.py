"""TrainerService through a real server on loopback: real worker processes, small jobs."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import numpy as np
import pytest

from tests.conftest import ServerThread
from tuneforge.trainer.notify import EventHub
from tuneforge.trainer.service import _read_tail
from tuneforge.v1 import trainer_service_pb2 as pb
from tuneforge_client import Client, TuneforgeError
from tuneforge_client.trainer import SpecError, job_spec

pytest.importorskip("torch")  # the workers train with it

Start = Callable[..., ServerThread]
ENTRY = "tests.service.trainer_entry:chatty"


def digits(steps: int = 40, **extra: Any) -> dict[str, Any]:
    """A small job: logistic regression on digits, a report every 10 steps."""
    return {
        "name": "digits",
        "model": {"logistic_regression": {}},
        "dataset": {"digits": {}},
        "optimizer": {"name": "adabelief", "hyperparameters": {"lr": 0.01}},
        "budget": {"steps": steps},
        "evaluation": {"interval_steps": 20, "metric": "accuracy"},
        "report_interval_steps": 10,
        "seed": 5,
        "device": "cpu",
        **extra,
    }


def chatty(lines: int = 0, steps: int = 5, sleep: float = 0.0, **extra: Any) -> dict[str, Any]:
    return {
        "name": "chatty",
        "model": {
            "entry_point": {
                "target": ENTRY,
                "arguments": {"lines": lines, "steps": steps, "sleep": sleep},
            }
        },
        "optimizer": {"name": "sgd", "hyperparameters": {"lr": 0.1}},
        "budget": {"steps": steps},
        "device": "cpu",
        **extra,
    }


@pytest.fixture
def server(start_server: Start) -> ServerThread:
    return start_server(role="trainer", max_running_jobs=1, study_tracking=False)


@pytest.fixture
def tf(server: ServerThread) -> Iterator[Client]:
    with Client(server.target, timeout=30) as client:
        yield client


def fields_of(exc: pytest.ExceptionInfo[TuneforgeError]) -> dict[str, str]:
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT, exc.value
    return {v.field: v.reason for v in exc.value.field_violations}


def wait_for(predicate: Callable[[], Any], timeout: float = 60.0, what: str = "") -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or predicate}")


def kinds(events: list[pb.JobEvent]) -> list[str]:
    return [
        pb.JobState.Name(e.state_change.state) if e.HasField("state_change") else "progress"
        for e in events
    ]


# -- a job from submit to its end ---------------------------------------------------------


def test_job_runs_to_success_with_numbered_events(tf: Client) -> None:
    job = tf.submit_job(digits(40))
    assert job.state == pb.JOB_STATE_QUEUED and job.backend == "local"
    assert job.spec.budget.steps == 40 and job.spec.name == "digits"

    # Watch a few events live, drop the stream, and resume from the next sequence.
    stream = tf.watch_job(job.id)
    head = [next(stream) for _ in range(2)]
    stream.close()
    tail = list(tf.watch_job(job.id, from_sequence=head[-1].sequence + 1))
    events = head + tail
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert kinds(events)[:2] == ["JOB_STATE_QUEUED", "JOB_STATE_RUNNING"]
    assert kinds(events)[-1] == "JOB_STATE_SUCCEEDED"
    progress = [e.progress for e in events if e.HasField("progress")]
    training = [p for p in progress if not p.evaluation]
    assert [p.step for p in training] == [10, 20, 30, 40]  # every report_interval_steps
    assert all(p.samples_seen > 0 and p.loss > 0 and p.learning_rate > 0 for p in training)
    assert all(p.samples_per_second > 0 and p.batch_size > 0 for p in training)
    evaluations = [p for p in progress if p.evaluation]
    assert [p.step for p in evaluations] == [20, 40]  # every interval_steps
    assert all(0 <= p.metrics["eval_accuracy"] <= 1 for p in evaluations)

    done = tf.get_job(job.id)
    assert done.state == pb.JOB_STATE_SUCCEEDED and done.attempt == 1
    assert done.last_sequence == events[-1].sequence
    assert done.final_metrics["steps"] == 40
    assert 0.0 <= done.final_metrics["eval_accuracy"] <= 1.0
    assert done.progress.step == 40 and done.HasField("end_time")
    assert done.device == "cpu"

    # Any point of the stream replays exactly the events from there on, then ends.
    for k in (1, 3, len(events)):
        again = list(tf.watch_job(job.id, from_sequence=k))
        assert again == events[k - 1 :]
    assert list(tf.watch_job(job.id, from_sequence=len(events) + 5)) == []

    points = tf.job_metrics(job.id)
    assert points == progress
    assert tf.wait_job(job.id, timeout=5).state == pb.JOB_STATE_SUCCEEDED


def test_logs_tail_and_follow(tf: Client) -> None:
    job = tf.submit_job(chatty(lines=30, steps=20, sleep=0.05))
    followed = list(tf.job_logs(job.id, follow=True))  # from the start, until the job ends
    numbered = [x for x in followed if x.startswith("line ")]
    assert numbered == [f"line {i}" for i in range(30)]
    assert followed[-1] == "done"  # the unfinished last line comes too
    assert tf.get_job(job.id).state == pb.JOB_STATE_SUCCEEDED
    everything = list(tf.job_logs(job.id))
    assert everything == followed
    assert list(tf.job_logs(job.id, tail=3)) == everything[-3:]
    assert list(tf.job_logs(job.id, tail=10_000)) == everything


def test_tail_reads_backwards_over_chunks(tmp_path: Path) -> None:
    path = tmp_path / "out.log"
    lines = [f"{i:06d} " + "x" * (i % 300) for i in range(3000)]
    path.write_text("\n".join(lines) + "\nhalf")
    for n in (1, 7, 2999, 3000, 5000):
        got, offset, rest = _read_tail(str(path), n)
        assert got == lines[-n:]
        assert rest == b"half" and offset == path.stat().st_size - 4
    assert _read_tail(str(path), 0)[0] == lines
    assert _read_tail(str(tmp_path / "missing.log"), 5) == ([], 0, b"")


# -- listing, idempotency, cancelling -----------------------------------------------------


def test_list_filter_paginate_and_cancel(tf: Client) -> None:
    # One slot (max_running_jobs=1): a slow job runs, the others queue behind it.
    slow = tf.submit_job(chatty(steps=2000, sleep=0.01, labels={"team": "a"}))
    queued = [
        tf.submit_job(chatty(steps=3, labels={"team": "a" if i % 2 else "b", "i": str(i)}))
        for i in range(4)
    ]
    wait_for(lambda: tf.get_job(slow.id).state == pb.JOB_STATE_RUNNING, what="slow job runs")
    wait_for(lambda: tf.get_job(slow.id).progress.step > 0, what="slow job reports")

    ids = [j.id for j in tf.list_jobs()]
    assert ids == [slow.id, *(j.id for j in queued)]  # oldest first
    page = tf.list_jobs_page(page_size=2)
    assert [j.id for j in page.jobs] == ids[:2] and page.next_page_token
    rest = tf.list_jobs_page(page_size=2, page_token=page.next_page_token)
    assert [j.id for j in rest.jobs] == ids[2:4]
    assert [j.id for j in tf.list_jobs(page_size=2)] == ids  # the SDK walks the pages
    assert [j.id for j in tf.list_jobs(labels={"team": "a"})] == [
        slow.id,
        queued[1].id,
        queued[3].id,
    ]
    assert [j.id for j in tf.list_jobs(labels={"team": "b", "i": "2"})] == [queued[2].id]
    assert [j.id for j in tf.list_jobs(states=["running"])] == [slow.id]
    assert [j.id for j in tf.list_jobs(states=["queued"])] == [j.id for j in queued]

    # A queued job is cancelled at once, with the reason given.
    c = tf.cancel_job(queued[0].id, reason="not needed")
    assert c.state == pb.JOB_STATE_CANCELLED and c.state_reason == "not needed"
    with pytest.raises(TuneforgeError) as exc:
        tf.cancel_job(queued[0].id)
    assert exc.value.code is grpc.StatusCode.FAILED_PRECONDITION

    # A running one when its worker is gone; its stream ends with the CANCELLED event.
    t0 = time.monotonic()
    assert tf.cancel_job(slow.id).id == slow.id
    done = tf.wait_job(slow.id, timeout=30)
    assert done.state == pb.JOB_STATE_CANCELLED and time.monotonic() - t0 < 15
    assert kinds(list(tf.watch_job(slow.id)))[-1] == "JOB_STATE_CANCELLED"
    assert 0 < done.progress.step < 2000

    # The queue moves on: the other jobs run to their end.
    for j in queued[1:]:
        assert tf.wait_job(j.id, timeout=60).state == pb.JOB_STATE_SUCCEEDED
    assert {j.id for j in tf.list_jobs(states=["succeeded", "cancelled"])} == set(ids)
    with pytest.raises(TuneforgeError) as exc:
        tf.cancel_job(queued[1].id)
    assert exc.value.code is grpc.StatusCode.FAILED_PRECONDITION


def test_idempotency_key(tf: Client, server: ServerThread) -> None:
    first = tf.submit_job_response(chatty(steps=2), idempotency_key="k-1")
    again = tf.submit_job_response(chatty(steps=2), idempotency_key="k-1")
    assert first.created and not again.created
    assert again.job.id == first.job.id and again.job.idempotency_key == "k-1"
    with pytest.raises(TuneforgeError) as exc:
        tf.submit_job(chatty(steps=3), idempotency_key="k-1")
    assert exc.value.code is grpc.StatusCode.ALREADY_EXISTS
    other = tf.submit_job(chatty(steps=2), idempotency_key="k-2")
    assert other.id != first.job.id
    assert [j.id for j in tf.list_jobs()] == [first.job.id, other.id]
    with pytest.raises(TuneforgeError) as exc:
        tf.submit_job(chatty(steps=2), idempotency_key="k" * 129)
    assert "idempotency_key" in fields_of(exc)


def test_unknown_ids_and_bad_requests(tf: Client) -> None:
    for call in (
        lambda: tf.get_job("nope"),
        lambda: tf.cancel_job("nope"),
        lambda: tf.job_metrics("nope"),
        lambda: list(tf.watch_job("nope")),
        lambda: list(tf.job_logs("nope")),
    ):
        with pytest.raises(TuneforgeError) as exc:
            call()
        assert exc.value.code is grpc.StatusCode.NOT_FOUND, exc.value
    with pytest.raises(TuneforgeError) as exc:
        tf.list_jobs_page(states=[99])
    assert fields_of(exc) == {"states[0]": "UNKNOWN_ENUM_VALUE"}
    with pytest.raises(TuneforgeError) as exc:
        tf.list_jobs_page(page_size=5000)
    assert "page.page_size" in fields_of(exc)
    job = tf.submit_job(chatty(steps=1))
    with pytest.raises(TuneforgeError) as exc:
        list(tf.watch_job(job.id, from_sequence=-1))
    assert fields_of(exc) == {"from_sequence": "OUT_OF_RANGE"}
    with pytest.raises(TuneforgeError) as exc:
        list(tf.job_logs(job.id, tail=-1))
    assert fields_of(exc) == {"tail_lines": "OUT_OF_RANGE"}
    with pytest.raises(TuneforgeError) as exc:
        tf.cancel_job(job.id, reason="r" * 2000)
    assert fields_of(exc) == {"reason": "OUT_OF_RANGE"}


# -- bad specs are refused at submit time, field by field ---------------------------------


BAD_SPECS: list[tuple[str, dict[str, Any], str]] = [
    ("unknown optimizer", digits(optimizer={"name": "adamax-9000"}), "spec.optimizer.name"),
    ("no model", {k: v for k, v in digits().items() if k != "model"}, "spec.model"),
    (
        "no dataset for a registry model",
        {k: v for k, v in digits().items() if k != "dataset"},
        "spec.dataset",
    ),
    (
        "lr outside its schema",
        digits(optimizer={"name": "adabelief", "hyperparameters": {"lr": -1.0}}),
        "spec.optimizer.hyperparameters.lr",
    ),
    (
        "unknown hyperparameter",
        digits(optimizer={"name": "adabelief", "hyperparameters": {"momentum": 0.9}}),
        "spec.optimizer.hyperparameters.momentum",
    ),
    ("budget 0", digits(budget={"steps": 0}), "spec.budget.steps"),
    ("no budget", {k: v for k, v in digits().items() if k != "budget"}, "spec.budget"),
    ("device this server lacks", digits(device="cuda:7"), "spec.device"),
    ("several workers", digits(resources={"workers": 2}), "spec.resources.workers"),
    ("pod placement", digits(placement={"image": "tuneforge-worker:1"}), "spec.placement"),
    ("not a device", digits(device="tpu"), "spec.device"),
    (
        "entry point that cannot be imported",
        chatty() | {"model": {"entry_point": {"target": "no_such_module_xyz:train"}}},
        "spec.model.entry_point.target",
    ),
    (
        "unreadable dataset path",
        digits(dataset={"path": {"path": "/nonexistent/data.npz"}}),
        "spec.dataset.path.path",
    ),
]


def test_bad_specs_are_invalid_argument(tf: Client) -> None:
    for case, spec, field in BAD_SPECS:  # one server for all (each start forks a forkserver)
        with pytest.raises(TuneforgeError) as exc:
            tf.submit_job(spec)
        assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT, (case, exc.value)
        assert field in fields_of(exc), (case, exc.value)
    assert list(tf.list_jobs()) == []  # nothing was queued


def test_every_violation_at_once_and_unreadable_files(tf: Client, tmp_path: Path) -> None:
    spec = digits(
        optimizer={"name": "adabelief", "hyperparameters": {"lr": -1.0}},
        budget={"steps": 0},
        device="cuda:7",
    )
    with pytest.raises(TuneforgeError) as exc:
        tf.submit_job(spec)
    assert {
        "spec.optimizer.hyperparameters.lr",
        "spec.budget.steps",
        "spec.device",
    } <= set(fields_of(exc))
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not an npz file")
    with pytest.raises(TuneforgeError) as exc:
        tf.submit_job(digits(dataset={"path": {"path": str(garbage)}}))
    assert "spec.dataset.path.path" in fields_of(exc)
    good = tmp_path / "good.npz"
    rng = np.random.default_rng(0)
    np.savez(good, x=rng.normal(size=(64, 4)).astype(np.float32), y=rng.integers(0, 2, 64))
    job = tf.submit_job(digits(dataset={"path": {"path": str(good)}}, budget={"steps": 10}))
    assert tf.wait_job(job.id, timeout=60).state == pb.JOB_STATE_SUCCEEDED


def test_spec_helpers(tmp_path: Path) -> None:
    spec = job_spec(digits(), seed=9)
    assert spec.seed == 9 and spec.optimizer.name == "adabelief"
    path = tmp_path / "job.yaml"
    path.write_text("model: {mlp: {hidden_sizes: [8]}}\nbudget: {steps: 5}\n")
    assert list(job_spec(path).model.mlp.hidden_sizes) == [8]
    path.write_text("model: {mlp: {hidden_size: [8]}}\n")
    with pytest.raises(SpecError, match="hidden_size"):
        job_spec(path)
    path.write_text("- a list\n")
    with pytest.raises(SpecError, match="mapping"):
        job_spec(path)
    with pytest.raises(SpecError, match=r"no-such\.yaml"):
        job_spec(tmp_path / "no-such.yaml")


# -- the catalogue ------------------------------------------------------------------------


def test_catalog(tf: Client) -> None:
    cat = tf.catalog()
    optimizers = {o.name: o for o in cat.optimizers}
    assert {"adabelief", "diffgrad", "sgd", "adam", "adamw"} <= set(optimizers)
    lr = {h.name: h for h in optimizers["adabelief"].hyperparameters}["lr"]
    assert lr.kind == pb.HYPERPARAMETER_KIND_FLOAT and lr.log and lr.HasField("low")
    assert lr.default.number_value == pytest.approx(1e-3)
    assert any(o.kind == "batch_controller" for o in cat.optimizers)
    models = {m.name: m for m in cat.models}
    assert {"logistic_regression", "mlp", "cnn", "resnet20", "transformer_lm"} <= set(models)
    assert pb.TASK_CLASSIFICATION in models["mlp"].tasks
    datasets = {d.name: d for d in cat.datasets}
    assert datasets["digits"].task == pb.TASK_CLASSIFICATION
    assert "cpu" in cat.devices and list(cat.backends) == ["local"]


# -- the hub ------------------------------------------------------------------------------


def test_event_hub_wakes_watchers_from_other_threads() -> None:
    async def main() -> None:
        hub = EventHub()
        with hub.subscribe("a") as a, hub.subscribe("b") as b:
            assert hub.watchers("a") == 1
            threading.Thread(target=hub.publish, args=("a",)).start()
            assert await a.wait(5.0)
            assert not await b.wait(0.05)  # another job's publish does not wake it
            hub.publish("a")  # before the wait: kept, not lost
            assert await a.wait(1.0)
            assert not await a.wait(0.05)
        assert hub.watchers("a") == 0
        waiter = asyncio.ensure_future(hub.wait("c", 5.0))
        await asyncio.sleep(0.01)
        threading.Thread(target=hub.publish, args=("c",)).start()
        assert await waiter
        with contextlib.suppress(Exception):
            hub.publish("nobody")

    asyncio.run(main())


# -- the CLI ------------------------------------------------------------------------------


def test_cli_jobs(server: ServerThread, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tuneforge.cli import main

    flags = ["--server", server.target]
    spec = tmp_path / "job.yaml"
    spec.write_text(
        "name: cli\nmodel: {logistic_regression: {}}\ndataset: {digits: {}}\n"
        "optimizer: {name: adabelief, hyperparameters: {lr: 0.01}}\n"
        "budget: {steps: 20}\nreport_interval_steps: 10\n"
        "evaluation: {interval_steps: 10, metric: accuracy}\ndevice: cpu\nlabels: {via: cli}\n"
    )
    assert main(["jobs", "submit", str(spec), "--watch", *flags]) == 0
    out = capsys.readouterr().out.splitlines()
    job_id = out[0]
    assert out[1:3] == ["QUEUED", "RUNNING"]
    assert any(x.startswith("step 20/20  loss ") and "eval_accuracy" in x for x in out)
    assert out[-2] == "SUCCEEDED (exit code 0)"
    assert out[-1].startswith(f"job {job_id} SUCCEEDED") and "eval_accuracy" in out[-1]

    assert main(["jobs", "list", "--label", "via=cli", "--state", "succeeded", *flags]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].split() == ["ID", "NAME", "STATE", "STEP", "METRIC", "CREATED"]
    assert listed[1].split()[:4] == [job_id, "cli", "SUCCEEDED", "20"]
    assert main(["jobs", "get", job_id, *flags]) == 0
    assert f'"id": "{job_id}"' in capsys.readouterr().out
    assert main(["jobs", "list", "--json", *flags]) == 0
    [listed_job] = [j for j in json.loads(capsys.readouterr().out) if j["id"] == job_id]
    assert listed_job["progress"]["step"] == 20  # int64 as a number, every field present
    assert main(["jobs", "logs", job_id, "--tail", "5", *flags]) == 0
    capsys.readouterr()

    assert main(["jobs", "cancel", job_id, *flags]) == 1  # finished: FAILED_PRECONDITION
    assert "FAILED_PRECONDITION" in capsys.readouterr().err
    assert main(["jobs", "get", "nope", *flags]) == 1
    assert "NOT_FOUND" in capsys.readouterr().err

    spec.write_text("model: {mlp: {hidden: [8]}}\n")  # not a JobSpec field
    assert main(["jobs", "submit", str(spec), *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "hidden" in err
    spec.write_text("model: {mlp: {}}\ndataset: {digits: {}}\noptimizer: {name: nope}\n")
    assert main(["jobs", "submit", str(spec), *flags]) == 1
    assert "spec.optimizer.name" in capsys.readouterr().err


# -- sweeps -------------------------------------------------------------------------------


def sweep(max_trials: int = 4, **extra: Any) -> dict[str, Any]:
    return {
        "name": "optimizers",
        "labels": {"kind": "test"},
        "template": digits(20) | {"optimizer": {"name": "adam"}},
        "search_space": [
            {
                "name": "optimizer.name",
                "categorical": {
                    "choices": [{"string_value": "adabelief"}, {"string_value": "sgd"}]
                },
            },
            {
                "name": "optimizer.hyperparameters.lr",
                "float_range": {"low": 1e-3, "high": 0.1, "log": True},
            },
        ],
        "sampler": {"random": {}, "seed": 3},
        "pruner": {"none": {}},
        "max_trials": max_trials,
        "parallelism": 2,
        **extra,
    }


def test_sweep_runs_its_trials_as_jobs(start_server: Start) -> None:
    server = start_server(role="trainer", max_running_jobs=2, study_tracking=False)
    with Client(server.target, timeout=30) as tf:
        s = tf.submit_sweep(sweep(), idempotency_key="sweep-1")
        assert s.state == pb.SWEEP_STATE_RUNNING and s.study.startswith("sweep-")
        assert tf.submit_sweep(sweep(), idempotency_key="sweep-1").id == s.id
        done = tf.wait_sweep(s.id, timeout=240)
        assert done.state == pb.SWEEP_STATE_SUCCEEDED, done.state_reason
        assert [t.number for t in done.trials] == [0, 1, 2, 3]
        jobs = {j.id: j for j in tf.list_jobs(sweep_id=s.id)}
        assert set(jobs) == {t.job_id for t in done.trials}
        for t in done.trials:
            job = jobs[t.job_id]
            assert t.job_state == job.state == pb.JOB_STATE_SUCCEEDED
            assert job.sweep_id == s.id and job.trial_number == t.number
            assert job.spec.optimizer.name == t.params["optimizer.name"].string_value
            assert t.value == job.final_metrics["eval_accuracy"]
        assert done.best_trial.value == max(t.value for t in done.trials)
        (listed,) = tf.list_sweeps()
        assert listed.id == s.id and not listed.trials  # ListSweeps leaves the trials out
        assert [x.id for x in tf.list_sweeps(states=["running"])] == []
        with pytest.raises(TuneforgeError) as exc:
            tf.cancel_sweep(s.id)
        assert exc.value.code is grpc.StatusCode.FAILED_PRECONDITION

        other = tf.submit_sweep(sweep(max_trials=50) | {"name": "cancelled"})
        wait_for(lambda: tf.get_sweep(other.id).trials, what="a trial starts")
        tf.cancel_sweep(other.id, reason="enough")
        ended = tf.wait_sweep(other.id, timeout=120)
        assert ended.state == pb.SWEEP_STATE_CANCELLED
        assert all(t.job_state in FINAL for t in ended.trials)


FINAL = (
    pb.JOB_STATE_SUCCEEDED,
    pb.JOB_STATE_FAILED,
    pb.JOB_STATE_CANCELLED,
    pb.JOB_STATE_PRUNED,
)


def test_bad_sweeps_are_invalid_argument(tf: Client) -> None:
    bad = sweep(max_trials=0, parallelism=-1) | {
        "search_space": [
            {"name": "optimizer.hyperparameters.lr", "float_range": {"low": 1.0, "high": 0.1}},
            {"name": "optimizer.no_such_field", "int_range": {"low": 1, "high": 2}},
            {"name": "x"},
        ],
    }
    with pytest.raises(TuneforgeError) as exc:
        tf.submit_sweep(bad)
    found = fields_of(exc)
    assert {"spec.max_trials", "spec.parallelism", "spec.search_space[2].domain"} <= set(found)
    # The template is checked with the trials' values written in.
    template = sweep() | {
        "template": digits(20) | {"optimizer": {"name": "adam"}, "budget": {"steps": 0}}
    }
    with pytest.raises(TuneforgeError) as exc:
        tf.submit_sweep(template)
    assert any(f.startswith("spec.template.budget") for f in fields_of(exc))
    with pytest.raises(TuneforgeError) as exc:
        tf.get_sweep("nope")
    assert exc.value.code is grpc.StatusCode.NOT_FOUND
    with pytest.raises(TuneforgeError) as exc:
        tf.cancel_sweep("nope")
    assert exc.value.code is grpc.StatusCode.NOT_FOUND
    assert list(tf.list_sweeps()) == [] and list(tf.list_jobs()) == []
