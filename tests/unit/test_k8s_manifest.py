"""The Kubernetes Job of a tuneforge job: strictly valid batch/v1, and the rules the
schema cannot see (restart policy, GPU limits, failure policy, names, mounts)."""

from __future__ import annotations

import re
from typing import Any

import kubernetes_validate
import pytest
from kubernetes import client as k8s

from tuneforge.errors import ValidationError, Violations
from tuneforge.trainer import k8s_manifest as km
from tuneforge.trainer.exit_codes import EXIT_CONFIG
from tuneforge.v1 import trainer_service_pb2 as pb

KUBE_VERSION = "1.35"
DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
LABEL_VALUE = re.compile(r"([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?")
GPU_POOL: dict[str, Any] = {
    "node_selector": {"nvidia.com/gpu.present": "true"},
    "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
    "affinity": {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [
                    {"matchExpressions": [{"key": "pool", "operator": "In", "values": ["gpu"]}]}
                ]
            }
        }
    },
    "max_gpus_per_job": 4,
}
CONFIGS = {
    "minimal": {},
    "gpu-pool": GPU_POOL,
    "tuned": {
        "service_account": "tuneforge-worker",
        "image_pull_policy": "Always",
        "backoff_limit": 0,
        "ttl_seconds_after_finished": 0,
        "shm_size": "8Gi",
        "checkpoint_mount": "/data/jobs/",
        "allowed_images": ("ghcr.io/acme/worker:1.0", "ghcr.io/acme/worker:1.1"),
        "label_prefix": "ml.acme.io/",
    },
}


def config(**overrides: Any) -> km.KubernetesConfig:
    base: dict[str, Any] = {
        "namespace": "ml",
        "image": "ghcr.io/acme/worker:1.0",
        "checkpoint_pvc": "tuneforge-jobs",
        "trainer_address": "tuneforge-trainer:50051",
    }
    return km.KubernetesConfig(**(base | overrides))


def job_spec(
    gpus: int = 0, cpu: float = 1.0, memory_mib: int = 0, device: str = "cpu"
) -> pb.JobSpec:
    s = pb.JobSpec(device=device)
    s.resources.gpus, s.resources.cpu, s.resources.memory_mib = gpus, cpu, memory_mib
    s.max_duration.FromSeconds(7200)
    return s


def render(job: k8s.V1Job) -> dict[str, Any]:
    doc: dict[str, Any] = k8s.ApiClient().sanitize_for_serialization(job)
    kubernetes_validate.validate(doc, KUBE_VERSION, strict=True)
    return doc


def worker(doc: dict[str, Any]) -> dict[str, Any]:
    (container,) = doc["spec"]["template"]["spec"]["containers"]
    assert container["name"] == km.WORKER_CONTAINER
    return container


SPECS = {
    "cpu": job_spec(cpu=0.25),
    "cpu-memory": job_spec(cpu=2.0, memory_mib=4096),
    "gpu": job_spec(gpus=1, cpu=4.0, memory_mib=16384, device="cuda"),
    "gpus": job_spec(gpus=4, cpu=16.0, memory_mib=65536, device="cuda:3"),
}


@pytest.mark.parametrize("name", CONFIGS)
@pytest.mark.parametrize("kind", SPECS)
def test_every_job_is_strictly_valid(name: str, kind: str) -> None:
    cfg, spec = config(**CONFIGS[name]), SPECS[kind]
    doc = render(km.job_manifest("job-0123456789abcdef0123", spec, cfg, attempt=2))
    pod = doc["spec"]["template"]["spec"]
    assert doc["apiVersion"] == "batch/v1" and doc["kind"] == "Job"
    assert doc["metadata"]["namespace"] == "ml"
    assert pod["restartPolicy"] == "Never"
    assert doc["spec"]["backoffLimit"] == cfg.backoff_limit
    assert doc["spec"]["ttlSecondsAfterFinished"] == cfg.ttl_seconds_after_finished
    assert doc["spec"]["activeDeadlineSeconds"] == 7200
    assert pod.get("nodeSelector", {}) == cfg.node_selector
    assert pod.get("tolerations", []) == cfg.tolerations
    assert pod.get("affinity") == cfg.affinity
    assert pod.get("serviceAccountName") == cfg.service_account
    assert worker(doc)["image"] == cfg.image
    assert worker(doc)["imagePullPolicy"] == cfg.image_pull_policy


def test_resources_gpu_requests_equal_limits() -> None:
    doc = render(km.job_manifest("job-1", SPECS["gpus"], config(**GPU_POOL)))
    res = worker(doc)["resources"]
    assert res["requests"] == {"cpu": "16", "memory": "65536Mi", "nvidia.com/gpu": "4"}
    assert res["limits"] == {"nvidia.com/gpu": "4"}
    env = {e["name"]: e["value"] for e in worker(doc)["env"]}
    assert "NVIDIA_VISIBLE_DEVICES" not in env  # the device plugin sets it for the pod's GPUs


def test_resources_cpu_job() -> None:
    doc = render(km.job_manifest("job-1", SPECS["cpu"], config()))
    res = worker(doc)["resources"]
    assert res["requests"] == {"cpu": "250m"}  # memory_mib 0: no reservation
    assert "limits" not in res
    env = {e["name"]: e["value"] for e in worker(doc)["env"]}
    assert env == {"TUNEFORGE_JOB_ID": "job-1", "NVIDIA_VISIBLE_DEVICES": "void"}


def test_pod_failure_policy() -> None:
    doc = render(km.job_manifest("job-1", SPECS["gpu"], config(**GPU_POOL)))
    spec = doc["spec"]
    assert spec["podReplacementPolicy"] == "Failed"  # podFailurePolicy requires it
    ignore, fail = spec["podFailurePolicy"]["rules"]
    assert ignore == {
        "action": "Ignore",
        "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
    }
    assert fail == {
        "action": "FailJob",
        "onExitCodes": {"containerName": "worker", "operator": "In", "values": [EXIT_CONFIG]},
    }
    assert EXIT_CONFIG == 2  # the number the worker returns on a configuration error


def test_worker_exit_codes_are_the_shared_ones() -> None:
    worker_module = pytest.importorskip("tuneforge.trainer.worker")  # imports torch
    assert worker_module.EXIT_CONFIG == EXIT_CONFIG


@pytest.mark.parametrize(
    "job_id",
    ["job-0123456789abcdef0123", "Job_With.Odd Chars!", "x" * 200, "-" * 70, "7" * 61, "ä"],
)
@pytest.mark.parametrize("attempt", [1, 12, 1000])
def test_names_are_dns_labels(job_id: str, attempt: int) -> None:
    doc = render(km.job_manifest(job_id, SPECS["cpu"], config(), attempt=attempt))
    name = doc["metadata"]["name"]
    assert len(name) <= km.MAX_NAME and DNS_LABEL.fullmatch(name), name
    assert name.endswith(f"-{attempt}")
    labels = doc["metadata"]["labels"]
    assert len(labels["tuneforge.dev/job-id"]) <= 63
    assert LABEL_VALUE.fullmatch(labels["tuneforge.dev/job-id"])
    assert doc["metadata"]["annotations"]["tuneforge.dev/job-id"] == job_id
    assert worker(doc)["command"] == [
        "tuneforge", "worker", "--job", job_id, "--trainer", "tuneforge-trainer:50051",
    ]  # fmt: skip


def test_names_keep_ids_apart() -> None:
    ids = ["x" * 200, "x" * 199, "a.b", "a-b", "A-B"]
    assert len({km.job_name(i) for i in ids}) == len(ids)
    assert len({km.label_value(i) for i in ids}) == len(ids)
    assert km.job_name("job-abc", 3) == "job-abc-3"  # a tuneforge id is kept as it is
    assert km.label_value("job-abc") == "job-abc"


def test_labels() -> None:
    doc = render(km.job_manifest("job-abc", SPECS["cpu"], config(), attempt=3))
    want = {
        "app.kubernetes.io/name": "tuneforge",
        "app.kubernetes.io/component": "training-job",
        "app.kubernetes.io/part-of": "tuneforge",
        "app.kubernetes.io/managed-by": "tuneforge-trainer",
        "tuneforge.dev/job-id": "job-abc",
        "tuneforge.dev/attempt": "3",
    }
    assert doc["metadata"]["labels"] == want
    assert doc["spec"]["template"]["metadata"]["labels"] == want
    other = render(km.job_manifest("job-abc", SPECS["cpu"], config(label_prefix="ml.acme.io/")))
    assert other["metadata"]["labels"]["ml.acme.io/job-id"] == "job-abc"


def test_shm_and_checkpoint_volume() -> None:
    cfg = config(shm_size="4Gi", checkpoint_pvc="ckpt")
    doc = render(km.job_manifest("job-abc", SPECS["gpu"], cfg))
    pod = doc["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = {m["mountPath"]: m for m in worker(doc)["volumeMounts"]}
    shm = mounts["/dev/shm"]
    assert volumes[shm["name"]]["emptyDir"] == {"medium": "Memory", "sizeLimit": "4Gi"}
    jobs = mounts["/var/lib/tuneforge/jobs/job-abc"]  # the JobDir layout: <jobs_root>/<id>
    assert jobs["subPath"] == "job-abc"
    assert volumes[jobs["name"]]["persistentVolumeClaim"] == {"claimName": "ckpt"}
    assert "emptyDir" in volumes[mounts["/tmp"]["name"]]  # the root filesystem is read-only


def test_security_context() -> None:
    doc = render(km.job_manifest("job-abc", SPECS["cpu"], config()))
    pod = doc["spec"]["template"]["spec"]
    assert worker(doc)["securityContext"] == {
        "runAsNonRoot": True,
        "readOnlyRootFilesystem": True,
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] > 0
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False


def test_no_deadline_without_max_duration() -> None:
    spec = job_spec()
    spec.ClearField("max_duration")
    assert "activeDeadlineSeconds" not in render(km.job_manifest("job-1", spec, config()))["spec"]
    spec.max_duration.FromMilliseconds(1500)
    assert render(km.job_manifest("job-1", spec, config()))["spec"]["activeDeadlineSeconds"] == 2


@pytest.mark.parametrize(
    "overrides",
    [
        {"node_selector": {"nvidia.com/gpu.present": True}},  # an unquoted YAML boolean
        {"node_selector": {"zone": 1}},
        {"tolerations": [{"key": "a", "oprator": "Exists"}]},  # a typo would vanish silently
        {"tolerations": [{"key": "a", "tolerationSeconds": "soon"}]},
        {"affinity": {"nodeAfinity": {}}},
        {"image_pull_policy": "Sometimes"},
        {"allowed_images": ("ghcr.io/acme/other:1",)},  # `image` must be allowed
        {"namespace": "Not_A_Label"},
        {"shm_size": "lots"},
        {"label_prefix": "tuneforge.dev"},
        {"max_gpus_per_job": -1},
    ],
)
def test_bad_config_is_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        config(**overrides)


def test_bad_job_id_is_refused() -> None:
    for job_id in ("", "a/b", ".."):
        with pytest.raises(ValueError):
            km.job_manifest(job_id, SPECS["cpu"], config())


def fields(spec: pb.JobSpec, cfg: km.KubernetesConfig) -> dict[str, str]:
    """{field: reason} of the violations check finds."""
    v = Violations()
    km.check(spec, cfg, v, prefix="spec.template")
    try:
        v.raise_if_any()
    except ValidationError as e:
        return {f.field: f.reason for f in e.violations}
    return {}


def test_check() -> None:
    gpu = config(**GPU_POOL)
    assert fields(SPECS["gpus"], gpu) == {}
    assert fields(job_spec(gpus=5, device="cuda"), gpu) == {
        "spec.template.resources.gpus": "OUT_OF_RANGE"
    }
    assert fields(SPECS["gpu"], config()) == {"spec.template.resources.gpus": "OUT_OF_RANGE"}
    assert fields(SPECS["cpu"], config()) == {}
    # The pod sees its own GPUs only, as cuda:0 .. cuda:(gpus - 1).
    assert fields(job_spec(gpus=1, device="cuda:1"), gpu) == {
        "spec.template.device": "OUT_OF_RANGE"
    }
    assert fields(job_spec(cpu=0.0001), config()) == {"spec.template.resources.cpu": "OUT_OF_RANGE"}
