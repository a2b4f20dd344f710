"""kmock's Kubernetes API emulator on loopback, and the real client pointed at it.

The emulator is an in-memory object store over HTTP: no controllers (tests play
the Job controller and the kubelet by creating pods and patching statuses), no
validation, no ``labelSelector`` filtering, no resource versions. The subclass here
adds what an apiserver always sets on create and the backend relies on
(``namespace``: without it the emulator's watch drops the event; ``uid``, for owner
references; ``creationTimestamp``), and can answer one scripted error.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import attrs
import kmock
import pytest
from kubernetes import client as k8s

NAMESPACE = "ml"
RESOURCES = ("batch/v1/jobs", "v1/pods", "v1/secrets", "v1/services")

pytestmark = pytest.mark.emulator


def stamp(seconds_ago: float = 0.0) -> str:
    """An RFC 3339 time ``seconds_ago`` in the past, as the apiserver writes it."""
    t = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=seconds_ago)
    return t.replace(microsecond=0).isoformat().replace("+00:00", "Z")


@attrs.define(kw_only=True)
class Emulator(kmock.KubernetesEmulator):
    # (action, plural) -> (status, reason, message): the next such request fails once.
    fail_next: dict[tuple[str, str], tuple[int, str, str]] = attrs.field(factory=dict)

    async def _handle(self, request: kmock.Request) -> Any:
        if request.resource is not None and request.action is not None:
            key = (request.action.value, str(request.resource.plural))
            if key in self.fail_next:
                status, reason, message = self.fail_next.pop(key)
                return await self._render_error(
                    kmock.KubernetesError(status=status, reason=reason, message=message)
                )
        if request.action == kmock.action.CREATE and isinstance(request.data, dict):
            meta = request.data.setdefault("metadata", {})
            if request.namespace:
                meta.setdefault("namespace", request.namespace)
            meta.setdefault("uid", str(uuid.uuid4()))
            meta.setdefault("creationTimestamp", stamp())
        return await super()._handle(request)


class Cluster:
    """The emulator on its own event loop in a background thread, and an ApiClient."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self._stop = asyncio.Event()
        started: asyncio.Future[tuple[Emulator, str]] = self.loop.create_future()
        self._serving = asyncio.run_coroutine_threadsafe(self._serve(started), self.loop)
        self.emu, self.url = asyncio.run_coroutine_threadsafe(
            asyncio.wait_for(asyncio.shield(started), 10), self.loop
        ).result(15)
        config = k8s.Configuration()
        config.host = self.url
        self.api = k8s.ApiClient(config)
        self.batch = k8s.BatchV1Api(self.api)
        self.core = k8s.CoreV1Api(self.api)
        self.logs: dict[str, str] = {}

    async def _serve(self, started: asyncio.Future[tuple[Emulator, str]]) -> None:
        self._stop = asyncio.Event()
        async with Emulator() as emu, kmock.Server(emu) as srv:
            for r in RESOURCES:
                emu.resources[r] = kmock.ResourceInfo(namespaced=True)
            started.set_result((emu, str(srv.url).rstrip("/")))
            await self._stop.wait()

    def close(self) -> None:
        self.api.close()
        self.loop.call_soon_threadsafe(self._stop.set)
        self._serving.result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)

    # -- playing the Job controller and the kubelet -----------------------------------

    def add_pod(
        self, job: k8s.V1Job, name: str, *, index: int = 0, status: dict[str, Any] | None = None
    ) -> None:
        """A pod of ``job`` as the Job controller makes it (labels, owner, template)."""
        assert job.metadata is not None and job.spec is not None
        template = self.api.sanitize_for_serialization(job.spec.template)
        meta = dict(template.get("metadata") or {})
        labels = dict(meta.get("labels") or {})
        labels["batch.kubernetes.io/job-name"] = job.metadata.name
        labels["job-name"] = job.metadata.name
        annotations = dict(meta.get("annotations") or {})
        annotations["batch.kubernetes.io/job-completion-index"] = str(index)
        body = {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {
                "name": name,
                "namespace": NAMESPACE,
                "labels": labels,
                "annotations": annotations,
                "ownerReferences": [
                    {
                        "apiVersion": "batch/v1",
                        "kind": "Job",
                        "name": job.metadata.name,
                        "uid": job.metadata.uid,
                        "controller": True,
                    }
                ],
            },
            "spec": template["spec"],
            "status": status or {"phase": "Pending"},
        }
        self.core.create_namespaced_pod(NAMESPACE, body)  # type: ignore[arg-type]

    def pod_status(self, name: str, status: dict[str, Any]) -> None:
        self.core.patch_namespaced_pod_status(name, NAMESPACE, {"status": status})

    def job_status(self, name: str, status: dict[str, Any]) -> None:
        self.batch.patch_namespaced_job_status(name, NAMESPACE, {"status": status})

    def finish_job(self, name: str, kind: str, reason: str = "", message: str = "") -> None:
        """The Job controller's final conditions (``Complete`` or ``Failed``)."""
        conditions = [
            {
                "type": kind,
                "status": "True",
                "reason": reason or None,
                "message": message or None,
                "lastTransitionTime": stamp(),
            }
        ]
        if kind == "Complete":
            conditions.insert(0, {"type": "SuccessCriteriaMet", "status": "True"})
        else:
            conditions.insert(0, {"type": "FailureTarget", "status": "True", "reason": reason})
        self.job_status(name, {"conditions": conditions})

    def serve_log(self, pod: str, text: str) -> None:
        """What ``pods/log`` answers for ``pod`` from now on (the emulator keeps no logs)."""
        if pod not in self.logs:
            path = f"get /api/v1/namespaces/{NAMESPACE}/pods/{pod}/log"
            (
                self.emu[path]
                << kmock.headers({"Content-Type": "text/plain"})
                << (lambda _request: self.logs[pod].encode())
            )
        self.logs[pod] = text

    def jobs(self) -> list[k8s.V1Job]:
        return list(self.batch.list_namespaced_job(NAMESPACE).items)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    c = Cluster()
    try:
        yield c
    finally:
        c.close()
