"""The model, data and loss a curvature estimate measures (``ScheduleService``'s
``EstimateStableLearningRate`` and ``LearningRateCurve``), built the way the runner
builds a registry job.

A :class:`Target` is the job spec's model (on CPU, in ``eval()`` mode so dropout
does not make the operator random) with the parameters of the job's newest
checkpoint when its directory is readable here (else its initialisation under the
spec's seed), the job's loss (:func:`tuneforge.trainer.runner.loss_function`) and
``sample_size`` training examples drawn by a seeded permutation of the training
split. An entry-point job's model is the user's code: it has no curvature we can
build, FAILED_PRECONDITION.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from torch import Tensor, nn

from tuneforge.errors import FailedPreconditionError, ValidationError
from tuneforge.schedules import stability
from tuneforge.trainer import checkpoint, runner
from tuneforge.trainer import spec as job_spec
from tuneforge.trainer.jobdir import JobDir
from tuneforge.trainer.spec import python_values
from tuneforge.v1 import trainer_service_pb2 as pb

__all__ = ["DEFAULT_SAMPLE_SIZE", "Target", "job_batch_size", "load"]

DEFAULT_SAMPLE_SIZE = job_spec.CURVATURE_SAMPLE_SIZE


@dataclass(frozen=True, slots=True)
class Target:
    model: nn.Module
    loss_fn: runner.LossFn
    x: Tensor
    y: Tensor
    checkpoint_step: int  # 0: the initialisation
    batch_size: int  # the job's (initial) batch size
    n_train: int  # the training split's size

    @property
    def parameters(self) -> int:
        return sum(p.numel() for p in self.model.parameters() if p.requires_grad)


def job_batch_size(spec: pb.JobSpec, n_train: int) -> int:
    """The batch size the job trains with (the first one for an adaptive batch)."""
    size = spec.batch_size.fixed
    if not size and spec.batch_size.WhichOneof("kind") == "adaptive":
        hp = python_values(spec.batch_size.adaptive.hyperparameters)
        size = int(hp.get("initial_batch_size", 0))
    return min(size or runner.DEFAULT_BATCH_SIZE, n_train)


def load(
    spec: pb.JobSpec,
    *,
    sample_size: int,
    seed: int,
    field: str,
    jobs_root: Path | None = None,
    job_id: str = "",
) -> Target:
    """The curvature target of ``spec`` (module doc); ``field`` names the request field
    violations point at; ``sample_size`` 0 means ``min(1024, n_train)``."""
    if spec.model.WhichOneof("kind") == "entry_point":
        raise FailedPreconditionError.single(
            field, "an entry-point model is the user's own code: its curvature cannot be built"
        )
    data, model = runner.prepare(spec, "cpu")
    n = int(data.x_train.shape[0])
    if sample_size > n:
        raise ValidationError.single(
            "sample_size",
            f"the training split holds {n} examples, fewer than {sample_size}",
            "OUT_OF_RANGE",
        )
    step = 0
    if jobs_root is not None and job_id:
        path = checkpoint.latest(JobDir.of(jobs_root, job_id).checkpoints)
        if path is not None:
            try:
                state = checkpoint.load(path)
                model.load_state_dict(state.model)
                step = state.step
            except (OSError, RuntimeError, KeyError, ValueError):
                model, step = runner.prepare(spec, "cpu")[1], 0  # unreadable: initialisation
    model.eval()
    m = sample_size or min(DEFAULT_SAMPLE_SIZE, n)
    idx = stability.sample_indices(n, m, seed)
    return Target(
        model=model,
        loss_fn=runner.loss_function(data.task),
        x=data.x_train[idx],
        y=data.y_train[idx],
        checkpoint_step=step,
        batch_size=job_batch_size(spec, n),
        n_train=n,
    )
