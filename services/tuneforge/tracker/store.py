"""The tracker: experiments, runs, params, metrics, tags and small artifacts in MLflow.

A thin layer over ``mlflow.tracking.MlflowClient``: the embedded default is
MLflow's SQLAlchemy store on a SQLite file with a local artifact directory (both
under the server's home); in a cluster, any tracking URI (an ``mlflow server``,
PostgreSQL, ...). MLflow is imported and its schema migrated on first use, not
at server start (both take seconds). MLflow's errors become tuneforge's:
unknown ids NOT_FOUND, bad values INVALID_ARGUMENT, a param logged twice with
another value FAILED_PRECONDITION.
"""

from __future__ import annotations

import hashlib
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
from tuneforge.storage import page_size as checked_page_size

MAX_METRICS = 1000  # MLflow's log_batch limit
MAX_PARAM_VALUE = 6000
_KEY = re.compile(r"^[A-Za-z0-9_\-. /]{1,250}$")
STATUSES = ("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED")


@dataclass(frozen=True, slots=True)
class MetricPoint:
    key: str
    value: float
    step: int = 0
    timestamp_ms: int = 0  # 0: now


def _chunks(items: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _slug(name: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")[:60] or "experiment"
    return f"{safe}-{hashlib.sha1(name.encode()).hexdigest()[:8]}"


class TrackerStore:
    """One MLflow client for the process; every method is safe to call from threads."""

    def __init__(
        self, tracking_uri: str, artifact_root: str = "", max_artifact_bytes: int = 4 << 20
    ) -> None:
        self.tracking_uri = tracking_uri
        self.artifact_root = artifact_root
        self.max_artifact_bytes = max_artifact_bytes
        self._lock = threading.Lock()
        self._client: Any = None
        self._experiments: dict[str, str] = {}  # name -> id

    @property
    def client(self) -> Any:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    from mlflow.tracking import MlflowClient

                    # After the import, which sets MLflow's own logging up: no schema chatter.
                    logging.getLogger("mlflow").setLevel(logging.WARNING)

                    if self.tracking_uri.startswith("sqlite:///"):
                        Path(self.tracking_uri.removeprefix("sqlite:///")).parent.mkdir(
                            parents=True, exist_ok=True
                        )
                    client = MlflowClient(tracking_uri=self.tracking_uri)
                    client.search_experiments(max_results=1)  # migrates the schema now
                    self._client = client
        return self._client

    def close(self) -> None:
        """Release the MLflow store's database connections (if it was ever opened)."""
        store = getattr(getattr(self._client, "_tracking_client", None), "store", None)
        engine = getattr(store, "engine", None)
        if engine is not None:
            engine.dispose()

    def warm_up(self) -> None:
        """Open the store (import, schema) in a background thread."""
        threading.Thread(target=lambda: self.client, name="tracker-warm-up", daemon=True).start()

    # -- errors ------------------------------------------------------------------------

    @contextmanager
    def _mlflow(self, field: str = "") -> Iterator[None]:
        from mlflow.exceptions import MlflowException

        try:
            yield
        except MlflowException as e:
            code = getattr(e, "error_code", "")
            msg = e.message if hasattr(e, "message") else str(e)
            if code == "RESOURCE_DOES_NOT_EXIST":
                raise NotFoundError(msg) from None
            if code == "RESOURCE_ALREADY_EXISTS":
                raise AlreadyExistsError(msg) from None
            if code == "INVALID_STATE" or "Changing param values is not allowed" in msg:
                raise FailedPreconditionError(msg) from None
            if code == "INVALID_PARAMETER_VALUE" and field:
                raise ValidationError.single(field, msg[:500]) from None
            raise

    # -- experiments -------------------------------------------------------------------

    def experiment(self, ref: str, field: str = "experiment", create: bool = False) -> Any:
        """An experiment by id or name; ``create`` makes a missing name."""
        if not ref or len(ref) > 500:
            raise ValidationError.single(field, "required: an experiment id or name (<= 500)")
        client = self.client
        with self._mlflow():
            exp = client.get_experiment_by_name(ref)
            if exp is None and ref.isdigit():
                try:
                    exp = client.get_experiment(ref)
                except Exception:
                    exp = None
        if exp is not None and exp.lifecycle_stage != "deleted":
            return exp
        if not create:
            raise NotFoundError(f"experiment {ref!r} not found")
        return self.create_experiment(ref, field=field)

    def create_experiment(
        self, name: str, tags: Mapping[str, str] | None = None, field: str = "name"
    ) -> Any:
        """Get or create the experiment called ``name``."""
        if not name.strip() or len(name) > 500:
            raise ValidationError.single(field, "1-500 characters, not blank")
        _check_tags(tags or {}, "tags")
        client = self.client
        with self._lock:  # one creator per name in this process
            exp = client.get_experiment_by_name(name)
            if exp is None:
                location = None
                if self.artifact_root:
                    location = f"{self.artifact_root.rstrip('/')}/{_slug(name)}"
                    if "://" not in location:
                        location = Path(location).resolve().as_uri()
                try:
                    with self._mlflow(field):
                        eid = client.create_experiment(
                            name, artifact_location=location, tags=dict(tags or {})
                        )
                except AlreadyExistsError:  # another replica won the race
                    eid = client.get_experiment_by_name(name).experiment_id
                return client.get_experiment(eid)
        for k, v in (tags or {}).items():
            client.set_experiment_tag(exp.experiment_id, k, v)
        return client.get_experiment(exp.experiment_id)

    def experiment_id(self, name: str) -> str:
        """The id of ``name`` (created when missing), cached: the hot path of trial logging."""
        eid = self._experiments.get(name)
        if eid is None:
            eid = self.experiment(name, create=True).experiment_id
            self._experiments[name] = eid
        return eid

    # -- runs --------------------------------------------------------------------------

    def create_run(
        self,
        experiment: str,
        run_name: str = "",
        tags: Mapping[str, str] | None = None,
        start_ms: int = 0,
    ) -> Any:
        _check_tags(tags or {}, "tags")
        exp = self.experiment(experiment, create=True)
        with self._mlflow():
            return self.client.create_run(
                exp.experiment_id,
                start_time=start_ms or None,
                tags=dict(tags or {}),
                run_name=run_name or None,
            )

    def end_run(self, run_id: str, status: str = "FINISHED", end_ms: int = 0) -> Any:
        _check_run_id(run_id)
        if status not in ("FINISHED", "FAILED", "KILLED"):
            raise ValidationError.single("status", "must be FINISHED, FAILED or KILLED")
        with self._mlflow():
            self.client.set_terminated(run_id, status=status, end_time=end_ms or None)
            return self.client.get_run(run_id)

    def get_run(self, run_id: str) -> Any:
        _check_run_id(run_id)
        with self._mlflow():
            return self.client.get_run(run_id)

    def log_params(self, run_id: str, params: Mapping[str, str]) -> None:
        _check_run_id(run_id)
        v = Violations()
        for k, x in params.items():
            v.check(
                bool(_KEY.match(k)),
                f"params[{k}]",
                "key: 1-250 of letters, digits, '_', '-', '.', ' ', '/'",
            )
            v.check(
                len(x) <= MAX_PARAM_VALUE, f"params[{k}]", f"at most {MAX_PARAM_VALUE} characters"
            )
        v.raise_if_any()
        from mlflow.entities import Param

        items = [Param(k, x) for k, x in params.items()]
        with self._mlflow("params"):
            for chunk in _chunks(items, 100):
                self.client.log_batch(run_id, params=list(chunk), synchronous=True)

    def log_metrics(self, run_id: str, metrics: Sequence[MetricPoint]) -> None:
        _check_run_id(run_id)
        v = Violations()
        v.check(len(metrics) <= MAX_METRICS, "metrics", f"at most {MAX_METRICS} per call")
        for i, m in enumerate(metrics):
            v.check(
                bool(_KEY.match(m.key)),
                f"metrics[{i}].key",
                "1-250 of letters, digits, '_', '-', '.', ' ', '/'",
            )
            v.check(abs(m.step) < 2**62, f"metrics[{i}].step", "out of range")
        v.raise_if_any()
        from mlflow.entities import Metric

        now = int(time.time() * 1000)
        items = [Metric(m.key, float(m.value), m.timestamp_ms or now, m.step) for m in metrics]
        if not items:
            return
        with self._mlflow("metrics"):
            # Straight to MLflow's store: MlflowClient.log_batch rebuilds every Metric (and
            # looks up an active model per metric) before making the same store call.
            store = getattr(getattr(self.client, "_tracking_client", None), "store", None)
            if store is not None:
                store.log_batch(run_id, metrics=items, params=[], tags=[])
            else:
                self.client.log_batch(run_id, metrics=items, synchronous=True)

    def set_tags(self, run_id: str, tags: Mapping[str, str]) -> None:
        _check_run_id(run_id)
        _check_tags(tags, "tags")
        from mlflow.entities import RunTag

        items = [RunTag(k, x) for k, x in tags.items()]
        with self._mlflow("tags"):
            for chunk in _chunks(items, 100):
                self.client.log_batch(run_id, tags=list(chunk), synchronous=True)

    def log_artifact(self, run_id: str, path: str, content: bytes) -> str:
        _check_run_id(run_id)
        if len(content) > self.max_artifact_bytes:
            raise ResourceExhaustedError(
                f"artifact of {len(content)} bytes; this server accepts at most "
                f"{self.max_artifact_bytes} (max_artifact_bytes)"
            )
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
            raise ValidationError.single(
                "path", "a relative file path without '..' (at most 500 characters)"
            )
        run = self.get_run(run_id)
        with tempfile.TemporaryDirectory(prefix="tuneforge-artifact-") as tmp:
            local = Path(tmp) / p.name
            local.write_bytes(content)
            parent = str(p.parent) if str(p.parent) != "." else None
            with self._mlflow():
                self.client.log_artifact(run_id, str(local), artifact_path=parent)
        return f"{run.info.artifact_uri.rstrip('/')}/{path}"

    def search_runs(
        self,
        experiments: Sequence[str],
        filter: str = "",
        order_by: Sequence[str] = (),
        page_size: int = 0,
        page_token: str = "",
    ) -> tuple[list[Any], str]:
        if not experiments:
            raise ValidationError.single("experiments", "at least one experiment id or name")
        size = checked_page_size(page_size, default=100)
        ids = [
            self.experiment(ref, field=f"experiments[{i}]").experiment_id
            for i, ref in enumerate(experiments)
        ]
        field = "order_by" if order_by else "filter"
        with self._mlflow(field):
            try:
                page = self.client.search_runs(
                    ids,
                    filter_string=filter,
                    order_by=list(order_by) or None,
                    max_results=size,
                    page_token=page_token or None,
                )
            except ValueError as e:  # MLflow's parser for a malformed filter
                raise ValidationError.single("filter", str(e)[:500]) from None
        return list(page), page.token or ""

    def best_params(
        self, experiment: str, metric: str, maximize: bool = False, filter: str = ""
    ) -> Any:
        """The finished run with the best ``metric`` value."""
        if not _KEY.match(metric):
            raise ValidationError.single("metric", "required: a metric key")
        exp = self.experiment(experiment)
        where = "attributes.status = 'FINISHED'" + (f" and {filter}" if filter else "")
        order = f"metrics.`{metric}` {'DESC' if maximize else 'ASC'}"
        with self._mlflow("filter"):
            try:
                runs = self.client.search_runs(
                    [exp.experiment_id], filter_string=where, order_by=[order], max_results=50
                )
            except ValueError as e:
                raise ValidationError.single("filter", str(e)[:500]) from None
        scored = [
            r for r in runs if metric in r.data.metrics and math.isfinite(r.data.metrics[metric])
        ]
        if not scored:
            raise NotFoundError(f"no finished run of {experiment!r} has metric {metric!r}")
        pick = max if maximize else min
        return pick(scored, key=lambda r: r.data.metrics[metric])

    # -- batched trial logging (the StudyService's tracker sink) ------------------------

    def log_finished(self, experiment: str, record: Mapping[str, Any]) -> str:
        """One finished trial as a terminated run; ``record`` from ``studies.tracking``."""
        from mlflow.entities import Metric, Param, RunTag

        client = self.client
        eid = self.experiment_id(experiment)
        run = client.create_run(
            eid,
            start_time=record["start_ms"],
            tags=record["tags"],
            run_name=record["run_name"],
        )
        rid = run.info.run_id
        t = record["end_ms"]
        metrics = [Metric(k, v, t, s) for k, v, s in record["metrics"]]
        params = [Param(k, v) for k, v in record["params"].items()]
        tags = [RunTag(k, v) for k, v in record.get("extra_tags", {}).items()]
        rounds = max(1, math.ceil(len(metrics) / MAX_METRICS), math.ceil(len(params) / 100))
        for i in range(max(rounds, math.ceil(len(tags) / 100))):
            client.log_batch(
                rid,
                metrics=metrics[i * MAX_METRICS : (i + 1) * MAX_METRICS],
                params=params[i * 100 : (i + 1) * 100],
                tags=tags[i * 100 : (i + 1) * 100],
                synchronous=True,
            )
        client.set_terminated(rid, status=record["status"], end_time=t)
        return str(rid)


def _check_run_id(run_id: str) -> None:
    if not run_id or len(run_id) > 64 or not re.fullmatch(r"[A-Za-z0-9_-]+", run_id):
        raise ValidationError.single("run_id", "required: a run id")


def _check_tags(tags: Mapping[str, str], field: str) -> None:
    v = Violations()
    for k, x in tags.items():
        v.check(
            bool(_KEY.match(k)),
            f"{field}[{k}]",
            "key: 1-250 of letters, digits, '_', '-', '.', ' ', '/'",
        )
        v.check(len(x) <= 8000, f"{field}[{k}]", "at most 8000 characters")
    v.raise_if_any()
