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
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

from tuneforge.runtime.config import ENV_PREFIX, Settings
from tuneforge.trainer.k8s_manifest import KubernetesConfig, load_config

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
}

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
    ],
    ids=["top", "nested", "deep", "case", "bool"],
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
    ],
    ids=["namespace", "tls", "tracking-uri", "allowed-images"],
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
