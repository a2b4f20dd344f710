"""The deployment files under deploy/, checked offline: no docker, no cluster, no network.

- both Dockerfiles pass hadolint with no finding at all, and say what the design says
  (user, entrypoint, the one torch pin from constraints/torch.txt, the build context);
- every kustomize rendering (base, each overlay) is valid Kubernetes, strictly, for the
  oldest and the newest version checked here, and wires what the control plane reads:
  env names are Settings fields (and load), kubernetes.yaml loads as the trainer loads it
  and names objects that exist, the trainer's Role grants what the backend calls;
- compose.yaml starts in a safe order, every long-running service has a healthcheck,
  and the control plane's healthcheck really asks gRPC readiness.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from kubernetes_validate import utils as kv_utils

from tuneforge.runtime.config import ENV_PREFIX, Settings
from tuneforge.trainer import k8s_manifest
from tuneforge.trainer.k8s_manifest import KubernetesConfig, load_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOCKER = DEPLOY / "docker"
KUSTOMIZE = DEPLOY / "kustomize"
DOCKERFILES = ("control-plane", "worker")
RENDERINGS = ("base", "overlays/gpu", "overlays/dev")
OVERLAYS = ("overlays/gpu", "overlays/dev")
ROLES = ("tuner", "trainer", "tracker")
GRPC_PORT = 50051
CONFIG_MAP = "tuneforge-kubernetes"  # generated: <name>-<hash>
CONFIG_KEY = "kubernetes.yaml"
# The oldest version whose schemas have stable gRPC probes and every Job field used
# here, and the newest kubernetes-validate ships.
KUBE_VERSIONS = ("1.29.0", kv_utils.latest_version())
# What each overlay's kubernetes.yaml may change from the base's (the rest must agree).
OVERLAY_CONFIG_CHANGES = {
    "overlays/gpu": {
        "node_selector",
        "tolerations",
        "shm_size",
        "max_gpus_per_job",
        "max_workers_per_job",
    },
    "overlays/dev": {"namespace", "backoff_limit"},
}
SETTINGS_FIELDS = {f.name for f in dataclasses.fields(Settings)}
CONFIG_FIELDS = {f.name for f in dataclasses.fields(KubernetesConfig)}
# The worker's own variables (job_manifest sets them), not Settings of a server.
WORKER_ENV = {"TUNEFORGE_JOB_ID", "TUNEFORGE_JOB_TOKEN", "TUNEFORGE_JOB_DIR", "TUNEFORGE_POD_NAME"}

Doc = dict[str, Any]


def tool(name: str) -> str:
    """A dev tool from this venv (pyproject's dev extra), else from PATH; a clear failure
    when missing: a skipped deployment check would pass silently."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -c constraints/torch.txt -e '.[dev]'")
    return found


def run(*cmd: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, input=stdin, capture_output=True, text=True, timeout=60, check=False, cwd=ROOT
    )


# ------------------------------------------------------------------------ Dockerfiles


def dockerfile(name: str) -> Path:
    return DOCKER / f"{name}.Dockerfile"


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile: comments dropped, continuations joined."""
    out: list[tuple[str, str]] = []
    pending = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        pending += " " + stripped.removesuffix("\\").strip() if pending else stripped
        if stripped.endswith("\\"):
            pending = pending.removesuffix("\\")
            continue
        keyword, _, args = pending.partition(" ")
        out.append((keyword.upper(), args.strip()))
        pending = ""
    return out


def final_stage(path: Path) -> list[tuple[str, str]]:
    steps = instructions(path)
    start = max(i for i, (k, _) in enumerate(steps) if k == "FROM")
    return steps[start:]


def the(steps: list[tuple[str, str]], keyword: str) -> str:
    found = [args for k, args in steps if k == keyword]
    assert len(found) == 1, f"expected one {keyword}, got {found}"
    return found[0]


def torch_pin() -> str:
    """The version in constraints/torch.txt, parsed as the Makefile parses it."""
    text = (ROOT / "constraints" / "torch.txt").read_text(encoding="utf-8")
    pins = re.findall(r"^torch==([^ ;\n]+)", text, flags=re.M)
    assert len(pins) == 1, f"constraints/torch.txt must pin torch exactly once, got {pins}"
    return pins[0]


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_hadolint_catches_findings() -> None:
    """The linter really lints (a clean result below is not an empty run)."""
    bad = "FROM debian\nRUN apt-get update && apt-get install curl\n"
    result = run(tool("hadolint"), "--no-color", "-f", "json", "-", stdin=bad)
    codes = {f["code"] for f in json.loads(result.stdout)}
    assert result.returncode != 0
    assert {"DL3006", "DL3008", "DL3015"} <= codes, codes


@pytest.mark.parametrize("name", DOCKERFILES)
def test_hadolint_clean(name: str) -> None:
    result = run(tool("hadolint"), "--no-color", "-f", "json", str(dockerfile(name)))
    findings = json.loads(result.stdout or "[]")
    assert findings == [] and result.returncode == 0, (findings, result.stderr)


@pytest.mark.parametrize("name", DOCKERFILES)
def test_dockerfile_ignores_carry_a_reason(name: str) -> None:
    """``# hadolint ignore=`` only right under a comment that says why."""
    lines = dockerfile(name).read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if "hadolint ignore" in line:
            above = lines[i - 1].strip() if i else ""
            assert above.startswith("#") and "hadolint" not in above, (name, i + 1, line)


@pytest.mark.parametrize("name", DOCKERFILES)
def test_dockerfile_runs_as_non_root(name: str) -> None:
    final = final_stage(dockerfile(name))
    assert the(final, "USER").split(":")[0] == "10001"
    from_ = the(final, "FROM")
    assert " AS " not in from_.upper(), "the last stage is the image"
    assert any(k == "COPY" and "--from=build" in a for k, a in final), "multi-stage"


def test_control_plane_image() -> None:
    steps = instructions(dockerfile("control-plane"))
    final = final_stage(dockerfile("control-plane"))
    assert json.loads(the(final, "ENTRYPOINT")) == ["tuneforge"]
    assert json.loads(the(final, "CMD")) == ["serve", "all"]
    assert the(final, "EXPOSE") == str(GRPC_PORT)
    assert re.fullmatch(r"\$\{PYTHON_IMAGE\}( AS build)?", the(steps[:3], "FROM") or "")
    assert any(k == "ARG" and a == "PYTHON_IMAGE=python:3.11-slim-bookworm" for k, a in steps)
    installs = [a for k, a in steps if k == "RUN" and "pip install" in a]
    assert len(installs) == 1
    # Torch-free: only the server extra, the torch pin kept as a constraint.
    assert "-c constraints/torch.txt '.[server]'" in installs[0]
    assert "torch" not in pyproject()["project"]["optional-dependencies"]["server"]


def test_worker_image_installs_the_one_torch_pin() -> None:
    """The worker's torch is constraints/torch.txt's: installed from it with the CUDA
    index matching the base image, kept as a constraint after, never retyped here."""
    path = dockerfile("worker")
    steps = instructions(path)
    text = path.read_text(encoding="utf-8")
    torch_pin()  # exactly one pin
    assert not re.search(r"torch\s*(==|>=|<=|~=|!=|>|<)", text), "a second torch version"
    final = final_stage(path)
    assert json.loads(the(final, "ENTRYPOINT")) == ["tuneforge", "worker"]

    runs = [(i, a) for i, (k, a) in enumerate(steps) if k == "RUN" and "pip install" in a]
    torch_runs = [(i, a) for i, a in runs if "-r constraints/torch.txt" in a]
    assert len(torch_runs) == 1, runs
    first, torch_cmd = torch_runs[0]
    assert runs[0][0] == first, "torch is installed first"
    assert '--index-url "${TORCH_INDEX_URL}"' in torch_cmd
    copies = [i for i, (k, a) in enumerate(steps) if k == "COPY" and a.startswith("constraints/")]
    assert copies and copies[0] < first
    package = [a for i, a in runs if i > first]
    assert len(package) == 1 and "-c constraints/torch.txt '.[server,train]'" in package[0]
    extras = pyproject()["project"]["optional-dependencies"]
    assert {"server", "train"} <= set(extras)
    assert any(dep.startswith("torch") for dep in extras["train"])

    args = dict(a.split("=", 1) for k, a in steps if k == "ARG" and "=" in a)
    cuda = re.fullmatch(r"nvidia/cuda:(\d+)\.(\d+)\.\d+-[a-z-]+-ubuntu\d+\.\d+", args["CUDA_IMAGE"])
    assert cuda, args["CUDA_IMAGE"]
    assert args["TORCH_INDEX_URL"] == (
        f"https://download.pytorch.org/whl/cu{cuda.group(1)}{cuda.group(2)}"
    )


@pytest.mark.parametrize("name", DOCKERFILES)
def test_build_context_ignore_file(name: str) -> None:
    """BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile: it must exclude the
    rest of the repository (.venv is gigabytes) and keep every path a COPY reads."""
    ignore = Path(f"{dockerfile(name)}.dockerignore")
    rules = [
        line.strip()
        for line in ignore.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules[0] == "*"
    kept = {r[1:].rstrip("/") for r in rules if r.startswith("!")}
    for keyword, args in instructions(dockerfile(name)):
        if keyword == "COPY" and "--from=" not in args:
            *sources, _dest = args.split()
            for src in sources:
                assert src.rstrip("/") in kept, f"{name}: COPY {src} is not in {ignore.name}"
                assert (ROOT / src).exists(), src


# ------------------------------------------------------------------------- kustomize


@functools.cache
def render(target: str) -> tuple[Doc, ...]:
    result = run(tool("kubectl"), "kustomize", str(KUSTOMIZE / target))
    assert result.returncode == 0, result.stderr
    return tuple(d for d in yaml.safe_load_all(result.stdout) if d)


def objects(target: str, kind: str) -> list[Doc]:
    return [d for d in render(target) if d["kind"] == kind]


def named(target: str, kind: str, name: str) -> Doc:
    found = [d for d in objects(target, kind) if d["metadata"]["name"] == name]
    assert len(found) == 1, f"{target}: {kind}/{name}: {len(found)} found"
    return found[0]


def config_map(target: str) -> Doc:
    found = [
        d
        for d in objects(target, "ConfigMap")
        if re.fullmatch(rf"{CONFIG_MAP}-[a-z0-9]{{10}}", d["metadata"]["name"])
    ]
    assert len(found) == 1, target
    return found[0]


def raw_config(target: str) -> dict[str, Any]:
    doc = yaml.safe_load(config_map(target)["data"][CONFIG_KEY])
    assert isinstance(doc, dict)
    return doc


@pytest.fixture
def config_of(tmp_path: Path) -> Callable[[str], KubernetesConfig]:
    """The rendering's kubernetes.yaml loaded exactly as the trainer loads it."""

    def load(target: str) -> KubernetesConfig:
        path = tmp_path / target.replace("/", "-") / CONFIG_KEY
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(config_map(target)["data"][CONFIG_KEY], encoding="utf-8")
        return load_config(path)

    return load


def pod_specs(target: str) -> Iterator[tuple[str, Doc]]:
    for d in render(target):
        if d["kind"] in ("Deployment", "Job", "StatefulSet", "DaemonSet"):
            yield f"{d['kind']}/{d['metadata']['name']}", d["spec"]["template"]["spec"]


def deployment(target: str, role: str) -> Doc:
    return named(target, "Deployment", f"tuneforge-{role}")


def container(target: str, role: str) -> Doc:
    containers = deployment(target, role)["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return dict(containers[0])


@pytest.mark.parametrize("target", RENDERINGS)
@pytest.mark.parametrize("version", KUBE_VERSIONS)
def test_rendering_is_valid_kubernetes(target: str, version: str) -> None:
    docs = render(target)
    assert docs
    for doc in docs:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as e:
            pytest.fail(f"{target} {doc['kind']}/{doc['metadata']['name']} ({version}): {e}")


def test_base_is_namespace_agnostic() -> None:
    assert all("namespace" not in d["metadata"] for d in render("base"))


@pytest.mark.parametrize("target", OVERLAYS)
def test_overlay_namespace_is_the_configs(
    target: str, config_of: Callable[[str], KubernetesConfig]
) -> None:
    """The trainer's Role reaches its own namespace only: the Jobs must be created there."""
    namespaces = {d["metadata"].get("namespace") for d in render(target)}
    assert namespaces == {config_of(target).namespace}
    for binding in objects(target, "RoleBinding"):
        assert {s["namespace"] for s in binding["subjects"]} == namespaces


@pytest.mark.parametrize("target", RENDERINGS)
def test_kubernetes_yaml_loads_and_points_at_real_objects(
    target: str, config_of: Callable[[str], KubernetesConfig]
) -> None:
    assert set(raw_config(target)) == CONFIG_FIELDS, "exactly the KubernetesConfig keys"
    config = config_of(target)
    named(target, "PersistentVolumeClaim", config.checkpoint_pvc)
    assert config.service_account is not None
    account = named(target, "ServiceAccount", config.service_account)
    assert account.get("automountServiceAccountToken") is False
    host, _, port = config.trainer_address.rpartition(":")
    service = named(target, "Service", host)
    assert service["spec"]["selector"]["app.kubernetes.io/component"] == "trainer"
    assert int(port) in {p["port"] for p in service["spec"]["ports"]}
    # One release: the workers' image has the control plane's tag.
    worker_repo, _, worker_tag = config.image.rpartition(":")
    assert worker_repo == "tuneforge/worker"
    tags = {
        c["image"].rpartition(":")[2]
        for _, pod in pod_specs(target)
        for c in pod["containers"]
        if c["image"].startswith("tuneforge/")
    }
    assert tags == {worker_tag}
    # The trainer mounts exactly this ConfigMap where TUNEFORGE_KUBERNETES_CONFIG says.
    pod = deployment(target, "trainer")["spec"]["template"]["spec"]
    c = container(target, "trainer")
    env = {e["name"]: e.get("value") for e in c["env"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = [
        m
        for m in c["volumeMounts"]
        if volumes[m["name"]].get("configMap", {}).get("name")
        == config_map(target)["metadata"]["name"]
    ]
    assert len(mounts) == 1 and mounts[0]["subPath"] == CONFIG_KEY
    assert env["TUNEFORGE_KUBERNETES_CONFIG"] == mounts[0]["mountPath"]
    assert env["TUNEFORGE_TRAINER_BACKEND"] == "kubernetes"


@pytest.mark.parametrize("target", OVERLAYS)
def test_overlay_config_differs_only_where_intended(target: str) -> None:
    base, overlay = raw_config("base"), raw_config(target)
    changed = {k for k in CONFIG_FIELDS if base.get(k) != overlay.get(k)}
    assert changed == OVERLAY_CONFIG_CHANGES[target]


def test_base_pool_is_cpu_only(config_of: Callable[[str], KubernetesConfig]) -> None:
    config = config_of("base")
    assert config.max_gpus_per_job == 0 and not config.node_selector and not config.tolerations


def test_gpu_overlay_targets_the_gpu_pool(config_of: Callable[[str], KubernetesConfig]) -> None:
    config = config_of("overlays/gpu")
    assert config.node_selector.get("nvidia.com/gpu.present") == "true"
    assert any(
        t.get("key") == k8s_manifest.GPU_RESOURCE
        and t.get("operator") == "Exists"
        and t.get("effect") == "NoSchedule"
        for t in config.tolerations
    ), config.tolerations
    assert config.max_gpus_per_job > 0


def test_gpu_overlay_job_is_valid(config_of: Callable[[str], KubernetesConfig]) -> None:
    """A GPU job on the gpu overlay's pool: accepted by check, and a valid Job that
    lands on the GPU nodes with its GPUs reserved."""
    from tuneforge.errors import Violations
    from tuneforge.v1 import trainer_service_pb2 as pb

    config = config_of("overlays/gpu")
    spec = pb.JobSpec(resources=pb.JobResources(gpus=config.max_gpus_per_job, cpu=4))
    violations = Violations()
    k8s_manifest.check(spec, config, violations)
    assert not violations
    job = k8s_manifest.job_manifest("job-1", spec, config)
    doc = k8s_manifest.k8s.ApiClient().sanitize_for_serialization(job)
    for version in KUBE_VERSIONS:
        kubernetes_validate.validate(doc, version, strict=True)
    pod = doc["spec"]["template"]["spec"]
    assert pod["nodeSelector"]["nvidia.com/gpu.present"] == "true"
    assert pod["tolerations"] == config.tolerations
    assert pod["serviceAccountName"] == config.service_account
    limits = pod["containers"][0]["resources"]["limits"]
    assert limits[k8s_manifest.GPU_RESOURCE] == str(config.max_gpus_per_job)


# The trainer's Role: (apiGroup, resource) -> verbs (docs/kubernetes-backend.md).
TRAINER_RULES = {
    ("batch", "jobs"): {"create", "get", "list", "watch", "delete"},
    ("", "pods"): {"get", "list", "watch"},
    ("", "pods/log"): {"get", "list", "watch"},
    ("", "secrets"): {"create", "get", "delete"},
    ("", "services"): {"create", "get", "delete"},
}
_CALL = re.compile(r"\.(create|read|list|delete|patch|replace)_namespaced_(\w+?)\b")
_VERBS = {"create": "create", "read": "get", "delete": "delete", "patch": "patch"}
_VERBS["replace"] = "update"
_RESOURCES = {
    "job": ("batch", "jobs"),
    "pod": ("", "pods"),
    "pod_log": ("", "pods/log"),
    "secret": ("", "secrets"),
    "service": ("", "services"),
}


def granted(role: Doc) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for rule in role["rules"]:
        for group in rule["apiGroups"]:
            for resource in rule["resources"]:
                out.setdefault((group, resource), set()).update(rule["verbs"])
    return out


@pytest.mark.parametrize("target", RENDERINGS)
def test_trainer_role(target: str) -> None:
    role = named(target, "Role", "tuneforge-trainer")
    assert granted(role) == TRAINER_RULES
    assert all("resourceNames" not in r for r in role["rules"])
    assert objects(target, "ClusterRole") == [] and objects(target, "ClusterRoleBinding") == []
    binding = named(target, "RoleBinding", "tuneforge-trainer")
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": "tuneforge-trainer",
    }
    assert [(s["kind"], s["name"]) for s in binding["subjects"]] == [
        ("ServiceAccount", "tuneforge-trainer")
    ]
    pod = deployment(target, "trainer")["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == "tuneforge-trainer"
    for name, spec in pod_specs(target):
        if name != "Deployment/tuneforge-trainer":
            assert spec.get("serviceAccountName") != "tuneforge-trainer", name
            assert spec.get("automountServiceAccountToken") is False, name


def test_trainer_role_covers_the_backends_calls() -> None:
    """Every API call of the Kubernetes backend is granted (a list is also watched)."""
    sources = [ROOT / "services/tuneforge/trainer" / f for f in ("kubernetes.py", "k8s_watch.py")]
    calls = {m for p in sources if p.exists() for m in _CALL.findall(p.read_text("utf-8"))}
    assert calls, "no API calls found: the pattern is stale"
    rules = granted(named("base", "Role", "tuneforge-trainer"))
    for action, resource in sorted(calls):
        key = _RESOURCES[resource]
        needed = {"list", "watch"} if action == "list" else {_VERBS[action]}
        assert needed <= rules.get(key, set()), f"{action}_namespaced_{resource}: {key}"


@pytest.mark.parametrize("target", RENDERINGS)
@pytest.mark.parametrize("role", ROLES)
def test_role_deployment_and_service(target: str, role: str) -> None:
    d = deployment(target, role)
    c = container(target, role)
    assert c["args"] == ["serve", role] and "command" not in c
    assert c["image"].startswith("tuneforge/control-plane:")
    assert [p["containerPort"] for p in c["ports"]] == [GRPC_PORT]
    assert c["readinessProbe"]["grpc"] == {"port": GRPC_PORT, "service": "readiness"}
    for probe in ("livenessProbe", "startupProbe"):
        assert c[probe]["grpc"].get("service", "") == "" and c[probe]["grpc"]["port"] == GRPC_PORT
    service = named(target, "Service", f"tuneforge-{role}")
    labels = d["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert d["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert [(p["port"], p["targetPort"]) for p in service["spec"]["ports"]] == [(GRPC_PORT, "grpc")]
    if role == "trainer":
        assert d["spec"]["replicas"] == 1
        assert d["spec"]["strategy"] == {"type": "Recreate"}


@pytest.mark.parametrize("target", RENDERINGS)
def test_every_pod_is_locked_down(target: str) -> None:
    for name, pod in pod_specs(target):
        pod_sc = pod.get("securityContext", {})
        assert pod_sc.get("runAsNonRoot") is True, name
        assert pod_sc.get("seccompProfile") == {"type": "RuntimeDefault"}, name
        for c in pod["containers"] + pod.get("initContainers", []):
            sc = c.get("securityContext", {})
            assert sc.get("capabilities") == {"drop": ["ALL"]}, (name, c["name"])
            assert sc.get("allowPrivilegeEscalation") is False, (name, c["name"])
            assert sc.get("readOnlyRootFilesystem") is True, (name, c["name"])
            assert sc.get("seccompProfile", pod_sc["seccompProfile"]) == {"type": "RuntimeDefault"}
            assert "resources" in c and "limits" in c["resources"], (name, c["name"])
            tmp = [m for m in c.get("volumeMounts", []) if m["mountPath"] == "/tmp"]
            assert tmp, f"{name}: a read-only root needs a writable /tmp"


def control_plane_env(target: str, role: str, tmp_path: Path) -> dict[str, str]:
    """The container's TUNEFORGE_* environment as the pod would see it: the shared
    ConfigMap, its own env; secrets and mounted files stood in for by local ones."""
    c = container(target, role)
    env: dict[str, str] = {}
    for source in c.get("envFrom", []):
        cm = named(target, "ConfigMap", source["configMapRef"]["name"])
        env.update(cm["data"])
    for e in c.get("env", []):
        if "value" in e:
            env[e["name"]] = e["value"]
        elif "secretKeyRef" in e["valueFrom"]:
            env[e["name"]] = {
                "database-url": f"sqlite:///{tmp_path / 'state.db'}",
                "tracking-uri": f"sqlite:///{tmp_path / 'mlflow.db'}",
            }[e["valueFrom"]["secretKeyRef"]["key"]]
    for name, value in env.items():
        if value.startswith("/etc/tuneforge/"):  # a mounted Secret or ConfigMap file
            local = tmp_path / value.removeprefix("/")
            local.parent.mkdir(parents=True, exist_ok=True)
            local.write_text(raw_config_text(target) if value.endswith(CONFIG_KEY) else "x")
            env[name] = str(local)
        elif value.startswith("/var/lib/tuneforge"):
            env[name] = str(tmp_path / value.removeprefix("/"))
    return env


def raw_config_text(target: str) -> str:
    return str(config_map(target)["data"][CONFIG_KEY])


@pytest.mark.parametrize("target", RENDERINGS)
@pytest.mark.parametrize("role", ROLES)
def test_control_plane_env_is_settings(target: str, role: str, tmp_path: Path) -> None:
    """Every TUNEFORGE_* variable names a Settings field, and together they load
    (a non-loopback bind needs TLS or allow_insecure, and a token file or mTLS)."""
    env = control_plane_env(target, role, tmp_path)
    for name in env:
        assert name.startswith(ENV_PREFIX), name
        assert name.removeprefix(ENV_PREFIX).lower() in SETTINGS_FIELDS, name
    settings = Settings.load(env)
    assert settings.host == "0.0.0.0" and settings.port == GRPC_PORT
    assert settings.migrate_on_start is False
    assert settings.token_file is not None
    assert settings.trainer_backend == ("kubernetes" if role == "trainer" else "local")


@pytest.mark.parametrize("target", RENDERINGS)
def test_migrate_job(target: str) -> None:
    job = named(target, "Job", "tuneforge-migrate")
    pod = job["spec"]["template"]["spec"]
    [c] = pod["containers"]
    assert c["args"] == ["migrate"] and c["image"].startswith("tuneforge/control-plane:")
    assert pod["restartPolicy"] in ("Never", "OnFailure")
    assert job["spec"]["ttlSecondsAfterFinished"] > 0
    names = {e["name"] for e in c["env"]}
    assert "TUNEFORGE_DATABASE_URL" in names and names <= {
        ENV_PREFIX + f.upper() for f in SETTINGS_FIELDS
    }


def test_dev_overlay_is_self_contained() -> None:
    """Every Secret and ConfigMap a dev pod reads exists in the dev rendering."""
    target = "overlays/dev"
    have = {(d["kind"], d["metadata"]["name"]) for d in render(target)}
    for name, pod in pod_specs(target):
        for v in pod.get("volumes", []):
            if "secret" in v:
                assert ("Secret", v["secret"]["secretName"]) in have, name
            if "configMap" in v:
                assert ("ConfigMap", v["configMap"]["name"]) in have, name
        for c in pod["containers"]:
            for e in c.get("env", []):
                ref = e.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    secret = named(target, "Secret", ref["name"])
                    assert ref["key"] in secret["data"], (name, ref)
    # ... and the gpu overlay carries no credentials: they are made in the cluster.
    assert objects("overlays/gpu", "Secret") == []


# --------------------------------------------------------------------------- compose


@functools.cache
def compose() -> dict[str, Any]:
    doc = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def test_compose_order_and_healthchecks() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "migrate", "mlflow", "tuneforge"}
    for name, svc in services.items():
        one_shot = svc.get("restart") == "no"
        if not one_shot:
            assert svc["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), name
        for dep, cond in svc.get("depends_on", {}).items():
            wanted = "service_completed_successfully"
            if services[dep].get("restart") != "no":
                wanted = "service_healthy"
                assert "healthcheck" in services[dep], (name, dep)
            assert cond == {"condition": wanted}, (name, dep)
    assert set(services["tuneforge"]["depends_on"]) == {"migrate", "mlflow"}
    assert set(services["migrate"]["depends_on"]) == {"postgres"}
    assert services["migrate"]["command"] == ["migrate"]
    assert services["mlflow"]["entrypoint"] == ["mlflow"]
    assert services["mlflow"]["command"][0] == "server"


def test_compose_ports_volumes_images() -> None:
    doc = compose()
    services = doc["services"]
    assert "ports" not in services["postgres"]
    for name, svc in services.items():
        for port in svc.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)
        for volume in svc.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith("."):
                assert source in doc["volumes"], (name, source)
            else:
                assert (DEPLOY / source).is_dir(), source
        if "build" in svc:
            assert (DEPLOY / svc["build"]["context"]).resolve() == ROOT
            assert (ROOT / svc["build"]["dockerfile"]).is_file()
    images = {
        Path(s["build"]["dockerfile"]).name: s["image"] for s in services.values() if "build" in s
    }
    assert set(images) == {"control-plane.Dockerfile", "worker.Dockerfile"}
    assert services["mlflow"]["image"] == images["control-plane.Dockerfile"]
    # The local backend's workers need torch: the control plane runs from the worker image.
    assert services["tuneforge"]["image"] == images["worker.Dockerfile"]
    assert services["tuneforge"]["entrypoint"] == ["tuneforge"]
    assert services["tuneforge"]["command"] == ["serve", "all"]


def test_compose_env_is_settings(tmp_path: Path) -> None:
    services = compose()["services"]
    env = {str(k): str(v) for k, v in services["tuneforge"]["environment"].items()}
    for name in env:
        assert name.removeprefix(ENV_PREFIX).lower() in SETTINGS_FIELDS, name
    assert env["TUNEFORGE_TRAINER_BACKEND"] == "local"
    assert env["TUNEFORGE_TRACKING_URI"] == "http://mlflow:5000"
    # psycopg 3 is the driver installed (psycopg[binary]); plain postgresql:// means psycopg2.
    urls = [
        env["TUNEFORGE_DATABASE_URL"],
        services["migrate"]["environment"]["TUNEFORGE_DATABASE_URL"],
    ]
    assert all(u.startswith("postgresql+psycopg://") and u.endswith("/tuneforge") for u in urls)
    mlflow_url = services["mlflow"]["environment"]["MLFLOW_BACKEND_STORE_URI"]
    assert mlflow_url.startswith("postgresql+psycopg://") and mlflow_url.endswith("/mlflow")
    local = {**env, "TUNEFORGE_DATABASE_URL": "", "TUNEFORGE_HOME": str(tmp_path)}
    assert Settings.load(local).host == "0.0.0.0"


def test_mlflow_database_is_made_once_for_both() -> None:
    """compose's init script and the dev overlay create the same MLflow database."""
    sql = (DEPLOY / "postgres-init" / "10-mlflow.sql").read_text(encoding="utf-8")
    statement = " ".join(line for line in sql.splitlines() if not line.startswith("--")).strip()
    name = _generated("overlays/dev", "tuneforge-dev-postgres-init")
    init = named("overlays/dev", "ConfigMap", name)
    assert init["data"] == {"10-mlflow.sql": statement}


def _generated(target: str, prefix: str) -> str:
    names = [
        d["metadata"]["name"]
        for d in render(target)
        if re.fullmatch(rf"{prefix}-[a-z0-9]{{10}}", d["metadata"]["name"])
    ]
    assert len(names) == 1, (prefix, names)
    return names[0]


def test_compose_healthcheck_asks_grpc_readiness(start_server: Callable[..., Any]) -> None:
    """The control plane's healthcheck, run against a real server: healthy while it
    serves, unhealthy once it has stopped."""
    test = compose()["services"]["tuneforge"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    code = test[3]
    assert f"127.0.0.1:{GRPC_PORT}" in code
    server = start_server(specs=[])
    probe = [sys.executable, "-c", code.replace(f":{GRPC_PORT}", f":{server.port}")]
    assert subprocess.run(probe, capture_output=True, timeout=30, check=False).returncode == 0
    server.stop(grace=0)
    assert subprocess.run(probe, capture_output=True, timeout=30, check=False).returncode != 0
