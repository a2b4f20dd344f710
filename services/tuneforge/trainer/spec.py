"""A JobSpec's defaults and its validation: every violation at once, with its field path.

Torch-free. :func:`validate` is what ``SubmitJob`` (prefix ``spec``) and sweeps
(``spec.template``) call, and what the worker calls again where the job runs: it
fills the defaults (:func:`normalize`), checks the result against the catalogue
(:mod:`.catalog`, :mod:`tuneforge.optim.registry`), the dataset (:func:`.data.inspect`
reads headers only) and the device names, then lets the backend add its own checks
(devices that exist, resources it can grant).

A user entry point is imported here, in the server, to check that it exists and is
callable: a typo fails at submit time, not in a worker later.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from google.protobuf import struct_pb2

from tuneforge.errors import ValidationError, Violations
from tuneforge.optim import registry
from tuneforge.schedules import refine
from tuneforge.trainer import catalog, data, devices, schedule
from tuneforge.v1 import trainer_service_pb2 as pb

BackendCheck = Callable[[pb.JobSpec, Violations, str], None]

DEFAULT_BATCH_SIZE = 64
DEFAULT_REPORT_INTERVAL = 10
EVALUATIONS = 10  # over the budget, when the spec gives no interval
MAX_STEPS = 10**9
MAX_NAME = 128
_LABEL = re.compile(r"[A-Za-z0-9._/-]{1,63}")
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_TARGET = re.compile(rf"({_IDENT}(?:\.{_IDENT})*):({_IDENT}(?:\.{_IDENT})*)")
_METRIC = re.compile(r"[a-z][a-z0-9_]{0,62}")
MAX_WORKERS = 256  # pods of one DDP job
# Curvature estimates (learning_rate auto, ScheduleService's estimates): defaults, limits.
CURVATURE_SAMPLE_SIZE = 1024  # training examples, or the split when smaller
LANCZOS_STEPS = 20
MAX_LANCZOS_STEPS = 64  # stability.MAX_LANCZOS_ITERATIONS: the basis is steps x parameters
HUTCHINSON_PROBES = 32
MAX_HUTCHINSON_PROBES = 1000
AUTO_SAFETY_FACTOR = 0.5
# A container image reference: [registry[:port]/]path[:tag][@sha256:digest].
_HOST = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
_PATH = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_IMAGE = re.compile(
    rf"(?:(?:{_HOST}(?:\.{_HOST})+(?::[0-9]+)?|{_HOST}:[0-9]+|localhost)/)?{_PATH}(?:/{_PATH})*"
    r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?"
)


@dataclass(frozen=True, slots=True)
class Defaults:
    """The server's defaults (runtime settings of the same names); ``max_job_seconds``
    also caps ``max_duration`` (inf: no cap, and an unset max_duration stays unset)."""

    checkpoint_interval_steps: int = 200
    max_job_seconds: float = math.inf


# ------------------------------------------------------------------------------ helpers


def python_value(value: struct_pb2.Value) -> Any:
    """A ``google.protobuf.Value`` as Python: float, bool, str, None, list, dict."""
    kind = value.WhichOneof("kind")
    if kind == "number_value":
        return value.number_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "string_value":
        return value.string_value
    if kind == "list_value":
        return [python_value(v) for v in value.list_value.values]
    if kind == "struct_value":
        return {k: python_value(v) for k, v in value.struct_value.fields.items()}
    return None


def python_values(values: Any) -> dict[str, Any]:
    """A ``map<string, Value>`` as a dict."""
    return {k: python_value(v) for k, v in values.items()}


def _set_value(target: struct_pb2.Value, x: Any) -> None:
    target.Clear()
    if isinstance(x, bool):
        target.bool_value = x
    elif isinstance(x, int | float):
        target.number_value = float(x)
    elif isinstance(x, str):
        target.string_value = x
    elif isinstance(x, list | tuple):
        target.list_value.SetInParent()
        for item in x:
            _set_value(target.list_value.values.add(), item)
    else:
        target.null_value = struct_pb2.NULL_VALUE


def steps_per_epoch(n_train: int, batch_size: int) -> int:
    """Optimizer steps of one pass (the last, partial batch included)."""
    return math.ceil(n_train / max(batch_size, 1))


def total_steps(spec: pb.JobSpec, n_train: int | None) -> int | None:
    """The budget in steps (an epoch budget needs ``n_train``; with an adaptive batch
    it counts steps at the initial batch size, an upper bound); None when unknown."""
    kind = spec.budget.WhichOneof("kind")
    if kind == "steps":
        return spec.budget.steps
    if kind != "epochs" or not n_train:
        return None
    return spec.budget.epochs * steps_per_epoch(n_train, _initial_batch(spec))


def _initial_batch(spec: pb.JobSpec) -> int:
    if spec.batch_size.WhichOneof("kind") == "adaptive":
        hp = python_values(spec.batch_size.adaptive.hyperparameters)
        x = hp.get("initial_batch_size")
        if isinstance(x, int | float) and not isinstance(x, bool) and x >= 1:
            return int(x)
        return int(_adaptive_default("initial_batch_size"))
    return spec.batch_size.fixed or DEFAULT_BATCH_SIZE


def _adaptive_default(name: str) -> Any:
    return next(h.default for h in registry.get("adaptive_batch").hyperparams if h.name == name)


def _dataset_info(spec: pb.JobSpec) -> data.DataInfo | None:
    if not spec.dataset.WhichOneof("kind"):
        return None
    try:
        return data.inspect(spec.dataset)
    except ValidationError:
        return None


# ---------------------------------------------------------------------------- normalize


def normalize(
    spec: pb.JobSpec, settings_defaults: Defaults, info: data.DataInfo | None = None
) -> pb.JobSpec:
    """A copy of ``spec`` with every default filled in (idempotent).

    ``info`` is the dataset's (:func:`.data.inspect`; read when not given). Invalid
    values are left as they are, for :func:`validate` to report.
    """
    n = pb.JobSpec()
    n.CopyFrom(spec)
    if info is None:
        info = _dataset_info(spec)
    model = n.model.WhichOneof("kind")
    if not n.name:
        label = n.model.entry_point.target.rpartition(":")[2] if model == "entry_point" else model
        parts = [label or "job", n.dataset.WhichOneof("kind")]
        n.name = "-".join(p for p in parts if p)[:MAX_NAME]
    _fill_model(n.model)
    _fill_optimizer(n.optimizer.name, n.optimizer.hyperparameters)
    if n.optimizer.HasField("auto_learning_rate"):
        _fill_auto_learning_rate(n, spec, info)
    if n.batch_size.WhichOneof("kind") is None:
        n.batch_size.fixed = min(DEFAULT_BATCH_SIZE, info.n_train or 1) if info else 64
    elif n.batch_size.WhichOneof("kind") == "adaptive":
        _fill_optimizer("adaptive_batch", n.batch_size.adaptive.hyperparameters)
    if n.schedule.WhichOneof("kind") is None:
        n.schedule.constant.SetInParent()
    elif n.schedule.WhichOneof("kind") == "step" and n.schedule.step.gamma == 0:
        n.schedule.step.gamma = schedule.DEFAULT_GAMMA
    elif n.schedule.WhichOneof("kind") == "wsd" and n.schedule.wsd.decay_fraction == 0:
        n.schedule.wsd.decay_fraction = schedule.DEFAULT_DECAY_FRACTION
    elif n.schedule.WhichOneof("kind") == "refined" and n.schedule.refined.tau == 0:
        n.schedule.refined.tau = refine.DEFAULT_TAU
    if n.evaluation.interval_steps == 0:
        steps = total_steps(n, info.n_train if info else None)
        if steps and steps > 0:
            n.evaluation.interval_steps = max(1, steps // EVALUATIONS)
    if not n.evaluation.metric:
        n.evaluation.metric = catalog.METRICS[info.task][0] if info else "loss"
    if n.report_interval_steps == 0:
        n.report_interval_steps = DEFAULT_REPORT_INTERVAL
    if n.checkpoint.interval_steps == 0:
        n.checkpoint.interval_steps = settings_defaults.checkpoint_interval_steps
    cap = settings_defaults.max_job_seconds
    if n.HasField("max_duration"):
        if n.max_duration.ToTimedelta().total_seconds() > cap:
            n.max_duration.FromNanoseconds(int(cap * 1e9))
    elif math.isfinite(cap):
        n.max_duration.FromNanoseconds(int(cap * 1e9))
    n.device = devices.parse(n.device) or n.device
    if n.precision == pb.PRECISION_UNSPECIFIED:
        n.precision = pb.PRECISION_FP32
    if n.resources.cpu == 0:
        n.resources.cpu = 1.0
    if n.resources.gpus == 0 and n.device.startswith(devices.CUDA):
        n.resources.gpus = 1  # the device names a GPU: the scheduler reserves it
    return n


def _fill_model(model: pb.ModelSpec) -> None:
    kind = model.WhichOneof("kind")
    if kind == "mlp" and not model.mlp.hidden_sizes:
        model.mlp.hidden_sizes.append(128)
    elif kind == "cnn" and not model.cnn.channels:
        model.cnn.channels.extend([32, 64])
    elif kind == "resnet20" and model.resnet20.width == 0:
        model.resnet20.width = 16
    elif kind == "transformer_lm":
        lm = model.transformer_lm
        lm.d_model, lm.layers, lm.heads = lm.d_model or 64, lm.layers or 2, lm.heads or 4


def _fill_optimizer(name: str, hyperparameters: Any) -> None:
    """The catalogue's defaults written into ``hyperparameters`` when they are valid."""
    try:
        config = registry.validate_config(name, python_values(hyperparameters))
    except ValidationError:
        return
    for key, value in config.items():
        _set_value(hyperparameters[key], value)


def _fill_auto_learning_rate(n: pb.JobSpec, given: pb.JobSpec, info: data.DataInfo | None) -> None:
    """The measurement's defaults, and no catalogue lr: the worker measures the rate."""
    if "lr" not in given.optimizer.hyperparameters and "lr" in n.optimizer.hyperparameters:
        del n.optimizer.hyperparameters["lr"]
    a = n.optimizer.auto_learning_rate
    a.safety_factor = a.safety_factor or AUTO_SAFETY_FACTOR
    a.lanczos_steps = a.lanczos_steps or LANCZOS_STEPS
    a.hutchinson_probes = a.hutchinson_probes or HUTCHINSON_PROBES
    if a.sample_size == 0 and info is not None and info.n_train:
        a.sample_size = min(CURVATURE_SAMPLE_SIZE, info.n_train)


def auto_learning_rate_optimizers() -> tuple[str, ...]:
    """The optimizers ``learning_rate: auto`` applies to: the sgd family's with an lr."""
    return tuple(
        name
        for name in registry.names()
        if registry.get(name).family == "sgd"
        and any(h.name == "lr" for h in registry.get(name).hyperparams)
    )


# ----------------------------------------------------------------------------- validate


def validate(
    spec: pb.JobSpec,
    check_backend: BackendCheck | None = None,
    prefix: str = "spec",
    *,
    defaults: Defaults | None = None,
) -> pb.JobSpec:
    """``spec`` normalised; ValidationError listing every violation under ``prefix``."""
    v = Violations()
    info = None
    if spec.dataset.WhichOneof("kind") or spec.model.WhichOneof("kind") != "entry_point":
        info = data.check(spec.dataset, v, f"{prefix}.dataset")
    n = normalize(spec, defaults or Defaults(), info)
    p = prefix
    _check_model(n, info, v, p)
    _check_training(n, spec, info, v, p)
    _check_running(n, spec, v, p)
    if check_backend is not None:
        check_backend(n, v, p)
    v.raise_if_any()
    return n


def _merge(v: Violations, exc: ValidationError) -> None:
    for x in exc.violations:
        v.add(x.field, x.description, x.reason)


def _in(v: Violations, ok: bool, field: str, description: str) -> None:
    v.check(ok, field, description, "OUT_OF_RANGE")


def _check_auto_learning_rate(
    n: pb.JobSpec, given: pb.JobSpec, info: data.DataInfo | None, v: Violations, p: str
) -> None:
    field = f"{p}.optimizer.auto_learning_rate"
    name, a = n.optimizer.name, n.optimizer.auto_learning_rate
    allowed = auto_learning_rate_optimizers()
    if name in registry.names() and name not in allowed:
        v.add(field, f"learning_rate auto is SGD's stability bound: it applies to "
              f"{', '.join(allowed)}, not {name} ({registry.get(name).family} family)",
              "UNSUPPORTED")  # fmt: skip
    if "lr" in given.optimizer.hyperparameters:
        v.add(f"{p}.optimizer.hyperparameters.lr",
              "set either lr or auto_learning_rate, not both", "CONFLICT")  # fmt: skip
    if n.model.WhichOneof("kind") == "entry_point":
        v.add(field, "an entry point's model is the user's code: its curvature cannot be "
              "measured; set hyperparameters.lr", "UNSUPPORTED")  # fmt: skip
    dampening = python_values(n.optimizer.hyperparameters).get("dampening", 0.0)
    _in(v, not isinstance(dampening, float | int) or dampening < 1,
        f"{p}.optimizer.hyperparameters.dampening",
        f"must be < 1 with auto_learning_rate (1 never steps), got {dampening}")  # fmt: skip
    sf = a.safety_factor
    _in(v, math.isfinite(sf) and 0 < sf <= 1, f"{field}.safety_factor",
        f"must be in (0, 1], got {sf}")  # fmt: skip
    _in(v, 2 <= a.lanczos_steps <= MAX_LANCZOS_STEPS, f"{field}.lanczos_steps",
        f"must be in [2, {MAX_LANCZOS_STEPS}], got {a.lanczos_steps}")  # fmt: skip
    _in(v, 2 <= a.hutchinson_probes <= MAX_HUTCHINSON_PROBES, f"{field}.hutchinson_probes",
        f"must be in [2, {MAX_HUTCHINSON_PROBES}], got {a.hutchinson_probes}")  # fmt: skip
    high = info.n_train if info and info.n_train else None
    _in(v, a.sample_size >= 0 and (high is None or a.sample_size <= high),
        f"{field}.sample_size", f"must be in [0, {high or 'the training split'}] (0: "
        f"min({CURVATURE_SAMPLE_SIZE}, the split)), got {a.sample_size}")  # fmt: skip


def _check_model(n: pb.JobSpec, info: data.DataInfo | None, v: Violations, p: str) -> None:
    kind = n.model.WhichOneof("kind")
    field = f"{p}.model.{kind}"
    if kind is None:
        v.add(f"{p}.model", f"a model is required: one of {', '.join(catalog.MODELS)}", "REQUIRED")
        return
    if kind == "mlp":
        for i, h in enumerate(n.model.mlp.hidden_sizes):
            _in(v, 1 <= h <= 65536, f"{field}.hidden_sizes[{i}]", f"must be in [1, 65536], got {h}")
        d = n.model.mlp.dropout
        _in(v, 0 <= d < 1, f"{field}.dropout", f"must be in [0, 1), got {d}")
    elif kind == "cnn":
        channels = n.model.cnn.channels
        for i, c in enumerate(channels):
            _in(v, 1 <= c <= 4096, f"{field}.channels[{i}]", f"must be in [1, 4096], got {c}")
        if info is not None and info.images:
            side = min(info.input_shape[1:])
            _in(
                v,
                2 ** len(channels) <= side,
                f"{field}.channels",
                f"{len(channels)} pooling blocks need images of at least "
                f"{2 ** len(channels)} pixels a side, got {side}",
            )
    elif kind == "resnet20":
        w = n.model.resnet20.width
        _in(v, 1 <= w <= 256, f"{field}.width", f"must be in [1, 256], got {w}")
        if info is not None and info.images:
            side = min(info.input_shape[1:])
            _in(v, side >= 8, f"{p}.model", f"resnet20 needs images of at least 8x8, got {side}")
    elif kind == "transformer_lm":
        lm = n.model.transformer_lm
        _in(
            v,
            1 <= lm.d_model <= 4096,
            f"{field}.d_model",
            f"must be in [1, 4096], got {lm.d_model}",
        )
        _in(v, 1 <= lm.layers <= 64, f"{field}.layers", f"must be in [1, 64], got {lm.layers}")
        heads_ok = 1 <= lm.heads <= 64 and lm.d_model % lm.heads == 0
        _in(v, heads_ok, f"{field}.heads", f"must be in [1, 64] and divide d_model, got {lm.heads}")
        _in(v, 0 <= lm.dropout < 1, f"{field}.dropout", f"must be in [0, 1), got {lm.dropout}")
    elif kind == "entry_point":
        _check_entry_point(n.model.entry_point.target, v, f"{field}.target")
    model = catalog.MODELS[kind]
    if info is None:
        return
    if info.task not in model.tasks:
        tasks = ", ".join(catalog.task_name(t) for t in model.tasks)
        v.add(
            f"{p}.model",
            f"{kind} trains on {tasks}; the dataset poses {catalog.task_name(info.task)}",
            "INCOMPATIBLE",
        )
    elif model.images and not info.images:
        v.add(
            f"{p}.model",
            f"{kind} needs images (channels x height x width), the inputs are {info.input_shape}",
            "INCOMPATIBLE",
        )


def _check_entry_point(target: str, v: Violations, field: str) -> None:
    m = _TARGET.fullmatch(target)
    if m is None:
        v.add(field, f"must be package.module:function, got {target!r}")
        return
    module_name, attr = m.groups()
    try:
        obj: Any = importlib.import_module(module_name)
    except Exception as exc:  # a user's module may raise anything while importing
        v.add(field, f"module {module_name!r} cannot be imported: {exc!r}", "NOT_FOUND")
        return
    for part in attr.split("."):
        obj = getattr(obj, part, None)
    v.check(callable(obj), field, f"{target} is not a callable of {module_name}", "NOT_FOUND")


def _check_training(
    n: pb.JobSpec, given: pb.JobSpec, info: data.DataInfo | None, v: Violations, p: str
) -> None:
    # optimizer
    name = n.optimizer.name
    lr_free = False
    if not name:
        names = ", ".join(registry.names())
        v.add(f"{p}.optimizer.name", f"an optimizer is required: one of {names}", "REQUIRED")
    elif name not in registry.names():
        v.add(f"{p}.optimizer.name", f"unknown optimizer {name!r}; one of "
              f"{', '.join(registry.names())}", "UNKNOWN_OPTIMIZER")  # fmt: skip
    else:
        try:
            registry.validate_config(
                name, python_values(n.optimizer.hyperparameters), prefix=f"{p}.optimizer"
            )
        except ValidationError as exc:
            _merge(v, exc)
        lr_free = all(h.name != "lr" for h in registry.get(name).hyperparams)
    if n.optimizer.HasField("auto_learning_rate"):
        _check_auto_learning_rate(n, given, info, v, p)
    # schedule
    s = n.schedule
    kind = s.WhichOneof("kind")
    schedule.check(s, v, f"{p}.schedule", MAX_STEPS)
    if lr_free and (kind != "constant" or s.warmup_steps > 0):
        v.add(f"{p}.schedule", f"{name} has no lr hyperparameter to schedule")
    # batch size
    n_train = info.n_train if info else None
    if n.batch_size.WhichOneof("kind") == "fixed":
        b = n.batch_size.fixed
        high = n_train or 1 << 24
        _in(v, 1 <= b <= high, f"{p}.batch_size.fixed",
            f"must be in [1, {high}] (the training samples), got {b}")  # fmt: skip
    else:
        field = f"{p}.batch_size.adaptive"
        try:
            config = registry.validate_config(
                "adaptive_batch", python_values(n.batch_size.adaptive.hyperparameters), field
            )
        except ValidationError as exc:
            _merge(v, exc)
        else:
            b0 = int(config["initial_batch_size"])  # type: ignore[call-overload]
            _in(v, not n_train or b0 <= n_train, f"{field}.hyperparameters.initial_batch_size",
                f"must be <= {n_train} (the training samples), got {b0}")  # fmt: skip
    # budget
    budget = n.budget.WhichOneof("kind")
    if budget is None:
        v.add(f"{p}.budget", "a budget is required: steps or epochs", "REQUIRED")
    elif budget == "steps":
        _in(v, 1 <= n.budget.steps <= MAX_STEPS, f"{p}.budget.steps",
            f"must be in [1, {MAX_STEPS}], got {n.budget.steps}")  # fmt: skip
    elif n.budget.epochs < 1:
        _in(v, False, f"{p}.budget.epochs", f"must be >= 1, got {n.budget.epochs}")
    elif info is None and not n.dataset.WhichOneof("kind"):
        v.add(f"{p}.budget.epochs", "an epoch budget needs a dataset")
    else:
        steps = total_steps(n, n_train)
        _in(v, steps is None or steps <= MAX_STEPS, f"{p}.budget.epochs",
            f"{n.budget.epochs} epochs are {steps} steps, more than {MAX_STEPS}")  # fmt: skip
    # evaluation
    _in(v, n.evaluation.interval_steps >= 0, f"{p}.evaluation.interval_steps",
        f"must be >= 0, got {given.evaluation.interval_steps}")  # fmt: skip
    metric = n.evaluation.metric
    if info is not None and n.model.WhichOneof("kind") != "entry_point":
        allowed = catalog.METRICS[info.task]
        v.check(metric in allowed, f"{p}.evaluation.metric",
                f"must be one of {', '.join(allowed)} for {catalog.task_name(info.task)}, "
                f"got {metric!r}")  # fmt: skip
    else:  # an entry point reports metrics of its own
        v.check(bool(_METRIC.fullmatch(metric)), f"{p}.evaluation.metric",
                f"must be a metric name (lower case, digits, _), got {metric!r}")  # fmt: skip


def _check_running(n: pb.JobSpec, given: pb.JobSpec, v: Violations, p: str) -> None:
    _in(v, n.report_interval_steps >= 0, f"{p}.report_interval_steps",
        f"must be >= 0, got {n.report_interval_steps}")  # fmt: skip
    _in(v, n.checkpoint.interval_steps >= 0, f"{p}.checkpoint.interval_steps",
        f"must be >= 0, got {n.checkpoint.interval_steps}")  # fmt: skip
    if given.HasField("max_duration"):
        d = given.max_duration
        ok = 0 <= d.nanos < 10**9 and (d.seconds, d.nanos) > (0, 0)
        _in(v, ok, f"{p}.max_duration", f"must be > 0, got {d.seconds}s {d.nanos}ns")
    device = devices.parse(n.device)
    v.check(device is not None, f"{p}.device",
            f"must be auto, cpu, cuda or cuda:N, got {given.device!r}")  # fmt: skip
    if n.precision not in pb.Precision.values():
        v.add(f"{p}.precision", f"unknown precision {n.precision}", "UNKNOWN")
    elif n.precision == pb.PRECISION_BF16 and device is not None:
        v.check(device.startswith(devices.CUDA), f"{p}.precision",
                f"bf16 runs on CUDA only: set device to cuda or cuda:N, not {device}")  # fmt: skip
    r = n.resources
    _in(v, r.gpus >= 0, f"{p}.resources.gpus", f"must be >= 0, got {r.gpus}")
    _in(v, math.isfinite(r.cpu) and r.cpu >= 0, f"{p}.resources.cpu", f"must be >= 0, got {r.cpu}")
    _in(v, r.memory_mib >= 0, f"{p}.resources.memory_mib", f"must be >= 0, got {r.memory_mib}")
    _check_placement(n, v, p)
    v.check(len(n.name) <= MAX_NAME, f"{p}.name", f"must be 1-{MAX_NAME} characters")
    for key, value in n.labels.items():
        v.check(
            bool(_LABEL.fullmatch(key) and _LABEL.fullmatch(value)),
            f"{p}.labels[{key}]",
            "keys and values are 1-63 letters, digits, '.', '_', '-', '/'",
        )


def _check_placement(n: pb.JobSpec, v: Violations, p: str) -> None:
    """Workers and placement, as far as no backend is needed to judge them (the
    Kubernetes backend checks the allowed images and its pool's node labels)."""
    w = n.resources.workers
    _in(v, 0 <= w <= MAX_WORKERS, f"{p}.resources.workers",
        f"must be in [0, {MAX_WORKERS}] (0 means 1), got {w}")  # fmt: skip
    if 1 < w <= MAX_WORKERS:
        kind = n.batch_size.WhichOneof("kind")
        if kind == "fixed":
            b = n.batch_size.fixed
            v.check(b % w == 0, f"{p}.batch_size.fixed",
                    f"the batch of {b} samples must split evenly over {w} workers")  # fmt: skip
        elif kind == "adaptive":
            v.add(f"{p}.batch_size.adaptive",
                  "an adaptive batch size runs on one worker; set a fixed batch size",
                  "UNSUPPORTED")  # fmt: skip
        if n.optimizer.name in ("cbo", "sso"):  # no plain backward for DDP to average
            v.add(f"{p}.optimizer.name",
                  f"{n.optimizer.name} runs on one worker; several workers need a gradient "
                  "optimizer that steps once per backward pass", "UNSUPPORTED")  # fmt: skip
        if n.model.WhichOneof("kind") == "entry_point":
            v.add(f"{p}.model.entry_point",
                  "an entry point runs on one worker; several workers train catalogue models",
                  "UNSUPPORTED")  # fmt: skip
    image = n.placement.image
    v.check(not image or (len(image) <= 255 and bool(_IMAGE.fullmatch(image))),
            f"{p}.placement.image",
            f"must be a container image reference (registry/name:tag), got {image!r}")  # fmt: skip
    for key, value in sorted(n.placement.node_selector.items()):
        given = value.WhichOneof("kind")
        v.check(given == "string_value", f"{p}.placement.node_selector.{key}",
                f"node label values are strings (quote it), got {given}")  # fmt: skip
