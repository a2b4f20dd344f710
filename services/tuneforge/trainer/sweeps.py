"""Sweeps: a study over fields of a job template, one job per trial.

A sweep is a row of the :class:`~tuneforge.trainer.store.SweepStore` and a study
of the :class:`~tuneforge.studies.store.StudyStore`; its trials are jobs of the
:class:`~tuneforge.trainer.store.JobStore` (``sweep_id``, ``trial_number``). The
:class:`SweepController` holds nothing the two stores do not: it asks the study for
trials (as the client ``sweep:<id>``, so that a restarted controller gets back the
trials it held), submits each as a job under the idempotency key
``<sweep id>/<trial number>`` (a crash between Ask and submit loses nothing),
reports each job's evaluations as intermediate values, stops pruned jobs (PRUNED)
and tells the study how each job ended. Its memory (event positions, which trial
runs which job) is a cache rebuilt from the stores after a restart or an error.

Parameters are field paths into the template in proto field names, map keys as
segments (``optimizer.hyperparameters.lr``); :func:`set_field` writes one.
:func:`prepare` refuses at submit time what would make a trial fail later.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from optuna.trial import FrozenTrial, TrialState

from tuneforge.errors import (
    FailedPreconditionError,
    FieldViolation,
    NotFoundError,
    ValidationError,
    Violations,
)
from tuneforge.studies.config import StudyConfig
from tuneforge.studies.leases import requeued_numbers
from tuneforge.studies.space import Param, Value, active, config_key
from tuneforge.studies.store import CLIENT_ATTR, StudyStore
from tuneforge.trainer.backend import Backend
from tuneforge.trainer.events import JobState, Progress
from tuneforge.trainer.store import JobRecord, JobStore, NewJob, SweepRecord, SweepState, SweepStore
from tuneforge.v1 import trainer_service_pb2 as pb

log = logging.getLogger("tuneforge.trainer.sweeps")

#: ``validate_job(spec, prefix) -> normalised spec``, raising ValidationError under ``prefix``.
ValidateJob = Callable[[pb.JobSpec, str], pb.JobSpec]

MAX_TRIALS = 10_000
MAX_PARALLELISM = 64
MAX_POINTS = (
    64  # template validations at submit: the whole product of the space's corners up to this
)
TEMPLATE = "spec.template"
#: The trial system attribute Ask sets on a trial it made and dropped (no distinct configuration).
DISCARDED_ATTR = "tuneforge:discarded"
_LABEL = re.compile(r"^[A-Za-z0-9._/-]{1,63}$")
_STRUCT_VALUE = "google.protobuf.Value"
_EVENT_PAGE = 1000


# -- field paths ------------------------------------------------------------------------


class FieldPathError(ValueError):
    """A path that names no scalar field or map entry of the template."""


class FieldValueError(ValueError):
    """A value the field at the path cannot hold (a float for an integer field)."""


@dataclass(frozen=True, slots=True)
class _Oneof:
    """A oneof member a path selects: (message path, oneof name) -> member."""

    scope: str
    oneof: str
    member: str


def set_field(template: pb.JobSpec, path: str, value: Value) -> pb.JobSpec:
    """A copy of ``template`` with ``value`` at ``path`` (proto field names, map keys as
    segments: ``optimizer.hyperparameters.lr``, ``batch_size.fixed``). Writing into a
    oneof member selects it (``model.mlp.dropout`` makes the model an MLP).

    Raises :class:`FieldPathError` or :class:`FieldValueError`."""
    out = pb.JobSpec()
    out.CopyFrom(template)
    _write(out, path, value)
    return out


def _write(msg: Message, path: str, value: Value) -> None:
    segments = path.split(".")
    for i, seg in enumerate(segments):
        where = ".".join(segments[: i + 1])
        fd: Any = msg.DESCRIPTOR.fields_by_name.get(seg)
        if fd is None:
            raise FieldPathError(f"{where!r}: {msg.DESCRIPTOR.name} has no field {seg!r}")
        rest = len(segments) - i - 1
        if _is_map(fd):
            if rest != 1:
                raise FieldPathError(f"{where!r} is a map: name one key after it ({where}.KEY)")
            _write_entry(getattr(msg, seg), fd, where, segments[-1], value)
            return
        if fd.is_repeated:
            raise FieldPathError(f"{where!r} is a list; a parameter sets one value")
        if fd.message_type is not None:
            if rest == 0:
                raise FieldPathError(f"{where!r} is a message: name one of its fields")
            sub = getattr(msg, seg)
            sub.SetInParent()  # selects a oneof member even when every value is a default
            msg = sub
            continue
        if rest:
            raise FieldPathError(f"{where!r} is {_type_name(fd)} and has no fields")
        setattr(msg, seg, _coerce(fd, value, where))
        return


def _write_entry(entries: Any, fd: Any, where: str, key: str, value: Value) -> None:
    if fd.message_type.fields_by_name["key"].cpp_type != FieldDescriptor.CPPTYPE_STRING:
        raise FieldPathError(f"{where!r} has non-string keys")
    value_fd = fd.message_type.fields_by_name["value"]
    if value_fd.message_type is None:
        entries[key] = _coerce(value_fd, value, f"{where}.{key}")
    elif value_fd.message_type.full_name == _STRUCT_VALUE:
        v = entries[key]
        if isinstance(value, bool):
            v.bool_value = value
        elif isinstance(value, int | float):
            v.number_value = float(value)
        else:
            v.string_value = value
    else:
        raise FieldPathError(f"{where!r} maps to messages: name a field of the entry")


def _is_map(fd: Any) -> bool:
    return fd.message_type is not None and fd.message_type.GetOptions().map_entry


_INTS = (
    FieldDescriptor.CPPTYPE_INT32,
    FieldDescriptor.CPPTYPE_INT64,
    FieldDescriptor.CPPTYPE_UINT32,
    FieldDescriptor.CPPTYPE_UINT64,
)
_FLOATS = (FieldDescriptor.CPPTYPE_FLOAT, FieldDescriptor.CPPTYPE_DOUBLE)


def _type_name(fd: Any) -> str:
    """ "an integer", "a string", ... (for messages)."""
    if fd.cpp_type in _INTS:
        return "an integer"
    if fd.cpp_type in _FLOATS:
        return "a number"
    if fd.cpp_type == FieldDescriptor.CPPTYPE_BOOL:
        return "a boolean"
    if fd.cpp_type == FieldDescriptor.CPPTYPE_ENUM:
        return f"an enum {fd.enum_type.name}"
    return "a string"


def _coerce(fd: Any, value: Value, where: str) -> Any:
    """``value`` as the field's type, or FieldValueError (protobuf's own casts would turn
    True into 1 and refuse 2.0 with a TypeError)."""
    t = fd.cpp_type
    ok: Any = None
    if t == FieldDescriptor.CPPTYPE_BOOL:
        ok = value if isinstance(value, bool) else None
    elif t in _INTS:
        if isinstance(value, int) and not isinstance(value, bool):
            unsigned = t in (FieldDescriptor.CPPTYPE_UINT32, FieldDescriptor.CPPTYPE_UINT64)
            bits = (
                32 if t in (FieldDescriptor.CPPTYPE_INT32, FieldDescriptor.CPPTYPE_UINT32) else 64
            )
            lo, hi = (0, 2**bits - 1) if unsigned else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
            if not lo <= value <= hi:
                raise FieldValueError(f"{where!r} holds integers in [{lo}, {hi}], not {value}")
            ok = value
    elif t in _FLOATS:
        ok = (
            float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        )
    elif t == FieldDescriptor.CPPTYPE_ENUM:
        ok = _enum_number(fd, value)
    elif isinstance(value, str):
        ok = value
    if ok is None:
        raise FieldValueError(f"{where!r} is {_type_name(fd)} field; {value!r} does not fit")
    return ok


def _enum_number(fd: Any, value: Value) -> int | None:
    """An enum value by number, full name (PRECISION_BF16) or short name (bf16)."""
    enum = fd.enum_type
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value in enum.values_by_number else None
    if not isinstance(value, str):
        return None
    prefix = re.sub(r"(?<!^)(?=[A-Z])", "_", enum.name).upper() + "_"
    for name in (value, value.upper(), prefix + value.upper()):
        if name in enum.values_by_name:
            return int(enum.values_by_name[name].number)
    return None


def _oneofs(path: str) -> list[_Oneof]:
    """The oneof members writing ``path`` selects (the path is known to resolve)."""
    out = []
    desc: Any = pb.JobSpec.DESCRIPTOR
    scope: list[str] = []
    for seg in path.split("."):
        fd: Any = desc.fields_by_name[seg]
        o = fd.containing_oneof
        if o is not None and len(o.fields) > 1:  # not a proto3 `optional`'s synthetic oneof
            out.append(_Oneof(".".join(scope), o.name, seg))
        if fd.message_type is None or _is_map(fd):
            break
        desc = fd.message_type
        scope.append(seg)
    return out


def _corners(p: Param) -> list[tuple[Value, str]]:
    """The values a submit-time check writes for ``p``, each with the field of the
    ParameterSpec it comes from: every choice, each bound of a range."""
    if p.kind == "categorical":
        return [(c, f"categorical.choices[{j}]") for j, c in enumerate(p.choices)]
    if p.kind == "int":
        return [(int(p.low), "int_range.low"), (int(p.high), "int_range.high")]
    return [(float(p.low), "float_range.low"), (float(p.high), "float_range.high")]


def check_paths(
    space: Sequence[Param], template: pb.JobSpec, prefix: str = "spec"
) -> list[FieldViolation]:
    """Every parameter whose name is no scalar field or map entry of the template
    (``spec.search_space[i].name``), whose values the field cannot hold
    (``spec.search_space[i].float_range.low``, ...), or which selects another member of
    a oneof than a parameter before it (``budget.steps`` beside ``budget.epochs``)."""
    out: list[FieldViolation] = []
    selected: dict[tuple[str, str], tuple[str, int]] = {}
    for i, p in enumerate(space):
        f = f"{prefix}.search_space[{i}]"
        corners = _corners(p)
        try:
            _write(pb.JobSpec(), p.name, corners[0][0] if corners else "")
        except FieldPathError as e:
            out.append(
                FieldViolation(f"{f}.name", f"not a field of the job template: {e}", "UNKNOWN")
            )
            continue
        except FieldValueError:
            pass  # reported per value below
        for x, where in corners:
            try:
                set_field(template, p.name, x)
            except FieldValueError as e:
                out.append(FieldViolation(f"{f}.{where}", str(e), "WRONG_TYPE"))
        for o in _oneofs(p.name):
            member, j = selected.setdefault((o.scope, o.oneof), (o.member, i))
            if member != o.member and p.condition is None and space[j].condition is None:
                oneof = f"{o.scope}.{o.oneof}" if o.scope else o.oneof
                out.append(
                    FieldViolation(
                        f"{f}.name",
                        f"sets {o.member!r} of the oneof {oneof!r} but search_space[{j}] "
                        f"sets {member!r}: a job has one of them",
                    )
                )
    return out


# -- trials as jobs -----------------------------------------------------------------------


def metric_of(config: StudyConfig) -> str:
    """The evaluation metric a sweep optimises (its study's objective)."""
    return config.objectives[0].name


def trial_spec(
    template: pb.JobSpec, params: Mapping[str, Value], metric: str, name: str
) -> pb.JobSpec:
    """The job of one trial: the template with the trial's parameters written in, the
    sweep's metric as the evaluation metric (so the job reports it), and ``name``."""
    out = pb.JobSpec()
    out.CopyFrom(template)
    for path, value in params.items():
        _write(out, path, value)
    if metric:
        out.evaluation.metric = metric
    out.name = name
    return out


def trial_name(spec: pb.SweepSpec, number: int) -> str:
    suffix = f" #{number}"
    return (spec.template.name or spec.name)[: 128 - len(suffix)] + suffix


def client_id(sweep_id: str) -> str:
    """The study client a sweep's trials are handed to."""
    return f"sweep:{sweep_id}"


def job_key(sweep_id: str, number: int) -> str:
    """The idempotency key of a trial's job."""
    return f"{sweep_id}/{number}"


# -- submit -------------------------------------------------------------------------------


def prepare(spec: pb.SweepSpec, config: StudyConfig, validate_job: ValidateJob) -> None:
    """Refuse, with every violation at once (field paths under ``spec.``), a sweep
    whose trials would fail for a reason known now: its name, labels, trial budget and
    parallelism, its study (``config``), parameter paths, and the template validated
    with the corners of the space written in (every choice, both bounds of each range;
    their whole product when it has at most :data:`MAX_POINTS` points)."""
    v = Violations()
    if v.check(bool(spec.name), "spec.name", "required: a name for people", "REQUIRED"):
        v.check(len(spec.name) <= 128, "spec.name", "at most 128 characters", "OUT_OF_RANGE")
    for k, x in spec.labels.items():
        v.check(
            bool(_LABEL.match(k)),
            f"spec.labels[{k}]",
            "keys: 1-63 of letters, digits, '.', '_', '-', '/'",
        )
        v.check(
            bool(_LABEL.match(x)),
            f"spec.labels[{k}]",
            "values: 1-63 of letters, digits, '.', '_', '-', '/'",
        )
    v.check(
        1 <= spec.max_trials <= MAX_TRIALS,
        "spec.max_trials",
        f"must lie in [1, {MAX_TRIALS}], got {spec.max_trials}",
        "OUT_OF_RANGE",
    )
    v.check(
        0 <= spec.parallelism <= MAX_PARALLELISM,
        "spec.parallelism",
        f"must lie in [0, {MAX_PARALLELISM}] (0 means 1), got {spec.parallelism}",
        "OUT_OF_RANGE",
    )
    found: list[FieldViolation] = []
    try:
        v.raise_if_any()
    except ValidationError as e:
        found += e.violations
    try:
        config.check()
    except ValidationError as e:
        found += [_study_field(x) for x in e.violations]
    paths = check_paths(config.space, spec.template)
    found += paths
    if not paths:
        found += _check_template(spec, config, validate_job)
    if found:
        raise ValidationError(_unique(found))


def _study_field(x: FieldViolation) -> FieldViolation:
    """A StudyConfig violation named by the SweepSpec's fields."""
    f = "spec.objective.metric" if x.field.startswith("objectives") else f"spec.{x.field}"
    return FieldViolation(f, x.description, x.reason)


def _check_template(
    spec: pb.SweepSpec, config: StudyConfig, validate_job: ValidateJob
) -> list[FieldViolation]:
    """The template validated at each point: a violation at a parameter's own path names
    the ParameterSpec value that caused it; one that only some points raise says at
    which; the objective's metric is the template's evaluation metric."""
    space = config.space
    index = {p.name: i for i, p in enumerate(space)}
    points = list(_points(space))
    seen: dict[tuple[str, str, str], int] = {}
    first: dict[tuple[str, str, str], dict[str, Value]] = {}
    for point in points:
        job = trial_spec(spec.template, point, metric_of(config), trial_name(spec, 0))
        try:
            validate_job(job, TEMPLATE)
        except ValidationError as e:
            for x in e.violations:
                key = _point_field(x, point, index, space, spec)
                seen[key] = seen.get(key, 0) + 1
                first.setdefault(key, point)
    out = []
    for (f, description, reason), n in seen.items():
        if n < len(points) and not f.startswith("spec.search_space"):
            at = ", ".join(f"{k}={x!r}" for k, x in first[(f, description, reason)].items())
            description = f"{description} (with {at})"
        out.append(FieldViolation(f, description, reason))
    return out


def _point_field(
    x: FieldViolation,
    point: Mapping[str, Value],
    index: Mapping[str, int],
    space: Sequence[Param],
    spec: pb.SweepSpec,
) -> tuple[str, str, str]:
    path = x.field.removeprefix(TEMPLATE + ".")
    if path in point:
        p = space[index[path]]
        value = point[path]
        same = config_key({"v": value})
        where = next(
            (w for c, w in _corners(p) if config_key({"v": c}) == same),
            "categorical" if p.kind == "categorical" else f"{p.kind}_range",
        )
        return (
            f"spec.search_space[{index[path]}].{where}",
            f"{path} = {value!r}: {x.description}",
            x.reason,
        )
    if path == "evaluation.metric" and spec.objective.metric:
        return "spec.objective.metric", x.description, x.reason
    return x.field, x.description, x.reason


def _points(space: Sequence[Param]) -> Iterator[dict[str, Value]]:
    """Configurations of the space's corners (inactive parameters left out), each once."""
    corners = [[c for c, _ in _corners(p)] for p in space]
    combos: list[list[Value]] = []
    if math.prod(len(c) for c in corners) <= MAX_POINTS:
        combos = [list(c) for c in itertools.product(*corners)]
    else:  # each corner once, the others at their first corner (parents made to activate it)
        base = [c[0] for c in corners]
        by_name = {p.name: i for i, p in enumerate(space)}
        for i, values in enumerate(corners):
            for x in values:
                combo = list(base)
                combo[i] = x
                cond = space[i].condition
                while cond is not None and cond.parent in by_name:
                    j = by_name[cond.parent]
                    if combo[j] not in cond.values:
                        combo[j] = cond.values[0]
                    cond = space[j].condition
                combos.append(combo)
    seen = set()
    for combo in combos:
        point: dict[str, Value] = {}
        for p, x in zip(space, combo, strict=True):
            if active(p, point):
                point[p.name] = x
        key = config_key(point)
        if key not in seen:
            seen.add(key)
            yield point


def _unique(items: Sequence[FieldViolation]) -> list[FieldViolation]:
    return list(dict.fromkeys(items))


def submit(
    spec: pb.SweepSpec,
    config: StudyConfig,
    idempotency_key: str,
    sweeps: SweepStore,
    studies: StudyStore,
) -> tuple[SweepRecord, bool]:
    """The sweep and its study (``sweep-study-<random>``): a new RUNNING sweep, or the one an
    earlier submit with ``idempotency_key`` and an equal spec made (created False).

    The row comes first, then the study: a retry after a crash in between makes the
    study; the controller waits a moment for it before it fails such a sweep. Call
    :func:`prepare` first."""
    study = f"sweep-study-{uuid.uuid4().hex[:20]}"
    record, created = sweeps.create(spec, study, idempotency_key)
    try:
        studies.create(record.study, config, load_if_exists=not created)
    except FailedPreconditionError:
        if created:
            raise
        # An earlier submit's study with other settings (the server's defaults changed):
        # the sweep keeps its study.
    except Exception as e:
        if created:
            sweeps.finish(record.id, SweepState.FAILED, f"its study could not be created: {e}")
        raise
    return record, created


# -- the controller -----------------------------------------------------------------------

#: How long a sweep may run without its study (submit makes the row, then the study).
STUDY_GRACE_SECONDS = 30.0


@dataclass
class _Sweep:
    """What the controller remembers of one sweep (a cache of the stores)."""

    study: str
    metric: str
    jobs: dict[int, str] = field(default_factory=dict)  # trial number -> job id, not yet told
    positions: dict[str, int] = field(default_factory=dict)  # job id -> next event sequence
    reported: dict[str, set[int]] = field(default_factory=dict)  # steps not to report again
    beats: dict[int, float] = field(default_factory=dict)  # trial -> last heartbeat (monotonic)
    pruned: set[str] = field(default_factory=set)  # jobs asked to stop as PRUNED
    counted: set[int] = field(default_factory=set)  # trials handed out
    saturated: bool = False  # the last Ask gave fewer trials than asked for


class SweepController:
    """Drives every RUNNING sweep of ``sweeps`` from one background thread.

    Per round (every ``poll_seconds``, or at once after :meth:`wake`): each sweep keeps
    ``parallelism`` trials running as jobs on ``backend``, follows their evaluation
    events into the study, stops the jobs the pruner prunes, tells the study how each
    job ended, stops asking once ``max_trials`` trials were handed out, and ends when
    all of them are told: SUCCEEDED, or FAILED when none completed. A stop request
    (CancelSweep) cancels the running jobs and ends it CANCELLED. A sweep whose round
    fails is recovered from the stores in the next round.

    ``validate_job(spec, prefix)`` normalises each trial's job. Not owned: the stores
    and the backend; :meth:`stop` only ends the thread.
    """

    def __init__(
        self,
        sweeps: SweepStore,
        jobs: JobStore,
        studies: StudyStore,
        validate_job: ValidateJob,
        backend: Backend,
        poll_seconds: float = 0.2,
    ) -> None:
        self.sweeps = sweeps
        self.jobs = jobs
        self.studies = studies
        self.validate_job = validate_job
        self.backend = backend
        self.poll_seconds = poll_seconds
        self._known: dict[str, _Sweep] = {}
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sweep-controller", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._known.clear()

    def wake(self, *_: object) -> None:
        """Look at the sweeps now (a submit, a cancel, a job's new events); any thread."""
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.step()
            except Exception:  # the next round tries again
                log.exception("sweep round failed")

    def step(self) -> None:
        """One round over every RUNNING sweep (what the thread runs)."""
        active = self.sweeps.active()
        ids = {s.id for s in active}
        for gone in set(self._known) - ids:
            del self._known[gone]
        for sweep in active:
            if self._stop.is_set():
                return
            try:
                self._drive(sweep)
            except Exception:
                log.exception("sweep round failed", extra={"sweep": sweep.id})
                self._known.pop(sweep.id, None)  # recover from the stores next round

    # -- one sweep --------------------------------------------------------------------

    def _drive(self, sweep: SweepRecord) -> None:
        st = self._known.get(sweep.id)
        if st is None:
            st = self._recover(sweep)
            if st is None:
                return
            self._known[sweep.id] = st
        for number, job_id in list(st.jobs.items()):
            self._follow(sweep, st, number, self.jobs.get(job_id))
        if sweep.stop_requested:
            self._cancel(sweep, st)
            return
        spec = sweep.spec
        parallelism = spec.parallelism or 1
        want = min(parallelism - len(st.jobs), spec.max_trials - len(st.counted))
        if want > 0 and not st.saturated:
            self._fill(sweep, st, want)
        if len(st.jobs) == 0 and (len(st.counted) >= spec.max_trials or st.saturated):
            self._finish(sweep, st, None)

    def _recover(self, sweep: SweepRecord) -> _Sweep | None:
        """The sweep's state from the stores: which trials run which job, where each job's
        events were reported up to, how many trials were handed out."""
        try:
            record = self.studies.get(sweep.study)
        except NotFoundError:
            if time.time() - sweep.created > STUDY_GRACE_SECONDS:
                self._stop_jobs(sweep, JobState.CANCELLED, f"sweep {sweep.id}: its study is gone")
                self.sweeps.finish(
                    sweep.id, SweepState.FAILED, f"its study {sweep.study!r} does not exist"
                )
            return None
        assert record.config is not None  # made through tuneforge by submit
        st = _Sweep(sweep.study, metric_of(record.config))
        trials = {t.number: t for t in _all_trials(self.studies, sweep.study)}
        retried = requeued_numbers(trials.values())
        st.counted = {
            n
            for n, t in trials.items()
            if t.state != TrialState.WAITING
            and DISCARDED_ATTR not in t.system_attrs
            and n not in retried
        }
        jobs = {
            j.trial_number: j for j in _all_jobs(self.jobs, sweep.id) if j.trial_number is not None
        }
        for number, job in jobs.items():
            t = trials.get(number)
            if t is not None and t.state == TrialState.RUNNING:
                st.jobs[number] = job.id
                st.positions[job.id] = 1
                # Steps already reported stay reported; the last one again, for its verdict.
                st.reported[job.id] = set(t.intermediate_values) - {t.last_step}
            elif not job.state.final:
                # Its trial ended without it (its lease expired while the server was down).
                self._request_stop(
                    job.id, JobState.CANCELLED, f"trial {number} of study {sweep.study} ended"
                )
        mine = client_id(sweep.id)
        for number, t in trials.items():
            held = t.state == TrialState.RUNNING and t.system_attrs.get(CLIENT_ATTR) == mine
            if held and number not in jobs:
                self._submit(sweep, st, t)  # handed out, then the server stopped
        return st

    def _fill(self, sweep: SweepRecord, st: _Sweep, want: int) -> None:
        # Ask hands back the trials this client holds first: ask for those and ``want`` more.
        count = min(len(st.jobs) + want, 100)
        trials = self.studies.ask(sweep.study, count=count, client_id=client_id(sweep.id))
        new = [t for t in trials if t.number not in st.jobs]
        st.saturated = len(trials) < count
        for t in new:
            if len(st.counted) >= sweep.spec.max_trials and t.number not in st.counted:
                self._tell(st, t.number, TrialState.FAIL)  # over budget (a second replica)
                continue
            st.counted.add(t.number)
            self._submit(sweep, st, t)

    def _submit(self, sweep: SweepRecord, st: _Sweep, t: FrozenTrial) -> None:
        """The trial's job (the same one again after a crash: the key is the trial's)."""
        name = trial_name(sweep.spec, t.number)
        try:
            spec = self.validate_job(
                trial_spec(sweep.spec.template, t.params, st.metric, name), TEMPLATE
            )
        except (ValidationError, FieldPathError, FieldValueError) as e:
            log.warning(
                "trial job refused", extra={"sweep": sweep.id, "trial": t.number, "error": str(e)}
            )
            self._tell(st, t.number, TrialState.FAIL)
            return
        job, _ = self.jobs.submit(
            NewJob(
                spec,
                self.backend.name,
                idempotency_key=job_key(sweep.id, t.number),
                sweep_id=sweep.id,
                trial_number=t.number,
            )
        )
        st.jobs[t.number] = job.id
        st.positions.setdefault(job.id, 1)
        st.beats[t.number] = time.monotonic()
        self.backend.wake()

    def _follow(self, sweep: SweepRecord, st: _Sweep, number: int, job: JobRecord) -> None:
        """Report the job's new evaluations; tell the study once the job ended."""
        key = f"eval_{st.metric}"
        reported = st.reported.setdefault(job.id, set())
        while True:
            events = self.jobs.events(job.id, st.positions.get(job.id, 1), _EVENT_PAGE)
            for e in events:
                st.positions[job.id] = e.sequence + 1
                body = e.body
                if not (isinstance(body, Progress) and body.evaluation):
                    continue
                value = body.metrics.get(key)
                if value is None or not math.isfinite(value) or body.step in reported:
                    continue
                reported.add(body.step)
                prune = self._report(st, number, body.step, value)
                # Once it ended or was told to stop, the verdict no longer matters.
                if prune and job.id not in st.pruned and not job.state.final:
                    st.pruned.add(job.id)
                    self._request_stop(
                        job.id, JobState.PRUNED, f"pruned by the study at step {body.step}"
                    )
            if len(events) < _EVENT_PAGE:
                break
        if job.state.final:
            self._ended(st, number, job)
        else:
            self._heartbeat(st, number)

    def _report(self, st: _Sweep, number: int, step: int, value: float) -> bool:
        try:
            prune = self.studies.report(st.study, number, step, value)
        except FailedPreconditionError:
            return False  # the trial ended (told elsewhere, or its lease expired)
        st.beats[number] = time.monotonic()
        return prune

    def _heartbeat(self, st: _Sweep, number: int) -> None:
        now = time.monotonic()
        if now - st.beats.get(number, 0.0) < max(1.0, self.studies.lease_seconds / 4):
            return
        st.beats[number] = now
        with contextlib.suppress(FailedPreconditionError):  # ended meanwhile
            self.studies.heartbeat(st.study, number)

    def _ended(self, st: _Sweep, number: int, job: JobRecord) -> None:
        """Tell the study how the trial's job ended: SUCCEEDED -> COMPLETE with its final
        metric, PRUNED -> PRUNED, anything else -> FAIL."""
        value = job.final_metrics.get(f"eval_{st.metric}")
        if job.state == JobState.SUCCEEDED and value is not None and math.isfinite(value):
            self._tell(st, number, TrialState.COMPLETE, [value])
        elif job.state == JobState.PRUNED:
            self._tell(st, number, TrialState.PRUNED)
        else:
            if job.state == JobState.SUCCEEDED:
                log.warning("trial job reported no final metric", extra={"job": job.id})
            self._tell(st, number, TrialState.FAIL)
        del st.jobs[number]
        st.positions.pop(job.id, None)
        st.reported.pop(job.id, None)
        st.beats.pop(number, None)
        st.pruned.discard(job.id)
        st.saturated = False  # a slot is free: Ask may find a configuration again

    def _tell(
        self, st: _Sweep, number: int, state: TrialState, values: Sequence[float] = ()
    ) -> None:
        # FailedPrecondition: already finished (told in an earlier round, lease expired).
        with contextlib.suppress(FailedPreconditionError):
            self.studies.tell(st.study, number, state, values)

    def _request_stop(self, job_id: str, state: JobState, reason: str) -> None:
        try:
            self.jobs.request_stop(job_id, state, reason)
        except FailedPreconditionError:
            return  # ended meanwhile
        self.backend.wake()

    def _stop_jobs(self, sweep: SweepRecord, state: JobState, reason: str) -> None:
        for job in _all_jobs(self.jobs, sweep.id):
            if not job.state.final:
                self._request_stop(job.id, state, reason)

    def _cancel(self, sweep: SweepRecord, st: _Sweep) -> None:
        """CancelSweep: stop the running jobs; once they ended (and were told), end the
        sweep CANCELLED."""
        reason = f"sweep {sweep.id} cancelled" + (f": {sweep.reason}" if sweep.reason else "")
        for job_id in st.jobs.values():
            if job_id not in st.pruned:
                self._request_stop(job_id, JobState.CANCELLED, reason)
        if not st.jobs:
            self._finish(sweep, st, sweep.reason or "cancelled")

    def _finish(self, sweep: SweepRecord, st: _Sweep, cancelled: str | None) -> None:
        """End the sweep: fail trials it holds without a job, then set its final state."""
        mine = client_id(sweep.id)
        for t in _all_trials(self.studies, st.study, (TrialState.RUNNING,)):
            if t.system_attrs.get(CLIENT_ATTR) == mine:
                self._tell(st, t.number, TrialState.FAIL)
        counts = self.studies.get(st.study).counts
        complete = counts.get(TrialState.COMPLETE, 0)
        summary = (
            f"{len(st.counted)} trials: {complete} complete, "
            f"{counts.get(TrialState.PRUNED, 0)} pruned, {counts.get(TrialState.FAIL, 0)} failed"
        )
        if cancelled is not None:
            state, reason = SweepState.CANCELLED, f"{cancelled} ({summary})"
        elif complete:
            state, reason = SweepState.SUCCEEDED, summary
        else:
            state, reason = SweepState.FAILED, f"no trial completed ({summary})"
        self.sweeps.finish(sweep.id, state, reason)
        self._known.pop(sweep.id, None)


def _all_trials(
    studies: StudyStore, study: str, states: Sequence[TrialState] = ()
) -> list[FrozenTrial]:
    out: list[FrozenTrial] = []
    token = ""
    while True:
        page, token = studies.trials(study, states, page_size=1000, page_token=token)
        out += page
        if not token:
            return out


def _all_jobs(jobs: JobStore, sweep_id: str) -> list[JobRecord]:
    out: list[JobRecord] = []
    token = ""
    while True:
        page, token = jobs.list_page(sweep_id=sweep_id, page_size=1000, page_token=token)
        out += page
        if not token:
            return out


# -- what GetSweep shows ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrialView:
    """One trial of a sweep and its job (``SweepTrial``); ``job_state`` None: no job."""

    number: int
    job_id: str
    job_state: JobState | None
    params: dict[str, Value]
    value: float | None  # the objective, when the trial completed
    mlflow_run_id: str


def sweep_view(
    record: SweepRecord, jobs: JobStore, studies: StudyStore
) -> tuple[list[TrialView], TrialView | None]:
    """The sweep's trials in number order (those handed out: not the queued or dropped
    ones) and its best completed trial by the study's direction (None before one)."""
    by_trial = {j.trial_number: j for j in _all_jobs(jobs, record.id) if j.trial_number is not None}
    try:
        trials = _all_trials(studies, record.study)
        best = studies.best(record.study)
    except NotFoundError:  # the study was deleted: what the jobs say
        return [_view(n, None, j) for n, j in sorted(by_trial.items())], None
    views = {
        t.number: _view(t.number, t, by_trial.get(t.number))
        for t in trials
        if t.state != TrialState.WAITING and DISCARDED_ATTR not in t.system_attrs
    }
    top = views.get(best[0].number) if best else None
    return [views[n] for n in sorted(views)], top


def _view(number: int, t: FrozenTrial | None, job: JobRecord | None) -> TrialView:
    value = None
    if t is not None and t.state == TrialState.COMPLETE and t.values:
        value = float(t.values[0])
    params: dict[str, Value] = dict(t.params) if t is not None else {}
    return TrialView(
        number=number,
        job_id=job.id if job else "",
        job_state=job.state if job else None,
        params=params,
        value=value,
        mlflow_run_id=job.mlflow_run_id if job else "",
    )
