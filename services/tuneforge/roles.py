"""The composition root: what each ``tuneforge serve`` role hosts, and what they share.

:class:`Resources` builds and owns everything shared (the state database's
engine, the tracker, the solve pool): services receive what they use and never
close it. :func:`services_for` wires one role's services from them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import sqlalchemy as sa

from tuneforge.runtime.calls import WorkPool
from tuneforge.runtime.config import ConfigError, Settings
from tuneforge.runtime.server import Server, ServiceSpec

if TYPE_CHECKING:
    from tuneforge.relax.store import SequenceStore
    from tuneforge.studies.store import StudyStore
    from tuneforge.tracker.outbox import SqlTrialOutbox
    from tuneforge.tracker.store import TrackerStore
    from tuneforge.tracker.trials import TrialDrain
    from tuneforge.trainer.backend import Backend
    from tuneforge.trainer.kubernetes import KubernetesBackend
    from tuneforge.trainer.notify import EventHub
    from tuneforge.trainer.service import Validate
    from tuneforge.trainer.store import JobStore, SweepStore
    from tuneforge.trainer.sweeps import SweepController

log = logging.getLogger("tuneforge.server")
T = TypeVar("T")

ROLES = ("tuner", "trainer", "tracker", "all")


class _Shared(Generic[T]):
    """A ``cached_property`` whose check-and-create runs under its owner's one RLock.

    So each resource is built once, by one thread (``functools.cached_property``
    has no lock from Python 3.12, and on 3.11 its per-property lock taken before
    ours could deadlock two nested creations), and :meth:`Resources.close` knows
    what was built.
    """

    def __init__(self, build: Callable[[Resources], T]) -> None:
        self.build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__

    def __get__(self, res: Resources, owner: object = None) -> T:
        with res._lock:
            if self.name not in res._created:
                if res._closed:
                    raise RuntimeError(f"Resources are closed: cannot create {self.name}")
                res._created[self.name] = self.build(res)
            return cast(T, res._created[self.name])


class Resources:
    """What the services of one process share: created on first use, closed by :meth:`close`.

    Thread-safe creation (every resource is built under one re-entrant lock);
    :meth:`prepare` runs the schema migration once before any service starts;
    :meth:`close` closes what was created, once, each even if another fails.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.RLock()
        self._created: dict[str, object] = {}
        self._closed = False

    @_Shared
    def engine(self) -> sa.Engine:
        from tuneforge.storage import open_database

        return open_database(self.settings.db_url)

    @_Shared
    def tracker(self) -> TrackerStore:
        """The MLflow tracker, shared by TrackerService and StudyService."""
        from tuneforge.tracker.store import TrackerStore

        s = self.settings
        return TrackerStore(s.mlflow_uri, s.mlflow_artifact_root, s.max_artifact_bytes)

    @_Shared
    def outbox(self) -> SqlTrialOutbox:
        """Finished trials on their way to the tracker, in the state database; owns nothing
        to close (the study store fills it, StudyService's trial drain empties it)."""
        from tuneforge.tracker.outbox import SqlTrialOutbox

        return SqlTrialOutbox(self.engine)

    @_Shared
    def trial_drain(self) -> TrialDrain:
        """Ships the outbox's trials to the tracker; started and stopped by StudyService's
        hooks (in the process that finishes the trials), holds nothing to close."""
        from tuneforge.tracker.trials import TrialDrain

        return TrialDrain(
            self.outbox,
            self.studies.finished_trial,
            self.tracker,
            grace_seconds=self.settings.grace_seconds,
        )

    @_Shared
    def sequences(self) -> SequenceStore:
        """The omega sequences (RelaxationService) on the state database; owns nothing to close."""
        from tuneforge.relax.store import SqlSequenceStore

        return SqlSequenceStore(self.engine)

    @_Shared
    def studies(self) -> StudyStore:
        """Every study (StudyService; the trial drain reads it): Optuna's RDB storage on the
        state database. ``RDBStorage`` takes a URL, not an engine: the store owns the engine
        Optuna makes, closed in :meth:`close`."""
        from tuneforge.studies.optuna_store import OptunaStudyStore

        s = self.settings
        return OptunaStudyStore(
            s.db_url,
            lease_seconds=s.study_lease_seconds,
            max_retries=s.study_max_retries,
            outbox=self.outbox if s.study_tracking else None,
        )

    @_Shared
    def jobs(self) -> JobStore:
        """Training jobs and their events (TrainerService) on the state database."""
        from tuneforge.trainer.store import SqlJobStore

        return SqlJobStore(self.engine)

    @_Shared
    def sweeps_store(self) -> SweepStore:
        """Sweeps (TrainerService) on the state database; owns nothing to close."""
        from tuneforge.trainer.store import SqlSweepStore

        return SqlSweepStore(self.engine)

    @_Shared
    def event_hub(self) -> EventHub:
        """Wakes job watchers when the backend stored a job's events."""
        from tuneforge.trainer.notify import EventHub

        return EventHub()

    @_Shared
    def trainer_backend(self) -> Backend:
        """Where jobs run (``trainer_backend``): worker processes on this machine, or
        Kubernetes Jobs. Torch-free to build (torch loads in the workers). Started and
        stopped by TrainerService's hooks, not here."""
        s, hub = self.settings, self.event_hub
        if s.trainer_backend == "kubernetes":
            return self.kubernetes_backend
        from tuneforge.trainer.local import LocalBackend

        return LocalBackend(self.jobs, s, self.tracker, hub.publish)

    @_Shared
    def kubernetes_backend(self) -> KubernetesBackend:
        """The Kubernetes backend: its cluster config (``kubernetes_config``), the API client
        (in-cluster service account, else kubeconfig) and the job-token key."""
        from tuneforge.trainer import job_tokens
        from tuneforge.trainer.k8s_manifest import load_config
        from tuneforge.trainer.kubernetes import KubernetesBackend, load_api_client

        s = self.settings
        if s.kubernetes_config is None:
            raise ConfigError("trainer_backend 'kubernetes' needs kubernetes_config (a YAML file)")
        try:
            config = load_config(s.kubernetes_config)
            key = job_tokens.load_key(s.job_token_key_path)
        except (OSError, ValueError) as e:
            raise ConfigError(str(e)) from e
        try:
            api = load_api_client()
        except Exception as e:  # kubernetes.config raises its own ConfigException
            raise ConfigError(f"no Kubernetes API to talk to: {e}") from e
        return KubernetesBackend(
            self.jobs, s, config, api, key, self.event_hub.publish, self.tracker
        )

    @_Shared
    def validate_job(self) -> Validate:
        """``validate(spec, prefix)``: a JobSpec with its ``refine_from`` schedule
        resolved from the job store, checked against the catalogue and this server's
        backend, normalised with the settings' defaults."""
        from tuneforge.trainer import norms
        from tuneforge.trainer import spec as job_spec

        s = self.settings
        defaults = job_spec.Defaults(s.checkpoint_interval_steps, s.max_job_seconds)
        check = self.trainer_backend.check
        jobs = self.jobs

        def validate(spec: Any, prefix: str = "spec") -> Any:
            spec = norms.resolve_refined(spec, jobs, prefix)
            return job_spec.validate(spec, check, prefix, defaults=defaults)

        return validate

    @_Shared
    def sweep_controller(self) -> SweepController:
        """Drives the sweeps' studies as jobs; started and stopped by TrainerService's hooks."""
        from tuneforge.trainer.sweeps import SweepController

        controller = SweepController(
            self.sweeps_store, self.jobs, self.studies, self.validate_job, self.trainer_backend
        )
        self.event_hub.add_listener(controller.wake)  # a trial's new events: look now
        return controller

    @_Shared
    def solve_pool(self) -> WorkPool:
        """The threads CPU-heavy solves run on (SOR, Sinkhorn), apart from every other call."""
        s = self.settings
        return WorkPool("solve", s.solve_threads, s.solve_queue, s.max_solve_seconds)

    def prepare(self) -> None:
        """Migrate the state database (or check it was) before the services start."""
        from tuneforge.storage import migrate

        if self.settings.migrate_on_start:
            migrate.upgrade(self.engine)
        else:
            migrate.check_current(self.engine)
        s = self.settings
        if (s.matrix_nnz_limit, s.transport_entries_limit) != (
            s.max_matrix_nnz,
            s.max_transport_entries,
        ):
            log.warning(
                "size limits lowered to fit max_message_bytes",
                extra={
                    "max_matrix_nnz": s.matrix_nnz_limit,
                    "max_transport_entries": s.transport_entries_limit,
                },
            )

    def close(self) -> None:
        """Close what was created (pool, study store, tracker, engine), each even if one fails."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            created = dict(self._created)
        closers: list[tuple[str, Callable[[Any], object]]] = [
            ("solve_pool", lambda pool: pool.close(self.settings.grace_seconds)),
            ("studies", lambda store: store.close()),
            ("tracker", lambda tracker: tracker.close()),
            ("engine", lambda engine: engine.dispose()),
        ]
        for name, close in closers:
            if name in created:
                try:
                    close(created[name])
                except Exception:
                    log.exception("could not close a shared resource", extra={"resource": name})


#: A role's service, or None when this configuration does not host it.
Factory = Callable[[Resources], ServiceSpec | None]


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

    return spec(res.jobs, res.solve_pool, res.settings.jobs_root)


def _relaxation(res: Resources) -> ServiceSpec:
    from tuneforge.relax.service import spec

    return spec(res.sequences, res.solve_pool, res.settings.matrix_nnz_limit)


def _transport(res: Resources) -> ServiceSpec:
    from tuneforge.transport.service import Limits, spec

    s = res.settings
    limits = Limits(s.transport_entries_limit, s.max_message_bytes, s.max_transport_iterations)
    return spec(res.solve_pool, limits)


def _studies(res: Resources) -> ServiceSpec:
    from tuneforge.studies.service import spec

    if not res.settings.study_tracking:
        return spec(res.studies)
    return spec(res.studies, [res.trial_drain])


def _trainer(res: Resources) -> ServiceSpec:
    from tuneforge.trainer.service import spec

    return spec(
        res.jobs,
        res.sweeps_store,
        res.trainer_backend,
        res.event_hub,
        res.sweep_controller,
        res.validate_job,
        res.studies,
    )


def _worker(res: Resources) -> ServiceSpec | None:
    """WorkerService, which the Kubernetes backend's pods call (none for local jobs)."""
    if res.settings.trainer_backend != "kubernetes":
        return None
    from tuneforge.trainer.worker_service import spec

    backend = res.kubernetes_backend
    return spec(backend.remote, backend.token_key)


def _tracker(res: Resources) -> ServiceSpec:
    from tuneforge.tracker.service import spec

    return spec(res.tracker)


_TUNER: list[Factory] = [
    _schedules,
    _relaxation,
    _transport,
    _studies,
]
_TRAINER: list[Factory] = [_trainer, _worker]
_TRACKER: list[Factory] = [_tracker]
_FACTORIES = {"tuner": _TUNER, "trainer": _TRAINER, "tracker": _TRACKER}


def services_for(role: str, resources: Resources) -> list[ServiceSpec]:
    """The services of ``role`` wired from ``resources`` (which the caller owns)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    roles = ("tuner", "trainer", "tracker") if role == "all" else (role,)
    made = (make(resources) for r in roles for make in _FACTORIES[r])
    return [spec for spec in made if spec is not None]


def server_for(role: str, settings: Settings) -> Server:
    """A server for ``role`` owning its :class:`Resources` (prepared on start, closed on stop)."""
    resources = Resources(settings)
    return Server(settings, services_for(role, resources), resources)
