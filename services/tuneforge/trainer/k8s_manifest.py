"""The batch/v1 Job that runs one tuneforge job on Kubernetes (pure: no API calls).

:func:`job_manifest` builds it from the typed ``kubernetes.client`` models; the
backend creates it. One pod, ``restartPolicy: Never``: Kubernetes retries a failed
pod ``backoff_limit`` times, except that a configuration error of the worker
(:data:`~tuneforge.trainer.exit_codes.EXIT_CONFIG`) fails the Job at once and a
disruption (preemption, node drain: the ``DisruptionTarget`` condition) does not
count, so the replacement pod resumes from the checkpoint on the job's volume
without spending the retry budget. :func:`check` reports what a spec asks that the
pool cannot give. Torch-free.

A job of ``workers`` > 1 pods is an Indexed Job (completions = parallelism = N) with
a headless Service (:func:`service_manifest`) that gives pod 0 a stable DNS name,
the rendezvous of torch.distributed (``MASTER_ADDR``); each pod learns its ``RANK``
from its completion index. Each Job's pods read their job token from a Secret
(:func:`token_secret`), never from the command line.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml
from kubernetes import client as k8s

from tuneforge.errors import Violations
from tuneforge.trainer import devices
from tuneforge.trainer.exit_codes import EXIT_CONFIG
from tuneforge.trainer.job_tokens import TOKEN_ENV
from tuneforge.v1 import trainer_service_pb2 as pb

__all__ = [
    "COMPLETION_INDEX_ANNOTATION",
    "GPU_RESOURCE",
    "JOB_NAME_LABEL",
    "MAX_NAME",
    "TOKEN_KEY",
    "TRAINER_CA_DIR",
    "WORKER_CONTAINER",
    "KubernetesConfig",
    "check",
    "job_dir",
    "job_manifest",
    "job_name",
    "label_value",
    "load_config",
    "service_manifest",
    "service_name",
    "token_secret",
    "token_secret_name",
    "workers",
]

GPU_RESOURCE = "nvidia.com/gpu"
WORKER_CONTAINER = "worker"
MAX_NAME = 63  # a Job's name is also the value of its pods' job-name label
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
TOKEN_KEY = "token"  # the key of the job token in its Secret
TRAINER_CA_DIR = "/etc/tuneforge/trainer-ca"
TRAINER_CA_KEY = "ca.crt"
JOB_NAME_LABEL = "batch.kubernetes.io/job-name"  # set on every pod by the Job controller
COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index"
MAX_WORKERS = 256  # the spec's bound on resources.workers
_DNS_1035 = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_LABEL_VALUE = re.compile(r"([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?")


@dataclass(frozen=True)
class KubernetesConfig:
    """Where and how the trainer's Jobs run (rendered from the chart's values).

    ``tolerations`` and ``affinity`` are Kubernetes JSON (camelCase keys), turned
    into typed models here: an unknown or mistyped field raises ValueError instead
    of vanishing from the Job.
    """

    namespace: str
    image: str
    checkpoint_pvc: str  # a claim holding every job's directory (subPath = the job id)
    trainer_address: str  # host:port of the trainer API the worker fetches its spec from
    image_pull_policy: str = "IfNotPresent"
    service_account: str | None = None
    node_selector: dict[str, str] = field(default_factory=dict)
    tolerations: list[dict[str, Any]] = field(default_factory=list)
    affinity: dict[str, Any] | None = None
    checkpoint_mount: str = "/var/lib/tuneforge/jobs"
    backoff_limit: int = 3
    ttl_seconds_after_finished: int = 3600
    shm_size: str = "1Gi"
    max_gpus_per_job: int = 0  # a GPU-free pool unless configured
    allowed_images: tuple[str, ...] = ()  # empty: only `image`
    label_prefix: str = "tuneforge.dev/"
    run_as_user: int = 10001
    termination_grace_seconds: int = 60  # the worker checkpoints on SIGTERM
    # A Secret whose ca.crt the worker trusts for the trainer's TLS; None: plaintext.
    trainer_tls_secret: str | None = None
    master_port: int = 29500  # torch.distributed's rendezvous port on pod 0
    max_workers_per_job: int = 1  # pods of one DDP job; 1: single-pod jobs only

    def __post_init__(self) -> None:
        for name in ("namespace", "checkpoint_pvc"):
            _require(
                bool(_DNS_LABEL.fullmatch(getattr(self, name))), f"{name} must be a DNS-1123 label"
            )
        _require(bool(self.image), "image must not be empty")
        _require(self.allows(self.image), f"image {self.image!r} is not in allowed_images")
        _require(bool(self.trainer_address), "trainer_address must not be empty")
        _require(
            self.image_pull_policy in PULL_POLICIES,
            f"image_pull_policy must be one of {PULL_POLICIES}",
        )
        _require(
            isinstance(self.node_selector, dict)
            and all(
                isinstance(k, str) and isinstance(v, str) for k, v in self.node_selector.items()
            ),
            f"node_selector must map strings to strings: {self.node_selector!r}",
        )
        _require(self.checkpoint_mount.startswith("/"), "checkpoint_mount must be an absolute path")
        _require(self.backoff_limit >= 0, "backoff_limit must be >= 0")
        _require(self.ttl_seconds_after_finished >= 0, "ttl_seconds_after_finished must be >= 0")
        _require(self.max_gpus_per_job >= 0, "max_gpus_per_job must be >= 0")
        _require(self.run_as_user > 0, "run_as_user must be > 0 (the pod runs as non-root)")
        _require(self.termination_grace_seconds >= 0, "termination_grace_seconds must be >= 0")
        _require(
            self.trainer_tls_secret is None
            or (
                isinstance(self.trainer_tls_secret, str)
                and len(self.trainer_tls_secret) <= 253
                and bool(_DNS_SUBDOMAIN.fullmatch(self.trainer_tls_secret))
            ),
            f"trainer_tls_secret must be a Secret name, got {self.trainer_tls_secret!r}",
        )
        _require(
            _is_int(self.master_port) and 1 <= self.master_port <= 65535,
            f"master_port must be in [1, 65535], got {self.master_port!r}",
        )
        _require(
            _is_int(self.max_workers_per_job) and 1 <= self.max_workers_per_job <= MAX_WORKERS,
            f"max_workers_per_job must be in [1, {MAX_WORKERS}], got {self.max_workers_per_job!r}",
        )
        prefix = self.label_prefix.removesuffix("/")
        _require(
            self.label_prefix.endswith("/") and bool(_DNS_SUBDOMAIN.fullmatch(prefix)),
            "label_prefix must be a DNS subdomain followed by '/'",
        )
        _quantity(self.shm_size)
        self.typed_tolerations()  # raise now, not when the first job starts
        self.typed_affinity()

    def allows(self, image: str) -> bool:
        return image in (self.allowed_images or (self.image,))

    def typed_tolerations(self) -> list[k8s.V1Toleration]:
        if not isinstance(self.tolerations, list):
            raise ValueError(f"tolerations must be a list, got {self.tolerations!r}")
        return [_typed(t, "V1Toleration", "tolerations") for t in self.tolerations]

    def typed_affinity(self) -> k8s.V1Affinity | None:
        return None if self.affinity is None else _typed(self.affinity, "V1Affinity", "affinity")


def load_config(path: Path) -> KubernetesConfig:
    """The KubernetesConfig of the YAML mapping in ``path`` (the chart renders it);
    ValueError for a key that is not a field (a typo would silently mean a default)."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ValueError(f"{path}: not YAML: {e}") from None
    if not isinstance(doc, dict):
        raise ValueError(f"{path}: must be a mapping of KubernetesConfig fields, got {doc!r}")
    allowed = [f.name for f in fields(KubernetesConfig)]
    unknown = sorted(str(k) for k in doc if k not in allowed)
    if unknown:
        raise ValueError(
            f"{path}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}"
        )
    if isinstance(doc.get("allowed_images"), list):
        doc["allowed_images"] = tuple(doc["allowed_images"])
    try:
        return KubernetesConfig(**doc)
    except TypeError as e:  # a required field missing
        raise ValueError(f"{path}: {e}") from None


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _typed(value: Any, klass: str, what: str) -> Any:
    """``value`` (Kubernetes JSON) as the model ``klass``; ValueError when the round
    trip loses or changes anything (the client drops unknown keys silently)."""
    api = k8s.ApiClient()
    try:
        model = api.deserialize(json.dumps(value), klass, "application/json")
    except (ValueError, TypeError, AttributeError, k8s.ApiException) as e:
        raise ValueError(f"{what}: {e}") from None
    if api.sanitize_for_serialization(model) != value:
        raise ValueError(f"{what}: unknown or mistyped fields in {value!r}")
    return model


def _quantity(q: str) -> None:
    _require(
        bool(re.fullmatch(r"\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|[kMGTPE])?", q)),
        f"{q!r} is not a quantity",
    )


# ----------------------------------------------------------------------------- names


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def job_name(job_id: str, attempt: int = 1) -> str:
    """A DNS-1123 label (<= 63 characters) naming attempt ``attempt`` of ``job_id``;
    ids that had to be shortened or changed get a digest, so names never collide."""
    suffix = f"-{attempt}"
    slug = re.sub(r"[^a-z0-9]+", "-", job_id.lower()).strip("-")
    if slug != job_id or len(slug) + len(suffix) > MAX_NAME:
        slug = f"{slug[: MAX_NAME - len(suffix) - 9].rstrip('-')}-{_digest(job_id)}".lstrip("-")
    return slug + suffix


def label_value(job_id: str) -> str:
    """``job_id`` when it is a valid label value (tuneforge's ids are), else a safe
    stand-in with a digest; the exact id is always in the job-id annotation."""
    if len(job_id) <= MAX_NAME and _LABEL_VALUE.fullmatch(job_id):
        return job_id
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", job_id)
    return f"{slug[: MAX_NAME - 9].strip('-_.')}-{_digest(job_id)}".lstrip("-")


def service_name(job_id: str, attempt: int = 1) -> str:
    """The headless Service of a multi-pod attempt: the Job's name when it is a
    DNS-1035 label (a Service name must start with a letter), else a digest name."""
    name = job_name(job_id, attempt)
    return name if _DNS_1035.fullmatch(name) else f"tf-{_digest(job_id)}-{attempt}"


def token_secret_name(job_id: str, attempt: int = 1) -> str:
    """The Secret holding the job token of attempt ``attempt`` (a DNS subdomain)."""
    return f"{job_name(job_id, attempt)}-token"


def workers(spec: pb.JobSpec) -> int:
    """The pods of ``spec`` (``resources.workers``; 0 means 1)."""
    return max(1, spec.resources.workers)


def _label_key_error(key: str) -> str | None:
    prefix, slash, name = key.rpartition("/")
    if slash and not (len(prefix) <= 253 and _DNS_SUBDOMAIN.fullmatch(prefix)):
        return f"the prefix of {key!r} must be a DNS subdomain"
    if not (name and len(name) <= MAX_NAME and _LABEL_VALUE.fullmatch(name)):
        return f"{key!r} is not a label key (a name of at most 63 letters, digits, -_.)"
    return None


def _placement_selector(spec: pb.JobSpec) -> dict[str, str]:
    """The placement's node selector, its (valid: see :func:`check`) string values."""
    return {k: v.string_value for k, v in spec.placement.node_selector.items()}


def _image(spec: pb.JobSpec, config: KubernetesConfig) -> str:
    return spec.placement.image or config.image


# ------------------------------------------------------------------------- the Job


def check(spec: pb.JobSpec, config: KubernetesConfig, v: Violations, prefix: str = "spec") -> None:
    """Adds a violation for each thing ``spec`` asks that a Job of ``config`` cannot give."""
    r = spec.resources
    v.check(
        r.gpus <= config.max_gpus_per_job,
        f"{prefix}.resources.gpus",
        f"{r.gpus} GPUs asked; a job on this cluster gets at most {config.max_gpus_per_job}",
        "OUT_OF_RANGE",
    )
    v.check(
        not (math.isfinite(r.cpu) and 0 < r.cpu < 0.0005),
        f"{prefix}.resources.cpu",
        f"{r.cpu:g} cores is below Kubernetes' 1m resolution",
        "OUT_OF_RANGE",
    )
    n = workers(spec)
    v.check(
        n <= config.max_workers_per_job,
        f"{prefix}.resources.workers",
        f"{n} workers asked; a job on this cluster gets at most {config.max_workers_per_job}",
        "OUT_OF_RANGE",
    )
    image = spec.placement.image
    v.check(
        not image or config.allows(image),
        f"{prefix}.placement.image",
        f"{image!r} is not an allowed image; one of "
        f"{', '.join(config.allowed_images or (config.image,))}",
        "NOT_ALLOWED",
    )
    for key, value in sorted(spec.placement.node_selector.items()):
        field_ = f"{prefix}.placement.node_selector.{key}"
        if key in config.node_selector:
            v.add(field_, f"the pool already selects {key}={config.node_selector[key]}", "CONFLICT")
            continue
        error = _label_key_error(key)
        if error is not None:
            v.add(field_, error)
        elif value.WhichOneof("kind") != "string_value":
            v.add(field_, f"must be a string (quote it), got {value.WhichOneof('kind')}")
        elif not (
            len(value.string_value) <= MAX_NAME and _LABEL_VALUE.fullmatch(value.string_value)
        ):
            v.add(field_, f"{value.string_value!r} is not a label value")
    device = devices.parse(spec.device)
    if device is not None and ":" in device and r.gpus >= 0:
        # The pod sees only its own GPUs, as cuda:0 .. cuda:(gpus - 1).
        index = int(device.partition(":")[2])
        v.check(
            index < r.gpus,
            f"{prefix}.device",
            f"{device} does not exist in a pod with {r.gpus} GPUs (numbered from cuda:0)",
            "OUT_OF_RANGE",
        )


def _cpu(cores: float) -> str:
    milli = round((cores or 1.0) * 1000)
    return str(milli // 1000) if milli % 1000 == 0 else f"{milli}m"


def _labels(job_id: str, config: KubernetesConfig, attempt: int) -> dict[str, str]:
    p = config.label_prefix
    return {
        "app.kubernetes.io/name": "tuneforge",
        "app.kubernetes.io/component": "training-job",
        "app.kubernetes.io/part-of": "tuneforge",
        "app.kubernetes.io/managed-by": "tuneforge-trainer",
        f"{p}job-id": label_value(job_id),
        f"{p}attempt": str(attempt),
    }


def _annotations(job_id: str, config: KubernetesConfig) -> dict[str, str]:
    return {f"{config.label_prefix}job-id": job_id}


def _metadata(name: str, job_id: str, config: KubernetesConfig, attempt: int) -> k8s.V1ObjectMeta:
    return k8s.V1ObjectMeta(
        name=name,
        namespace=config.namespace,
        labels=_labels(job_id, config, attempt),
        annotations=_annotations(job_id, config),
    )


def _field_env(name: str, path: str) -> k8s.V1EnvVar:
    return k8s.V1EnvVar(
        name=name,
        value_from=k8s.V1EnvVarSource(field_ref=k8s.V1ObjectFieldSelector(field_path=path)),
    )


def job_dir(job_id: str, config: KubernetesConfig) -> str:
    """Where the job's directory (its subPath of the checkpoint claim) is in the pod."""
    return f"{config.checkpoint_mount.rstrip('/')}/{job_id}"


def token_secret(
    job_id: str, token: str, config: KubernetesConfig, *, attempt: int = 1
) -> k8s.V1Secret:
    """The Secret the pods of attempt ``attempt`` read their job token from (env
    ``TUNEFORGE_JOB_TOKEN``; never a flag, which would show in ``ps``)."""
    _require(bool(token), "token must not be empty")
    return k8s.V1Secret(
        api_version="v1",
        kind="Secret",
        metadata=_metadata(token_secret_name(job_id, attempt), job_id, config, attempt),
        type="Opaque",
        string_data={TOKEN_KEY: token},
    )


def service_manifest(
    job_id: str, spec: pb.JobSpec, config: KubernetesConfig, *, attempt: int = 1
) -> k8s.V1Service | None:
    """The headless Service that names the pods of a multi-pod attempt
    (``<job>-<index>.<service>``); None for a single pod, which needs none."""
    if workers(spec) <= 1:
        return None
    p = config.label_prefix
    return k8s.V1Service(
        api_version="v1",
        kind="Service",
        metadata=_metadata(service_name(job_id, attempt), job_id, config, attempt),
        spec=k8s.V1ServiceSpec(
            cluster_ip="None",
            # Rank 0 must be resolvable before it is ready: the others dial it at start.
            publish_not_ready_addresses=True,
            selector={
                f"{p}job-id": label_value(job_id),
                f"{p}attempt": str(attempt),
                JOB_NAME_LABEL: job_name(job_id, attempt),
            },
            ports=[
                k8s.V1ServicePort(
                    name="rendezvous",
                    port=config.master_port,
                    target_port=config.master_port,
                    protocol="TCP",
                )
            ],
        ),
    )


def job_manifest(
    job_id: str, spec: pb.JobSpec, config: KubernetesConfig, *, attempt: int = 1
) -> k8s.V1Job:
    """The Job for attempt ``attempt`` of the (normalised, valid, checked)
    job ``job_id``."""
    _require(
        bool(job_id) and "/" not in job_id and job_id not in (".", ".."),
        f"{job_id!r} cannot be a subPath",
    )
    _require(attempt >= 1, "attempt must be >= 1")
    name = job_name(job_id, attempt)
    n = workers(spec)
    # An Indexed Job's pod is called <job>-<index>: its hostname must stay a DNS label.
    _require(n == 1 or len(f"{name}-{n - 1}") <= MAX_NAME, f"{job_id!r} is too long for {n} pods")
    r = spec.resources
    requests = {"cpu": _cpu(r.cpu)}
    if r.memory_mib > 0:
        requests["memory"] = f"{r.memory_mib}Mi"
    limits = None
    mount = job_dir(job_id, config)
    env = [
        k8s.V1EnvVar(name="TUNEFORGE_JOB_ID", value=job_id),
        k8s.V1EnvVar(
            name=TOKEN_ENV,
            value_from=k8s.V1EnvVarSource(
                secret_key_ref=k8s.V1SecretKeySelector(
                    name=token_secret_name(job_id, attempt), key=TOKEN_KEY
                )
            ),
        ),
        k8s.V1EnvVar(name="TUNEFORGE_JOB_DIR", value=mount),
        _field_env("TUNEFORGE_POD_NAME", "metadata.name"),
    ]
    mounts = [
        k8s.V1VolumeMount(name="shm", mount_path="/dev/shm"),
        k8s.V1VolumeMount(name="tmp", mount_path="/tmp"),  # the root filesystem is read-only
        k8s.V1VolumeMount(name="jobs", mount_path=mount, sub_path=job_id),
    ]
    volumes = [
        k8s.V1Volume(
            name="shm",
            empty_dir=k8s.V1EmptyDirVolumeSource(medium="Memory", size_limit=config.shm_size),
        ),
        k8s.V1Volume(name="tmp", empty_dir=k8s.V1EmptyDirVolumeSource()),
        k8s.V1Volume(
            name="jobs",
            persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(
                claim_name=config.checkpoint_pvc
            ),
        ),
    ]
    if config.trainer_tls_secret is not None:
        env.append(
            k8s.V1EnvVar(name="TUNEFORGE_TRAINER_CA", value=f"{TRAINER_CA_DIR}/{TRAINER_CA_KEY}")
        )
        mounts.append(
            k8s.V1VolumeMount(name="trainer-ca", mount_path=TRAINER_CA_DIR, read_only=True)
        )
        volumes.append(
            k8s.V1Volume(
                name="trainer-ca",
                secret=k8s.V1SecretVolumeSource(
                    secret_name=config.trainer_tls_secret,
                    # Only the CA: a TLS Secret also holds the trainer's private key.
                    items=[k8s.V1KeyToPath(key=TRAINER_CA_KEY, path=TRAINER_CA_KEY)],
                    default_mode=0o444,
                ),
            )
        )
    subdomain = None
    if n > 1:
        subdomain = service_name(job_id, attempt)
        env += [
            k8s.V1EnvVar(name="WORLD_SIZE", value=str(n)),
            _field_env("RANK", f"metadata.annotations['{COMPLETION_INDEX_ANNOTATION}']"),
            k8s.V1EnvVar(name="MASTER_ADDR", value=f"{name}-0.{subdomain}"),
            k8s.V1EnvVar(name="MASTER_PORT", value=str(config.master_port)),
        ]
    if r.gpus > 0:
        requests[GPU_RESOURCE] = str(r.gpus)
        limits = {GPU_RESOURCE: str(r.gpus)}  # extended resources: requests must equal limits
    else:
        # CUDA images set NVIDIA_VISIBLE_DEVICES=all: without this a CPU pod on a GPU
        # node would see (and could use) GPUs nobody reserved for it.
        env.append(k8s.V1EnvVar(name="NVIDIA_VISIBLE_DEVICES", value="void"))
    seccomp = k8s.V1SeccompProfile(type="RuntimeDefault")
    container = k8s.V1Container(
        name=WORKER_CONTAINER,
        image=_image(spec, config),
        image_pull_policy=config.image_pull_policy,
        command=["tuneforge", "worker", "--job", job_id, "--trainer", config.trainer_address],
        env=env,
        resources=k8s.V1ResourceRequirements(requests=requests, limits=limits),
        security_context=k8s.V1SecurityContext(
            run_as_non_root=True,
            read_only_root_filesystem=True,
            allow_privilege_escalation=False,
            capabilities=k8s.V1Capabilities(drop=["ALL"]),
            seccomp_profile=seccomp,
        ),
        volume_mounts=mounts,
        # The reconciler reports a failed pod's reason: the worker's last log lines
        # when it died without writing /dev/termination-log.
        termination_message_policy="FallbackToLogsOnError",
    )
    pod = k8s.V1PodSpec(
        restart_policy="Never",
        containers=[container],
        service_account_name=config.service_account,
        automount_service_account_token=False,  # the worker talks to the trainer, not the API
        enable_service_links=False,
        termination_grace_period_seconds=config.termination_grace_seconds,
        node_selector=(config.node_selector | _placement_selector(spec)) or None,
        tolerations=config.typed_tolerations() or None,
        affinity=config.typed_affinity(),
        security_context=k8s.V1PodSecurityContext(
            run_as_non_root=True,
            run_as_user=config.run_as_user,
            run_as_group=config.run_as_user,
            fs_group=config.run_as_user,  # the checkpoint volume is writable by the worker
            seccomp_profile=seccomp,
        ),
        volumes=volumes,
        subdomain=subdomain,
    )
    deadline = None
    if spec.HasField("max_duration"):
        deadline = max(1, math.ceil(spec.max_duration.ToTimedelta().total_seconds()))
    return k8s.V1Job(
        api_version="batch/v1",
        kind="Job",
        metadata=_metadata(name, job_id, config, attempt),
        spec=k8s.V1JobSpec(
            completion_mode="Indexed" if n > 1 else None,
            completions=n if n > 1 else None,
            parallelism=n if n > 1 else None,
            backoff_limit=config.backoff_limit,
            active_deadline_seconds=deadline,
            ttl_seconds_after_finished=config.ttl_seconds_after_finished,
            # A replacement pod starts only once the old one has gone: never two
            # workers writing the same checkpoint directory (and podFailurePolicy requires it).
            pod_replacement_policy="Failed",
            pod_failure_policy=k8s.V1PodFailurePolicy(
                rules=[
                    k8s.V1PodFailurePolicyRule(
                        action="Ignore",
                        on_pod_conditions=[
                            k8s.V1PodFailurePolicyOnPodConditionsPattern(
                                type="DisruptionTarget", status="True"
                            )
                        ],
                    ),
                    k8s.V1PodFailurePolicyRule(
                        action="FailJob",
                        on_exit_codes=k8s.V1PodFailurePolicyOnExitCodesRequirement(
                            container_name=WORKER_CONTAINER, operator="In", values=[EXIT_CONFIG]
                        ),
                    ),
                ]
            ),
            template=k8s.V1PodTemplateSpec(
                metadata=k8s.V1ObjectMeta(
                    labels=_labels(job_id, config, attempt),
                    annotations=_annotations(job_id, config),
                ),
                spec=pod,
            ),
        ),
    )
