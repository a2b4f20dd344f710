"""The Kubernetes backend's reconciler against kmock's emulator, on the real SQL store.

The tests play the Job controller and the kubelet (pods, statuses, logs) and the
worker (through ``backend.remote``, the object WorkerService serves), then check
what the backend made of it in the store and in the cluster.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import kmock
import pytest
from kubernetes import client as k8s

from tests.emulator.conftest import NAMESPACE, Cluster, stamp
from tests.emulator.test_client_contract import eventually
from tests.storage.test_job_store import _point, _spec
from tests.unit.test_k8s_manifest import config, render
from tuneforge.runtime.config import Settings
from tuneforge.storage import migrate, open_database
from tuneforge.trainer import job_tokens
from tuneforge.trainer import k8s_manifest as km
from tuneforge.trainer.events import Batch, JobState
from tuneforge.trainer.kubernetes import DEADLINE, JOB_DELETED, KubernetesBackend
from tuneforge.trainer.store import JobRecord, NewJob, SqlJobStore
from tuneforge.v1 import trainer_service_pb2 as pb

pytestmark = pytest.mark.emulator

KEY = b"k" * 32


@dataclass
class Stack:
    cluster: Cluster
    store: SqlJobStore
    settings: Settings
    config: km.KubernetesConfig
    woken: list[str]
    backends: list[KubernetesBackend]

    def backend(self) -> KubernetesBackend:
        b = KubernetesBackend(
            self.store,
            self.settings,
            self.config,
            self.cluster.api,
            KEY,
            self.woken.append,
            round_seconds=0.05,
            log_seconds=0.05,
            idle_seconds=0.5,
        )
        b.start()
        self.backends.append(b)
        return b

    def submit(self, spec: pb.JobSpec | None = None) -> JobRecord:
        rec, _ = self.store.submit(NewJob(spec or job(), "kubernetes"))
        for b in self.backends:
            b.wake()
        return rec

    def created(self, rec: JobRecord) -> k8s.V1Job:
        """The Job of ``rec`` once the backend made it."""
        name = km.job_name(rec.id)
        eventually(lambda: name in {j.metadata.name for j in self.cluster.jobs()})
        job: k8s.V1Job = self.cluster.batch.read_namespaced_job(name, NAMESPACE)
        return job

    def ended(self, rec: JobRecord, seconds: float = 5.0) -> JobRecord:
        eventually(lambda: self.store.get(rec.id).state.final, seconds)
        return self.store.get(rec.id)

    def job_gone(self, rec: JobRecord) -> None:
        eventually(
            lambda: km.job_name(rec.id) not in {j.metadata.name for j in self.cluster.jobs()}
        )


def job(workers: int = 0) -> pb.JobSpec:
    spec = _spec()
    spec.device = "cpu"
    spec.resources.cpu = 1.0
    spec.resources.workers = workers
    spec.max_duration.FromSeconds(3600)
    return spec


@pytest.fixture
def stack(tmp_path: Path, cluster: Cluster) -> Iterator[Stack]:
    engine = open_database(f"sqlite:///{tmp_path / 'state.db'}")
    migrate.upgrade(engine, optuna=False)
    settings = Settings(home=tmp_path, kubernetes_unschedulable_seconds=600)
    s = Stack(cluster, SqlJobStore(engine), settings, config(max_workers_per_job=4), [], [])
    try:
        yield s
    finally:
        for b in s.backends:
            b.stop()
        engine.dispose()


def running(stack: Stack, backend: KubernetesBackend, rec: JobRecord, pod: str) -> k8s.V1Job:
    """The Job made, its pod started and claimed (as ``tuneforge worker`` would)."""
    j = stack.created(rec)
    stack.cluster.add_pod(j, pod, status=_running_status())
    backend.remote.assign(rec.id, pod, 0)
    assert stack.store.get(rec.id).state is JobState.RUNNING
    return j


def _running_status() -> dict[str, Any]:
    return {
        "phase": "Running",
        "containerStatuses": [
            {
                "name": "worker",
                "image": "ghcr.io/acme/worker:1.0",
                "imageID": "",
                "ready": True,
                "restartCount": 0,
                "state": {"running": {"startedAt": stamp()}},
            }
        ],
    }


def _waiting(reason: str, message: str) -> dict[str, Any]:
    status = _running_status()
    status["phase"] = "Pending"
    status["containerStatuses"][0]["ready"] = False
    status["containerStatuses"][0]["state"] = {"waiting": {"reason": reason, "message": message}}
    return status


def _terminated(message: str, code: int = 1) -> dict[str, Any]:
    status = _running_status()
    status["phase"] = "Failed"
    status["containerStatuses"][0]["state"] = {
        "terminated": {"exitCode": code, "reason": "Error", "message": message}
    }
    return status


def test_submit_creates_a_valid_job_and_secret_then_complete_succeeds(stack: Stack) -> None:
    backend = stack.backend()
    rec = stack.submit()
    j = stack.created(rec)
    render(j)  # strictly valid, and the rules the schema cannot see
    assert j.metadata.labels["app.kubernetes.io/managed-by"] == "tuneforge-trainer"
    secret = stack.cluster.core.read_namespaced_secret(km.token_secret_name(rec.id), NAMESPACE)
    render(secret)
    token = (secret.string_data or {})[km.TOKEN_KEY]
    assert job_tokens.verify(KEY, token, rec.id)
    [owner] = secret.metadata.owner_references
    assert (owner.kind, owner.name, owner.uid) == ("Job", j.metadata.name, j.metadata.uid)
    assert stack.store.get(rec.id).state is JobState.QUEUED  # until its pod asks
    stack.cluster.serve_log(
        "pod-a", "2026-01-01T00:00:01.5Z starting\n2026-01-01T00:00:02Z step 10\n"
    )
    running(stack, backend, rec, "pod-a")
    offset, stop = backend.remote.report(
        rec.id, 0, 100, Batch(progress=[_point(10)], final={"train_loss": 0.25})
    )
    assert (offset, stop) == (100, False)
    log = Path(backend.log_path(rec.id))
    eventually(lambda: log.is_file() and "step 10" in log.read_text())
    stack.cluster.serve_log(
        "pod-a",
        "2026-01-01T00:00:01.5Z starting\n2026-01-01T00:00:02Z step 10\n"
        "2026-01-01T00:00:03Z done\n",
    )
    stack.cluster.finish_job(j.metadata.name, "Complete")
    done = stack.ended(rec)
    assert (done.state, done.final_metrics, done.exit_code) == (
        JobState.SUCCEEDED,
        {"train_loss": 0.25},
        0,
    )
    # Each line once, without its timestamp, the last one read before the job ended.
    assert log.read_text() == "starting\nstep 10\ndone\n"
    assert rec.id in stack.woken
    assert km.job_name(rec.id) in {x.metadata.name for x in stack.cluster.jobs()}  # TTL's


def test_backoff_limit_fails_with_the_pods_message(stack: Stack) -> None:
    backend = stack.backend()
    rec = stack.submit()
    j = running(stack, backend, rec, "pod-a")
    stack.cluster.pod_status("pod-a", _terminated("CUDA error: out of memory"))
    stack.cluster.finish_job(j.metadata.name, "Failed", "BackoffLimitExceeded", "too many")
    done = stack.ended(rec)
    assert done.state is JobState.FAILED
    assert "BackoffLimitExceeded" in done.reason and "CUDA error: out of memory" in done.reason


def test_deadline_exceeded_says_max_duration(stack: Stack) -> None:
    backend = stack.backend()
    rec = stack.submit()
    j = running(stack, backend, rec, "pod-a")
    stack.cluster.finish_job(j.metadata.name, "Failed", "DeadlineExceeded", "active deadline")
    done = stack.ended(rec)
    assert (done.state, done.reason) == (JobState.FAILED, DEADLINE)


def test_image_pull_error_fails_a_queued_job_and_deletes_its_job(stack: Stack) -> None:
    stack.backend()
    rec = stack.submit()
    j = stack.created(rec)
    stack.cluster.add_pod(j, "pod-a", status=_waiting("ImagePullBackOff", "pull access denied"))
    done = stack.ended(rec)
    assert done.state is JobState.FAILED
    assert "ImagePullBackOff" in done.reason and "pull access denied" in done.reason
    stack.job_gone(rec)


def test_unschedulable_past_the_limit_fails_with_the_schedulers_message(stack: Stack) -> None:
    stack.backend()
    young, old = stack.submit(), stack.submit()

    def pending(seconds_ago: float) -> dict[str, Any]:
        return {
            "phase": "Pending",
            "conditions": [
                {
                    "type": "PodScheduled",
                    "status": "False",
                    "reason": "Unschedulable",
                    "message": "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.",
                    "lastTransitionTime": stamp(seconds_ago),
                }
            ],
        }

    stack.cluster.add_pod(stack.created(young), "pod-young", status=pending(60))
    stack.cluster.add_pod(stack.created(old), "pod-old", status=pending(601))
    done = stack.ended(old)
    assert done.state is JobState.FAILED
    assert (
        "unschedulable for over 600 s" in done.reason
        and "Insufficient nvidia.com/gpu" in done.reason
    )
    stack.job_gone(old)
    assert stack.store.get(young.id).state is JobState.QUEUED  # still within the limit


@pytest.mark.parametrize(
    ("status", "reason", "message", "expected"),
    [
        (403, "Forbidden", 'jobs "x" is forbidden: exceeded quota: gpus', "quota exceeded"),
        (422, "Invalid", "spec.template: Invalid value", "as invalid"),
    ],
)
def test_a_refused_create_fails_the_job_with_the_apis_message(
    stack: Stack, status: int, reason: str, message: str, expected: str
) -> None:
    stack.cluster.emu.fail_next[("CREATE", "jobs")] = (status, reason, message)
    stack.backend()
    rec = stack.submit()
    done = stack.ended(rec)
    assert done.state is JobState.FAILED and expected in done.reason and message in done.reason
    assert stack.cluster.jobs() == []


def test_a_server_error_on_create_is_retried(stack: Stack) -> None:
    stack.cluster.emu.fail_next[("CREATE", "jobs")] = (500, "InternalError", "etcd timeout")
    stack.backend()
    rec = stack.submit()
    stack.created(rec)
    assert stack.store.get(rec.id).state is JobState.QUEUED


def test_cancel_deletes_the_job(stack: Stack) -> None:
    backend = stack.backend()
    queued, run = stack.submit(), stack.submit()
    stack.created(queued)
    running(stack, backend, run, "pod-run")
    stack.store.request_stop(queued.id, JobState.CANCELLED, "not needed")  # QUEUED: at once
    stack.store.request_stop(run.id, JobState.CANCELLED, "by the user")  # RUNNING: marked
    backend.wake()
    assert stack.ended(run).state is JobState.CANCELLED
    assert stack.store.get(run.id).reason == "by the user"
    stack.job_gone(run)
    stack.job_gone(queued)  # its job ended in the store: the Job went too
    deletes = [r for r in stack.cluster.emu._requests if r.action == kmock.action.DELETE]
    assert len(deletes) == 2
    assert all(r.params.get("propagationPolicy") == "Foreground" for r in deletes)


def test_a_running_job_whose_job_was_deleted_fails(stack: Stack) -> None:
    backend = stack.backend()
    rec = stack.submit()
    j = running(stack, backend, rec, "pod-a")
    stack.cluster.batch.delete_namespaced_job(j.metadata.name, NAMESPACE)
    done = stack.ended(rec)
    assert (done.state, done.reason) == (JobState.FAILED, JOB_DELETED)


def test_a_restart_adopts_every_job_and_loses_none(stack: Stack) -> None:
    first = stack.backend()
    run, queued = stack.submit(), stack.submit()
    j = running(stack, first, run, "pod-a")
    stack.created(queued)
    first.stop()
    stack.backends.remove(first)
    # Crashed between the Job and its Secret: the next start makes the Secret.
    stack.cluster.core.delete_namespaced_secret(km.token_secret_name(queued.id), NAMESPACE)
    stack.submit()  # and one submitted while no trainer ran
    second = stack.backend()
    eventually(
        lambda: (
            km.token_secret_name(queued.id)
            in {s.metadata.name for s in stack.cluster.core.list_namespaced_secret(NAMESPACE).items}
        )
    )
    eventually(lambda: len(stack.cluster.jobs()) == 3)
    creates = [
        r
        for r in stack.cluster.emu._requests
        if r.action == kmock.action.CREATE
        and r.resource is not None
        and r.resource.plural == "jobs"
    ]
    assert len(creates) == 3  # nothing made twice
    # The pod (still running) reports to the new trainer, and its Job completes.
    assert second.remote.report(run.id, 0, 10, Batch(final={"accuracy": 0.9}))[0] == 10
    stack.cluster.finish_job(j.metadata.name, "Complete")
    done = stack.ended(run)
    assert (done.state, done.final_metrics) == (JobState.SUCCEEDED, {"accuracy": 0.9})
    assert stack.store.get(queued.id).state is JobState.QUEUED


def test_two_workers_get_a_headless_service_owned_by_the_job(stack: Stack) -> None:
    stack.backend()
    rec = stack.submit(job(workers=2))
    j = stack.created(rec)
    render(j)
    assert j.spec.completion_mode == "Indexed" and j.spec.completions == 2
    name = km.service_name(rec.id)
    eventually(
        lambda: (
            name
            in {
                s.metadata.name for s in stack.cluster.core.list_namespaced_service(NAMESPACE).items
            }
        )
    )
    service = stack.cluster.core.read_namespaced_service(name, NAMESPACE)
    render(service)
    assert service.spec.cluster_ip == "None"
    assert [o.uid for o in service.metadata.owner_references] == [j.metadata.uid]
