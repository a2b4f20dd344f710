"""What the backend relies on from the Kubernetes API, with the real client against
kmock's emulator: create, 409 on a second create, get, list by label, watch (with
scripted Complete and Failed statuses), logs, delete, and the informer's relist."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from kubernetes import client as k8s
from kubernetes import watch
from kubernetes.client.exceptions import ApiException

from tests.emulator.conftest import NAMESPACE, Cluster
from tests.unit.test_k8s_manifest import config, job_spec
from tuneforge.trainer import k8s_manifest as km
from tuneforge.trainer.k8s_watch import Informer, matches
from tuneforge.trainer.kubernetes import MANAGED_BY

pytestmark = pytest.mark.emulator


def eventually(check: Callable[[], bool], seconds: float = 5.0) -> None:
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def _job(job_id: str = "job-1") -> k8s.V1Job:
    return km.job_manifest(job_id, job_spec(), config())


def km_conditions(job: k8s.V1Job) -> list[str]:
    return [c.type for c in (job.status.conditions or [])] if job.status else []


def test_create_conflict_get_list_delete(cluster: Cluster) -> None:
    created = cluster.batch.create_namespaced_job(NAMESPACE, _job())
    assert created.metadata.name == "job-1-1" and created.metadata.uid
    with pytest.raises(ApiException) as e:
        cluster.batch.create_namespaced_job(NAMESPACE, _job())
    assert e.value.status == 409
    got = cluster.batch.read_namespaced_job("job-1-1", NAMESPACE)
    assert got.metadata.annotations == {"tuneforge.dev/job-id": "job-1"}
    assert got.spec.template.spec.restart_policy == "Never"
    cluster.core.create_namespaced_secret(
        NAMESPACE, k8s.V1Secret(metadata=k8s.V1ObjectMeta(name="other", labels={"a": "b"}))
    )
    listed = cluster.batch.list_namespaced_job(NAMESPACE, label_selector=MANAGED_BY).items
    assert [j.metadata.name for j in listed] == ["job-1-1"]
    # The emulator ignores labelSelector: the informer filters again on the client.
    secrets = cluster.core.list_namespaced_secret(NAMESPACE, label_selector=MANAGED_BY).items
    assert [s.metadata.name for s in secrets if matches(s.metadata.labels, MANAGED_BY)] == []
    cluster.batch.delete_namespaced_job("job-1-1", NAMESPACE, propagation_policy="Foreground")
    with pytest.raises(ApiException) as e:
        cluster.batch.read_namespaced_job("job-1-1", NAMESPACE)
    assert e.value.status == 404
    with pytest.raises(ApiException) as e:
        cluster.batch.delete_namespaced_job("job-1-1", NAMESPACE)
    assert e.value.status == 404


@pytest.mark.parametrize(("kind", "reason"), [("Complete", ""), ("Failed", "DeadlineExceeded")])
def test_watch_sees_the_scripted_final_condition(cluster: Cluster, kind: str, reason: str) -> None:
    cluster.batch.create_namespaced_job(NAMESPACE, _job())
    w = watch.Watch()
    seen: list[tuple[str, list[str]]] = []
    stream = w.stream(
        cluster.batch.list_namespaced_job,
        NAMESPACE,
        label_selector=MANAGED_BY,
        timeout_seconds=5,
        _request_timeout=(5, 5),
    )
    for event in stream:
        obj = event["object"]
        conds = km_conditions(obj)
        seen.append((event["type"], conds))
        if event["type"] == "ADDED":
            cluster.finish_job("job-1-1", kind, reason)
        elif kind in conds:
            w.stop()
    assert seen[0] == ("ADDED", [])
    assert seen[-1][0] == "MODIFIED" and kind in seen[-1][1]
    job = cluster.batch.read_namespaced_job("job-1-1", NAMESPACE)
    final = [c for c in job.status.conditions if c.type == kind]
    assert final[0].status == "True" and (final[0].reason or "") == reason


def test_pod_log_is_text(cluster: Cluster) -> None:
    cluster.serve_log("job-1-1-0-abcde", "2026-01-01T00:00:00.5Z step 1\n")
    text = cluster.core.read_namespaced_pod_log(
        "job-1-1-0-abcde", NAMESPACE, container="worker", timestamps=True, since_seconds=10
    )
    assert text == "2026-01-01T00:00:00.5Z step 1\n"


def test_informer_follows_changes_relists_on_gone_and_stops(cluster: Cluster) -> None:
    changes: list[int] = []
    informer = Informer(
        cluster.batch.list_namespaced_job,
        NAMESPACE,
        MANAGED_BY,
        lambda: changes.append(1),
        name="jobs",
        idle_seconds=0.5,
        backoff_seconds=0.05,
    )
    informer.start()
    try:
        assert informer.wait_synced(5) and informer.snapshot() == {}
        cluster.batch.create_namespaced_job(NAMESPACE, _job())
        eventually(lambda: "job-1-1" in informer.snapshot())
        cluster.finish_job("job-1-1", "Complete")
        eventually(lambda: "Complete" in km_conditions(informer.snapshot()["job-1-1"]))
        # An expired watch (410 Gone): the informer lists again and keeps going.
        relists = informer.relists
        cluster.emu.fail_next[("WATCH", "jobs")] = (410, "Expired", "too old resource version")
        eventually(lambda: informer.relists > relists, 10)
        cluster.batch.create_namespaced_job(NAMESPACE, _job("job-2"))
        eventually(lambda: set(informer.snapshot()) == {"job-1-1", "job-2-1"})
        # Other errors back off and retry (the emulator answers 500 once).
        cluster.emu.fail_next[("LIST", "jobs")] = (500, "InternalError", "etcd is away")
        cluster.emu.fail_next[("WATCH", "jobs")] = (410, "Expired", "too old")
        cluster.batch.delete_namespaced_job("job-1-1", NAMESPACE)
        eventually(lambda: set(informer.snapshot()) == {"job-2-1"}, 10)
        assert changes
    finally:
        started = time.monotonic()
        informer.stop()
        assert time.monotonic() - started < 5
