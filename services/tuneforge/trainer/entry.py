"""User entry points: ``package.module:function(ctx)`` trains with what the job gives it.

The worker imports the function named by ``spec.model.entry_point.target`` and
calls it with a :class:`TrainContext`: the optimizer the spec names
(:meth:`TrainContext.make_optimizer`), the schedule (:meth:`TrainContext.lr_factor`,
:meth:`TrainContext.apply_schedule`), ``report(step, metrics)``, atomic checkpoints
in ``checkpoint_dir`` (:meth:`TrainContext.save_checkpoint` /
:meth:`TrainContext.load_checkpoint`; the job resumes from them after a restart),
the device, the dataset (when the spec names one), the entry point's
``arguments``, the seed and the budget. The function may return final metrics.

When :meth:`TrainContext.should_stop` turns True (SIGTERM: preemption or a server
shutdown) the function should save a checkpoint and return; the job then ends
as stopped and resumes later instead of succeeding.
"""

from __future__ import annotations

import importlib
import math
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast

import torch

from tuneforge.errors import ValidationError
from tuneforge.optim import registry
from tuneforge.trainer import checkpoint, schedule
from tuneforge.trainer.events import Progress
from tuneforge.trainer.spec import python_values
from tuneforge.v1 import trainer_service_pb2 as pb

__all__ = ["EntryFunction", "TrainContext", "load_target"]

EntryFunction = Callable[["TrainContext"], Mapping[str, float] | None]
_TARGET_FIELD = "spec.model.entry_point.target"
# Keys of report()'s metrics that are fields of a progress point, not metrics.
_PROGRESS_KEYS = ("samples_seen", "epoch", "learning_rate", "batch_size", "grad_norm")


def load_target(target: str) -> EntryFunction:
    """The function ``package.module:function``; ValidationError when it cannot be had."""
    module_name, sep, name = target.partition(":")
    if not sep or not module_name or not name:
        raise ValidationError.single(
            _TARGET_FIELD, f"must look like package.module:function, got {target!r}"
        )
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:  # an import error of any kind is the target's fault
        raise ValidationError.single(
            _TARGET_FIELD, f"cannot import {module_name!r}: {exc}", "UNKNOWN"
        ) from exc
    fn: Any = module
    for part in name.split("."):
        fn = getattr(fn, part, None)
    if not callable(fn):
        raise ValidationError.single(
            _TARGET_FIELD, f"{module_name!r} has no function {name!r}", "UNKNOWN"
        )
    return cast(EntryFunction, fn)


class TrainContext:
    """What an entry point receives (see the module docstring)."""

    def __init__(
        self,
        spec: pb.JobSpec,
        *,
        device: str,
        dataset: Any,
        arguments: dict[str, Any],
        checkpoint_dir: Path,
        total_steps: int,
        emit: Callable[[Progress], None],
        stop: threading.Event,
    ) -> None:
        self.spec = spec
        self.device = device
        #: :class:`tuneforge.trainer.data.Arrays` when the spec names a dataset, else None.
        self.dataset = dataset
        #: The entry point's ``arguments`` as plain JSON values.
        self.arguments = arguments
        self.checkpoint_dir = checkpoint_dir
        self.seed = spec.seed
        #: The budget in optimizer steps (0 when it is in epochs and there is no dataset).
        self.total_steps = total_steps
        self.schedule: pb.ScheduleSpec = spec.schedule
        self._factor = schedule.Schedule(spec.schedule).factor
        self.param_count = 0
        self.last: dict[str, float] = {}  # the latest value of every reported metric
        self.last_step = 0
        self._emit = emit
        self._stop = stop
        self._since: tuple[float, int] = (time.perf_counter(), 0)

    # -- the optimizer and its schedule --------------------------------------------

    def make_optimizer(self, params: Iterable[Any]) -> torch.optim.Optimizer:
        """The spec's optimizer over ``params`` (tensors or parameter groups)."""
        params = list(params)
        tensors = [t for p in params for t in (p["params"] if isinstance(p, dict) else [p])]
        self.param_count = sum(t.numel() for t in tensors)
        hyperparameters = python_values(self.spec.optimizer.hyperparameters)
        opt: torch.optim.Optimizer = registry.build(
            self.spec.optimizer.name, params, hyperparameters
        )
        return opt

    def lr_factor(self, step: int) -> float:
        """The schedule's factor for optimizer step ``step`` (0-based)."""
        return self._factor(step, self.total_steps)

    def apply_schedule(
        self, optimizer: torch.optim.Optimizer, base_lrs: list[float], step: int
    ) -> None:
        """Set every group's lr to its ``base_lrs`` entry times :meth:`lr_factor`."""
        f = self.lr_factor(step)
        for group, lr in zip(optimizer.param_groups, base_lrs, strict=True):
            group["lr"] = lr * f

    # -- reporting and stopping -------------------------------------------------------

    def report(self, step: int, metrics: Mapping[str, float]) -> None:
        """One progress point: ``loss`` is the training loss, ``eval_*`` evaluation
        metrics; ``samples_seen``, ``epoch``, ``learning_rate``, ``batch_size`` and
        ``grad_norm`` fill those fields; the rest are metrics."""
        values = {k: float(v) for k, v in metrics.items()}
        self.last.update(values)
        self.last_step = step
        now = time.perf_counter()
        then, then_step = self._since
        self._since = (now, step)
        rate = (step - then_step) / (now - then) if now > then and step > then_step else 0.0
        fields = {k: values.pop(k) for k in _PROGRESS_KEYS if k in values}
        self._emit(
            Progress(
                step=step,
                samples_seen=int(fields.get("samples_seen", 0)),
                epoch=fields.get("epoch", 0.0),
                loss=values.pop("loss", math.nan),
                metrics=values,
                learning_rate=fields.get("learning_rate", 0.0),
                batch_size=int(fields.get("batch_size", 0)),
                grad_norm=fields.get("grad_norm", math.nan),
                steps_per_second=rate,
                evaluation=any(k.startswith("eval_") for k in values),
                time=time.time(),
            )
        )

    def should_stop(self) -> bool:
        """True once the worker was asked to stop: checkpoint and return."""
        return self._stop.is_set()

    # -- checkpoints ------------------------------------------------------------------

    def save_checkpoint(self, step: int, state: Mapping[str, Any]) -> Path:
        """Save ``state`` (tensors, state dicts, plain values) atomically as of ``step``."""
        return checkpoint.write(self.checkpoint_dir, step, {"step": step, "state": dict(state)})

    def load_checkpoint(self) -> tuple[int, dict[str, Any]] | None:
        """``(step, state)`` of the newest checkpoint, or None on a fresh start."""
        path = checkpoint.latest(self.checkpoint_dir)
        if path is None:
            return None
        payload = checkpoint.read(path, map_location=self.device)
        return int(payload["step"]), payload["state"]
