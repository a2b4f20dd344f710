"""TransportService: thin gRPC adapter over :mod:`tuneforge.transport`.

Solves run in the server's bounded solve pool (:func:`~tuneforge.runtime.calls.compute`)
under the caller's deadline. Before anything is allocated or solved, a request is
checked against this server's limits: matrix shapes against their values and the
entry limit, iteration caps against ``max_transport_iterations``, and the response
against ``max_message_bytes`` (a dense plan that cannot be sent is refused, a
sparse one is truncated to what can).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import grpc
import numpy as np
from google.protobuf.message import Message

from tuneforge.deadline import Deadline
from tuneforge.errors import FieldViolation, ResourceExhaustedError, ValidationError, Violations
from tuneforge.runtime.auth import Scope
from tuneforge.runtime.calls import WorkPool, compute
from tuneforge.runtime.convert import dense, enum_field, enum_map
from tuneforge.runtime.server import ServiceSpec
from tuneforge.transport import (
    METRICS,
    Method,
    PlanFormat,
    SolveOptions,
    TransportResult,
    check_options,
    make_batch,
    make_problem,
    solve,
    solve_batch,
)
from tuneforge.v1 import common_pb2
from tuneforge.v1 import transport_service_pb2 as pb
from tuneforge.v1 import transport_service_pb2_grpc as pb_grpc

T = TypeVar("T")
M = TypeVar("M", bound=Message)
Cost = dict[str, Any]  # make_problem's ground-cost keywords: cost, or x, y and metric

# The proto enums name the core's values: TRANSPORT_METHOD_SNS is Method.SNS.
_METHOD = enum_map(pb.TransportMethod, "TRANSPORT_METHOD_", Method)
_METHOD_PB = {v: k for k, v in _METHOD.items()}
_METRIC = enum_map(pb.CostMetric, "COST_METRIC_", METRICS)
_PLAN = enum_map(pb.PlanFormat, "PLAN_FORMAT_", PlanFormat)
# The cores name point-cloud fields x, y, metric; the request nests them under points.
_FIELDS = {"x": "points.x", "y": "points.y", "metric": "points.metric"}
# A TransportResult's scalars, tags and length prefixes, generously: all but its arrays.
RESULT_OVERHEAD = 256


@dataclass(frozen=True, slots=True)
class Limits:
    """What one request may ask of this server (from its settings)."""

    max_entries: int  # n * m cost entries (transport_entries_limit)
    max_message_bytes: int  # a response must fit one message
    max_iterations: int  # the largest iteration cap a request may set


def _request_fields(fn: Callable[..., T], *args: Any, points: bool, **kwargs: Any) -> T:
    """Call a core, naming its violations by request field (a derived cost is ``points``)."""
    rename = {**_FIELDS, "cost": "points"} if points else _FIELDS
    try:
        return fn(*args, **kwargs)
    except ValidationError as e:
        raise e.remap(lambda f: rename.get(f.split("[")[0], f)) from None


def options_from(o: pb.TransportOptions, limits: Limits) -> SolveOptions:
    v = Violations()
    for name in ("max_iterations", "max_newton_iterations"):
        v.check(
            getattr(o, name) <= limits.max_iterations,
            f"options.{name}",
            f"must be <= {limits.max_iterations} (this server's max_transport_iterations)",
            "OUT_OF_RANGE",
        )
    v.raise_if_any()
    d = SolveOptions()
    return SolveOptions(
        method=enum_field(o.method, _METHOD, "options.method") or d.method,
        tolerance=o.tolerance or d.tolerance,
        max_iterations=o.max_iterations or d.max_iterations,
        max_newton_iterations=o.max_newton_iterations or d.max_newton_iterations,
        sparsity=o.sparsity or None,
        epsilon_scaling=o.epsilon_scaling,
        plan=enum_field(o.plan, _PLAN, "options.plan") or d.plan,
        plan_threshold=o.plan_threshold,
        record_history=o.record_history,
        max_problem_entries=limits.max_entries,
        max_plan_entries=min(d.max_plan_entries, limits.max_entries),
    )


def _checked(options: SolveOptions, n: int, m: int) -> None:
    try:
        check_options(options, n, m)
    except ValidationError as e:
        raise e.remap(lambda f: f"options.{f}") from None


def _matrix(matrix: Any, field: str, max_entries: int) -> np.ndarray:
    """A ``DenseMatrix`` as an array; its shape is checked before anything is allocated.

    Client-chosen dimensions must agree with the values sent (a 10^9 x 10^9 matrix
    with none is a field violation, not an allocation) and hold at least one value.
    """
    empty = FieldViolation(field, f"must not be empty, got {matrix.rows} x {matrix.cols}")
    try:
        m = dense(matrix, field)  # the shape checked against the values sent, before reshaping
    except ValidationError as e:
        raise ValidationError([*e.violations, *([empty] if not matrix.values else [])]) from None
    if m.size == 0:
        raise ValidationError([empty])
    if m.size > max_entries:
        raise ResourceExhaustedError(
            f"{field}: {m.shape[0]} x {m.shape[1]} exceeds the limit of {max_entries} entries"
        )
    return m


def _ground_cost(request: Any, max_entries: int) -> Cost:
    """The ground cost's keywords for the cores, shapes and size checked."""
    which = request.WhichOneof("ground_cost")
    if which is None:
        raise ValidationError.single("cost", "give a cost matrix or point clouds (points)")
    if which == "cost":
        return {"cost": _matrix(request.cost, "cost", max_entries)}
    p = request.points
    x, y = _matrix(p.x, "points.x", max_entries), _matrix(p.y, "points.y", max_entries)
    if x.shape[0] * y.shape[0] > max_entries:
        raise ResourceExhaustedError(
            f"{x.shape[0]} x {y.shape[0]} cost exceeds the limit of {max_entries} entries"
        )
    metric = enum_field(p.metric, _METRIC, "points.metric") or "sqeuclidean"
    return {"x": x, "y": y, "metric": metric}


def _varint_bytes(value: int) -> int:
    return max(1, (value.bit_length() + 6) // 7)


def _fit_response(
    options: SolveOptions, n: int, m: int, count: int, max_bytes: int
) -> SolveOptions:
    """``options`` whose ``count`` n-by-m results fit one ``max_bytes`` message.

    Refuses up front (RESOURCE_EXHAUSTED) what cannot fit: potentials, or a dense
    plan; a sparse plan is truncated (``truncated`` tells) to the entries that fit.
    A recorded history's length is unknown until the solve ends: see :func:`_sent`.
    """
    room = max_bytes // count - RESULT_OVERHEAD - 8 * (n + m)  # for one result's plan
    results = f"{count} results" if count > 1 else "the result"
    if room < 0:
        raise ResourceExhaustedError(
            f"{results} with {n} + {m} potentials each cannot fit max_message_bytes = "
            f"{max_bytes}: send fewer problems per batch"
        )
    if options.plan == PlanFormat.DENSE and 8 * n * m > room:
        raise ResourceExhaustedError(
            f"{results} with a dense {n} x {m} plan each cannot fit max_message_bytes = "
            f"{max_bytes}: ask for options.plan = PLAN_FORMAT_SPARSE (entries above "
            "options.plan_threshold) or PLAN_FORMAT_NONE"
        )
    if options.plan == PlanFormat.SPARSE:
        fits = room // (8 + _varint_bytes(n - 1) + _varint_bytes(m - 1))
        if fits < 1:
            raise ResourceExhaustedError(
                f"no room for a sparse plan in max_message_bytes = {max_bytes}: ask for "
                "options.plan = PLAN_FORMAT_NONE"
            )
        return dataclasses.replace(options, max_plan_entries=min(options.max_plan_entries, fits))
    return options


def _sent(response: M, max_bytes: int) -> M:
    """``response``, if it fits one message (only a recorded history can make it not)."""
    size = response.ByteSize()
    if size > max_bytes:
        raise ResourceExhaustedError(
            f"the response ({size} bytes, its iteration history included) exceeds "
            f"max_message_bytes = {max_bytes}: ask without options.record_history, or with "
            "a lower options.max_iterations"
        )
    return response


def result_pb(r: TransportResult) -> pb.TransportResult:
    out = pb.TransportResult(
        method=_METHOD_PB[r.method],
        backend=r.backend,
        f=r.f.tolist(),
        g=r.g.tolist(),
        cost=r.cost,
        entropic_cost=r.entropic_cost,
        violation=r.violation,
        converged=r.converged,
        scaling_iterations=r.scaling_iterations,
        sinkhorn_iterations=r.sinkhorn_iterations,
        newton_iterations=r.newton_iterations,
        cg_iterations=r.cg_iterations,
        hessian_nnz=r.hessian_nnz,
        wall_seconds=r.wall_time_s,
        history_iterations=r.history_iterations.tolist(),
        history_violations=r.history_violations.tolist(),
    )
    if r.plan is not None:
        rows, cols = r.plan.shape
        out.plan.CopyFrom(
            common_pb2.DenseMatrix(rows=rows, cols=cols, values=r.plan.ravel().tolist())
        )
    if r.plan_support is not None:
        s = r.plan_support
        out.plan_support.CopyFrom(
            pb.SparsePlan(
                rows=s.shape[0],
                cols=s.shape[1],
                row_indices=s.rows.tolist(),
                col_indices=s.cols.tolist(),
                values=s.values.tolist(),
                truncated=s.truncated,
            )
        )
    return out


class TransportServicer(pb_grpc.TransportServiceServicer):
    def __init__(self, pool: WorkPool, limits: Limits) -> None:
        self.pool = pool
        self.limits = limits

    async def Solve(
        self, request: pb.TransportServiceSolveRequest, context: grpc.aio.ServicerContext
    ) -> pb.TransportServiceSolveResponse:
        return await compute(context, self.pool, self._solve, request)

    async def SolveBatch(
        self, request: pb.TransportServiceSolveBatchRequest, context: grpc.aio.ServicerContext
    ) -> pb.TransportServiceSolveBatchResponse:
        return await compute(context, self.pool, self._solve_batch, request)

    def _solve(
        self, request: pb.TransportServiceSolveRequest, *, deadline: Deadline
    ) -> pb.TransportServiceSolveResponse:
        lim = self.limits
        n, m = len(request.a), len(request.b)
        options = options_from(request.options, lim)
        _checked(options, n, m)
        options = _fit_response(options, n, m, 1, lim.max_message_bytes)
        ground = _ground_cost(request, lim.max_entries)
        problem = _request_fields(
            make_problem,
            np.asarray(request.a, dtype=np.float64),
            np.asarray(request.b, dtype=np.float64),
            request.epsilon,
            normalize_cost=request.options.normalize_cost,
            points="x" in ground,
            **ground,
        )
        result = _request_fields(solve, problem, options, deadline=deadline, points="x" in ground)
        response = pb.TransportServiceSolveResponse(result=result_pb(result))
        return _sent(response, lim.max_message_bytes)

    def _solve_batch(
        self, request: pb.TransportServiceSolveBatchRequest, *, deadline: Deadline
    ) -> pb.TransportServiceSolveBatchResponse:
        lim = self.limits
        a, b = _matrix(request.a, "a", lim.max_entries), _matrix(request.b, "b", lim.max_entries)
        count, n, m = a.shape[0], a.shape[1], b.shape[1]
        options = options_from(request.options, lim)
        _checked(options, n, m)
        if count * (n + m) > lim.max_entries:
            raise ResourceExhaustedError(f"a batch of {count} problems is too large")
        options = _fit_response(options, n, m, count, lim.max_message_bytes)
        ground = _ground_cost(request, lim.max_entries)
        points = "x" in ground
        batch = _request_fields(
            make_batch,
            a,
            b[0] if b.shape[0] == 1 else b,  # one target shared by every row
            request.epsilon,
            normalize_cost=request.options.normalize_cost,
            points=points,
            **ground,
        )
        results = _request_fields(solve_batch, batch, options, deadline=deadline, points=points)
        response = pb.TransportServiceSolveBatchResponse(results=[result_pb(r) for r in results])
        return _sent(response, lim.max_message_bytes)


def spec(pool: WorkPool, limits: Limits) -> ServiceSpec:
    """TransportService solving in ``pool`` (owned by the caller) within ``limits``."""
    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["TransportService"],
        servicer=TransportServicer(pool, limits),
        add_to_server=pb_grpc.add_TransportServiceServicer_to_server,
        scopes={"Solve": Scope.READ, "SolveBatch": Scope.READ},
    )
