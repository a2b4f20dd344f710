"""The Kubernetes objects of a tuneforge job (the Job, its token Secret, the headless
Service of a multi-pod job): strictly valid, and the rules the schema cannot see
(restart policy, GPU limits, failure policy, names, mounts, the Service selecting the
Job's pods, the Secret the pods read)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
from kubernetes import client as k8s

from tuneforge.errors import ValidationError, Violations
from tuneforge.trainer import k8s_manifest as km
from tuneforge.trainer.exit_codes import EXIT_CONFIG
from tuneforge.trainer.job_tokens import TOKEN_ENV
from tuneforge.v1 import trainer_service_pb2 as pb

KUBE_VERSION = "1.35"
DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
DNS_1035 = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
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
        "trainer_tls_secret": "tuneforge-trainer-tls",
        "master_port": 23456,
        "max_workers_per_job": 8,
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
    gpus: int = 0, cpu: float = 1.0, memory_mib: int = 0, device: str = "cpu", workers: int = 0
) -> pb.JobSpec:
    s = pb.JobSpec(device=device)
    s.resources.gpus, s.resources.cpu, s.resources.memory_mib = gpus, cpu, memory_mib
    s.resources.workers = workers
    s.max_duration.FromSeconds(7200)
    return s


def render(obj: k8s.V1Job | k8s.V1Service | k8s.V1Secret) -> dict[str, Any]:
    """``obj`` as JSON, strictly valid for KUBE_VERSION, and for a Job the rules the
    schema cannot see."""
    doc: dict[str, Any] = k8s.ApiClient().sanitize_for_serialization(obj)
    kubernetes_validate.validate(doc, KUBE_VERSION, strict=True)
    if doc["kind"] == "Job":
        semantics(doc)
    return doc


def semantics(doc: dict[str, Any]) -> None:
    spec, pod = doc["spec"], doc["spec"]["template"]["spec"]
    # podFailurePolicy is refused by the API server unless restartPolicy is Never.
    assert pod["restartPolicy"] == "Never" and spec["podFailurePolicy"]["rules"]
    if spec.get("completionMode") == "Indexed":
        assert spec["completions"] == spec["parallelism"] > 1  # every rank runs at once
        assert pod["subdomain"]
    else:
        assert {"completions", "parallelism", "subdomain"}.isdisjoint(spec | pod)
    for c in pod["containers"]:
        res = c["resources"]
        for key, limit in res.get("limits", {}).items():
            assert res["requests"][key] == limit, key  # extended resources: equal
        names = [e["name"] for e in c.get("env", [])]
        assert len(names) == len(set(names)), names
        assert c["terminationMessagePolicy"] == "FallbackToLogsOnError"
        assert {m["name"] for m in c["volumeMounts"]} <= {v["name"] for v in pod["volumes"]}


def env_of(doc: dict[str, Any]) -> dict[str, Any]:
    """{name: value or valueFrom} of the worker's environment."""
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in worker(doc)["env"]}


def worker(doc: dict[str, Any]) -> dict[str, Any]:
    (container,) = doc["spec"]["template"]["spec"]["containers"]
    assert container["name"] == km.WORKER_CONTAINER
    return container


SPECS = {
    "cpu": job_spec(cpu=0.25),
    "cpu-memory": job_spec(cpu=2.0, memory_mib=4096),
    "gpu": job_spec(gpus=1, cpu=4.0, memory_mib=16384, device="cuda"),
    "gpus": job_spec(gpus=4, cpu=16.0, memory_mib=65536, device="cuda:3"),
    "ddp": job_spec(gpus=1, cpu=4.0, device="cuda", workers=4),
    "ddp-cpu": job_spec(cpu=1.0, workers=2),
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
    service = km.service_manifest("job-0123456789abcdef0123", spec, cfg, attempt=2)
    assert (service is None) == (spec.resources.workers <= 1)
    if service is not None:
        assert render(service)["metadata"]["namespace"] == "ml"
    secret = km.token_secret("job-0123456789abcdef0123", "t0ken", cfg, attempt=2)
    assert render(secret)["metadata"]["namespace"] == "ml"


def test_resources_gpu_requests_equal_limits() -> None:
    doc = render(km.job_manifest("job-1", SPECS["gpus"], config(**GPU_POOL)))
    res = worker(doc)["resources"]
    assert res["requests"] == {"cpu": "16", "memory": "65536Mi", "nvidia.com/gpu": "4"}
    assert res["limits"] == {"nvidia.com/gpu": "4"}
    assert "NVIDIA_VISIBLE_DEVICES" not in env_of(
        doc
    )  # the device plugin sets it for the pod's GPUs


def test_resources_cpu_job() -> None:
    doc = render(km.job_manifest("job-1", SPECS["cpu"], config()))
    res = worker(doc)["resources"]
    assert res["requests"] == {"cpu": "250m"}  # memory_mib 0: no reservation
    assert "limits" not in res
    assert env_of(doc) == {
        "TUNEFORGE_JOB_ID": "job-1",
        TOKEN_ENV: {"secretKeyRef": {"name": "job-1-1-token", "key": "token"}},
        "TUNEFORGE_JOB_DIR": "/var/lib/tuneforge/jobs/job-1",  # the job's mount
        "TUNEFORGE_POD_NAME": {"fieldRef": {"fieldPath": "metadata.name"}},
        "NVIDIA_VISIBLE_DEVICES": "void",
    }
    assert "/var/lib/tuneforge/jobs/job-1" in {m["mountPath"] for m in worker(doc)["volumeMounts"]}


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


# ------------------------------------------------------------- token, TLS, DDP, placement


def test_token_secret_is_what_the_job_reads() -> None:
    cfg = config(label_prefix="ml.acme.io/")
    job = render(km.job_manifest("job-abc", SPECS["cpu"], cfg, attempt=2))
    secret = render(km.token_secret("job-abc", "s3cret", cfg, attempt=2))
    assert secret["type"] == "Opaque"
    assert secret["stringData"] == {"token": "s3cret"}
    assert "data" not in secret
    assert secret["metadata"]["labels"] == job["metadata"]["labels"]  # listed, watched with it
    ref = env_of(job)[TOKEN_ENV]["secretKeyRef"]
    assert ref == {"name": secret["metadata"]["name"], "key": "token"}
    assert ref["name"] == km.token_secret_name("job-abc", 2) != km.token_secret_name("job-abc", 1)
    with pytest.raises(ValueError):
        km.token_secret("job-abc", "", cfg)


def test_trainer_ca_mounts_only_the_ca() -> None:
    doc = render(km.job_manifest("job-abc", SPECS["cpu"], config(trainer_tls_secret="tr-tls")))
    pod = doc["spec"]["template"]["spec"]
    mounts = {m["mountPath"]: m for m in worker(doc)["volumeMounts"]}
    ca = mounts["/etc/tuneforge/trainer-ca"]
    assert ca["readOnly"] is True
    volume = {v["name"]: v for v in pod["volumes"]}[ca["name"]]
    # A TLS Secret also holds the trainer's private key: only ca.crt reaches the pod.
    assert volume["secret"]["secretName"] == "tr-tls"
    assert volume["secret"]["items"] == [{"key": "ca.crt", "path": "ca.crt"}]
    assert env_of(doc)["TUNEFORGE_TRAINER_CA"] == "/etc/tuneforge/trainer-ca/ca.crt"
    plain = render(km.job_manifest("job-abc", SPECS["cpu"], config()))
    assert "TUNEFORGE_TRAINER_CA" not in env_of(plain)
    assert "/etc/tuneforge/trainer-ca" not in {
        m["mountPath"] for m in worker(plain)["volumeMounts"]
    }


@pytest.mark.parametrize("job_id", ["job-abc", "7" * 50, "Job_With.Odd Chars!"])
def test_multi_worker_job_is_indexed_with_a_headless_service(job_id: str) -> None:
    cfg = config(**GPU_POOL, max_workers_per_job=4, master_port=23456)
    job = render(km.job_manifest(job_id, SPECS["ddp"], cfg, attempt=3))
    service = km.service_manifest(job_id, SPECS["ddp"], cfg, attempt=3)
    assert service is not None
    svc = render(service)
    spec, pod = job["spec"], job["spec"]["template"]["spec"]
    assert spec["completionMode"] == "Indexed"
    assert spec["completions"] == spec["parallelism"] == 4
    name, svc_name = job["metadata"]["name"], svc["metadata"]["name"]
    assert DNS_1035.fullmatch(svc_name) and len(svc_name) <= 63, svc_name  # a Service name
    assert pod["subdomain"] == svc_name == km.service_name(job_id, 3)
    assert len(f"{name}-3") <= 63  # the hostname of the last pod
    env = env_of(job)
    assert env["WORLD_SIZE"] == "4"
    assert env["RANK"] == {
        "fieldRef": {
            "fieldPath": "metadata.annotations['batch.kubernetes.io/job-completion-index']"
        }
    }
    assert env["MASTER_ADDR"] == f"{name}-0.{svc_name}"  # pod 0's name in the Service
    assert env["MASTER_PORT"] == "23456"
    assert svc["spec"]["clusterIP"] == "None"
    assert svc["spec"]["publishNotReadyAddresses"] is True
    assert svc["spec"]["ports"] == [
        {"name": "rendezvous", "port": 23456, "targetPort": 23456, "protocol": "TCP"}
    ]
    # The Job controller adds the job-name label to every pod it creates.
    pod_labels = job["spec"]["template"]["metadata"]["labels"] | {
        "batch.kubernetes.io/job-name": name
    }
    selector = svc["spec"]["selector"]
    assert selector.items() <= pod_labels.items()
    assert selector["batch.kubernetes.io/job-name"] == name  # not another attempt's pods
    assert svc["metadata"]["labels"] == job["metadata"]["labels"]


@pytest.mark.parametrize("n", [0, 1])
def test_single_worker_job_has_no_rendezvous(n: int) -> None:
    spec = job_spec(workers=n)
    job = render(km.job_manifest("job-abc", spec, config()))
    assert km.service_manifest("job-abc", spec, config()) is None
    assert (
        "completionMode" not in job["spec"] and "subdomain" not in job["spec"]["template"]["spec"]
    )
    assert {"WORLD_SIZE", "RANK", "MASTER_ADDR", "MASTER_PORT"}.isdisjoint(env_of(job))


def test_too_long_an_id_for_many_pods_is_refused() -> None:
    # A job name of 63 characters leaves no room for the pod index of its hostname.
    with pytest.raises(ValueError):
        km.job_manifest("x" * 200, job_spec(workers=2), config(max_workers_per_job=2))


def test_placement() -> None:
    cfg = config(
        **GPU_POOL, allowed_images=("ghcr.io/acme/worker:1.0", "ghcr.io/acme/worker:cuda13")
    )
    spec = job_spec(gpus=1, device="cuda")
    spec.placement.image = "ghcr.io/acme/worker:cuda13"
    spec.placement.node_selector["gpu.acme.io/model"].string_value = "h200"
    spec.placement.node_selector["zone"].string_value = "eu-1"
    assert fields(spec, cfg) == {}
    doc = render(km.job_manifest("job-abc", spec, cfg))
    assert worker(doc)["image"] == "ghcr.io/acme/worker:cuda13"
    assert doc["spec"]["template"]["spec"]["nodeSelector"] == {
        "nvidia.com/gpu.present": "true",  # the pool's
        "gpu.acme.io/model": "h200",
        "zone": "eu-1",
    }
    bare = render(km.job_manifest("job-abc", job_spec(), config()))
    assert worker(bare)["image"] == "ghcr.io/acme/worker:1.0"
    assert "nodeSelector" not in bare["spec"]["template"]["spec"]


def test_check_workers_and_placement() -> None:
    cfg = config(**GPU_POOL, max_workers_per_job=4)
    assert fields(SPECS["ddp"], cfg) == {}
    assert fields(SPECS["ddp"], config(**GPU_POOL)) == {
        "spec.template.resources.workers": "OUT_OF_RANGE"
    }
    assert fields(job_spec(workers=5), cfg) == {"spec.template.resources.workers": "OUT_OF_RANGE"}
    spec = job_spec()
    spec.placement.image = "ghcr.io/evil/miner:latest"
    ns = spec.placement.node_selector
    ns["nvidia.com/gpu.present"].string_value = "false"  # the pool's own key
    ns["fast"].bool_value = True  # an unquoted YAML/JSON boolean
    ns["count"].number_value = 2
    ns["bad key!"].string_value = "x"
    ns["-/x"].string_value = "x"
    ns["ok"].string_value = "not a label value!"
    ns["fine"].string_value = "yes"
    p = "spec.template.placement"
    assert fields(spec, cfg) == {
        f"{p}.image": "NOT_ALLOWED",
        f"{p}.node_selector.nvidia.com/gpu.present": "CONFLICT",
        f"{p}.node_selector.fast": "INVALID",
        f"{p}.node_selector.count": "INVALID",
        f"{p}.node_selector.bad key!": "INVALID",
        f"{p}.node_selector.-/x": "INVALID",
        f"{p}.node_selector.ok": "INVALID",
    }


def good_yaml() -> str:
    return """\
namespace: ml
image: ghcr.io/acme/worker:1.0
checkpoint_pvc: tuneforge-jobs
trainer_address: tuneforge-trainer:50051
node_selector:
  nvidia.com/gpu.present: "true"
tolerations:
  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
allowed_images: [ghcr.io/acme/worker:1.0, ghcr.io/acme/worker:1.1]
max_gpus_per_job: 2
trainer_tls_secret: tuneforge-trainer-tls
master_port: 29501
max_workers_per_job: 8
"""


def test_load_config(tmp_path: Path) -> None:
    path = tmp_path / "kubernetes.yaml"
    path.write_text(good_yaml())
    cfg = km.load_config(path)
    assert cfg == config(
        node_selector={"nvidia.com/gpu.present": "true"},
        tolerations=[{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
        allowed_images=("ghcr.io/acme/worker:1.0", "ghcr.io/acme/worker:1.1"),
        max_gpus_per_job=2,
        trainer_tls_secret="tuneforge-trainer-tls",
        master_port=29501,
        max_workers_per_job=8,
    )
    render(km.job_manifest("job-abc", SPECS["cpu"], cfg))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (good_yaml() + "max_gpu_per_job: 4\n", "max_gpu_per_job"),  # a typo: unknown key
        (good_yaml().replace('"true"', "true"), "node_selector"),  # an unquoted boolean
        (good_yaml() + "master_port: 0\n", "master_port"),
        (good_yaml().replace("max_workers_per_job: 8", "max_workers_per_job: 0"), "workers"),
        (good_yaml().replace("max_gpus_per_job: 2", "max_gpus_per_job: two"), "'str'"),
        (good_yaml().replace("namespace: ml\n", ""), "namespace"),  # a required field
        ("- namespace: ml\n", "mapping"),
        ("", "mapping"),
        ("namespace: [\n", "YAML"),
    ],
)
def test_load_config_refuses(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "kubernetes.yaml"
    path.write_text(text)
    with pytest.raises(ValueError, match=re.escape(message)):
        km.load_config(path)


def test_load_config_names_the_allowed_keys(tmp_path: Path) -> None:
    path = tmp_path / "kubernetes.yaml"
    path.write_text(good_yaml() + "max_gpu_per_job: 4\n")
    with pytest.raises(ValueError) as e:
        km.load_config(path)
    assert "max_gpus_per_job" in str(e.value) and "master_port" in str(e.value)


@pytest.mark.parametrize(
    "overrides",
    [
        {"master_port": 0},
        {"master_port": 70000},
        {"master_port": True},
        {"max_workers_per_job": 0},
        {"max_workers_per_job": 257},
        {"trainer_tls_secret": ""},
        {"trainer_tls_secret": "Not A Secret"},
    ],
)
def test_bad_new_config_is_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        config(**overrides)
