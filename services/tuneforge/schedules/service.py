"""ScheduleService: thin gRPC adapter over :mod:`tuneforge.schedules.scaling`,
:mod:`tuneforge.schedules.refine`, :mod:`tuneforge.trainer.schedule` (PlanSchedule)
and :mod:`tuneforge.schedules.stability` (the curvature RPCs, on the models
:mod:`tuneforge.trainer.curvature` builds; torch is imported on their first call, so
a server without the train extra serves the rest and answers FAILED_PRECONDITION)."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import grpc
import numpy as np

from tuneforge.deadline import Deadline
from tuneforge.errors import FailedPreconditionError, ValidationError, Violations
from tuneforge.runtime.auth import Scope
from tuneforge.runtime.calls import WorkPool, compute, offload
from tuneforge.runtime.convert import enum_field, enum_map
from tuneforge.runtime.server import ServiceSpec
from tuneforge.schedules import plot, refine, scaling
from tuneforge.trainer import norms, schedule
from tuneforge.trainer import spec as job_spec
from tuneforge.v1 import schedule_service_pb2 as pb
from tuneforge.v1 import schedule_service_pb2_grpc as pb_grpc
from tuneforge.v1 import trainer_service_pb2 as trainer_pb

if TYPE_CHECKING:
    from tuneforge.trainer.curvature import Target
    from tuneforge.trainer.store import JobStore

_FAMILY = enum_map(pb.OptimizerFamily, "OPTIMIZER_FAMILY_", scaling.Family)
_RULE = enum_map(pb.ScalingRule, "SCALING_RULE_", scaling.Rule)
_RULE_PB = {v: k for k, v in _RULE.items()}
_NORM = enum_map(pb.GradientNorm, "GRADIENT_NORM_", refine.Norm)
_NORM_PB = {v: k for k, v in _NORM.items()}
_SHAPE = enum_map(pb.SegmentShape, "SEGMENT_SHAPE_", schedule.Shape)
_SHAPE_PB = {v: k for k, v in _SHAPE.items()}
_CURVATURE = enum_map(pb.CurvatureMatrix, "CURVATURE_MATRIX_", ("hessian", "gauss_newton"))

MAX_TOTAL_STEPS = 10**12
DEFAULT_MAX_POINTS = 10_000
MAX_POINTS = 100_000
DEFAULT_LANCZOS_STEPS = job_spec.LANCZOS_STEPS
MAX_LANCZOS_STEPS = job_spec.MAX_LANCZOS_STEPS
DEFAULT_PROBES = job_spec.HUTCHINSON_PROBES
MAX_PROBES = job_spec.MAX_HUTCHINSON_PROBES
DEFAULT_MAX_HVPS = 10_000
MAX_CURVE_BATCHES = 32
DEFAULT_CURVE_BATCHES = 3
MAX_BATCH_SIZES = 64
# The core's argument names -> the request's fields.
_CORE_FIELDS = {
    "model": "target",
    "x": "sample_size",
    "y": "sample_size",
    "iterations": "lanczos_steps",
    "samples": "hutchinson_probes",
}


def _request_field(field: str) -> str:
    return _CORE_FIELDS.get(field, field)


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
        family = enum_field(request.optimizer_family, _FAMILY, "optimizer_family")
        rule = enum_field(request.rule, _RULE, "rule")
        curve, measured = None, None
        if request.HasField("model"):
            if request.max_trusted_scale:
                raise ValidationError.single(
                    "max_trusted_scale", "give max_trusted_scale or model, not both", "EXCLUSIVE"
                )
            try:
                spec, job_id = await offload(context, self._target_spec, request.model)
            except ValidationError as exc:
                raise exc.remap(_model_field) from None
            if family is None and rule is None:
                family = _family_of(spec.optimizer.name)
            scaling.scale_learning_rate(  # the cheap checks before the measurement
                request.base_learning_rate, request.base_batch_size,
                list(request.target_batch_sizes), family, rule=rule,
                warmup_steps=request.warmup_steps,
            )  # fmt: skip
            sizes = [request.base_batch_size, *request.target_batch_sizes]
            try:
                measure = functools.partial(self._curve, extra=sizes)
                curve_request = pb.LearningRateCurveRequest(target=request.model)
                curve = await compute(context, self._pool(), measure, curve_request, spec, job_id)
            except ValidationError as exc:
                raise exc.remap(_model_field) from None
            applied = rule or scaling.RULE_OF_FAMILY[family]  # type: ignore[index]
            measured = _measured_range(curve, applied)
        result = scaling.scale_learning_rate(
            request.base_learning_rate,
            request.base_batch_size,
            list(request.target_batch_sizes),
            family,
            rule=rule,
            warmup_steps=request.warmup_steps,
            max_trusted_scale=request.max_trusted_scale or scaling.DEFAULT_MAX_TRUSTED_SCALE,
            measured=measured,
        )
        return pb.ScaleLearningRateResponse(
            curve=curve,
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
        norm = enum_field(request.norm, _NORM, "norm")
        values = list(request.grad_norms)
        if request.job_id:
            if values:
                raise ValidationError.single(
                    "grad_norms", "give grad_norms or job_id, not both", "EXCLUSIVE"
                )
            recorded = await offload(context, norms.recorded_norms, self._jobs(), request.job_id)
            norm = norm or norms.norm_for(recorded.family)
            values = recorded.l2 if norm is refine.Norm.L2 else recorded.l1
        norm = norm or refine.Norm.L2
        # Up to 2e6 norms (seconds of median filtering): off the event loop.
        result = await offload(
            context,
            refine.refine,
            values,
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
            norm=_NORM_PB[norm],
        )

    async def PlanSchedule(
        self, request: pb.PlanScheduleRequest, context: grpc.aio.ServicerContext
    ) -> pb.PlanScheduleResponse:
        v = Violations()
        total = request.total_steps
        v.check(
            1 <= total <= MAX_TOTAL_STEPS,
            "total_steps",
            f"must be in [1, {MAX_TOTAL_STEPS}], got {total}",
            "OUT_OF_RANGE",
        )
        base = request.base_learning_rate
        v.check(
            math.isfinite(base) and base >= 0,
            "base_learning_rate",
            f"must be finite and >= 0, got {base}",
            "OUT_OF_RANGE",
        )
        v.check(
            0 <= request.max_points <= MAX_POINTS,
            "max_points",
            f"must be in [0, {MAX_POINTS}], got {request.max_points}",
            "OUT_OF_RANGE",
        )
        schedule.check(request.schedule, v, "schedule", MAX_TOTAL_STEPS)
        s = request.schedule
        if s.WhichOneof("kind") == "refined" and not s.refined.factors and s.refined.refine_from:
            v.add(
                "schedule.refined.factors",
                "PlanSchedule needs the factors; RefineSchedule(job_id) computes them",
                "REQUIRED",
            )
        v.raise_if_any()
        return await offload(context, _plan, request)

    async def EstimateStableLearningRate(
        self, request: pb.EstimateStableLearningRateRequest, context: grpc.aio.ServicerContext
    ) -> pb.EstimateStableLearningRateResponse:
        v = Violations()
        _check_batch_sizes(v, request.batch_sizes, min_distinct=0)
        _check_common(v, request)
        probes = request.hutchinson_probes
        v.check(
            probes == 0 or 2 <= probes <= MAX_PROBES,
            "hutchinson_probes",
            f"must be 0 (32) or in [2, {MAX_PROBES}], got {probes}",
            "OUT_OF_RANGE",
        )
        v.raise_if_any()
        spec, job_id = await offload(context, self._target_spec, request.target)
        return await compute(context, self._pool(), self._estimate, request, spec, job_id)

    async def LearningRateCurve(
        self, request: pb.LearningRateCurveRequest, context: grpc.aio.ServicerContext
    ) -> pb.LearningRateCurveResponse:
        v = Violations()
        _check_batch_sizes(v, request.batch_sizes, min_distinct=3)
        _check_common(v, request)
        k = request.batches_per_size
        v.check(
            0 <= k <= MAX_CURVE_BATCHES,
            "batches_per_size",
            f"must be 0 (3) or in [1, {MAX_CURVE_BATCHES}], got {k}",
            "OUT_OF_RANGE",
        )
        v.raise_if_any()
        spec, job_id = await offload(context, self._target_spec, request.target)
        return await compute(context, self._pool(), self._curve, request, spec, job_id)

    # ------------------------------------------------------------------ collaborators

    def _jobs(self) -> JobStore:
        if self.jobs is None:
            raise FailedPreconditionError.single(
                "job_id", "this server has no trainer job store to resolve job ids"
            )
        return self.jobs

    def _pool(self) -> WorkPool:
        if self.pool is None:
            raise FailedPreconditionError("this server has no pool to run curvature estimates")
        return self.pool

    def _target_spec(self, target: pb.CurvatureTarget) -> tuple[trainer_pb.JobSpec, str]:
        """The validated job spec of ``target`` and its job id ("" for a spec)."""
        which = target.WhichOneof("source")
        if which is None or (which == "job_id" and not target.job_id):
            raise ValidationError.single("target", "give a job_id or a spec", "REQUIRED")
        if which == "job_id":
            jobs = self.jobs
            if jobs is None:
                raise FailedPreconditionError.single(
                    "target.job_id", "this server has no trainer job store to resolve job ids"
                )
            return jobs.get(target.job_id).spec, target.job_id  # NotFoundError
        return job_spec.validate(target.spec, None, "target.spec"), ""

    def _load(self, spec: trainer_pb.JobSpec, job_id: str, sample_size: int, seed: int) -> Target:
        try:
            from tuneforge.trainer import curvature
        except ImportError:
            raise FailedPreconditionError.single(
                "target", "this server has no torch (install tuneforge[train]) to measure curvature"
            ) from None
        field = "target.job_id" if job_id else "target.spec"
        return curvature.load(
            spec,
            sample_size=sample_size,
            seed=seed,
            field=field,
            jobs_root=self.jobs_root,
            job_id=job_id,
        )

    def _estimate(
        self,
        request: pb.EstimateStableLearningRateRequest,
        spec: trainer_pb.JobSpec,
        job_id: str,
        *,
        deadline: Deadline,
    ) -> pb.EstimateStableLearningRateResponse:
        seed = request.seed % 2**63
        t = self._load(spec, job_id, request.sample_size, seed)
        from tuneforge.schedules import stability

        sizes = list(request.batch_sizes) or [t.batch_size]
        deadline.check()
        try:
            report = stability.sgd_stability(
                t.model,
                t.loss_fn,
                t.x,
                t.y,
                sizes,
                curvature=_curvature(request.curvature),
                iterations=request.lanczos_steps or DEFAULT_LANCZOS_STEPS,
                samples=request.hutchinson_probes or DEFAULT_PROBES,
                seed=seed,
                max_hvps=request.max_hvps or DEFAULT_MAX_HVPS,
            )
        except ValidationError as exc:
            raise exc.remap(_request_field) from None
        top, tr = report.lambda_max, report.trace
        return pb.EstimateStableLearningRateResponse(
            lambda_max=_estimate_pb(top),
            trace=_estimate_pb(tr),
            gd_bound=stability.gd_learning_rate_bound(top.value),
            rates=[
                pb.StableLearningRate(
                    batch_size=r.batch_size,
                    max_learning_rate=r.max_learning_rate,
                    gd_bound=r.gd_bound,
                    trace_bound=0.0 if math.isinf(r.trace_bound) else r.trace_bound,
                    binding=r.binding,
                    heuristic=r.heuristic,
                )
                for r in report.rates
            ],
            necessary=report.necessary,
            hvps=top.hvps_spent + tr.hvps_spent,
            parameters=t.parameters,
            checkpoint_step=t.checkpoint_step,
            sample_size=int(t.x.shape[0]),
        )

    def _curve(
        self,
        request: pb.LearningRateCurveRequest,
        spec: trainer_pb.JobSpec,
        job_id: str,
        *,
        extra: Sequence[int] = (),
        deadline: Deadline,
    ) -> pb.LearningRateCurveResponse:
        """The curve at the request's batch sizes, else at the powers of two up to the
        sample size and the ``extra`` sizes that fit in it."""
        seed = request.seed % 2**63
        t = self._load(spec, job_id, request.sample_size, seed)
        from tuneforge.schedules import stability

        m = int(t.x.shape[0])
        sizes = list(request.batch_sizes) or [2**i for i in range(m.bit_length()) if 2**i <= m]
        if not request.batch_sizes and extra:
            fits = sorted({int(b) for b in extra if 1 <= b <= m} - set(sizes))
            sizes = sorted([*sizes, *fits[: MAX_BATCH_SIZES - len(sizes)]])
        if len(set(sizes)) < 3:
            raise ValidationError.single(
                "sample_size", f"{m} samples give fewer than 3 batch sizes to fit a curve"
            )
        deadline.check()
        try:
            curve = stability.learning_rate_curve(
                t.model,
                t.loss_fn,
                t.x,
                t.y,
                sizes,
                batches_per_size=request.batches_per_size or DEFAULT_CURVE_BATCHES,
                curvature=_curvature(request.curvature),
                iterations=request.lanczos_steps or DEFAULT_LANCZOS_STEPS,
                seed=seed,
                max_hvps=request.max_hvps or DEFAULT_MAX_HVPS,
            )
        except ValidationError as exc:
            raise exc.remap(_request_field) from None
        return curve_pb(curve, t.parameters, t.checkpoint_step)


def _model_field(field: str) -> str:
    """ScaleLearningRate's ``model`` is a CurvatureTarget: its paths start there."""
    if field == "target" or field.startswith("target."):
        return "model" + field[len("target") :]
    return "model." + _request_field(field)


def _measured_range(
    curve: pb.LearningRateCurveResponse, rule: scaling.Rule
) -> scaling.MeasuredRange:
    """Where ``rule`` holds on ``curve`` (its linear or square-root range)."""
    span = curve.linear_range if rule is scaling.Rule.LINEAR else curve.sqrt_range
    has = (
        curve.HasField("linear_range")
        if rule is scaling.Rule.LINEAR
        else curve.HasField("sqrt_range")
    )
    sizes = [p.batch_size for p in curve.points]
    return scaling.MeasuredRange(
        rule_range=(span.lo, span.hi) if has else None,
        measured=(float(min(sizes)), float(max(sizes))),
    )


def _family_of(optimizer: str) -> scaling.Family:
    """The scaling family of a job's optimizer (the registry's ``family``)."""
    family = norms.family_of(optimizer)
    if family not in ("sgd", "adaptive"):
        raise ValidationError.single(
            "optimizer_family",
            f"the model's optimizer {optimizer} is derivative-free: no scaling rule is derived "
            "for it; give OPTIMIZER_FAMILY_SGD, OPTIMIZER_FAMILY_ADAPTIVE or a rule",
            "REQUIRED",
        )
    return scaling.Family(family)


def _check_batch_sizes(v: Violations, sizes: Any, *, min_distinct: int) -> None:
    if not v.check(
        len(sizes) <= MAX_BATCH_SIZES,
        "batch_sizes",
        f"at most {MAX_BATCH_SIZES} entries, got {len(sizes)}",
        "OUT_OF_RANGE",
    ):
        return
    for i, b in enumerate(sizes):
        v.check(b >= 1, f"batch_sizes[{i}]", f"must be >= 1, got {b}", "OUT_OF_RANGE")
    if sizes and min_distinct:
        v.check(
            len(set(sizes)) >= min_distinct,
            "batch_sizes",
            f"needs at least {min_distinct} distinct batch sizes to fit a curve",
        )


def _check_common(v: Violations, request: Any) -> None:
    """The fields EstimateStableLearningRate and LearningRateCurve share."""
    v.check(
        request.sample_size >= 0,
        "sample_size",
        f"must be >= 0, got {request.sample_size}",
        "OUT_OF_RANGE",
    )
    steps = request.lanczos_steps
    v.check(
        steps == 0 or 2 <= steps <= MAX_LANCZOS_STEPS,
        "lanczos_steps",
        f"must be 0 (20) or in [2, {MAX_LANCZOS_STEPS}], got {steps}",
        "OUT_OF_RANGE",
    )
    v.check(
        request.max_hvps >= 0,
        "max_hvps",
        f"must be >= 0 (0: {DEFAULT_MAX_HVPS}), got {request.max_hvps}",
        "OUT_OF_RANGE",
    )
    enum_field(request.curvature, _CURVATURE, "curvature")


def _curvature(value: int) -> Any:
    from tuneforge.schedules.stability import Curvature

    name = _CURVATURE.get(value, "hessian")
    return Curvature.GGN if name == "gauss_newton" else Curvature.HESSIAN


def _estimate_pb(e: Any) -> pb.CurvatureEstimate:
    lo, hi = e.interval
    return pb.CurvatureEstimate(value=e.value, lower=lo, upper=hi, hvps=e.hvps_spent)


def curve_pb(curve: Any, parameters: int, checkpoint_step: int) -> pb.LearningRateCurveResponse:
    """A :class:`tuneforge.schedules.stability.LearningRateCurve` on the wire."""

    def span(r: tuple[float, float] | None) -> pb.BatchSizeRange | None:
        return None if r is None else pb.BatchSizeRange(lo=r[0], hi=r[1])

    return pb.LearningRateCurveResponse(
        points=[
            pb.CurvePoint(
                batch_size=p.batch_size,
                lambda_max=p.lambda_max,
                lambda_std=p.lambda_std,
                fitted=p.fitted,
                learning_rate=p.learning_rate,
                stability_bound=p.stability_bound,
            )
            for p in curve.points
        ],
        lambda_limit=curve.lambda_true,
        noise_coefficient=curve.noise_coefficient,
        linear_range=span(curve.linear_range),
        sqrt_range=span(curve.sqrt_range),
        hvps=curve.hvps_spent,
        parameters=parameters,
        checkpoint_step=checkpoint_step,
        warning=curve.warning,
    )


def _plan(request: pb.PlanScheduleRequest) -> pb.PlanScheduleResponse:
    total = request.total_steps
    base = request.base_learning_rate or 1.0
    try:
        plan = schedule.Schedule(request.schedule, default="linear")
        segments = plan.segments(total)
    except ValueError as exc:  # a step schedule past MAX_SEGMENTS
        raise ValidationError.single("schedule.step.step_size", str(exc), "OUT_OF_RANGE") from None
    out = pb.PlanScheduleResponse(
        total_steps=total,
        segments=[
            pb.ScheduleSegment(
                start_step=g.start,
                end_step=g.end,
                start_learning_rate=base * g.start_value,
                end_learning_rate=base * g.end_value,
                shape=_SHAPE_PB[g.shape],
            )
            for g in segments
        ],
    )
    if total <= (request.max_points or DEFAULT_MAX_POINTS):
        out.learning_rates.extend((base * schedule.evaluate(segments, np.arange(total))).tolist())
    if request.render_png:
        steps = plot.plot_steps(total)
        rates = base * schedule.evaluate(segments, steps)
        kind = request.schedule.WhichOneof("kind") or "linear"
        out.png = plot.render([("", steps, rates)], title=f"{kind} schedule, {total} steps")
    return out


#: Every RPC reads: none changes state (RefineSchedule/curvature read jobs).
SCOPES = {
    name: Scope.READ for name in pb.DESCRIPTOR.services_by_name["ScheduleService"].methods_by_name
}


def spec(
    jobs: JobStore | None = None, pool: WorkPool | None = None, jobs_root: Path | None = None
) -> ServiceSpec:
    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["ScheduleService"],
        servicer=ScheduleServicer(jobs, pool, jobs_root),
        add_to_server=pb_grpc.add_ScheduleServiceServicer_to_server,
        scopes=SCOPES,
    )
