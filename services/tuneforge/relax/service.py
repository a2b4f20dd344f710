"""RelaxationService: thin gRPC adapter over :mod:`tuneforge.relax` and its store.

Translates requests to the core's values and back, checks the request-size
limit, and calls the :class:`~tuneforge.relax.store.SequenceStore` (short
database calls, off the event loop) or :func:`~tuneforge.relax.loop.solve_next`
(in the solve pool, under the caller's deadline).
"""

from __future__ import annotations

import functools

import grpc

from tuneforge.errors import ResourceExhaustedError
from tuneforge.relax.loop import solve_next
from tuneforge.relax.policies import POLICIES
from tuneforge.relax.sequence import SequenceConfig, SequenceRecord, check_new
from tuneforge.relax.solvers import SOLVERS
from tuneforge.relax.store import SequenceStore
from tuneforge.relax.systems import Csr
from tuneforge.runtime.auth import Scope
from tuneforge.runtime.calls import WorkPool, compute, offload
from tuneforge.runtime.convert import enum_field, enum_map, timestamp
from tuneforge.runtime.server import ServiceSpec
from tuneforge.v1 import relaxation_service_pb2 as pb
from tuneforge.v1 import relaxation_service_pb2_grpc as pb_grpc

# The proto enums name the core's solvers and policies: SOLVER_SOR is "sor".
_SOLVER = enum_map(pb.Solver, "SOLVER_", SOLVERS)
_SOLVER_PB = {v: k for k, v in _SOLVER.items()}
_POLICY = enum_map(pb.RelaxationPolicy, "RELAXATION_POLICY_", POLICIES)
_POLICY_PB = {v: k for k, v in _POLICY.items()}


def sequence_pb(r: SequenceRecord) -> pb.Sequence:
    c = r.config
    return pb.Sequence(
        id=r.id,
        name=r.name,
        solver=_SOLVER_PB[c.solver],
        policy=_POLICY_PB[c.policy],
        omega_min=c.omega_min,
        omega_max=c.omega_max,
        grid_size=c.grid_size,
        context_lower=c.context_lower,
        context_upper=c.context_upper,
        tolerance=c.tolerance,
        max_iterations=c.max_iterations,
        seed=c.seed,
        fixed_omega=c.fixed_omega,
        instances=r.instances,
        total_iterations=r.total_iterations,
        pending_suggestions=r.pending,
        create_time=timestamp(r.created),
        update_time=timestamp(r.updated),
    )


def config_from(request: pb.CreateSequenceRequest) -> SequenceConfig:
    """The request with its zero values replaced by the documented defaults."""
    d = SequenceConfig()
    return SequenceConfig(
        solver=enum_field(request.solver, _SOLVER, "solver") or d.solver,
        policy=enum_field(request.policy, _POLICY, "policy") or d.policy,
        omega_min=request.omega_min or d.omega_min,
        omega_max=request.omega_max or d.omega_max,
        grid_size=request.grid_size or d.grid_size,
        context_lower=tuple(request.context_lower),
        context_upper=tuple(request.context_upper),
        tolerance=request.tolerance or d.tolerance,
        max_iterations=request.max_iterations or d.max_iterations,
        seed=request.seed,
        fixed_omega=request.fixed_omega or d.fixed_omega,
    )


class RelaxationServicer(pb_grpc.RelaxationServiceServicer):
    def __init__(self, store: SequenceStore, pool: WorkPool, max_matrix_nnz: int) -> None:
        self.store = store
        self.pool = pool
        self.max_matrix_nnz = max_matrix_nnz

    async def CreateSequence(
        self, request: pb.CreateSequenceRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateSequenceResponse:
        config = config_from(request)
        await offload(context, check_new, request.name, config)  # builds the policy: off the loop
        record = await offload(
            context, self.store.create, request.name, config, request.load_if_exists
        )
        return pb.CreateSequenceResponse(sequence=sequence_pb(record))

    async def GetSequence(
        self, request: pb.GetSequenceRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSequenceResponse:
        record = await offload(context, self.store.get, request.sequence)
        return pb.GetSequenceResponse(sequence=sequence_pb(record))

    async def ListSequences(
        self, request: pb.ListSequencesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListSequencesResponse:
        records, token = await offload(
            context, self.store.list_page, request.page.page_size, request.page.page_token
        )
        return pb.ListSequencesResponse(
            sequences=[sequence_pb(r) for r in records], next_page_token=token
        )

    async def DeleteSequence(
        self, request: pb.DeleteSequenceRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteSequenceResponse:
        await offload(context, self.store.delete, request.sequence)
        return pb.DeleteSequenceResponse()

    async def SuggestOmega(
        self, request: pb.SuggestOmegaRequest, context: grpc.aio.ServicerContext
    ) -> pb.SuggestOmegaResponse:
        s = await offload(context, self.store.suggest, request.sequence, list(request.context))
        return pb.SuggestOmegaResponse(
            suggestion_id=s.suggestion_id,
            omega=s.suggestion.omega,
            arm=s.suggestion.arm,
            probability=s.suggestion.probability,
        )

    async def ReportOutcome(
        self, request: pb.ReportOutcomeRequest, context: grpc.aio.ServicerContext
    ) -> pb.ReportOutcomeResponse:
        converged = request.converged if request.HasField("converged") else True
        record = await offload(
            context,
            self.store.report,
            request.sequence,
            request.suggestion_id,
            request.iterations,
            converged,
        )
        return pb.ReportOutcomeResponse(sequence=sequence_pb(record))

    async def Solve(
        self, request: pb.SolveRequest, context: grpc.aio.ServicerContext
    ) -> pb.SolveResponse:
        m = request.matrix
        if len(m.data) > self.max_matrix_nnz or m.rows > self.max_matrix_nnz:
            raise ResourceExhaustedError(
                f"matrix has {len(m.data)} non-zeros and {m.rows} rows; this server "
                f"accepts at most {self.max_matrix_nnz} (max_matrix_nnz)"
            )
        # The repeated fields become arrays in the pool, not here on the event loop.
        csr = Csr((m.rows, m.cols), m.indptr, m.indices, m.data, request.rhs)
        step = functools.partial(solve_next, young=request.young_omega)
        r = await compute(
            context, self.pool, step, self.store, request.sequence, csr, list(request.context)
        )
        return pb.SolveResponse(
            x=[] if request.omit_solution else r.x,
            iterations=r.iterations,
            omega=r.omega,
            residual_norm=r.residual_norm,
            converged=r.converged,
            suggestion_id=r.suggestion_id,
            young_omega=r.young_omega,
            solve_seconds=r.seconds,
        )

    async def GetBestOmega(
        self, request: pb.GetBestOmegaRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetBestOmegaResponse:
        rec, grid = await offload(context, self.store.best, request.sequence, list(request.context))
        return pb.GetBestOmegaResponse(
            omega=rec.omega,
            arm=rec.arm,
            instances_seen=rec.instances_seen,
            predicted_iterations=rec.predicted_iterations,
            arms=[
                pb.ArmEvidence(omega=w, mean_iterations=m, count=n)
                for w, m, n in zip(grid, rec.arm_means, rec.arm_counts, strict=True)
            ],
        )


def spec(store: SequenceStore, pool: WorkPool, max_matrix_nnz: int) -> ServiceSpec:
    """RelaxationService on ``store``, solving in ``pool`` (the caller owns both)."""
    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["RelaxationService"],
        servicer=RelaxationServicer(store, pool, max_matrix_nnz),
        add_to_server=pb_grpc.add_RelaxationServiceServicer_to_server,
        scopes={
            "CreateSequence": Scope.WRITE,
            "GetSequence": Scope.READ,
            "ListSequences": Scope.READ,
            "DeleteSequence": Scope.ADMIN,
            "SuggestOmega": Scope.WRITE,
            "ReportOutcome": Scope.WRITE,
            "Solve": Scope.WRITE,
            "GetBestOmega": Scope.READ,
        },
    )
