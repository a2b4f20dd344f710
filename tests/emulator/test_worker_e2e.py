"""The whole Kubernetes path up to the kubelet: a real trainer server with the Kubernetes
backend, kmock's API emulator as the cluster, and the real ``tuneforge worker`` as the pod.

The test plays the kubelet: for the Job the trainer created it adds the pod, starts
the container's command (``tuneforge worker ...``) as a subprocess with the
container's environment (the token from the job's Secret, the job's directory on a
stand-in for the checkpoint claim), serves its output as ``pods/log`` and, when the
process exits 0, marks the Job Complete as the Job controller would. The job is
trained for real (torch, CPU), reported over WorkerService, and watched, read and
cancelled through the SDK, exactly as a user would.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from kubernetes import client as k8s

from tests.conftest import ServerThread
from tests.emulator.conftest import NAMESPACE, Cluster, stamp
from tuneforge.trainer import k8s_manifest as km
from tuneforge.trainer.exit_codes import EXIT_DONE, EXIT_STOPPED
from tuneforge.v1 import trainer_service_pb2 as pb
from tuneforge_client import Client

pytest.importorskip("torch")  # the worker trains with it
pytestmark = pytest.mark.emulator

ADMIN = "admin-token-0123456789abcdef"
TUNEFORGE = Path(sys.executable).with_name("tuneforge")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def digits(steps: int, **extra: Any) -> dict[str, Any]:
    return {
        "name": "digits on the pool",
        "model": {"logistic_regression": {}},
        "dataset": {"digits": {}},
        "optimizer": {"name": "adabelief", "hyperparameters": {"lr": 0.01}},
        "budget": {"steps": steps},
        "evaluation": {"interval_steps": 20, "metric": "accuracy"},
        "report_interval_steps": 10,
        "checkpoint": {"interval_steps": 20},
        "seed": 5,
        "device": "cpu",
        "resources": {"cpu": 1},
        **extra,
    }


def until(predicate: Callable[[], Any], seconds: float = 60.0, what: str = "") -> Any:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        got = predicate()
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what or predicate}")


@dataclass
class Pod:
    """A pod the test runs as the kubelet would: the container's command, as a process."""

    name: str
    process: subprocess.Popen[bytes]
    output: Path

    def log(self) -> str:
        """The output as ``pods/log?timestamps=true`` answers it."""
        now = dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
        lines = self.output.read_text(errors="replace").splitlines()
        return "".join(f"{now} {line}\n" for line in lines)


@dataclass
class Platform:
    cluster: Cluster
    server: ServerThread
    claim: Path  # stands in for the checkpoint PVC
    config: km.KubernetesConfig

    def job(self, job_id: str) -> k8s.V1Job:
        name = km.job_name(job_id)
        until(lambda: name in {j.metadata.name for j in self.cluster.jobs()}, what="the Job")
        job: k8s.V1Job = self.cluster.batch.read_namespaced_job(name, NAMESPACE)
        return job

    def start_pod(self, job: k8s.V1Job, name: str) -> Pod:
        """The Job's pod: added to the cluster, its container run here."""
        self.cluster.add_pod(job, name, status={"phase": "Running"})
        [container] = job.spec.template.spec.containers
        env = {k: v for k, v in os.environ.items() if not k.startswith("TUNEFORGE_")}
        for var in container.env:
            if var.value is not None:
                env[var.name] = var.value
            elif var.value_from.secret_key_ref is not None:
                ref = var.value_from.secret_key_ref
                secret = until(lambda r=ref: self._secret(r.name), what="the token Secret")
                env[var.name] = secret[ref.key]
            elif var.value_from.field_ref is not None:
                assert var.value_from.field_ref.field_path == "metadata.name"
                env[var.name] = name
        # The claim is mounted at checkpoint_mount; here it is a directory of the test's.
        env["TUNEFORGE_JOB_DIR"] = (
            f"{self.claim}/{env['TUNEFORGE_JOB_DIR'].removeprefix(self.config.checkpoint_mount)}"
        )
        assert container.command[:2] == ["tuneforge", "worker"]
        output = self.claim / f"{name}.out"
        with open(output, "wb") as out:
            process = subprocess.Popen(
                [str(TUNEFORGE), *container.command[1:], "--report-seconds", "0.2"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return Pod(name, process, output)

    def _secret(self, name: str) -> dict[str, str] | None:
        try:
            s = self.cluster.core.read_namespaced_secret(name, NAMESPACE)
        except k8s.ApiException:
            return None
        return dict(s.string_data or {})

    def exited(self, pod: Pod, seconds: float = 120.0) -> int:
        try:
            code = pod.process.wait(seconds)
        finally:
            if pod.process.poll() is None:
                pod.process.kill()
        self.cluster.serve_log(pod.name, pod.log())
        terminated = {"exitCode": code, "reason": "Completed" if code == 0 else "Error"}
        self.cluster.pod_status(
            pod.name,
            {
                "phase": "Succeeded" if code == 0 else "Failed",
                "containerStatuses": [
                    {
                        "name": km.WORKER_CONTAINER,
                        "image": self.config.image,
                        "imageID": "",
                        "ready": False,
                        "restartCount": 0,
                        "state": {"terminated": {**terminated, "finishedAt": stamp()}},
                    }
                ],
            },
        )
        return code


@pytest.fixture
def platform(
    tmp_path: Path,
    cluster: Cluster,
    start_server: Callable[..., ServerThread],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Platform]:
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [{"name": "emulator", "cluster": {"server": cluster.url}}],
                "users": [{"name": "trainer", "user": {}}],
                "contexts": [{"name": "e", "context": {"cluster": "emulator", "user": "trainer"}}],
                "current-context": "e",
            }
        )
    )
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    port = free_port()
    values = {
        "namespace": NAMESPACE,
        "image": "ghcr.io/acme/tuneforge-worker:1.0",
        "checkpoint_pvc": "tuneforge-jobs",
        "trainer_address": f"127.0.0.1:{port}",
    }
    config_path = tmp_path / "kubernetes.yaml"
    config_path.write_text(yaml.safe_dump(values))
    tokens = tmp_path / "tokens.csv"
    tokens.write_text(f"{ADMIN},ops,admin\n")
    server = start_server(
        role="trainer",
        port=port,
        trainer_backend="kubernetes",
        kubernetes_config=config_path,
        token_file=tokens,
        study_tracking=False,
    )
    claim = tmp_path / "claim"
    claim.mkdir()
    yield Platform(cluster, server, claim, km.load_config(config_path))


def test_a_job_submitted_through_the_sdk_trains_in_its_pod_and_succeeds(
    platform: Platform,
) -> None:
    with Client(platform.server.target, token=ADMIN, timeout=30) as tf:
        job = tf.submit_job(digits(60))
        assert job.state == pb.JOB_STATE_QUEUED
        k8s_job = platform.job(job.id)
        assert k8s_job.metadata.labels["app.kubernetes.io/managed-by"] == "tuneforge-trainer"
        pod = platform.start_pod(k8s_job, f"{k8s_job.metadata.name}-abcde")
        assert platform.exited(pod) == EXIT_DONE, pod.output.read_text()
        running = tf.get_job(job.id)
        assert running.state == pb.JOB_STATE_RUNNING  # the pod exited; its Job did not end yet
        assert "eval_accuracy" in running.final_metrics  # reported by the pod over WorkerService
        platform.cluster.finish_job(k8s_job.metadata.name, "Complete")
        done = tf.wait_job(job.id, timeout=30)
        assert done.state == pb.JOB_STATE_SUCCEEDED, done.state_reason
        assert dict(done.final_metrics) == dict(running.final_metrics)
        steps = [e.progress.step for e in tf.watch_job(job.id) if e.HasField("progress")]
        assert steps == sorted(steps) and steps[-1] == 60  # each report once, in order
        logs = "\n".join(tf.job_logs(job.id))
        assert "assigned" in logs  # the pod's own output, mirrored from pods/log
    job_dir = platform.claim / job.id
    assert (job_dir / "spec.json").is_file() and list((job_dir / "checkpoints").iterdir())


def test_a_cancel_stops_the_pod_at_a_checkpoint_and_deletes_its_job(platform: Platform) -> None:
    with Client(platform.server.target, token=ADMIN, timeout=30) as tf:
        job = tf.submit_job(digits(100_000))
        k8s_job = platform.job(job.id)
        pod = platform.start_pod(k8s_job, f"{k8s_job.metadata.name}-fghij")
        until(lambda: tf.get_job(job.id).progress.step >= 20, 120, what="progress from the pod")
        tf.cancel_job(job.id, "not needed")
        # The trainer deletes the Job (Foreground) and answers the pod's next report with
        # stop: the worker checkpoints and exits as stopped.
        assert platform.exited(pod, 60) == EXIT_STOPPED, pod.output.read_text()
        done = tf.wait_job(job.id, timeout=30)
        assert (done.state, done.state_reason) == (pb.JOB_STATE_CANCELLED, "not needed")
    until(
        lambda: km.job_name(job.id) not in {j.metadata.name for j in platform.cluster.jobs()},
        what="the Job deleted",
    )


def test_what_the_pool_cannot_run_is_refused_at_submit(platform: Platform) -> None:
    from tuneforge_client import TuneforgeError

    bad = digits(
        60,
        resources={"cpu": 1, "gpus": 2},  # the pool here has no GPUs (max_gpus_per_job 0)
        placement={
            "image": "docker.io/someone/else:latest",  # not in allowed_images
            "node_selector": {"pool": 3, "zone": "a"},  # a number: would be dropped by YAML
        },
    )
    with Client(platform.server.target, token=ADMIN, timeout=30) as tf:
        with pytest.raises(TuneforgeError) as exc:
            tf.submit_job(bad)
        assert exc.value.code.name == "INVALID_ARGUMENT"
        fields = {v.field for v in exc.value.field_violations}
        assert {
            "spec.resources.gpus",
            "spec.placement.image",
            "spec.placement.node_selector.pool",
        } <= fields
        assert "spec.placement.node_selector.zone" not in fields
        assert list(tf.list_jobs()) == []  # nothing stored
    assert platform.cluster.jobs() == []  # nothing reached the cluster
