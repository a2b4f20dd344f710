"""Which services each ``tuneforge serve`` role hosts (the composition root)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tuneforge.runtime.config import Settings
from tuneforge.runtime.server import ServiceSpec
from tuneforge.v1 import (
    relaxation_service_pb2,
    relaxation_service_pb2_grpc,
    study_service_pb2,
    study_service_pb2_grpc,
    tracker_service_pb2,
    tracker_service_pb2_grpc,
    trainer_service_pb2,
    trainer_service_pb2_grpc,
    transport_service_pb2,
    transport_service_pb2_grpc,
)

ROLES = ("tuner", "trainer", "tracker", "all")


def _declared(pb: Any, pb_grpc: Any, name: str) -> Callable[[Settings], ServiceSpec]:
    """A service declared in the contract whose RPCs land with a later issue."""

    def make(settings: Settings) -> ServiceSpec:
        return ServiceSpec(
            descriptor=pb.DESCRIPTOR.services_by_name[name],
            servicer=getattr(pb_grpc, f"{name}Servicer")(),
            add_to_server=getattr(pb_grpc, f"add_{name}Servicer_to_server"),
        )

    return make


def _schedules(settings: Settings) -> ServiceSpec:
    from tuneforge.schedules.service import spec

    return spec()


_TUNER = [
    _schedules,
    _declared(relaxation_service_pb2, relaxation_service_pb2_grpc, "RelaxationService"),
    _declared(transport_service_pb2, transport_service_pb2_grpc, "TransportService"),
    _declared(study_service_pb2, study_service_pb2_grpc, "StudyService"),
]
_TRAINER = [_declared(trainer_service_pb2, trainer_service_pb2_grpc, "TrainerService")]
_TRACKER = [_declared(tracker_service_pb2, tracker_service_pb2_grpc, "TrackerService")]
_FACTORIES = {"tuner": _TUNER, "trainer": _TRAINER, "tracker": _TRACKER}


def services_for(role: str, settings: Settings) -> list[ServiceSpec]:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    roles = ("tuner", "trainer", "tracker") if role == "all" else (role,)
    return [make(settings) for r in roles for make in _FACTORIES[r]]
