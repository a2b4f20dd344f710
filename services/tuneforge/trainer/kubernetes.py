"""The Kubernetes backend: each job runs as a ``batch/v1`` Job whose pod is a remote
worker (``tuneforge worker``) that talks to this trainer's WorkerService.

One reconciler thread drives every job from the store and from two informers
(:mod:`.k8s_watch`: the Jobs and Pods labelled ``managed-by=tuneforge-trainer``):

- **Submit.** A QUEUED job without a Job gets one (:func:`~.k8s_manifest.job_manifest`),
  then its token Secret and, for ``workers`` > 1, its headless Service, both owned by
  the Job (garbage-collected with it). A 409 means it exists: it is adopted. A create
  the API refuses for good (403 quota exceeded, 422 invalid, any other 4xx) fails
  the job with the API's message; 5xx and network errors are retried next round.
- **Run.** The pod claims its job through :class:`~.remote_host.RemoteJobs`
  (QUEUED -> RUNNING, owner ``kubernetes/<namespace>``) and reports its events;
  this backend mirrors rank 0's ``pods/log`` into the job's log file.
- **End.** Job ``Complete`` -> SUCCEEDED with the final metrics the worker reported;
  ``Failed`` -> FAILED with the reason (the deadline, the retries spent and the last
  pod's termination message). A pod that cannot pull its image, or stays
  unschedulable longer than ``kubernetes_unschedulable_seconds``, fails its job at
  once, with the kubelet's or the scheduler's message, and the Job is deleted: no job
  waits QUEUED forever. A stop request deletes the Job (Foreground) and finishes
  the job as asked; a RUNNING job whose Job vanished fails; a Job whose job ended
  elsewhere is deleted.
- **Restarts.** Nothing in memory matters: the store and the labelled Jobs are the
  truth, and the first round after a start adopts what exists.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from kubernetes import client as k8s
from kubernetes.client.exceptions import ApiException

from tuneforge.errors import NotFoundError, Violations
from tuneforge.runtime.config import Settings
from tuneforge.tracker.store import TrackerStore
from tuneforge.trainer import job_tokens
from tuneforge.trainer import k8s_manifest as manifest
from tuneforge.trainer.events import JobState
from tuneforge.trainer.exit_codes import EXIT_DONE
from tuneforge.trainer.jobdir import JobDir
from tuneforge.trainer.k8s_manifest import KubernetesConfig
from tuneforge.trainer.k8s_watch import Informer
from tuneforge.trainer.remote_host import RemoteJobs
from tuneforge.trainer.store import JobRecord, JobStore
from tuneforge.trainer.tracking import JobRecorder
from tuneforge.v1 import trainer_service_pb2 as pb

__all__ = ["MANAGED_BY", "KubernetesBackend", "load_api_client"]

log = logging.getLogger("tuneforge.trainer.kubernetes")

MANAGED_BY = "app.kubernetes.io/managed-by=tuneforge-trainer"
ROUND_SECONDS = 1.0  # a round runs on every change and at least this often
HEARTBEAT_SECONDS = 5.0
LOG_SECONDS = 2.0  # how often rank 0's log is read while the job runs
IMAGE_ERRORS = ("ErrImagePull", "ImagePullBackOff", "InvalidImageName")
JOB_DELETED = "its Kubernetes Job was deleted"
DEADLINE = "exceeded its max_duration (the Job's activeDeadlineSeconds)"
_CALL_TIMEOUT = (5.0, 30.0)  # connect, read: a stuck apiserver delays a round, never hangs it


def load_api_client() -> k8s.ApiClient:
    """The in-cluster service account's client when running in a pod, else kubeconfig's
    (``$KUBECONFIG``, read now: the client library reads it once, at its import).
    Its own configuration object, not the library's process-wide default."""
    from kubernetes import config

    cfg = k8s.Configuration()
    if os.environ.get("KUBERNETES_SERVICE_HOST"):
        config.load_incluster_config(client_configuration=cfg)
    else:
        path = os.environ.get("KUBECONFIG") or os.path.expanduser("~/.kube/config")
        config.load_kube_config(config_file=path, client_configuration=cfg)
    return k8s.ApiClient(cfg)


class _Refused(Exception):
    """The API refused a create for good: the job fails with this message."""


def _message(e: ApiException) -> str:
    """The apiserver's own message in an error (its Status body), else the HTTP reason."""
    try:
        body = json.loads(e.body or "")
        if isinstance(body, dict) and body.get("message"):
            return str(body["message"])
    except (TypeError, ValueError):
        pass
    return f"{e.status} {e.reason}".strip()


def _refusal(e: ApiException, what: str) -> _Refused | None:
    """A permanent 4xx (not 409, which is adoption, nor 429, which is a retry) as _Refused."""
    if e.status is None or not 400 <= e.status < 500 or e.status in (409, 429):
        return None
    text = _message(e)
    if e.status == 403 and "exceeded quota" in text:
        return _Refused(f"the cluster refused its {what}: quota exceeded: {text}")
    if e.status == 422:
        return _Refused(f"the cluster refused its {what} as invalid: {text}")
    return _Refused(f"the cluster refused its {what} ({e.status}): {text}")


def _meta(obj: Any) -> k8s.V1ObjectMeta:
    meta = obj.metadata
    return meta if isinstance(meta, k8s.V1ObjectMeta) else k8s.V1ObjectMeta()


def _name(obj: Any) -> str:
    return _meta(obj).name or ""


def _conditions(job: k8s.V1Job) -> dict[str, k8s.V1JobCondition]:
    status = job.status
    return {c.type: c for c in (status.conditions or []) if c.status == "True"} if status else {}


def _created(obj: Any) -> float:
    t = obj.metadata.creation_timestamp if obj.metadata is not None else None
    return t.timestamp() if isinstance(t, dt.datetime) else 0.0


def _attempt(job: k8s.V1Job, config: KubernetesConfig) -> int:
    labels = (job.metadata.labels if job.metadata else None) or {}
    try:
        return int(labels.get(f"{config.label_prefix}attempt", "1"))
    except ValueError:
        return 1


def _statuses(pod: k8s.V1Pod) -> list[k8s.V1ContainerStatus]:
    s = pod.status
    if s is None:
        return []
    return list(s.init_container_statuses or []) + list(s.container_statuses or [])


def _image_error(pod: k8s.V1Pod) -> str | None:
    for c in _statuses(pod):
        waiting = c.state.waiting if c.state is not None else None
        if waiting is not None and waiting.reason in IMAGE_ERRORS:
            return f"its pod cannot pull the image {c.image} ({waiting.reason})" + (
                f": {waiting.message}" if waiting.message else ""
            )
    return None


def _unschedulable_since(pod: k8s.V1Pod) -> tuple[float, str] | None:
    """(since when, the scheduler's message) when ``pod`` is Unschedulable."""
    s = pod.status
    for c in (s.conditions or []) if s is not None else []:
        if c.type == "PodScheduled" and c.status == "False" and c.reason == "Unschedulable":
            t = c.last_transition_time
            since = t.timestamp() if isinstance(t, dt.datetime) else _created(pod) or time.time()
            return since, c.message or "no node fits the pod"
    return None


def _termination(pods: list[k8s.V1Pod]) -> str:
    """The last terminated pod's message (the worker's termination log or, with
    FallbackToLogsOnError, its last lines), else its reason and exit code."""
    for pod in sorted(pods, key=_created, reverse=True):
        for c in _statuses(pod):
            term = c.state.terminated if c.state is not None else None
            if term is None:
                continue
            if term.message:
                return str(term.message).strip()
            return f"{term.reason or 'terminated'} (exit code {term.exit_code})"
    return ""


def _index(pod: k8s.V1Pod) -> str:
    annotations = (pod.metadata.annotations if pod.metadata else None) or {}
    return annotations.get(manifest.COMPLETION_INDEX_ANNOTATION, "0")


def _parse_time(stamp: str) -> tuple[int, int] | None:
    """An RFC 3339 (nano) time as (epoch seconds, nanoseconds); None when it is not one."""
    try:
        whole, _, frac = stamp.rstrip("Z").partition(".")
        t = dt.datetime.fromisoformat(whole).replace(tzinfo=dt.UTC)
        return int(t.timestamp()), int((frac + "000000000")[:9]) if frac else 0
    except ValueError:
        return None


class _LogMirror:
    """Copies a pod's log (read with timestamps) into a file, each line once.

    The last copied line's time is kept next to the file, so neither a new pod of
    the same job (a retry) nor a trainer restart copies a line twice."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.pos_path = f"{path}.k8s-position"
        self.last: tuple[int, int] | None = None
        self.at_last: set[str] = set()  # lines already copied that carry time ``last``
        try:
            with open(self.pos_path, encoding="utf-8") as f:
                self.last = _parse_time(f.read().strip())
        except OSError:
            pass
        self.next_at = 0.0

    def since_seconds(self) -> int | None:
        if self.last is None:
            return None
        return max(1, math.ceil(time.time() - self.last[0]) + 2)

    def copy(self, text: str) -> int:
        """Append the lines of ``text`` not copied yet; how many were."""
        out: list[str] = []
        last_stamp = ""
        for line in text.splitlines():
            stamp, _, rest = line.partition(" ")
            t = _parse_time(stamp)
            if t is None:  # not timestamped (a continuation): keep it with the previous line
                out.append(line)
                continue
            if self.last is not None and (
                t < self.last or (t == self.last and rest in self.at_last)
            ):
                continue
            if t != self.last:
                self.last, self.at_last = t, set()
            self.at_last.add(rest)
            last_stamp = stamp
            out.append(rest)
        if not out:
            return 0
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        if last_stamp:
            with open(self.pos_path, "w", encoding="utf-8") as f:
                f.write(last_stamp)
        return len(out)


class KubernetesBackend:
    """Runs jobs as Kubernetes Jobs (see the module docstring).

    Thread-safe: :meth:`wake` and :meth:`check` from any thread; :meth:`start` and
    :meth:`stop` from the service's hooks. It owns its reconciler thread, its two
    informers and the MLflow recorder; not the store, the tracker or ``api``. ``remote`` is the
    WorkerService's side of the same jobs (roles.py serves it).
    """

    name = "kubernetes"

    def __init__(
        self,
        store: JobStore,
        settings: Settings,
        config: KubernetesConfig,
        api: k8s.ApiClient,
        token_key: bytes,
        on_events: Callable[[str], None],
        tracker: TrackerStore | None = None,
        *,
        round_seconds: float = ROUND_SECONDS,
        log_seconds: float = LOG_SECONDS,
        idle_seconds: float = 5.0,
    ) -> None:
        self.store = store
        self.settings = settings
        self.config = config
        self.api = api
        self.token_key = token_key
        self.on_events = on_events
        self.recorder = JobRecorder(tracker, store) if tracker is not None else None
        self.round_seconds = round_seconds
        self.log_seconds = log_seconds
        self.owner = f"kubernetes/{config.namespace}"
        self.remote = RemoteJobs(store, self.owner, self._notify)
        self.batch = k8s.BatchV1Api(api)
        self.core = k8s.CoreV1Api(api)
        ns = config.namespace
        self.jobs = Informer(
            self.batch.list_namespaced_job, ns, MANAGED_BY, self.wake,
            name="jobs", idle_seconds=idle_seconds,
        )  # fmt: skip
        self.pods = Informer(
            self.core.list_namespaced_pod, ns, MANAGED_BY, self.wake,
            name="pods", idle_seconds=idle_seconds,
        )  # fmt: skip
        self._wakeup = threading.Event()
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        self._heartbeat_at = 0.0
        self._ensured: set[str] = set()  # Jobs whose Secret (and Service) exist
        self._deleting: set[str] = set()  # Jobs deleted by this process
        self._tracked: set[str] = set()  # RUNNING jobs the recorder follows
        self._mirrors: dict[str, _LogMirror] = {}

    # -- what the service asks -----------------------------------------------------

    @property
    def available(self) -> bool:
        """Always: jobs queue until the cluster runs them (the client is installed)."""
        return True

    def devices(self) -> list[str]:
        return ["cpu"] + (["cuda"] if self.config.max_gpus_per_job > 0 else [])

    def check(self, spec: pb.JobSpec, v: Violations, prefix: str = "spec") -> None:
        manifest.check(spec, self.config, v, prefix)

    def log_path(self, job_id: str) -> str:
        return str(JobDir.of(self.settings.jobs_root, job_id).log)

    def wake(self) -> None:
        self._wakeup.set()

    # -- lifecycle -----------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self.settings.jobs_root.mkdir(parents=True, exist_ok=True)
        if self.recorder is not None:
            self.recorder.start()
        self.jobs.start()
        self.pods.start()
        self._halt.clear()
        self._thread = threading.Thread(target=self._loop, name="k8s-reconciler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop reconciling; the Jobs keep running and the next start adopts them."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._halt.set()
        self._wakeup.set()
        thread.join()
        self.jobs.stop()
        self.pods.stop()
        if self.recorder is not None:
            self.recorder.stop()

    # -- the reconciler --------------------------------------------------------------

    def _loop(self) -> None:
        while not self._halt.is_set():
            try:
                self.reconcile()
            except Exception:  # the store or the API may be briefly unreachable
                log.exception("reconcile round failed")
            self._wakeup.wait(self.round_seconds)
            self._wakeup.clear()

    def reconcile(self) -> None:
        """One round (the thread runs it; tests may too). Nothing before both informers
        listed: an object missing from an empty cache proves nothing."""
        if not (self.jobs.synced and self.pods.synced):
            return
        jobs: dict[str, k8s.V1Job] = {}
        key = f"{self.config.label_prefix}job-id"
        listed = self.jobs.snapshot()
        self._deleting &= set(listed)  # gone from the cluster: forget them
        for job in listed.values():
            job_id = (_meta(job).annotations or {}).get(key)
            if job_id and (
                job_id not in jobs
                or _attempt(job, self.config) > _attempt(jobs[job_id], self.config)
            ):
                jobs[job_id] = job
        pods: dict[str, list[k8s.V1Pod]] = {}
        for pod in self.pods.snapshot().values():
            labels = _meta(pod).labels or {}
            name = labels.get(manifest.JOB_NAME_LABEL) or labels.get("job-name")
            if name:
                pods.setdefault(name, []).append(pod)
        active: set[str] = set()
        for rec in self.store.queued(self.name):
            active.add(rec.id)
            self._guard(rec, self._queued, jobs.get(rec.id), pods)
        for rec in self.store.running(self.name, self.owner):
            if rec.owner != self.owner:
                continue
            active.add(rec.id)
            self._guard(rec, self._running, jobs.get(rec.id), pods)
        for job_id, job in jobs.items():
            if job_id not in active:
                self._orphan(job_id, job)
        now = time.monotonic()
        if now >= self._heartbeat_at:
            self._heartbeat_at = now + HEARTBEAT_SECONDS
            self.store.heartbeat(self.owner)

    def _guard(
        self,
        rec: JobRecord,
        step: Callable[[JobRecord, k8s.V1Job | None, dict[str, list[k8s.V1Pod]]], None],
        job: k8s.V1Job | None,
        pods: dict[str, list[k8s.V1Pod]],
    ) -> None:
        try:
            step(rec, job, pods)
        except Exception:  # one job's trouble must not stall the others
            log.exception("reconciling a job failed", extra={"job": rec.id})

    def _queued(
        self, rec: JobRecord, job: k8s.V1Job | None, pods: dict[str, list[k8s.V1Pod]]
    ) -> None:
        if job is None:
            try:
                job = self._create(rec)
            except _Refused as e:
                self._end(rec, JobState.FAILED, str(e))
                return
            if job is None:
                return  # a retryable error: next round
        elif _name(job) not in self._ensured:
            try:
                self._dependents(rec, job)  # a restart between the Job and its Secret
            except _Refused as e:
                self._end(rec, JobState.FAILED, str(e), job=job)
                return
        self._observe(rec, job, pods.get(_name(job), []))

    def _running(
        self, rec: JobRecord, job: k8s.V1Job | None, pods: dict[str, list[k8s.V1Pod]]
    ) -> None:
        if rec.id not in self._tracked:
            self._tracked.add(rec.id)
            if self.recorder is not None:
                self.recorder.track(rec.id)
        if job is None:
            job = self._read_job(rec.id)
        if rec.stop_requested is not None:
            self._end(rec, rec.stop_requested, rec.stop_reason, job=job, expect=(JobState.RUNNING,))
            return
        if job is None:
            self._end(rec, JobState.FAILED, JOB_DELETED, expect=(JobState.RUNNING,))
            return
        job_pods = pods.get(_name(job), [])
        self._mirror(rec.id, job_pods)
        self._observe(rec, job, job_pods)

    def _observe(self, rec: JobRecord, job: k8s.V1Job, pods: list[k8s.V1Pod]) -> None:
        """Finish ``rec`` when its Job or pods say it is over."""
        if _meta(job).deletion_timestamp is not None or _name(job) in self._deleting:
            return
        cond = _conditions(job)
        if "Complete" in cond:
            self._mirror(rec.id, pods, force=True)
            final = self.store.get(rec.id).final_metrics
            self._end(rec, JobState.SUCCEEDED, "", EXIT_DONE, final)
            return
        if "Failed" in cond:
            self._mirror(rec.id, pods, force=True)
            self._end(rec, JobState.FAILED, self._failure(cond["Failed"], pods))
            return
        for pod in pods:
            error = _image_error(pod)
            if error is not None:
                self._end(rec, JobState.FAILED, error, job=job)
                return
            stuck = _unschedulable_since(pod)
            limit = self.settings.kubernetes_unschedulable_seconds
            if stuck is not None and time.time() - stuck[0] > limit:
                self._end(
                    rec, JobState.FAILED, f"unschedulable for over {limit:g} s: {stuck[1]}", job=job
                )
                return

    def _failure(self, cond: k8s.V1JobCondition, pods: list[k8s.V1Pod]) -> str:
        last = _termination(pods)
        if cond.reason == "DeadlineExceeded":
            return DEADLINE
        if cond.reason == "BackoffLimitExceeded":
            tries = self.config.backoff_limit + 1
            return f"its pod failed {tries} time(s) (BackoffLimitExceeded)" + (
                f": {last}" if last else ""
            )
        if cond.reason == "PodFailurePolicy":
            return f"a configuration error: {last or cond.message or 'the worker refused the job'}"
        head = f"its Kubernetes Job failed ({cond.reason or 'no reason'})"
        return head + (f": {cond.message}" if cond.message else "") + (f": {last}" if last else "")

    def _orphan(self, job_id: str, job: k8s.V1Job) -> None:
        """A labelled Job whose job is not active here: delete it while it still runs."""
        name = _name(job)
        cond = _conditions(job)
        if name in self._deleting or _meta(job).deletion_timestamp is not None:
            return
        if "Complete" in cond or "Failed" in cond:
            return  # done: its TTL collects it
        try:
            rec = self.store.get(job_id)
        except NotFoundError:
            rec = None
        if rec is None or rec.state.final:
            log.info("deleting the Job of an ended job", extra={"job": job_id, "k8s_job": name})
            self._delete(name)

    # -- API calls -------------------------------------------------------------------

    def _create(self, rec: JobRecord) -> k8s.V1Job | None:
        """The job's Job (created or, on 409, read back) with its dependents; None on a
        retryable error; _Refused when the API will never accept it."""
        body = manifest.job_manifest(rec.id, rec.spec, self.config)
        ns = self.config.namespace
        try:
            job = self.batch.create_namespaced_job(ns, body, _request_timeout=_CALL_TIMEOUT)
            log.info("created a Job", extra={"job": rec.id, "k8s_job": _name(body)})
        except ApiException as e:
            if e.status == 409:
                job = self.batch.read_namespaced_job(
                    _name(body), ns, _request_timeout=_CALL_TIMEOUT
                )
            else:
                refused = _refusal(e, "Job")
                if refused is not None:
                    raise refused from None
                log.warning(
                    "creating a Job failed; retrying",
                    extra={"job": rec.id, "status": e.status, "error": _message(e)},
                )
                return None
        self._dependents(rec, job)
        return job

    def _dependents(self, rec: JobRecord, job: k8s.V1Job) -> None:
        """The token Secret (and the headless Service) owned by ``job``; 409 is fine."""
        owner = k8s.V1OwnerReference(
            api_version="batch/v1",
            kind="Job",
            name=_name(job),
            uid=_meta(job).uid or "",
            block_owner_deletion=True,
        )
        secret = manifest.token_secret(rec.id, job_tokens.mint(self.token_key, rec.id), self.config)
        _meta(secret).owner_references = [owner]
        self._create_owned(rec, "token Secret", self.core.create_namespaced_secret, secret)
        service = manifest.service_manifest(rec.id, rec.spec, self.config)
        if service is not None:
            _meta(service).owner_references = [owner]
            self._create_owned(rec, "Service", self.core.create_namespaced_service, service)
        self._ensured.add(_name(job))

    def _create_owned(
        self, rec: JobRecord, what: str, create: Callable[..., Any], body: Any
    ) -> None:
        try:
            create(self.config.namespace, body, _request_timeout=_CALL_TIMEOUT)
        except ApiException as e:
            if e.status == 409:
                return
            refused = _refusal(e, what)
            if refused is not None:
                raise refused from None
            raise

    def _read_job(self, job_id: str) -> k8s.V1Job | None:
        """The Job by name, from the API (the cache may lag a create); None when absent."""
        try:
            job: k8s.V1Job = self.batch.read_namespaced_job(
                manifest.job_name(job_id), self.config.namespace, _request_timeout=_CALL_TIMEOUT
            )
            return job
        except ApiException as e:
            if e.status == 404:
                return None
            raise

    def _delete(self, name: str) -> None:
        try:
            self.batch.delete_namespaced_job(
                name,
                self.config.namespace,
                propagation_policy="Foreground",  # pods first, then the Job: no orphan pods
                _request_timeout=_CALL_TIMEOUT,
            )
        except ApiException as e:
            if e.status != 404:
                raise
        self._deleting.add(name)

    def _end(
        self,
        rec: JobRecord,
        state: JobState,
        reason: str,
        exit_code: int | None = None,
        final: dict[str, float] | None = None,
        *,
        job: k8s.V1Job | None = None,
        expect: tuple[JobState, ...] = (JobState.QUEUED, JobState.RUNNING),
    ) -> None:
        """Finish ``rec`` (deleting ``job`` first, when given) and wake its watchers."""
        if job is not None:
            self._delete(_name(job))
        done = self.store.finish(rec.id, state, reason.strip(), exit_code, final, expect=expect)
        log.info("job ended", extra={"job": rec.id, "state": state.value, "won": done is not None})
        self._mirrors.pop(rec.id, None)
        self._tracked.discard(rec.id)
        self._ensured.discard(manifest.job_name(rec.id))
        if self.recorder is not None:
            self.recorder.track(rec.id)
        self._notify(rec.id)

    def _notify(self, job_id: str) -> None:
        try:
            self.on_events(job_id)
        except Exception:
            log.exception("on_events failed", extra={"job": job_id})

    # -- logs --------------------------------------------------------------------------

    def _mirror(self, job_id: str, pods: list[k8s.V1Pod], *, force: bool = False) -> None:
        """Copy what is new in rank 0's log (every ``log_seconds``, or now with ``force``).

        Polled, with timestamps, rather than followed: one bounded request per job and
        period from the reconciler's thread, no stream per pod to keep alive, and the
        timestamps make re-reading (a retry's new pod, a restart) copy each line once."""
        m = self._mirrors.get(job_id)
        if m is None:
            m = self._mirrors[job_id] = _LogMirror(self.log_path(job_id))
        now = time.monotonic()
        if not force and now < m.next_at:
            return
        m.next_at = now + self.log_seconds
        ranked = [p for p in pods if _index(p) == "0" and _statuses(p)]
        if not ranked:
            return
        pod = max(ranked, key=_created)
        try:
            text = self.core.read_namespaced_pod_log(
                _name(pod),
                self.config.namespace,
                container=manifest.WORKER_CONTAINER,
                timestamps=True,
                since_seconds=m.since_seconds(),
                _request_timeout=_CALL_TIMEOUT,
            )
        except ApiException as e:
            if e.status not in (400, 404):  # 400: the container has not started yet
                log.warning("reading a pod's log failed", extra={"job": job_id, "status": e.status})
            return
        m.copy(text if isinstance(text, str) else str(text))
