"""Synchronous client with default deadlines, TLS/mTLS, bearer tokens and retries."""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tuneforge.v1 import common_pb2
from tuneforge.v1 import relaxation_service_pb2 as relax_pb
from tuneforge.v1 import relaxation_service_pb2_grpc as relax_grpc
from tuneforge.v1 import schedule_service_pb2 as schedule_pb
from tuneforge.v1 import schedule_service_pb2_grpc as schedule_grpc
from tuneforge.v1 import study_service_pb2_grpc as study_grpc
from tuneforge.v1 import tracker_service_pb2_grpc as tracker_grpc
from tuneforge.v1 import trainer_service_pb2 as trainer_pb
from tuneforge.v1 import trainer_service_pb2_grpc as trainer_grpc
from tuneforge.v1 import transport_service_pb2 as transport_pb
from tuneforge.v1 import transport_service_pb2_grpc as transport_grpc
from tuneforge_client.errors import TuneforgeError
from tuneforge_client.studies import StudiesMixin
from tuneforge_client.tracker import TrackerMixin
from tuneforge_client.trainer import SpecLike, TrainerMixin, job_spec, message_of
from tuneforge_client.values import csr as csr_message  # the SDK's names since 0.1
from tuneforge_client.values import dense as dense_message

T = TypeVar("T")
Pem = bytes | str | Path

#: The gRPC service config every tuneforge client uses, whatever its language: one
#: retry policy for all methods (see :class:`Client`). Node reads the same file.
SERVICE_CONFIG: dict[str, Any] = json.loads(
    resources.files("tuneforge_client").joinpath("service_config.json").read_text("utf-8")
)
MAX_ATTEMPTS = 5  # gRPC clamps a retry policy's maxAttempts to 5 (and logs an error)
MAX_MESSAGE_BYTES = 64 * 1024 * 1024


def _pem(value: Pem | None) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    return Path(value).read_bytes()


def _duration(seconds: float) -> str:
    """A protobuf JSON Duration (``"0.1s"``), rounded to whole nanoseconds."""
    if not seconds > 0:
        raise ValueError(f"a backoff must be > 0 seconds, not {seconds}")
    ns = max(1, round(seconds * 1e9))
    return f"{ns // 10**9}.{ns % 10**9:09d}".rstrip("0").rstrip(".") + "s"


def service_config(
    retries: int | None = None, backoff: float | None = None, max_backoff: float | None = None
) -> dict[str, Any]:
    """:data:`SERVICE_CONFIG` with its retry policy tuned: ``retries`` after the first
    attempt (0 drops the policy; at most 4), the first ``backoff`` and its cap
    ``max_backoff`` in seconds. ``None`` keeps the file's value."""
    if retries is not None and retries < 0:
        raise ValueError(f"retries must be >= 0, not {retries}")
    config = copy.deepcopy(SERVICE_CONFIG)
    for method in config["methodConfig"]:
        if "retryPolicy" not in method:
            continue
        if retries == 0:  # maxAttempts 1 is not a valid policy: no policy is
            del method["retryPolicy"]
            continue
        policy = method["retryPolicy"]
        if retries is not None:
            policy["maxAttempts"] = min(retries + 1, MAX_ATTEMPTS)
        if backoff is not None:
            policy["initialBackoff"] = _duration(backoff)
        if max_backoff is not None:
            policy["maxBackoff"] = _duration(max_backoff)
    return config


def _enum(enum: Any, prefix: str, value: str | int | None) -> Any:
    """Accept ``"adaptive"``, ``"OPTIMIZER_FAMILY_ADAPTIVE"`` or the enum number."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    name = value.upper()
    return enum.Value(name if name.startswith(prefix) else prefix + name)


class Client(StudiesMixin, TrackerMixin, TrainerMixin):
    """A connection to a tuneforge server.

    ``tls=True`` (or any certificate argument) uses TLS; ``root_certificates``
    trusts a private CA; ``client_cert``/``client_key`` enable mutual TLS.
    ``token`` is sent as ``authorization: Bearer <token>``. Every call has a
    deadline of ``timeout`` seconds (unless given its own) that covers all its
    attempts. Every method is retried on ``UNAVAILABLE`` only, by the channel
    itself: gRPC's ``retryPolicy`` from the packaged ``service_config.json``
    (also the Node client's), by default 4 retries with backoff from 0.1 s,
    doubling up to 2 s, jittered. ``retries`` (at most 4, gRPC's limit; 0 turns
    retrying off), ``backoff`` and ``max_backoff`` override the file's values;
    ``options`` come first, so they override the client's own channel options,
    ``grpc.service_config`` included. ``UNAVAILABLE`` almost always means the
    request never reached a server (connection refused, server restarting); a
    connection lost after the server acted is rare, and a retried call then
    shows up as a second suggestion or trial, never as a lost one. A deadline
    that passes between attempts ends the call with ``DEADLINE_EXCEEDED``.
    """

    def __init__(
        self,
        target: str = "127.0.0.1:50051",
        *,
        token: str | None = None,
        tls: bool = False,
        root_certificates: Pem | None = None,
        client_cert: Pem | None = None,
        client_key: Pem | None = None,
        server_name: str | None = None,
        timeout: float = 10.0,
        retries: int | None = None,
        backoff: float | None = None,
        max_backoff: float | None = None,
        options: Sequence[tuple[str, Any]] = (),
    ) -> None:
        self.timeout = timeout
        #: The gRPC service config of this client's channel.
        self.service_config = service_config(retries, backoff, max_backoff)
        self._metadata: tuple[tuple[str, str], ...] = (
            (("authorization", f"Bearer {token}"),) if token else ()
        )
        opts = [
            *options,  # gRPC takes the first of repeated keys
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.keepalive_time_ms", 30_000),
            ("grpc.enable_retries", 1),
            ("grpc.service_config", json.dumps(self.service_config)),
            # A request is retried only while the channel still buffers it (256 KiB by
            # default): buffer up to the largest message, so big solves retry too.
            ("grpc.per_rpc_retry_buffer_size", MAX_MESSAGE_BYTES),
        ]
        if server_name:
            opts.append(("grpc.ssl_target_name_override", server_name))
        if tls or root_certificates or client_cert:
            creds = grpc.ssl_channel_credentials(
                root_certificates=_pem(root_certificates),
                private_key=_pem(client_key),
                certificate_chain=_pem(client_cert),
            )
            self._channel = grpc.secure_channel(target, creds, options=opts)
        else:
            self._channel = grpc.insecure_channel(target, options=opts)
        self._schedule = schedule_grpc.ScheduleServiceStub(self._channel)
        self._relax = relax_grpc.RelaxationServiceStub(self._channel)
        self._transport = transport_grpc.TransportServiceStub(self._channel)
        self._study = study_grpc.StudyServiceStub(self._channel)
        self._tracker = tracker_grpc.TrackerServiceStub(self._channel)
        self._trainer = trainer_grpc.TrainerServiceStub(self._channel)
        self._health = health_pb2_grpc.HealthStub(self._channel)

    # -- plumbing ------------------------------------------------------------------

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: Callable[..., T], request: Any, timeout: float | None) -> T:
        # One request id and one deadline for all the attempts the channel makes.
        metadata = (*self._metadata, ("x-request-id", uuid.uuid4().hex))
        try:
            return method(request, timeout=timeout or self.timeout, metadata=metadata)
        except grpc.RpcError as err:
            raise TuneforgeError.from_rpc_error(err) from None

    # -- health --------------------------------------------------------------------

    def health(self, service: str = "", timeout: float | None = None) -> str:
        """``SERVING``/``NOT_SERVING`` of ``service`` ("" = the server, "readiness")."""
        resp = self._call(
            self._health.Check, health_pb2.HealthCheckRequest(service=service), timeout
        )
        return str(health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status))

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Block until the server's ``readiness`` service is SERVING."""
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            try:
                if self.health("readiness", timeout=1.0) == "SERVING":
                    return
            except TuneforgeError as e:
                last = e
            time.sleep(0.05)
        raise TimeoutError(f"server not ready after {timeout} s: {last}")

    # -- ScheduleService -----------------------------------------------------------

    def scale_learning_rate(
        self,
        base_learning_rate: float,
        base_batch_size: int,
        target_batch_sizes: Sequence[int],
        optimizer_family: str | int | None = None,
        *,
        rule: str | int | None = None,
        warmup_steps: int = 0,
        max_trusted_scale: float = 0.0,
        job_id: str = "",
        spec: SpecLike | None = None,
        timeout: float | None = None,
    ) -> schedule_pb.ScaleLearningRateResponse:
        """Scaled learning rates: linear for ``"sgd"``, square root for ``"adaptive"``.
        With ``job_id`` (or ``spec``) the server measures where the rule holds for that
        model (``response.curve``) and warns outside it, instead of ``[1/16, 16]``."""
        request = schedule_pb.ScaleLearningRateRequest(
            base_learning_rate=base_learning_rate,
            base_batch_size=base_batch_size,
            target_batch_sizes=list(target_batch_sizes),
            optimizer_family=_enum(
                schedule_pb.OptimizerFamily, "OPTIMIZER_FAMILY_", optimizer_family
            ),
            rule=_enum(schedule_pb.ScalingRule, "SCALING_RULE_", rule),
            warmup_steps=warmup_steps,
            max_trusted_scale=max_trusted_scale,
        )
        if job_id or spec is not None:
            request.model.CopyFrom(self._curvature_target(job_id, spec))
        return self._call(self._schedule.ScaleLearningRate, request, timeout)

    def refine_schedule(
        self,
        grad_norms: Sequence[float] = (),
        norm: str | int | None = None,
        *,
        job_id: str = "",
        base_learning_rate: float = 0.0,
        smoothing_window: int = 0,
        tau: float = 0.0,
        timeout: float | None = None,
    ) -> schedule_pb.RefineScheduleResponse:
        """The refined schedule of a run's per-step gradient norms (``norm``: ``"l2"`` for
        SGD-like optimizers, the default, or ``"l1"`` for Adam-like ones), or of the norms
        trainer job ``job_id`` recorded (then the norm follows its optimizer)."""
        request = schedule_pb.RefineScheduleRequest(
            grad_norms=list(grad_norms),
            norm=_enum(schedule_pb.GradientNorm, "GRADIENT_NORM_", norm),
            base_learning_rate=base_learning_rate,
            smoothing_window=smoothing_window,
            tau=tau,
            job_id=job_id,
        )
        return self._call(self._schedule.RefineSchedule, request, timeout)

    def plan_schedule(
        self,
        schedule: SpecLike | None = None,
        total_steps: int = 0,
        *,
        base_learning_rate: float = 0.0,
        max_points: int = 0,
        render_png: bool = False,
        timeout: float | None = None,
    ) -> schedule_pb.PlanScheduleResponse:
        """A job's ``ScheduleSpec`` (a message or its JSON mapping, e.g. ``{"wsd":
        {"decayFraction": 0.1}, "warmupSteps": 100}``; none: linear decay) over
        ``total_steps``: every step's rate, the piecewise form and optionally a PNG."""
        request = schedule_pb.PlanScheduleRequest(
            schedule=message_of(schedule or {}, trainer_pb.ScheduleSpec()),
            total_steps=total_steps,
            base_learning_rate=base_learning_rate,
            max_points=max_points,
            render_png=render_png,
        )
        return self._call(self._schedule.PlanSchedule, request, timeout)

    @staticmethod
    def _curvature_target(job_id: str, spec: SpecLike | None) -> schedule_pb.CurvatureTarget:
        if spec is not None:
            return schedule_pb.CurvatureTarget(spec=job_spec(spec))
        return (
            schedule_pb.CurvatureTarget(job_id=job_id) if job_id else schedule_pb.CurvatureTarget()
        )

    def estimate_stable_learning_rate(
        self,
        job_id: str = "",
        *,
        spec: SpecLike | None = None,
        batch_sizes: Sequence[int] = (),
        sample_size: int = 0,
        curvature: str | int | None = None,
        lanczos_steps: int = 0,
        hutchinson_probes: int = 0,
        max_hvps: int = 0,
        seed: int = 0,
        timeout: float | None = None,
    ) -> schedule_pb.EstimateStableLearningRateResponse:
        """lambda_max, the trace and the largest stable learning rates of a job's model
        (or of ``spec``'s at initialisation); ``curvature``: ``"hessian"`` (default) or
        ``"gauss_newton"``."""
        request = schedule_pb.EstimateStableLearningRateRequest(
            target=self._curvature_target(job_id, spec),
            batch_sizes=list(batch_sizes),
            sample_size=sample_size,
            curvature=_enum(schedule_pb.CurvatureMatrix, "CURVATURE_MATRIX_", curvature),
            lanczos_steps=lanczos_steps,
            hutchinson_probes=hutchinson_probes,
            max_hvps=max_hvps,
            seed=seed,
        )
        return self._call(self._schedule.EstimateStableLearningRate, request, timeout)

    def learning_rate_curve(
        self,
        job_id: str = "",
        *,
        spec: SpecLike | None = None,
        batch_sizes: Sequence[int] = (),
        sample_size: int = 0,
        batches_per_size: int = 0,
        curvature: str | int | None = None,
        lanczos_steps: int = 0,
        max_hvps: int = 0,
        seed: int = 0,
        timeout: float | None = None,
    ) -> schedule_pb.LearningRateCurveResponse:
        """lambda_max of mini-batch curvature at several batch sizes, the fitted
        ``a + c / B`` and where the linear and square-root scaling rules hold."""
        request = schedule_pb.LearningRateCurveRequest(
            target=self._curvature_target(job_id, spec),
            batch_sizes=list(batch_sizes),
            sample_size=sample_size,
            batches_per_size=batches_per_size,
            curvature=_enum(schedule_pb.CurvatureMatrix, "CURVATURE_MATRIX_", curvature),
            lanczos_steps=lanczos_steps,
            max_hvps=max_hvps,
            seed=seed,
        )
        return self._call(self._schedule.LearningRateCurve, request, timeout)

    # -- RelaxationService ---------------------------------------------------------

    def create_sequence(
        self,
        name: str,
        *,
        solver: str | int | None = None,
        policy: str | int | None = None,
        omega_min: float = 0.0,
        omega_max: float = 0.0,
        grid_size: int = 0,
        context_lower: Sequence[float] = (),
        context_upper: Sequence[float] = (),
        tolerance: float = 0.0,
        max_iterations: int = 0,
        seed: int = 0,
        fixed_omega: float = 0.0,
        load_if_exists: bool = False,
        timeout: float | None = None,
    ) -> relax_pb.Sequence:
        """A sequence of linear systems whose SOR omega the server learns.

        ``solver``: ``"sor"`` (default) or ``"ssor_cg"``; ``policy``: ``"auto"``
        (default), ``"tsallis_inf"``, ``"chebcb"`` or ``"fixed"``. Zero values
        take the server defaults (omega in [1, 1.95] on 20 points, tolerance
        1e-8, 10,000 iterations).
        """
        request = relax_pb.CreateSequenceRequest(
            name=name,
            solver=_enum(relax_pb.Solver, "SOLVER_", solver),
            policy=_enum(relax_pb.RelaxationPolicy, "RELAXATION_POLICY_", policy),
            omega_min=omega_min,
            omega_max=omega_max,
            grid_size=grid_size,
            context_lower=list(context_lower),
            context_upper=list(context_upper),
            tolerance=tolerance,
            max_iterations=max_iterations,
            seed=seed,
            fixed_omega=fixed_omega,
            load_if_exists=load_if_exists,
        )
        return self._call(self._relax.CreateSequence, request, timeout).sequence

    def get_sequence(self, sequence: str, timeout: float | None = None) -> relax_pb.Sequence:
        request = relax_pb.GetSequenceRequest(sequence=sequence)
        return self._call(self._relax.GetSequence, request, timeout).sequence

    def list_sequences(
        self, page_size: int = 0, page_token: str = "", timeout: float | None = None
    ) -> relax_pb.ListSequencesResponse:
        request = relax_pb.ListSequencesRequest(
            page=common_pb2.PageRequest(page_size=page_size, page_token=page_token)
        )
        return self._call(self._relax.ListSequences, request, timeout)

    def delete_sequence(self, sequence: str, timeout: float | None = None) -> None:
        request = relax_pb.DeleteSequenceRequest(sequence=sequence)
        self._call(self._relax.DeleteSequence, request, timeout)

    def suggest_omega(
        self, sequence: str, context: Iterable[float] = (), timeout: float | None = None
    ) -> relax_pb.SuggestOmegaResponse:
        request = relax_pb.SuggestOmegaRequest(sequence=sequence, context=list(context))
        return self._call(self._relax.SuggestOmega, request, timeout)

    def report_outcome(
        self,
        sequence: str,
        suggestion_id: str,
        iterations: int,
        converged: bool = True,
        timeout: float | None = None,
    ) -> relax_pb.Sequence:
        request = relax_pb.ReportOutcomeRequest(
            sequence=sequence,
            suggestion_id=suggestion_id,
            iterations=iterations,
            converged=converged,
        )
        return self._call(self._relax.ReportOutcome, request, timeout).sequence

    def solve(
        self,
        sequence: str,
        matrix: Any,
        rhs: Iterable[float],
        context: Iterable[float] = (),
        *,
        omit_solution: bool = False,
        young_omega: bool = False,
        timeout: float | None = None,
    ) -> relax_pb.SolveResponse:
        """Solve ``matrix @ x = rhs`` on the server with the omega it picks, and learn."""
        request = relax_pb.SolveRequest(
            sequence=sequence,
            matrix=csr_message(matrix),
            rhs=[float(v) for v in rhs],
            context=list(context),
            omit_solution=omit_solution,
            young_omega=young_omega,
        )
        return self._call(self._relax.Solve, request, timeout)

    def get_best_omega(
        self, sequence: str, context: Iterable[float] = (), timeout: float | None = None
    ) -> relax_pb.GetBestOmegaResponse:
        request = relax_pb.GetBestOmegaRequest(sequence=sequence, context=list(context))
        return self._call(self._relax.GetBestOmega, request, timeout)

    # -- TransportService ----------------------------------------------------------

    def _ground(self, request: Any, cost: Any, x: Any, y: Any, metric: str | int | None) -> None:
        if cost is not None:
            request.cost.CopyFrom(dense_message(cost))
        if x is not None or y is not None:
            request.points.CopyFrom(
                transport_pb.PointClouds(
                    x=dense_message(x) if x is not None else None,
                    y=dense_message(y) if y is not None else None,
                    metric=_enum(transport_pb.CostMetric, "COST_METRIC_", metric),
                )
            )

    @staticmethod
    def _transport_options(**kw: Any) -> transport_pb.TransportOptions:
        return transport_pb.TransportOptions(
            method=_enum(transport_pb.TransportMethod, "TRANSPORT_METHOD_", kw.pop("method")),
            plan=_enum(transport_pb.PlanFormat, "PLAN_FORMAT_", kw.pop("plan")),
            **kw,
        )

    def solve_transport(
        self,
        a: Iterable[float],
        b: Iterable[float],
        epsilon: float,
        *,
        cost: Any = None,
        x: Any = None,
        y: Any = None,
        metric: str | int | None = None,
        method: str | int | None = None,
        tolerance: float = 0.0,
        max_iterations: int = 0,
        max_newton_iterations: int = 0,
        sparsity: float = 0.0,
        epsilon_scaling: bool = False,
        plan: str | int | None = None,
        plan_threshold: float = 0.0,
        normalize_cost: bool = False,
        record_history: bool = False,
        timeout: float | None = None,
    ) -> transport_pb.TransportResult:
        """Entropic OT between ``a`` and ``b``: give ``cost`` (n x m) or ``x``, ``y`` and
        ``metric`` (``"sqeuclidean"``, ``"euclidean"``, ``"l1"``). ``method``: ``"auto"``,
        ``"sinkhorn"`` or ``"sns"``; ``plan``: ``"dense"`` or ``"sparse"`` to get it back."""
        request = transport_pb.TransportServiceSolveRequest(
            a=[float(v) for v in a],
            b=[float(v) for v in b],
            epsilon=epsilon,
            options=self._transport_options(
                method=method,
                tolerance=tolerance,
                max_iterations=max_iterations,
                max_newton_iterations=max_newton_iterations,
                sparsity=sparsity,
                epsilon_scaling=epsilon_scaling,
                plan=plan,
                plan_threshold=plan_threshold,
                normalize_cost=normalize_cost,
                record_history=record_history,
            ),
        )
        self._ground(request, cost, x, y, metric)
        return self._call(self._transport.Solve, request, timeout).result

    def solve_transport_batch(
        self,
        a: Any,
        b: Any,
        epsilon: float,
        *,
        cost: Any = None,
        x: Any = None,
        y: Any = None,
        metric: str | int | None = None,
        method: str | int | None = None,
        tolerance: float = 0.0,
        max_iterations: int = 0,
        sparsity: float = 0.0,
        normalize_cost: bool = False,
        timeout: float | None = None,
    ) -> list[transport_pb.TransportResult]:
        """Many problems sharing one cost: rows of ``a`` against rows of ``b`` (or one ``b``)."""
        request = transport_pb.TransportServiceSolveBatchRequest(
            a=dense_message(a),
            b=dense_message(b),
            epsilon=epsilon,
            options=self._transport_options(
                method=method,
                tolerance=tolerance,
                max_iterations=max_iterations,
                sparsity=sparsity,
                normalize_cost=normalize_cost,
                plan=None,
            ),
        )
        self._ground(request, cost, x, y, metric)
        return list(self._call(self._transport.SolveBatch, request, timeout).results)
