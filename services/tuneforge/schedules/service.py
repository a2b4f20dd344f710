"""ScheduleService: thin gRPC adapter over :mod:`tuneforge.schedules.scaling`."""

from __future__ import annotations

import grpc

from tuneforge.runtime.auth import Scope
from tuneforge.runtime.convert import enum_field, enum_map
from tuneforge.runtime.server import ServiceSpec
from tuneforge.schedules import scaling
from tuneforge.v1 import schedule_service_pb2 as pb
from tuneforge.v1 import schedule_service_pb2_grpc as pb_grpc

_FAMILY = enum_map(pb.OptimizerFamily, "OPTIMIZER_FAMILY_", scaling.Family)
_RULE = enum_map(pb.ScalingRule, "SCALING_RULE_", scaling.Rule)
_RULE_PB = {v: k for k, v in _RULE.items()}


class ScheduleServicer(pb_grpc.ScheduleServiceServicer):
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


def spec() -> ServiceSpec:
    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["ScheduleService"],
        servicer=ScheduleServicer(),
        add_to_server=pb_grpc.add_ScheduleServiceServicer_to_server,
        scopes={"ScaleLearningRate": Scope.READ},
    )
