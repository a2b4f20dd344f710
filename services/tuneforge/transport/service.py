"""TransportService: thin gRPC adapter over :mod:`tuneforge.transport`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import grpc
import numpy as np

from tuneforge.errors import ResourceExhaustedError, ValidationError
from tuneforge.runtime.auth import Scope
from tuneforge.runtime.calls import offload
from tuneforge.runtime.convert import dense, enum_field
from tuneforge.runtime.server import ServiceSpec
from tuneforge.transport import (
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

_METHOD = {
    pb.TRANSPORT_METHOD_AUTO: Method.AUTO,
    pb.TRANSPORT_METHOD_SINKHORN: Method.SINKHORN,
    pb.TRANSPORT_METHOD_SNS: Method.SNS,
}
_METHOD_PB = {v: k for k, v in _METHOD.items()}
_METRIC = {
    pb.COST_METRIC_SQEUCLIDEAN: "sqeuclidean",
    pb.COST_METRIC_EUCLIDEAN: "euclidean",
    pb.COST_METRIC_L1: "l1",
}
_PLAN = {
    pb.PLAN_FORMAT_NONE: PlanFormat.NONE,
    pb.PLAN_FORMAT_DENSE: PlanFormat.DENSE,
    pb.PLAN_FORMAT_SPARSE: PlanFormat.SPARSE,
}
# The cores name point-cloud fields x, y, metric; the request nests them under points.
_FIELDS = {"x": "points.x", "y": "points.y", "metric": "points.metric"}


def _request_fields(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    try:
        return fn(*args, **kwargs)
    except ValidationError as e:
        raise e.remap(lambda f: _FIELDS.get(f.split("[")[0], f)) from None


def options_from(o: pb.TransportOptions, max_entries: int) -> SolveOptions:
    d = SolveOptions()
    options = SolveOptions(
        method=enum_field(o.method, _METHOD, "options.method") or d.method,
        tolerance=o.tolerance or d.tolerance,
        max_iterations=o.max_iterations or d.max_iterations,
        max_newton_iterations=o.max_newton_iterations or d.max_newton_iterations,
        sparsity=o.sparsity or None,
        epsilon_scaling=o.epsilon_scaling,
        plan=enum_field(o.plan, _PLAN, "options.plan") or d.plan,
        plan_threshold=o.plan_threshold,
        record_history=o.record_history,
        max_problem_entries=max_entries,
        max_plan_entries=min(d.max_plan_entries, max_entries),
    )
    return options


def _checked(options: SolveOptions, n: int, m: int) -> None:
    try:
        check_options(options, n, m)
    except ValidationError as e:
        raise e.remap(lambda f: f"options.{f}") from None


def _ground_cost(request: Any, max_entries: int) -> dict[str, Any]:
    which = request.WhichOneof("ground_cost")
    if which is None:
        raise ValidationError.single("cost", "give a cost matrix or point clouds (points)")
    if which == "cost":
        c = request.cost
        if c.rows * c.cols > max_entries:
            raise ResourceExhaustedError(
                f"{c.rows} x {c.cols} cost exceeds the limit of {max_entries} entries"
            )
        return {"cost": dense(c, "cost")}
    p = request.points
    if p.x.rows * p.y.rows > max_entries:
        raise ResourceExhaustedError(
            f"{p.x.rows} x {p.y.rows} cost exceeds the limit of {max_entries} entries"
        )
    metric = enum_field(p.metric, _METRIC, "points.metric") or "sqeuclidean"
    return {"x": dense(p.x, "points.x"), "y": dense(p.y, "points.y"), "metric": metric}


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
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries

    async def Solve(
        self, request: pb.TransportServiceSolveRequest, context: grpc.aio.ServicerContext
    ) -> pb.TransportServiceSolveResponse:
        return await offload(context, self._solve, request)

    async def SolveBatch(
        self, request: pb.TransportServiceSolveBatchRequest, context: grpc.aio.ServicerContext
    ) -> pb.TransportServiceSolveBatchResponse:
        return await offload(context, self._solve_batch, request)

    def _solve(self, request: pb.TransportServiceSolveRequest) -> pb.TransportServiceSolveResponse:
        n, m = len(request.a), len(request.b)
        options = options_from(request.options, self.max_entries)
        _checked(options, n, m)
        problem = _request_fields(
            make_problem,
            np.asarray(request.a, dtype=np.float64),
            np.asarray(request.b, dtype=np.float64),
            request.epsilon,
            normalize_cost=request.options.normalize_cost,
            **_ground_cost(request, self.max_entries),
        )
        return pb.TransportServiceSolveResponse(result=result_pb(solve(problem, options)))

    def _solve_batch(
        self, request: pb.TransportServiceSolveBatchRequest
    ) -> pb.TransportServiceSolveBatchResponse:
        a, b = dense(request.a, "a"), dense(request.b, "b")
        n, m = a.shape[1], b.shape[1]
        options = options_from(request.options, self.max_entries)
        _checked(options, n, m)
        if a.shape[0] * (n + m) > self.max_entries:
            raise ResourceExhaustedError(f"a batch of {a.shape[0]} problems is too large")
        batch = _request_fields(
            make_batch,
            a,
            b[0] if b.shape[0] == 1 else b,  # one target shared by every row
            request.epsilon,
            normalize_cost=request.options.normalize_cost,
            **_ground_cost(request, self.max_entries),
        )
        results = solve_batch(batch, options)
        return pb.TransportServiceSolveBatchResponse(results=[result_pb(r) for r in results])


def spec(max_entries: int) -> ServiceSpec:
    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["TransportService"],
        servicer=TransportServicer(max_entries),
        add_to_server=pb_grpc.add_TransportServiceServicer_to_server,
        scopes={"Solve": Scope.READ, "SolveBatch": Scope.READ},
    )
