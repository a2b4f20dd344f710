"""The training loop a worker runs: a JobSpec in, events and checkpoints out.

:func:`run` seeds every RNG from ``spec.seed``, loads the data (:mod:`.data`),
builds the model (:mod:`.models`) and the optimizer (:mod:`tuneforge.optim.registry`),
resumes from the newest checkpoint in the job directory when there is one, and
trains to the budget. Every ``report_interval_steps`` it appends a ``progress``
line to ``events.jsonl``, every evaluation interval (and at the end) an
evaluation point, every checkpoint interval a checkpoint and a ``checkpoint``
line. When ``stop`` is set it checkpoints at the next step boundary and raises
:class:`Stopped`. A user entry point (``model.entry_point``) is called with a
:class:`~tuneforge.trainer.entry.TrainContext` instead.

Faithful resumes: the data order of epoch ``e`` is a permutation drawn from a
generator seeded by ``(seed, e)``, so a checkpoint's ``(epoch, index)`` fixes the
rest of the run; with the model, the optimizer, the batch-size controller and the
RNG states restored, a resumed run ends with the parameters of an uninterrupted
one, bit for bit, on CPU.

Lean steps: the data moves to the device once, a batch is an ``index_select`` of
a precomputed permutation, losses stay on the device until a report (one sync per
report), and so do the l2 and l1 norms of the gradient of every step (gradient
optimizers but SSO: ``Progress.step_grad_norms``, ``step_grad_norms_l1``; two
``_foreach_norm`` calls per step, kept with the pending losses in a checkpoint);
with an adaptive batch size, every step's batch and AdAdaGrad's test statistic after
it (``Progress.step_batch_sizes``, ``step_batch_test_statistics``).

Data parallel: in a joined process group (:mod:`.distributed`, a multi-pod job) the
model is wrapped in DistributedDataParallel and each rank trains on its share of
every global batch (``batch_size`` is the global batch), weighted so that the
averaged gradient is the one of the whole batch: the ranks end with the parameters
of a single-process run (up to float rounding). Every rank resumes from the newest
checkpoint; only rank 0 writes events and checkpoints; losses are all-reduced at
each report; a stop request is agreed on at report boundaries, so that all ranks
stop at the same step.
"""

from __future__ import annotations

import contextlib
import math
import random
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import Tensor, nn

from tuneforge.errors import ValidationError
from tuneforge.optim import registry
from tuneforge.optim.cbo import CBO
from tuneforge.optim.sso import SSO
from tuneforge.schedules import stability
from tuneforge.trainer import checkpoint, distributed, entry, events, models, schedule
from tuneforge.trainer import data as datasets
from tuneforge.trainer import spec as job_spec
from tuneforge.trainer.events import Progress
from tuneforge.trainer.jobdir import JobDir
from tuneforge.trainer.spec import python_values
from tuneforge.v1 import trainer_service_pb2 as pb

__all__ = [
    "Data",
    "Stopped",
    "build_batch_controller",
    "build_optimizer",
    "loss_function",
    "prepare",
    "resolve_device",
    "run",
    "seed_everything",
    "task_of",
    "train",
]

DEFAULT_BATCH_SIZE = 64
DEFAULT_REPORT_INTERVAL = 10
DEFAULT_CHECKPOINT_INTERVAL = 200  # Settings.checkpoint_interval_steps' default
EVAL_BATCH_SIZE = 1024

LossFn = Callable[[Tensor, Tensor], Tensor]
_PROGRESS_FIELDS = tuple(Progress.__dataclass_fields__)


class Stopped(Exception):
    """Training stopped on request at ``step``; ``checkpoint`` is where it resumes from."""

    def __init__(self, step: int, checkpoint: Path | None) -> None:
        super().__init__(f"stopped at step {step}")
        self.step = step
        self.checkpoint = checkpoint


# ----------------------------------------------------------------------------- helpers


def resolve_device(device: str) -> str:
    """``auto`` (or empty) as ``cuda`` when CUDA is available, else ``cpu``."""
    if device in ("", "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def seed_everything(seed: int) -> None:
    """Seed Python's, numpy's and torch's global RNGs (CUDA's with torch's)."""
    random.seed(seed)
    np.random.seed(seed % 2**32)  # noqa: NPY002 (the global one libraries draw from)
    torch.manual_seed(seed)


def _epoch_seed(seed: int, epoch: int) -> int:
    # SeedSequence mixes the pair well: neighbouring seeds give unrelated orders.
    hi, lo = np.random.SeedSequence((seed, epoch)).generate_state(2, np.uint32)
    return (int(hi) << 32) | int(lo)


def task_of(info: Any) -> str:
    """``classification``, ``regression`` or ``language_modeling``: ``DataInfo.task``
    (a ``Task`` value) by its name."""
    name = pb.Task.Name(info.task).lower().removeprefix("task_")
    if name not in ("classification", "regression", "language_modeling"):
        raise ValueError(f"no training for task {name!r}")
    return name


def loss_function(task: str) -> LossFn:
    """Mean cross-entropy (classification), MSE (regression), token cross-entropy (LM)."""
    if task == "classification":
        return F.cross_entropy
    if task == "regression":
        return lambda out, y: F.mse_loss(out.reshape(y.shape), y)
    return lambda out, y: F.cross_entropy(out.reshape(-1, out.shape[-1]), y.reshape(-1))


@dataclass(frozen=True, slots=True)
class Data:
    """A dataset's splits as tensors on the training device."""

    task: str
    x_train: Tensor
    y_train: Tensor
    x_val: Tensor
    y_val: Tensor

    @classmethod
    def of(cls, arrays: Any, device: str) -> Data:
        """:class:`tuneforge.trainer.data.Arrays` (numpy) on ``device``, moved once."""
        task = task_of(arrays.info)

        def tensor(a: np.ndarray, target: bool) -> Tensor:
            t = torch.from_numpy(np.ascontiguousarray(a))
            if target:
                t = t.float() if task == "regression" else t.long()
            elif t.is_floating_point():
                t = t.float()
            else:
                t = t.long()  # token ids
            return t.to(device)

        return cls(
            task,
            tensor(arrays.x_train, False),
            tensor(arrays.y_train, True),
            tensor(arrays.x_val, False),
            tensor(arrays.y_val, True),
        )


@dataclass(frozen=True, slots=True)
class _Plan:
    """The spec's intervals and budget with their defaults applied."""

    batch_size: int
    total_steps: int | None  # None: an epoch budget with an adaptive batch (samples count)
    epochs: int | None
    report_every: int
    eval_every: int
    checkpoint_every: int  # 0: never

    @classmethod
    def of(cls, spec: pb.JobSpec, n_train: int, batch_size: int) -> _Plan:
        adaptive = spec.batch_size.WhichOneof("kind") == "adaptive"
        epochs: int | None = None
        if spec.budget.WhichOneof("kind") == "epochs":
            epochs = spec.budget.epochs
            total = None if adaptive else epochs * math.ceil(n_train / batch_size)
        else:
            total = spec.budget.steps
        estimate = total or (epochs or 1) * math.ceil(n_train / batch_size)
        ckpt = spec.checkpoint
        every = ckpt.interval_steps or DEFAULT_CHECKPOINT_INTERVAL
        return cls(
            batch_size=batch_size,
            total_steps=total,
            epochs=epochs,
            report_every=spec.report_interval_steps or DEFAULT_REPORT_INTERVAL,
            eval_every=spec.evaluation.interval_steps or max(estimate // 10, 1),
            checkpoint_every=0 if ckpt.disabled else every,
        )


class _Events:
    """Appends worker lines to ``events.jsonl``, one write and flush per line (from the
    loop and from the checkpoint writer's thread)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] = open(path, "a", encoding="utf-8")  # noqa: SIM115 (closed by close)
        self._lock = threading.Lock()

    def emit(self, kind: str, **payload: Any) -> None:
        line = events.encode(kind, **payload)
        with self._lock:
            self._file.write(line)
            self._file.flush()

    def progress(self, p: Progress) -> None:
        # Not Progress.to_dict (dataclasses.asdict): this runs at every report.
        self.emit("progress", **{name: getattr(p, name) for name in _PROGRESS_FIELDS})

    def close(self) -> None:
        self._file.close()


class _NoEvents(_Events):
    """The sink of a rank other than 0: rank 0 alone writes the shared events file."""

    def __init__(self) -> None:
        pass

    def emit(self, kind: str, **payload: Any) -> None:
        pass

    def close(self) -> None:
        pass


def build_optimizer(spec: pb.OptimizerSpec, model: nn.Module) -> torch.optim.Optimizer:
    """The spec's optimizer over ``model``'s parameters (TRP: its official layer groups)."""
    params: Any = model.parameters()
    if spec.name == "trp":
        from tuneforge.optim.trp import trp_param_groups

        params = [g for g in trp_param_groups(model) if g["params"]]
    try:
        opt: torch.optim.Optimizer = registry.build(
            spec.name, params, python_values(spec.hyperparameters)
        )
    except ValidationError as exc:
        raise exc.remap(lambda f: "spec." + f) from None
    return opt


def build_batch_controller(
    spec: pb.BatchSizeSpec, model: nn.Module, loss_fn: LossFn, n_train: int
) -> Any:
    """AdAdaGrad's controller for an adaptive batch size, else None."""
    if spec.WhichOneof("kind") != "adaptive":
        return None
    from tuneforge.optim.adaptive_batch import AdaptiveBatchSize

    config = registry.validate_config(
        "adaptive_batch",
        python_values(spec.adaptive.hyperparameters),
        prefix="spec.batch_size.adaptive",
    )
    config["max_batch_size"] = min(int(config["max_batch_size"]), n_train)  # type: ignore[call-overload]
    config["initial_batch_size"] = min(int(config["initial_batch_size"]), n_train)  # type: ignore[call-overload]
    return AdaptiveBatchSize(model, loss_fn, **config)  # type: ignore[arg-type]


def _scheduled_groups(opt: torch.optim.Optimizer) -> list[dict[str, Any]]:
    # SSO's own group has no lr: its inner optimizer's is the one that steps.
    return list(opt.inner.param_groups if isinstance(opt, SSO) else opt.param_groups)


def _step_norms(params: list[nn.Parameter], zero: Tensor) -> Tensor:
    """``[l2, l1]`` norms of the gradient of ``params`` as a float32 tensor on their
    device, without a host sync (``zero`` when no parameter has a gradient)."""
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return zero
    l2 = torch.linalg.vector_norm(torch.stack(torch._foreach_norm(grads, 2)).float())
    l1 = torch.stack(torch._foreach_norm(grads, 1)).float().sum()
    return torch.stack((l2, l1))


def _grad_norm(model: nn.Module) -> float:
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    if not grads:
        return math.nan
    norms = torch._foreach_norm(grads)
    return float(torch.linalg.vector_norm(torch.stack([n.float() for n in norms])))


# ------------------------------------------------------------------------------ run


def run(spec: pb.JobSpec, job_dir: JobDir, device: str, stop: threading.Event) -> dict[str, float]:
    """Train ``spec`` in ``job_dir`` on ``device`` (``auto``/empty: the spec's device),
    see the module docstring; the final metrics. Raises :class:`Stopped` when ``stop``
    is set before the end, :class:`~tuneforge.errors.ValidationError` for a
    configuration the worker refuses."""
    device = resolve_device(spec.device if device in ("", "auto") else device)
    if spec.model.WhichOneof("kind") == "entry_point":
        if distributed.active().size > 1:
            raise ValidationError.single(
                "spec.model.entry_point", "an entry point runs on one worker", "UNSUPPORTED"
            )
        seed_everything(spec.seed)
        return _run_entry(spec, job_dir, device, stop)
    data, model = prepare(spec, device)
    return train(spec, data, model, job_dir, device, stop)


def prepare(spec: pb.JobSpec, device: str) -> tuple[Data, nn.Module]:
    """Seed the RNGs, load the data and build the model of a registry job, on ``device``."""
    seed_everything(spec.seed)
    arrays = datasets.load(spec.dataset, spec.seed)
    model = models.build(spec.model, arrays.info).to(device)
    return Data.of(arrays, device), model


def train(
    spec: pb.JobSpec,
    data: Data,
    model: nn.Module,
    job_dir: JobDir,
    device: str,
    stop: threading.Event,
) -> dict[str, float]:
    """:func:`run` once the data and the model are built (both on ``device``)."""
    sink = _Events(job_dir.events) if distributed.active().leader else _NoEvents()
    try:
        return _Training(spec, data, model, job_dir, device, stop, sink).train()
    finally:
        sink.close()


class _Training:
    """One attempt of a job: the loop and the state a checkpoint holds."""

    def __init__(
        self,
        spec: pb.JobSpec,
        data: Data,
        model: nn.Module,
        job_dir: JobDir,
        device: str,
        stop: threading.Event,
        sink: _Events,
    ) -> None:
        self.spec, self.data, self.model, self.device = spec, data, model, device
        self.job_dir, self.stop, self.sink = job_dir, stop, sink
        self.n = data.x_train.shape[0]
        if self.n == 0:
            raise ValidationError.single("spec.dataset", "the training split is empty")
        self.loss_fn = loss_function(data.task)
        self.opt = build_optimizer(spec.optimizer, model)
        self.groups = _scheduled_groups(self.opt)
        self.base_lrs = [float(g["lr"]) for g in self.groups]
        self.controller = build_batch_controller(spec.batch_size, model, self.loss_fn, self.n)
        if self.controller is not None:
            batch = self.controller.batch_size
        else:
            batch = min(spec.batch_size.fixed or DEFAULT_BATCH_SIZE, self.n)
        self.plan = _Plan.of(spec, self.n, batch)
        self.schedule = schedule.Schedule(spec.schedule)
        self.batch_size = batch
        self.cbo = isinstance(self.opt, CBO)  # derivative-free: the model stays in eval mode
        self.cuda = torch.device(device).type == "cuda"
        bf16 = self.cuda and spec.precision == pb.PRECISION_BF16
        self.amp: Callable[[], AbstractContextManager[Any]] = contextlib.nullcontext
        if bf16:
            self.amp = lambda: torch.autocast("cuda", dtype=torch.bfloat16)
        self.param_count = sum(p.numel() for p in model.parameters())
        self.world = distributed.active()
        self.forward: nn.Module = model  # what the steps call: DDP's wrapper in a group
        self.weight = 1.0  # this rank's share of the current global batch, times the ranks
        if self.world.size > 1:
            if self.controller is not None or isinstance(self.opt, CBO | SSO):
                raise ValidationError.single(
                    "spec", "several workers train with a fixed batch and a gradient optimizer"
                )
            from torch.nn.parallel import DistributedDataParallel

            # Broadcasts rank 0's parameters: the ranks start (and stay) identical.
            self.forward = DistributedDataParallel(
                model, device_ids=[torch.device(device)] if self.cuda else None
            )
        # The position and what the reports accumulate (a checkpoint holds all of it).
        self.step = self.epoch = self.index = self.samples_seen = 0
        self.perm: Tensor | None = None
        self.pending: list[Tensor] = []
        self.pending_norms: list[Tensor] = []  # per step [l2, l1] of the gradient, on device
        # Adaptive batch, per step: the samples it took and the test statistic after it.
        self.pending_batches: list[tuple[int, float]] = []
        self.train_loss = math.nan
        self.last_eval: dict[str, float] = {}
        self.wall_before = 0.0  # run time of earlier attempts
        self.checkpointed = -1  # the step of the newest checkpoint (saved or resumed from)
        self.auto: dict[str, float] = {}  # learning_rate auto: the rate and its curvature
        self.writer = checkpoint.Writer(
            job_dir.checkpoints, lambda step, _: sink.emit("checkpoint", step=step)
        )
        self._resume()
        self.groups = _scheduled_groups(self.opt)  # load_state_dict made new group dicts
        if spec.optimizer.HasField("auto_learning_rate"):
            if not self.auto:  # a fresh start: measured once, a resume keeps it
                self.auto = self._auto_learning_rate(spec.optimizer.auto_learning_rate)
                for group in self.groups:
                    group["lr"] = self.auto["auto_learning_rate"]
            self.base_lrs = [self.auto["auto_learning_rate"]] * len(self.groups)
        self.started = time.perf_counter()
        self.mark = (self.started, self.step, self.samples_seen)

    def _auto_learning_rate(self, auto: pb.AutoLearningRate) -> dict[str, float]:
        """``learning_rate: auto`` (``AutoLearningRate`` in the contract): the largest
        rate linear stability does not exclude at the job's batch size, ``min(2 /
        lambda_max, 2 B / tr(H))`` (Wu & Su; :func:`~.stability.sgd_stability`) on a
        seeded sample of the training split at the initial parameters, times the momentum
        factor of the optimizer's first group and the safety factor. Its generators are
        its own (the training RNG streams are untouched); in a process group rank 0's
        figures are broadcast so that every rank trains with the same rate."""
        n = self.n
        m = min(auto.sample_size or job_spec.CURVATURE_SAMPLE_SIZE, n)
        idx = stability.sample_indices(n, m, self.spec.seed).to(self.device)
        was_training = self.model.training
        self.model.eval()  # dropout would make the operator random
        try:
            report = stability.sgd_stability(
                self.model,
                self.loss_fn,
                self.data.x_train.index_select(0, idx),
                self.data.y_train.index_select(0, idx),
                [min(self.batch_size, m)],
                iterations=auto.lanczos_steps or job_spec.LANCZOS_STEPS,
                samples=auto.hutchinson_probes or job_spec.HUTCHINSON_PROBES,
                seed=self.spec.seed,
            )
        except ValidationError as exc:
            raise exc.remap(lambda f: "spec.optimizer.auto_learning_rate." + f) from None
        finally:
            self.model.train(was_training)
        group = self.groups[0]
        factor = stability.momentum_factor(
            float(group.get("momentum", 0.0)),
            float(group.get("dampening", 0.0)),
            bool(group.get("nesterov", False)),
        )
        safety = auto.safety_factor or job_spec.AUTO_SAFETY_FACTOR
        figures = torch.tensor(
            [report.rates[0].max_learning_rate * factor * safety,
             report.lambda_max.value, report.trace.value],
            dtype=torch.float64, device=self.device,
        )  # fmt: skip
        if self.world.size > 1:
            dist.broadcast(figures, 0)
        rate, lam, trace = figures.tolist()
        if not (math.isfinite(rate) and rate > 0):
            raise ValidationError.single(
                "spec.optimizer.auto_learning_rate",
                f"the curvature at initialisation bounds no learning rate (lambda_max {lam:.3g},"
                f" trace {trace:.3g}): set hyperparameters.lr",
                "NO_CURVATURE",
            )
        return {"auto_learning_rate": rate, "lambda_max": lam, "hessian_trace": trace}

    # -- the loop -----------------------------------------------------------------------

    def train(self) -> dict[str, float]:
        try:
            self._loop()
            self.writer.wait()  # the last checkpoint is durable (or its error raised)
        finally:
            self.writer.close()
        return self.final_metrics()

    def _loop(self) -> None:
        plan = self.plan
        step_fn = self._step_function()
        scheduled = not schedule.is_constant(self.spec.schedule)
        pending, controller = self.pending, self.controller
        # SSO's steps never form the loss's parameter gradient (.grad holds its last
        # surrogate step's): like CBO's, they record no per-step norms.
        norms = None if isinstance(self.opt, CBO | SSO) else self.pending_norms
        params = list(self.model.parameters())
        zero = torch.zeros(2, device=self.device)
        self.model.train(not self.cbo)
        while not self._done():
            if self._stop_requested():
                raise Stopped(self.step, self._save_now() if plan.checkpoint_every else None)
            x, y = self._next_batch()
            if scheduled:
                self._apply_schedule()
            pending.append(step_fn(x, y))
            if norms is not None:  # before the next step's zero_grad, and the batch test
                norms.append(_step_norms(params, zero))
            self.step += 1
            if controller is not None:
                self._grow_batch(x.shape[0])
            step, last = self.step, self._done()
            if step % plan.report_every == 0 or last:
                self._report()
            if step % plan.eval_every == 0 or last:
                self._evaluate()
            if plan.checkpoint_every and step % plan.checkpoint_every == 0 and not last:
                self.save()

    def _stop_requested(self) -> bool:
        if self.world.size == 1:
            return self.stop.is_set()
        if self.step % self.plan.report_every:  # agreed on at report boundaries only
            return False
        flag = torch.tensor([float(self.stop.is_set())], device=self.device)
        dist.all_reduce(flag, op=dist.ReduceOp.MAX)
        return bool(flag.item())

    def _done(self) -> bool:
        if self.plan.total_steps is not None:
            return self.step >= self.plan.total_steps
        assert self.plan.epochs is not None
        return self.epoch >= self.plan.epochs

    def _step_function(self) -> Callable[[Tensor, Tensor], Tensor]:
        model, opt, loss_fn, amp = self.model, self.opt, self.loss_fn, self.amp
        if isinstance(opt, CBO):
            cbo = opt

            def cbo_step(x: Tensor, y: Tensor) -> Tensor:
                return cbo.step(cbo.model_closure(model, loss_fn, x, y))

            return cbo_step
        if isinstance(opt, SSO):
            sso = opt

            def sso_step(x: Tensor, y: Tensor) -> Tensor:
                def forward() -> Tensor:
                    with amp():
                        return model(x)

                return sso.step(forward, lambda z: loss_fn(z, y))

            return sso_step
        if self.world.size > 1:
            ddp = self.forward

            def ddp_step(x: Tensor, y: Tensor) -> Tensor:
                opt.zero_grad(set_to_none=True)
                with amp():
                    loss = loss_fn(ddp(x), y) * self.weight
                loss.backward()  # DDP averages the ranks' gradients
                opt.step()
                return loss.detach()

            return ddp_step

        def step(x: Tensor, y: Tensor) -> Tensor:
            opt.zero_grad(set_to_none=True)
            with amp():
                loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            return loss.detach()

        return step

    # -- data order -----------------------------------------------------------------------

    def _permutation(self) -> Tensor:
        if self.perm is None:
            g = torch.Generator().manual_seed(_epoch_seed(self.spec.seed, self.epoch))
            self.perm = torch.randperm(self.n, generator=g).to(self.device)
        return self.perm

    def _next_batch(self) -> tuple[Tensor, Tensor]:
        perm, i = self._permutation(), self.index
        b = min(self.batch_size, self.n - i)
        idx = perm[i : i + b]
        self.index = i + b
        self.samples_seen += b
        if self.index >= self.n:  # the epoch is over; the next batch starts the next one
            self.epoch, self.index, self.perm = self.epoch + 1, 0, None
        if self.world.size > 1:
            idx = self._shard(idx)
        return self.data.x_train.index_select(0, idx), self.data.y_train.index_select(0, idx)

    def _shard(self, idx: Tensor) -> Tensor:
        """This rank's part of the global batch ``idx``; sets the weight that makes the
        average of the ranks' mean losses the mean over the whole batch (an epoch's
        last batch need not split evenly)."""
        size = self.world.size
        mine = torch.tensor_split(idx, size)[self.world.rank]
        if mine.numel() == 0:  # fewer samples than ranks: take part, contribute nothing
            self.weight = 0.0
            return idx[:1]
        self.weight = mine.numel() * size / idx.numel()
        return mine

    def _grow_batch(self, taken: int) -> None:
        """AdAdaGrad's test on the next batch (the prefix of the one the next step takes),
        recorded with the ``taken`` samples of the step just made."""
        if self._done():
            self.pending_batches.append((taken, math.nan))
            return
        perm, i = self._permutation(), self.index
        idx = perm[i : i + min(self.batch_size, self.n - i)]
        was_training = self.model.training
        self.model.eval()  # per-sample gradients: no dropout, BatchNorm on running stats
        self.batch_size = self.controller.update(
            self.data.x_train.index_select(0, idx), self.data.y_train.index_select(0, idx)
        )
        self.model.train(was_training)
        tested = self.controller.tested and self.controller.last_statistic is not None
        self.pending_batches.append((taken, self.controller.last_statistic if tested else math.nan))

    def _apply_schedule(self) -> None:
        fraction = None
        if self.plan.total_steps is None:  # adaptive batch over epochs: decay by samples
            assert self.plan.epochs is not None
            fraction = self.samples_seen / (self.plan.epochs * self.n)
        f = self.schedule.factor(self.step, self.plan.total_steps or 0, fraction=fraction)
        for group, lr in zip(self.groups, self.base_lrs, strict=True):
            group["lr"] = lr * f

    # -- reports ------------------------------------------------------------------------

    def _epoch_float(self) -> float:
        return self.epoch + self.index / self.n

    def _lr(self) -> float:
        return float(self.groups[0]["lr"]) if self.groups else 0.0

    def _report(self) -> None:
        if not self.pending:
            return
        loss = torch.stack(self.pending).float().mean()
        if self.world.size > 1:
            dist.all_reduce(loss)
            loss /= self.world.size
        l2: list[float] = []
        l1: list[float] = []
        if self.pending_norms:
            norms = torch.stack(self.pending_norms)
            host = torch.cat((loss.reshape(1).float(), norms.flatten())).tolist()  # the one sync
            self.train_loss, l2, l1 = host[0], host[1::2], host[2::2]
            self.pending_norms.clear()
        else:
            self.train_loss = float(loss)  # the one sync
        self.pending.clear()
        batches, self.pending_batches = self.pending_batches, []
        metrics: dict[str, float] = {}
        statistic = None if self.controller is None else self.controller.last_statistic
        if statistic is not None and math.isfinite(statistic):
            metrics["batch_test_statistic"] = float(statistic)
        now = time.perf_counter()
        then, then_step, then_samples = self.mark
        self.mark = (now, self.step, self.samples_seen)
        dt = max(now - then, 1e-9)
        self.sink.progress(
            Progress(
                step=self.step,
                samples_seen=self.samples_seen,
                epoch=self._epoch_float(),
                loss=self.train_loss,
                metrics=metrics,
                learning_rate=self._lr(),
                batch_size=self.batch_size,
                # The last step's l2 norm is the gradient's that is still there.
                grad_norm=l2[-1] if l2 else _grad_norm(self.model),
                samples_per_second=(self.samples_seen - then_samples) / dt,
                steps_per_second=(self.step - then_step) / dt,
                time=time.time(),
                step_grad_norms=l2,
                step_grad_norms_l1=l1,
                step_batch_sizes=[b for b, _ in batches],
                step_batch_test_statistics=[t for _, t in batches],
            )
        )

    @torch.no_grad()
    def _evaluate(self) -> None:
        d = self.data
        n = d.x_val.shape[0]
        if n == 0:
            return
        self.model.eval()
        loss_sum = torch.zeros((), device=self.device, dtype=torch.float64)
        correct = torch.zeros((), device=self.device, dtype=torch.int64)
        for i in range(0, n, EVAL_BATCH_SIZE):
            x, y = d.x_val[i : i + EVAL_BATCH_SIZE], d.y_val[i : i + EVAL_BATCH_SIZE]
            with self.amp():
                out = self.model(x)
            out = out.float()
            if d.task == "classification":
                loss_sum += F.cross_entropy(out, y, reduction="sum")
                correct += (out.argmax(dim=-1) == y).sum()
            elif d.task == "regression":
                loss_sum += F.mse_loss(out.reshape(y.shape), y, reduction="sum")
            else:
                flat = out.reshape(-1, out.shape[-1])
                loss_sum += F.cross_entropy(flat, y.reshape(-1), reduction="sum")
        self.model.train(not self.cbo)
        count = n if d.task != "language_modeling" else d.y_val.numel()
        loss = float(loss_sum) / count
        metrics = {"eval_loss": loss}
        if d.task == "classification":
            metrics["eval_accuracy"] = int(correct) / n
        elif d.task == "regression":
            metrics["eval_mse"] = loss
        else:
            metrics["eval_perplexity"] = math.exp(min(loss, 700.0))
        self.last_eval = metrics
        self.sink.progress(
            Progress(
                step=self.step,
                samples_seen=self.samples_seen,
                epoch=self._epoch_float(),
                metrics=metrics,
                learning_rate=self._lr(),
                batch_size=self.batch_size,
                evaluation=True,
                time=time.time(),
            )
        )

    def wall_seconds(self) -> float:
        return self.wall_before + time.perf_counter() - self.started

    def final_metrics(self) -> dict[str, float]:
        return {
            **self.last_eval,
            "train_loss": self.train_loss,
            "steps": float(self.step),
            "samples_seen": float(self.samples_seen),
            "wall_seconds": self.wall_seconds(),
            "param_count": float(self.param_count),
            **self.auto,
        }

    # -- checkpoints ----------------------------------------------------------------------

    def save(self) -> None:
        """Checkpoint the current step (once); the writer announces it when durable."""
        if self.checkpointed == self.step:
            return
        if self.world.size > 1:
            if self.pending:  # saved as the whole batch's losses, which every rank resumes
                losses = torch.stack(self.pending).float()
                dist.all_reduce(losses)
                self.pending[:] = list((losses / self.world.size).unbind())
            if not self.world.leader:
                self.checkpointed = self.step
                return
        state = checkpoint.State(
            step=self.step,
            epoch=self.epoch,
            index=self.index,
            samples_seen=self.samples_seen,
            model=self.model.state_dict(),
            optimizer=checkpoint.optimizer_state(self.opt),
            batch_controller=None if self.controller is None else self.controller.state_dict(),
            rng=checkpoint.capture_rng(self.cuda),
            stats={
                "pending": list(self.pending),
                "pending_grad_norms": list(self.pending_norms),  # same ranks: not reduced
                "pending_batches": list(self.pending_batches),
                "train_loss": self.train_loss,
                "last_eval": dict(self.last_eval),
                "batch_size": self.batch_size,
                "wall_seconds": self.wall_seconds(),
                "auto_learning_rate": dict(self.auto),
            },
        )
        self.writer.submit(self.step, checkpoint.payload_of(state))
        self.checkpointed = self.step

    def _save_now(self) -> Path | None:
        """Checkpoint the current step and wait until it is on disk; its path."""
        self.save()
        return self.writer.wait() or checkpoint.latest(self.job_dir.checkpoints)

    def _resume(self) -> None:
        path = checkpoint.latest(self.job_dir.checkpoints)
        if path is None:
            return
        state = checkpoint.load(path)
        self.model.load_state_dict(state.model)
        checkpoint.load_optimizer_state(self.opt, state.optimizer)
        if self.controller is not None and state.batch_controller is not None:
            self.controller.load_state_dict(state.batch_controller)
        self.step, self.epoch, self.index = state.step, state.epoch, state.index
        self.samples_seen = state.samples_seen
        stats = state.stats
        self.pending = [t.to(self.device) for t in stats["pending"]]
        self.pending_norms = [t.to(self.device) for t in stats.get("pending_grad_norms", [])]
        self.pending_batches = [(int(b), float(t)) for b, t in stats.get("pending_batches", [])]
        self.train_loss = float(stats["train_loss"])
        self.last_eval = dict(stats["last_eval"])
        self.batch_size = int(stats["batch_size"])
        self.wall_before = float(stats["wall_seconds"])
        self.auto = {k: float(x) for k, x in stats.get("auto_learning_rate", {}).items()}
        self.checkpointed = self.step
        checkpoint.restore_rng(state.rng)  # last: building the objects drew from the RNGs


# ------------------------------------------------------------------------- entry points


def _run_entry(
    spec: pb.JobSpec, job_dir: JobDir, device: str, stop: threading.Event
) -> dict[str, float]:
    fn = entry.load_target(spec.model.entry_point.target)
    dataset = None
    total = spec.budget.steps if spec.budget.WhichOneof("kind") == "steps" else 0
    if spec.HasField("dataset") and spec.dataset.WhichOneof("kind"):
        dataset = datasets.load(spec.dataset, spec.seed)
        if not total:
            batch = min(spec.batch_size.fixed or DEFAULT_BATCH_SIZE, dataset.info.n_train)
            total = spec.budget.epochs * math.ceil(dataset.info.n_train / max(batch, 1))
    sink = _Events(job_dir.events)
    ctx = entry.TrainContext(
        spec,
        device=device,
        dataset=dataset,
        arguments=python_values(spec.model.entry_point.arguments),
        checkpoint_dir=job_dir.checkpoints,
        total_steps=total,
        emit=sink.progress,
        stop=stop,
    )
    started = time.perf_counter()
    try:
        returned = fn(ctx) or {}
    finally:
        sink.close()
    if stop.is_set():
        raise Stopped(ctx.last_step, checkpoint.latest(job_dir.checkpoints))
    out = {k: v for k, v in ctx.last.items() if k.startswith("eval_")}
    out["train_loss"] = ctx.last.get("loss", math.nan)
    out["steps"] = float(ctx.last_step)
    out["samples_seen"] = ctx.last.get("samples_seen", 0.0)
    out["wall_seconds"] = time.perf_counter() - started
    out["param_count"] = float(ctx.param_count)
    out.update({k: float(v) for k, v in returned.items()})
    return out
