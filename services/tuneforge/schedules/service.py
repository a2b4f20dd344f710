"""ScheduleService: thin gRPC adapter over :mod:`tuneforge.schedules.scaling` and
:mod:`tuneforge.schedules.refine`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import grpc

from tuneforge.errors import ValidationError
from tuneforge.runtime.auth import Scope
from tuneforge.runtime.calls import WorkPool, offload
from tuneforge.runtime.convert import enum_field, enum_map
from tuneforge.runtime.server import ServiceSpec
from tuneforge.schedules import refine, scaling
from tuneforge.v1 import schedule_service_pb2 as pb
from tuneforge.v1 import schedule_service_pb2_grpc as pb_grpc

if TYPE_CHECKING:
    from tuneforge.trainer.store import JobStore

_FAMILY = enum_map(pb.OptimizerFamily, "OPTIMIZER_FAMILY_", scaling.Family)
_RULE = enum_map(pb.ScalingRule, "SCALING_RULE_", scaling.Rule)
_RULE_PB = {v: k for k, v in _RULE.items()}
_NORM = {
    pb.GRADIENT_NORM_UNSPECIFIED: refine.Norm.L2,
    pb.GRADIENT_NORM_L2: refine.Norm.L2,
    pb.GRADIENT_NORM_L1: refine.Norm.L1,
}


class ScheduleServicer(pb_grpc.ScheduleServiceServicer):
    """``jobs`` (the trainer's job store) resolves job ids; ``pool`` runs curvature
    estimates; ``jobs_root`` is where this server finds a job's checkpoints. Without
    them the RPCs that need them answer FAILED_PRECONDITION."""

    def __init__(
        self,
        jobs: JobStore | None = None,
        pool: WorkPool | None = None,
        jobs_root: Path | None = None,
    ) -> None:
        self.jobs, self.pool, self.jobs_root = jobs, pool, jobs_root

    async def ScaleLearningRate(
        self, request: pb.ScaleLearningRateRequest, context: grpc.aio.ServicerContext
    ) -> pb.ScaleLearningRateResponse:
        result = scaling.scale_learning_rate(
            request.base_learning_rate,
            request.base_batch_size,
            list(request.target_batch_sizes),
            enum_field(request.optimizer_family, _FAMILY, "optimizer_family"),
            rule=enum_field(request.rule, _RULE, "rule"),
            warmup_steps=request.warmup_steps,
            max_trusted_scale=request.max_trusted_scale or scaling.DEFAULT_MAX_TRUSTED_SCALE,
        )
        return pb.ScaleLearningRateResponse(
            rule=_RULE_PB[result.rule],
            results=[
                pb.ScaledLearningRate(
                    batch_size=r.batch_size,
                    learning_rate=r.learning_rate,
                    scale_factor=r.scale_factor,
                    warmup_steps=r.warmup_steps,
                    warning=r.warning,
                )
                for r in result.results
            ],
        )

    async def RefineSchedule(
        self, request: pb.RefineScheduleRequest, context: grpc.aio.ServicerContext
    ) -> pb.RefineScheduleResponse:
        norm = _NORM.get(request.norm)
        if norm is None:
            raise ValidationError.single("norm", f"unknown GradientNorm {request.norm}")
        # Up to 2e6 norms (seconds of median filtering): off the event loop.
        result = await offload(
            context,
            refine.refine,
            list(request.grad_norms),
            norm=norm,
            base_learning_rate=request.base_learning_rate or 1.0,
            tau=request.tau or refine.DEFAULT_TAU,
            smoothing_window=request.smoothing_window or None,
        )
        return pb.RefineScheduleResponse(
            learning_rates=result.schedule.tolist(),
            smoothed_norms=result.smoothed.tolist(),
            weights=result.weights.tolist(),
            smoothing_window=result.window,
        )


def spec(
    jobs: JobStore | None = None, pool: WorkPool | None = None, jobs_root: Path | None = None
) -> ServiceSpec:
    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["ScheduleService"],
        servicer=ScheduleServicer(jobs, pool, jobs_root),
        add_to_server=pb_grpc.add_ScheduleServiceServicer_to_server,
        scopes={"ScaleLearningRate": Scope.READ, "RefineSchedule": Scope.READ},
    )
