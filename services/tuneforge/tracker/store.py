"""The tracker: experiments, runs, params, metrics, tags and small artifacts in MLflow.

A thin layer over ``mlflow.tracking.MlflowClient``: the embedded default is
MLflow's SQLAlchemy store on a SQLite file with a local artifact directory (both
under the server's home); in a cluster, any tracking URI (an ``mlflow server``,
PostgreSQL, ...). It answers in tuneforge's own types (:class:`Experiment`,
:class:`Run`, :class:`MetricPoint`), never MLflow's entities, and MLflow's
errors become tuneforge's in one place (:func:`_translate`).

MLflow is imported, and its schema migrated, once, on first use and under the
store's lock (both take seconds): two threads importing MLflow at once leave it
half-initialised for the life of the process.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import math
import re
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from tuneforge.errors import (
    AlreadyExistsError,
    FailedPreconditionError,
    NotFoundError,
    ResourceExhaustedError,
    ValidationError,
    Violations,
)
from tuneforge.storage import ALEMBIC_LOCK
from tuneforge.storage import page_size as checked_page_size
from tuneforge.tracker.names import key_problem

MAX_METRICS = 1000  # MLflow's log_batch limit
MAX_BATCH = 100  # params / tags per log_batch call
MAX_PARAM_VALUE = 6000
MAX_TAG_VALUE = 8000
MAX_NAME_BYTES = 255  # one artifact path component (a file system's NAME_MAX)
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")  # MLflow's rule, at most 64
#: MLflow's run statuses, the ones a run can end in last.
RUN_STATUSES = ("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED")
_TERMINAL = RUN_STATUSES[2:]


# -- what the store answers ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MetricPoint:
    key: str
    value: float
    step: int = 0
    timestamp_ms: int = 0  # 0: now


@dataclass(frozen=True, slots=True)
class Experiment:
    id: str
    name: str
    artifact_location: str
    tags: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Run:
    id: str
    experiment_id: str
    name: str
    status: str  # RUNNING, SCHEDULED, FINISHED, FAILED or KILLED
    start_ms: int | None
    end_ms: int | None
    params: Mapping[str, str]
    metrics: tuple[MetricPoint, ...]  # the latest point of each metric
    tags: Mapping[str, str]
    artifact_uri: str

    def metric(self, key: str) -> float | None:
        """The latest value of metric ``key`` (None when the run has none)."""
        return next((m.value for m in self.metrics if m.key == key), None)


# -- MLflow, imported once -----------------------------------------------------------


class _Mlflow:
    """Every MLflow name the store uses, imported together (under the store's lock)."""

    def __init__(self, tracking_uri: str) -> None:
        from mlflow.entities import Metric, Param, RunTag
        from mlflow.exceptions import MlflowException
        from mlflow.tracking import MlflowClient

        # After the import, which sets MLflow's own logging up: no schema chatter.
        logging.getLogger("mlflow").setLevel(logging.WARNING)
        if tracking_uri.startswith("sqlite:///"):
            Path(tracking_uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.Metric, self.Param, self.RunTag = Metric, Param, RunTag
        self.Error: type[Exception] = MlflowException
        with ALEMBIC_LOCK:  # MLflow upgrades its schema with Alembic, in this process
            self.client = MlflowClient(tracking_uri=tracking_uri)
            self.client.search_experiments(max_results=1)  # migrates the schema now

    @property
    def sql_store(self) -> Any:
        """MLflow's own store behind the client (private API: the fast metrics path and
        disposing of its engine; None where MLflow changed it)."""
        return getattr(getattr(self.client, "_tracking_client", None), "store", None)

    @contextmanager
    def errors(self, field: str) -> Iterator[None]:
        """MLflow's errors as tuneforge's; ``field`` names the request field bad values
        came from."""
        try:
            yield
        except self.Error as e:
            mapped = _translate(e, field)
            if mapped is None:
                raise
            raise mapped from None


_NOT_FOUND = {"RESOURCE_DOES_NOT_EXIST", "NOT_FOUND"}
_EXISTS = {"RESOURCE_ALREADY_EXISTS", "ALREADY_EXISTS"}
_PRECONDITION = {"INVALID_STATE", "INVALID_STATE_TRANSITION", "RESOURCE_CONFLICT"}
_INVALID = {"INVALID_PARAMETER_VALUE", "BAD_REQUEST", "MALFORMED_REQUEST"}
_EXHAUSTED = {
    "RESOURCE_LIMIT_EXCEEDED",
    "RESOURCE_EXHAUSTED",
    "REQUEST_LIMIT_EXCEEDED",
    "QUOTA_EXCEEDED",
    "MAX_BLOCK_SIZE_EXCEEDED",
    "MAX_READ_SIZE_EXCEEDED",
    "MAX_LIST_SIZE_EXCEEDED",
}


def _translate(e: Exception, field: str) -> Exception | None:
    """The tuneforge error for an ``MlflowException`` caused by what a client sent; None
    for MLflow's own faults (INTERNAL)."""
    code = str(getattr(e, "error_code", ""))
    msg = str(getattr(e, "message", e))[:500]
    if code in _NOT_FOUND:
        return NotFoundError(msg)
    if code in _EXISTS:
        return AlreadyExistsError(msg)
    if code in _PRECONDITION or "Changing param values is not allowed" in msg:
        return FailedPreconditionError(msg)
    if code in _INVALID:
        return ValidationError.single("page.page_token" if "page token" in msg else field, msg)
    if code in _EXHAUSTED:
        return ResourceExhaustedError(msg)
    return None


def _experiment(e: Any) -> Experiment:
    return Experiment(
        id=str(e.experiment_id),
        name=e.name,
        artifact_location=e.artifact_location or "",
        tags=dict(e.tags or {}),
    )


def _run(r: Any) -> Run:
    info = r.info
    # The latest point of each metric with its step and time: public only through the proto.
    metrics = tuple(
        MetricPoint(m.key, m.value, m.step, m.timestamp) for m in r.data.to_proto().metrics
    )
    return Run(
        id=info.run_id,
        experiment_id=str(info.experiment_id),
        name=info.run_name or "",
        status=info.status,
        start_ms=info.start_time,
        end_ms=info.end_time,
        params=dict(r.data.params),
        metrics=metrics,
        tags=dict(r.data.tags),
        artifact_uri=info.artifact_uri or "",
    )


def _chunks(items: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _slug(name: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")[:60] or "experiment"
    return f"{safe}-{hashlib.sha1(name.encode()).hexdigest()[:8]}"


# -- the store -----------------------------------------------------------------------


class TrackerStore:
    """Experiments and runs in one MLflow tracking store (the interface of the tracker).

    Contract:

    - Thread safety: one instance serves the whole process; every method may be
      called from any thread at once. MLflow is imported and opened once, under
      a lock, by whichever call comes first.
    - Answers: tuneforge's frozen types (:class:`Experiment`, :class:`Run`), never
      MLflow's entities.
    - Errors: bad input is :class:`ValidationError` naming the request field;
      unknown ids :class:`NotFoundError`; a param logged again with another value
      :class:`FailedPreconditionError`; an artifact over ``max_artifact_bytes``
      :class:`ResourceExhaustedError`. Anything else (MLflow or its database
      failing) propagates unchanged and is the server's fault.
    - Ownership: :class:`tuneforge.roles.Resources` creates and closes it;
      TrackerService and the trial drain only use it.
    """

    def __init__(
        self, tracking_uri: str, artifact_root: str = "", max_artifact_bytes: int = 4 << 20
    ) -> None:
        self.tracking_uri = tracking_uri
        self.artifact_root = artifact_root
        self.max_artifact_bytes = max_artifact_bytes
        self._open_lock = threading.Lock()
        self._create_lock = threading.Lock()  # one experiment creator per name in this process
        self._ml: _Mlflow | None = None
        self._experiments: dict[str, str] = {}  # name -> id

    @property
    def mlflow(self) -> _Mlflow:
        """MLflow, imported and opened (schema migrated) on first use."""
        if self._ml is None:
            with self._open_lock:
                if self._ml is None:
                    self._ml = _Mlflow(self.tracking_uri)
        return self._ml

    def open(self) -> None:
        """Import MLflow and migrate its schema now rather than on the first call."""
        _ = self.mlflow

    def close(self) -> None:
        """Release the MLflow store's database connections (if it was ever opened)."""
        ml = self._ml
        engine = getattr(ml.sql_store, "engine", None) if ml is not None else None
        if engine is not None:
            engine.dispose()

    # -- experiments -------------------------------------------------------------------

    def experiment(self, ref: str, field: str = "experiment", create: bool = False) -> Experiment:
        """An experiment by id or name; ``create`` makes a missing name."""
        if not ref or len(ref) > 500:
            raise ValidationError.single(field, "required: an experiment id or name (<= 500)")
        ml = self.mlflow
        with ml.errors(field):
            exp = ml.client.get_experiment_by_name(ref)
        if exp is None and ref.isdigit():
            try:
                exp = ml.client.get_experiment(ref)
            except Exception:  # no such id, or one the store's database cannot hold
                exp = None
        if exp is not None and exp.lifecycle_stage != "deleted":
            return _experiment(exp)
        if not create:
            raise NotFoundError(f"experiment {ref!r} not found")
        return self.create_experiment(ref, field=field)

    def create_experiment(
        self, name: str, tags: Mapping[str, str] | None = None, field: str = "name"
    ) -> Experiment:
        """Get or create the experiment called ``name`` (``tags`` are set either way)."""
        if not name.strip() or len(name) > 500:
            raise ValidationError.single(field, "1-500 characters, not blank")
        tags = dict(tags or {})
        _check_tags(tags, "tags")
        ml = self.mlflow
        with self._create_lock:
            with ml.errors(field):
                exp = ml.client.get_experiment_by_name(name)
            if exp is None:
                location = None
                if self.artifact_root:
                    location = f"{self.artifact_root.rstrip('/')}/{_slug(name)}"
                    if "://" not in location:
                        location = Path(location).resolve().as_uri()
                try:
                    with ml.errors(field):
                        eid = ml.client.create_experiment(
                            name, artifact_location=location, tags=tags
                        )
                except AlreadyExistsError:  # another replica won the race
                    exp = ml.client.get_experiment_by_name(name)
                    if exp is None:
                        raise
                    eid = exp.experiment_id
                return _experiment(ml.client.get_experiment(eid))
        with ml.errors("tags"):
            for k, v in tags.items():
                ml.client.set_experiment_tag(exp.experiment_id, k, v)
            return _experiment(ml.client.get_experiment(exp.experiment_id))

    def experiment_id(self, name: str) -> str:
        """The id of ``name`` (created when missing), cached: the hot path of trial logging."""
        eid = self._experiments.get(name)
        if eid is None:
            eid = self.experiment(name, create=True).id
            self._experiments[name] = eid
        return eid

    # -- runs --------------------------------------------------------------------------

    def create_run(
        self,
        experiment: str,
        run_name: str = "",
        tags: Mapping[str, str] | None = None,
        start_ms: int = 0,
    ) -> Run:
        _check_tags(tags or {}, "tags")
        exp = self.experiment(experiment, create=True)
        ml = self.mlflow
        with ml.errors("tags"):
            return _run(
                ml.client.create_run(
                    exp.id,
                    start_time=start_ms or None,
                    tags=dict(tags or {}),
                    run_name=run_name or None,
                )
            )

    def end_run(self, run_id: str, status: str = "FINISHED", end_ms: int = 0) -> Run:
        _check_run_id(run_id)
        if status not in _TERMINAL:
            raise ValidationError.single("status", "must be FINISHED, FAILED or KILLED")
        ml = self.mlflow
        with ml.errors("run_id"):
            ml.client.set_terminated(run_id, status=status, end_time=end_ms or None)
            return _run(ml.client.get_run(run_id))

    def get_run(self, run_id: str) -> Run:
        _check_run_id(run_id)
        ml = self.mlflow
        with ml.errors("run_id"):
            return _run(ml.client.get_run(run_id))

    def log_params(self, run_id: str, params: Mapping[str, str]) -> None:
        _check_run_id(run_id)
        v = Violations()
        for k, x in params.items():
            problem = key_problem(k)
            v.check(problem is None, f"params[{k}]", f"key: {problem}")
            v.check(
                len(x) <= MAX_PARAM_VALUE, f"params[{k}]", f"at most {MAX_PARAM_VALUE} characters"
            )
        v.raise_if_any()
        ml = self.mlflow
        items = [ml.Param(k, x) for k, x in params.items()]
        with ml.errors("params"):
            for chunk in _chunks(items, MAX_BATCH):
                ml.client.log_batch(run_id, params=list(chunk), synchronous=True)

    def log_metrics(self, run_id: str, metrics: Sequence[MetricPoint]) -> None:
        _check_run_id(run_id)
        v = Violations()
        v.check(len(metrics) <= MAX_METRICS, "metrics", f"at most {MAX_METRICS} per call")
        for i, m in enumerate(metrics):
            problem = key_problem(m.key)
            v.check(problem is None, f"metrics[{i}].key", str(problem))
            v.check(abs(m.step) < 2**62, f"metrics[{i}].step", "out of range")
        v.raise_if_any()
        if not metrics:
            return
        ml = self.mlflow
        now = int(time.time() * 1000)
        items = [ml.Metric(m.key, float(m.value), m.timestamp_ms or now, m.step) for m in metrics]
        with ml.errors("metrics"):
            # Straight to MLflow's store: MlflowClient.log_batch rebuilds every Metric (and
            # looks up an active model per metric) before making the same store call.
            store = ml.sql_store
            if store is not None:
                store.log_batch(run_id, metrics=items, params=[], tags=[])
            else:
                ml.client.log_batch(run_id, metrics=items, synchronous=True)

    def set_tags(self, run_id: str, tags: Mapping[str, str]) -> None:
        _check_run_id(run_id)
        _check_tags(tags, "tags")
        ml = self.mlflow
        items = [ml.RunTag(k, x) for k, x in tags.items()]
        with ml.errors("tags"):
            for chunk in _chunks(items, MAX_BATCH):
                ml.client.log_batch(run_id, tags=list(chunk), synchronous=True)

    def log_artifact(self, run_id: str, path: str, content: bytes) -> str:
        _check_run_id(run_id)
        if len(content) > self.max_artifact_bytes:
            raise ResourceExhaustedError(
                f"artifact of {len(content)} bytes; this server accepts at most "
                f"{self.max_artifact_bytes} (max_artifact_bytes)"
            )
        problem = _artifact_path_problem(path)
        if problem is not None:
            raise ValidationError.single("path", problem)
        p = PurePosixPath(path)
        run = self.get_run(run_id)
        ml = self.mlflow
        with tempfile.TemporaryDirectory(prefix="tuneforge-artifact-") as tmp:
            local = Path(tmp) / p.name
            local.write_bytes(content)
            parent = str(p.parent) if str(p.parent) != "." else None
            with ml.errors("path"):
                try:
                    ml.client.log_artifact(run_id, str(local), artifact_path=parent)
                except (FileExistsError, NotADirectoryError, IsADirectoryError) as e:
                    # A local artifact store: a file where the path needs a directory, or back.
                    raise FailedPreconditionError(
                        f"artifact path {path!r} conflicts with an artifact already logged: "
                        f"{e.strerror}"
                    ) from None
        return f"{run.artifact_uri.rstrip('/')}/{path}"

    def search_runs(
        self,
        experiments: Sequence[str],
        filter: str = "",
        order_by: Sequence[str] = (),
        page_size: int = 0,
        page_token: str = "",
    ) -> tuple[list[Run], str]:
        if not experiments:
            raise ValidationError.single("experiments", "at least one experiment id or name")
        size = checked_page_size(page_size, default=100)
        _check_page_token(page_token)
        ids = [
            self.experiment(ref, field=f"experiments[{i}]").id for i, ref in enumerate(experiments)
        ]
        page = self._search(ids, filter, order_by, size, page_token)
        return [_run(r) for r in page], page.token or ""

    def best_params(
        self, experiment: str, metric: str, maximize: bool = False, filter: str = ""
    ) -> tuple[Run, float]:
        """The finished run with the best ``metric`` value, and that value."""
        if key_problem(metric) is not None:
            raise ValidationError.single("metric", "required: a metric key")
        exp = self.experiment(experiment)
        where = "attributes.status = 'FINISHED'" + (f" and {filter}" if filter else "")
        order = f"metrics.`{metric}` {'DESC' if maximize else 'ASC'}"
        runs = self._search([exp.id], where, [order], 50, "", field="filter")
        scored = [
            (run, value)
            for run in map(_run, runs)
            if (value := run.metric(metric)) is not None and math.isfinite(value)
        ]
        if not scored:
            raise NotFoundError(f"no finished run of {experiment!r} has metric {metric!r}")
        pick = max if maximize else min
        return pick(scored, key=lambda rv: rv[1])

    def _search(
        self,
        ids: Sequence[str],
        filter: str,
        order_by: Sequence[str],
        size: int,
        token: str,
        field: str = "",
    ) -> Any:
        ml = self.mlflow
        field = field or ("order_by" if order_by else "filter")
        with ml.errors(field):
            try:
                return ml.client.search_runs(
                    list(ids),
                    filter_string=filter,
                    order_by=list(order_by) or None,
                    max_results=size,
                    page_token=token or None,
                )
            except ValueError as e:  # MLflow's parser for a malformed filter
                raise ValidationError.single("filter", str(e)[:500]) from None

    # -- study trials (the trial drain's side) -------------------------------------------

    def log_finished(
        self, experiment: str, record: Mapping[str, Any], *, existing: bool = False
    ) -> str:
        """One finished trial as a terminated run; ``record`` from
        :func:`tuneforge.tracker.trials.trial_record`; the run's id.

        ``existing``: an earlier attempt may have written this trial already (the
        process died before it could say so). The run it made is then looked up
        by the trial's tags and completed instead of creating a second one;
        writing the same params, metrics and tags again changes nothing.
        """
        ml = self.mlflow
        client = ml.client
        eid = self.experiment_id(experiment)
        rid = self._trial_run(eid, record) if existing else None
        if rid is None:
            run = client.create_run(
                eid,
                start_time=record["start_ms"],
                tags=record["tags"],
                run_name=record["run_name"],
            )
            rid = run.info.run_id
        t = record["end_ms"]
        metrics = [ml.Metric(k, v, t, s) for k, v, s in record["metrics"]]
        params = [ml.Param(k, v) for k, v in record["params"].items()]
        tags = [ml.RunTag(k, v) for k, v in record.get("extra_tags", {}).items()]
        rounds = max(
            1,
            math.ceil(len(metrics) / MAX_METRICS),
            math.ceil(len(params) / MAX_BATCH),
            math.ceil(len(tags) / MAX_BATCH),
        )
        for i in range(rounds):
            client.log_batch(
                rid,
                metrics=metrics[i * MAX_METRICS : (i + 1) * MAX_METRICS],
                params=params[i * MAX_BATCH : (i + 1) * MAX_BATCH],
                tags=tags[i * MAX_BATCH : (i + 1) * MAX_BATCH],
                synchronous=True,
            )
        client.set_terminated(rid, status=record["status"], end_time=t)
        return str(rid)

    def _trial_run(self, eid: str, record: Mapping[str, Any]) -> str | None:
        """The run an earlier attempt made for this trial: same study, number and start."""
        tags = record["tags"]
        where = " and ".join(
            f"tags.`{k}` = '{tags[k]}'" for k in ("tuneforge.study", "tuneforge.trial")
        )
        runs = self.mlflow.client.search_runs([eid], filter_string=where, max_results=10)
        # The start tells this trial from one of an earlier study of the same name.
        same = [r for r in runs if r.info.start_time == record["start_ms"]]
        return str(same[0].info.run_id) if same else None


def _check_run_id(run_id: str) -> None:
    if not _RUN_ID.match(run_id):
        raise ValidationError.single("run_id", "required: a run id")


def _check_tags(tags: Mapping[str, str], field: str) -> None:
    v = Violations()
    for k, x in tags.items():
        problem = key_problem(k)
        v.check(problem is None, f"{field}[{k}]", f"key: {problem}")
        v.check(len(x) <= MAX_TAG_VALUE, f"{field}[{k}]", f"at most {MAX_TAG_VALUE} characters")
    v.raise_if_any()


def _artifact_path_problem(path: str) -> str | None:
    """Why ``path`` cannot name an artifact file; None when it can."""
    p = PurePosixPath(path)
    if (
        not path
        or len(path) > 500
        or p.is_absolute()
        or ".." in p.parts
        or "\\" in path
        or "\x00" in path
        or not p.name
        or path.endswith("/")
    ):
        return "a relative file path without '..' (at most 500 characters)"
    if str(p.parent).startswith(".."):  # MLflow refuses a directory such as '...'
        return "a directory may not start with '..'"
    if any(len(part.encode()) > MAX_NAME_BYTES for part in p.parts):
        return f"each path component at most {MAX_NAME_BYTES} bytes"
    return None


def _check_page_token(token: str) -> None:
    """A page token that MLflow's SQL store would pass to the database as it is.

    Its tokens are base64 JSON ``{"offset": n}``: an ``n`` outside int64 (or not an
    object at all) fails inside MLflow as an internal error. Tokens of another shape
    are MLflow's (or a remote server's) to judge.
    """
    if not token:
        return
    try:
        parsed = json.loads(base64.b64decode(token, validate=True))
    except (ValueError, binascii.Error):
        return
    offset = parsed.get("offset") if isinstance(parsed, dict) else None
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset < 2**63:
        raise ValidationError.single("page.page_token", "not a token from a previous page")
