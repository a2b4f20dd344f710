"""Which services each ``tuneforge serve`` role hosts (the composition root)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from tuneforge.runtime.config import Settings
from tuneforge.runtime.server import ServiceSpec
from tuneforge.v1 import (
    trainer_service_pb2,
    trainer_service_pb2_grpc,
)

if TYPE_CHECKING:
    from tuneforge.tracker.store import TrackerStore

ROLES = ("tuner", "trainer", "tracker", "all")


class Resources:
    """What the services of one process share, created on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def engine(self) -> sa.Engine:
        from tuneforge.storage import open_database

        return open_database(self.settings.db_url)

    @cached_property
    def tracker(self) -> TrackerStore:
        """The MLflow tracker (opened on first use), shared by TrackerService and StudyService."""
        from tuneforge.tracker.store import TrackerStore

        s = self.settings
        return TrackerStore(s.mlflow_uri, s.mlflow_artifact_root, s.max_artifact_bytes)


Factory = Callable[[Resources], ServiceSpec]


def _declared(pb: Any, pb_grpc: Any, name: str) -> Factory:
    """A service declared in the contract whose RPCs land with a later issue."""

    def make(res: Resources) -> ServiceSpec:
        return ServiceSpec(
            descriptor=pb.DESCRIPTOR.services_by_name[name],
            servicer=getattr(pb_grpc, f"{name}Servicer")(),
            add_to_server=getattr(pb_grpc, f"add_{name}Servicer_to_server"),
        )

    return make


def _schedules(res: Resources) -> ServiceSpec:
    from tuneforge.schedules.service import spec

    return spec()


def _relaxation(res: Resources) -> ServiceSpec:
    from tuneforge.relax.service import spec

    return spec(res.engine, res.settings.max_matrix_nnz)


def _transport(res: Resources) -> ServiceSpec:
    from tuneforge.transport.service import spec

    return spec(res.settings.max_transport_entries)


def _studies(res: Resources) -> ServiceSpec:
    from tuneforge.studies.service import spec

    s = res.settings
    return spec(
        s.db_url,
        lease_seconds=s.study_lease_seconds,
        max_retries=s.study_max_retries,
        tracker=res.tracker if s.study_tracking else None,
    )


def _tracker(res: Resources) -> ServiceSpec:
    from tuneforge.tracker.service import spec

    return spec(res.tracker)


_TUNER: list[Factory] = [
    _schedules,
    _relaxation,
    _transport,
    _studies,
]
_TRAINER: list[Factory] = [
    _declared(trainer_service_pb2, trainer_service_pb2_grpc, "TrainerService")
]
_TRACKER: list[Factory] = [_tracker]
_FACTORIES = {"tuner": _TUNER, "trainer": _TRAINER, "tracker": _TRACKER}


def services_for(role: str, settings: Settings) -> list[ServiceSpec]:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    roles = ("tuner", "trainer", "tracker") if role == "all" else (role,)
    res = Resources(settings)
    return [make(res) for r in roles for make in _FACTORIES[r]]
