// Original file: tuneforge/v1/schedule_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { EstimateStableLearningRateRequest as _tuneforge_v1_EstimateStableLearningRateRequest, EstimateStableLearningRateRequest__Output as _tuneforge_v1_EstimateStableLearningRateRequest__Output } from '../../tuneforge/v1/EstimateStableLearningRateRequest';
import type { EstimateStableLearningRateResponse as _tuneforge_v1_EstimateStableLearningRateResponse, EstimateStableLearningRateResponse__Output as _tuneforge_v1_EstimateStableLearningRateResponse__Output } from '../../tuneforge/v1/EstimateStableLearningRateResponse';
import type { LearningRateCurveRequest as _tuneforge_v1_LearningRateCurveRequest, LearningRateCurveRequest__Output as _tuneforge_v1_LearningRateCurveRequest__Output } from '../../tuneforge/v1/LearningRateCurveRequest';
import type { LearningRateCurveResponse as _tuneforge_v1_LearningRateCurveResponse, LearningRateCurveResponse__Output as _tuneforge_v1_LearningRateCurveResponse__Output } from '../../tuneforge/v1/LearningRateCurveResponse';
import type { PlanScheduleRequest as _tuneforge_v1_PlanScheduleRequest, PlanScheduleRequest__Output as _tuneforge_v1_PlanScheduleRequest__Output } from '../../tuneforge/v1/PlanScheduleRequest';
import type { PlanScheduleResponse as _tuneforge_v1_PlanScheduleResponse, PlanScheduleResponse__Output as _tuneforge_v1_PlanScheduleResponse__Output } from '../../tuneforge/v1/PlanScheduleResponse';
import type { RefineScheduleRequest as _tuneforge_v1_RefineScheduleRequest, RefineScheduleRequest__Output as _tuneforge_v1_RefineScheduleRequest__Output } from '../../tuneforge/v1/RefineScheduleRequest';
import type { RefineScheduleResponse as _tuneforge_v1_RefineScheduleResponse, RefineScheduleResponse__Output as _tuneforge_v1_RefineScheduleResponse__Output } from '../../tuneforge/v1/RefineScheduleResponse';
import type { ScaleLearningRateRequest as _tuneforge_v1_ScaleLearningRateRequest, ScaleLearningRateRequest__Output as _tuneforge_v1_ScaleLearningRateRequest__Output } from '../../tuneforge/v1/ScaleLearningRateRequest';
import type { ScaleLearningRateResponse as _tuneforge_v1_ScaleLearningRateResponse, ScaleLearningRateResponse__Output as _tuneforge_v1_ScaleLearningRateResponse__Output } from '../../tuneforge/v1/ScaleLearningRateResponse';

/**
 * Learning-rate and batch-size rules: scaling rules, adaptive and refined schedules.
 */
export interface ScheduleServiceClient extends grpc.Client {
  /**
   * The largest learning rates linear stability allows for a model: lambda_max of the
   * loss's Hessian (or Gauss-Newton matrix) by Lanczos on Hessian-vector products
   * (gradient descent bound 2 / lambda_max), Hutchinson's trace, and Wu & Su's
   * batch-size-dependent condition for SGD (ICML 2023), a necessary condition only.
   * Needs torch on the server (the train extra); FAILED_PRECONDITION otherwise.
   */
  EstimateStableLearningRate(argument: _tuneforge_v1_EstimateStableLearningRateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EstimateStableLearningRateResponse__Output>): grpc.ClientUnaryCall;
  EstimateStableLearningRate(argument: _tuneforge_v1_EstimateStableLearningRateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_EstimateStableLearningRateResponse__Output>): grpc.ClientUnaryCall;
  EstimateStableLearningRate(argument: _tuneforge_v1_EstimateStableLearningRateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EstimateStableLearningRateResponse__Output>): grpc.ClientUnaryCall;
  EstimateStableLearningRate(argument: _tuneforge_v1_EstimateStableLearningRateRequest, callback: grpc.requestCallback<_tuneforge_v1_EstimateStableLearningRateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The largest learning rates linear stability allows for a model: lambda_max of the
   * loss's Hessian (or Gauss-Newton matrix) by Lanczos on Hessian-vector products
   * (gradient descent bound 2 / lambda_max), Hutchinson's trace, and Wu & Su's
   * batch-size-dependent condition for SGD (ICML 2023), a necessary condition only.
   * Needs torch on the server (the train extra); FAILED_PRECONDITION otherwise.
   */
  estimateStableLearningRate(argument: _tuneforge_v1_EstimateStableLearningRateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EstimateStableLearningRateResponse__Output>): grpc.ClientUnaryCall;
  estimateStableLearningRate(argument: _tuneforge_v1_EstimateStableLearningRateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_EstimateStableLearningRateResponse__Output>): grpc.ClientUnaryCall;
  estimateStableLearningRate(argument: _tuneforge_v1_EstimateStableLearningRateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EstimateStableLearningRateResponse__Output>): grpc.ClientUnaryCall;
  estimateStableLearningRate(argument: _tuneforge_v1_EstimateStableLearningRateRequest, callback: grpc.requestCallback<_tuneforge_v1_EstimateStableLearningRateResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * lambda_max of mini-batch Hessians at several batch sizes, the fitted curve
   * lambda_B = a + c / B and where the linear and square-root scaling rules hold for
   * this model (Granziol, Zohren & Roberts, JMLR 2022). Needs torch on the server.
   */
  LearningRateCurve(argument: _tuneforge_v1_LearningRateCurveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LearningRateCurveResponse__Output>): grpc.ClientUnaryCall;
  LearningRateCurve(argument: _tuneforge_v1_LearningRateCurveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_LearningRateCurveResponse__Output>): grpc.ClientUnaryCall;
  LearningRateCurve(argument: _tuneforge_v1_LearningRateCurveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LearningRateCurveResponse__Output>): grpc.ClientUnaryCall;
  LearningRateCurve(argument: _tuneforge_v1_LearningRateCurveRequest, callback: grpc.requestCallback<_tuneforge_v1_LearningRateCurveResponse__Output>): grpc.ClientUnaryCall;
  /**
   * lambda_max of mini-batch Hessians at several batch sizes, the fitted curve
   * lambda_B = a + c / B and where the linear and square-root scaling rules hold for
   * this model (Granziol, Zohren & Roberts, JMLR 2022). Needs torch on the server.
   */
  learningRateCurve(argument: _tuneforge_v1_LearningRateCurveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LearningRateCurveResponse__Output>): grpc.ClientUnaryCall;
  learningRateCurve(argument: _tuneforge_v1_LearningRateCurveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_LearningRateCurveResponse__Output>): grpc.ClientUnaryCall;
  learningRateCurve(argument: _tuneforge_v1_LearningRateCurveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LearningRateCurveResponse__Output>): grpc.ClientUnaryCall;
  learningRateCurve(argument: _tuneforge_v1_LearningRateCurveRequest, callback: grpc.requestCallback<_tuneforge_v1_LearningRateCurveResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A learning-rate schedule (the trainer's ScheduleSpec) over a budget: the rate of
   * every step, a compact piecewise form for long runs and, on request, a PNG.
   */
  PlanSchedule(argument: _tuneforge_v1_PlanScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_PlanScheduleResponse__Output>): grpc.ClientUnaryCall;
  PlanSchedule(argument: _tuneforge_v1_PlanScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_PlanScheduleResponse__Output>): grpc.ClientUnaryCall;
  PlanSchedule(argument: _tuneforge_v1_PlanScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_PlanScheduleResponse__Output>): grpc.ClientUnaryCall;
  PlanSchedule(argument: _tuneforge_v1_PlanScheduleRequest, callback: grpc.requestCallback<_tuneforge_v1_PlanScheduleResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A learning-rate schedule (the trainer's ScheduleSpec) over a budget: the rate of
   * every step, a compact piecewise form for long runs and, on request, a PNG.
   */
  planSchedule(argument: _tuneforge_v1_PlanScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_PlanScheduleResponse__Output>): grpc.ClientUnaryCall;
  planSchedule(argument: _tuneforge_v1_PlanScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_PlanScheduleResponse__Output>): grpc.ClientUnaryCall;
  planSchedule(argument: _tuneforge_v1_PlanScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_PlanScheduleResponse__Output>): grpc.ClientUnaryCall;
  planSchedule(argument: _tuneforge_v1_PlanScheduleRequest, callback: grpc.requestCallback<_tuneforge_v1_PlanScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The refined schedule of a previous run's per-step gradient norms (Defazio,
   * Cutkosky, Mehta & Mishchenko, "When, Why and How Much? Adaptive Learning Rate
   * Scheduling by Refinement", 2023): the norms median-filtered, weighted 1/G^2 (l2,
   * SGD-like) or 1/G (l1, Adam-like), and lr_t proportional to w_t * sum_{s>t} w_s,
   * peaking at base_learning_rate. Constant norms give linear decay to zero.
   */
  RefineSchedule(argument: _tuneforge_v1_RefineScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_RefineScheduleResponse__Output>): grpc.ClientUnaryCall;
  RefineSchedule(argument: _tuneforge_v1_RefineScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_RefineScheduleResponse__Output>): grpc.ClientUnaryCall;
  RefineSchedule(argument: _tuneforge_v1_RefineScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_RefineScheduleResponse__Output>): grpc.ClientUnaryCall;
  RefineSchedule(argument: _tuneforge_v1_RefineScheduleRequest, callback: grpc.requestCallback<_tuneforge_v1_RefineScheduleResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The refined schedule of a previous run's per-step gradient norms (Defazio,
   * Cutkosky, Mehta & Mishchenko, "When, Why and How Much? Adaptive Learning Rate
   * Scheduling by Refinement", 2023): the norms median-filtered, weighted 1/G^2 (l2,
   * SGD-like) or 1/G (l1, Adam-like), and lr_t proportional to w_t * sum_{s>t} w_s,
   * peaking at base_learning_rate. Constant norms give linear decay to zero.
   */
  refineSchedule(argument: _tuneforge_v1_RefineScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_RefineScheduleResponse__Output>): grpc.ClientUnaryCall;
  refineSchedule(argument: _tuneforge_v1_RefineScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_RefineScheduleResponse__Output>): grpc.ClientUnaryCall;
  refineSchedule(argument: _tuneforge_v1_RefineScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_RefineScheduleResponse__Output>): grpc.ClientUnaryCall;
  refineSchedule(argument: _tuneforge_v1_RefineScheduleRequest, callback: grpc.requestCallback<_tuneforge_v1_RefineScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Scale a learning rate tuned at one batch size to other batch sizes:
   * linear for SGD-like optimizers, square root for adaptive ones
   * (Granziol, Zohren & Roberts, "Learning Rates as a Function of Batch Size", JMLR 2022).
   */
  ScaleLearningRate(argument: _tuneforge_v1_ScaleLearningRateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ScaleLearningRateResponse__Output>): grpc.ClientUnaryCall;
  ScaleLearningRate(argument: _tuneforge_v1_ScaleLearningRateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ScaleLearningRateResponse__Output>): grpc.ClientUnaryCall;
  ScaleLearningRate(argument: _tuneforge_v1_ScaleLearningRateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ScaleLearningRateResponse__Output>): grpc.ClientUnaryCall;
  ScaleLearningRate(argument: _tuneforge_v1_ScaleLearningRateRequest, callback: grpc.requestCallback<_tuneforge_v1_ScaleLearningRateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Scale a learning rate tuned at one batch size to other batch sizes:
   * linear for SGD-like optimizers, square root for adaptive ones
   * (Granziol, Zohren & Roberts, "Learning Rates as a Function of Batch Size", JMLR 2022).
   */
  scaleLearningRate(argument: _tuneforge_v1_ScaleLearningRateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ScaleLearningRateResponse__Output>): grpc.ClientUnaryCall;
  scaleLearningRate(argument: _tuneforge_v1_ScaleLearningRateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ScaleLearningRateResponse__Output>): grpc.ClientUnaryCall;
  scaleLearningRate(argument: _tuneforge_v1_ScaleLearningRateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ScaleLearningRateResponse__Output>): grpc.ClientUnaryCall;
  scaleLearningRate(argument: _tuneforge_v1_ScaleLearningRateRequest, callback: grpc.requestCallback<_tuneforge_v1_ScaleLearningRateResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Learning-rate and batch-size rules: scaling rules, adaptive and refined schedules.
 */
export interface ScheduleServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The largest learning rates linear stability allows for a model: lambda_max of the
   * loss's Hessian (or Gauss-Newton matrix) by Lanczos on Hessian-vector products
   * (gradient descent bound 2 / lambda_max), Hutchinson's trace, and Wu & Su's
   * batch-size-dependent condition for SGD (ICML 2023), a necessary condition only.
   * Needs torch on the server (the train extra); FAILED_PRECONDITION otherwise.
   */
  EstimateStableLearningRate: grpc.handleUnaryCall<_tuneforge_v1_EstimateStableLearningRateRequest__Output, _tuneforge_v1_EstimateStableLearningRateResponse>;
  
  /**
   * lambda_max of mini-batch Hessians at several batch sizes, the fitted curve
   * lambda_B = a + c / B and where the linear and square-root scaling rules hold for
   * this model (Granziol, Zohren & Roberts, JMLR 2022). Needs torch on the server.
   */
  LearningRateCurve: grpc.handleUnaryCall<_tuneforge_v1_LearningRateCurveRequest__Output, _tuneforge_v1_LearningRateCurveResponse>;
  
  /**
   * A learning-rate schedule (the trainer's ScheduleSpec) over a budget: the rate of
   * every step, a compact piecewise form for long runs and, on request, a PNG.
   */
  PlanSchedule: grpc.handleUnaryCall<_tuneforge_v1_PlanScheduleRequest__Output, _tuneforge_v1_PlanScheduleResponse>;
  
  /**
   * The refined schedule of a previous run's per-step gradient norms (Defazio,
   * Cutkosky, Mehta & Mishchenko, "When, Why and How Much? Adaptive Learning Rate
   * Scheduling by Refinement", 2023): the norms median-filtered, weighted 1/G^2 (l2,
   * SGD-like) or 1/G (l1, Adam-like), and lr_t proportional to w_t * sum_{s>t} w_s,
   * peaking at base_learning_rate. Constant norms give linear decay to zero.
   */
  RefineSchedule: grpc.handleUnaryCall<_tuneforge_v1_RefineScheduleRequest__Output, _tuneforge_v1_RefineScheduleResponse>;
  
  /**
   * Scale a learning rate tuned at one batch size to other batch sizes:
   * linear for SGD-like optimizers, square root for adaptive ones
   * (Granziol, Zohren & Roberts, "Learning Rates as a Function of Batch Size", JMLR 2022).
   */
  ScaleLearningRate: grpc.handleUnaryCall<_tuneforge_v1_ScaleLearningRateRequest__Output, _tuneforge_v1_ScaleLearningRateResponse>;
  
}

export interface ScheduleServiceDefinition extends grpc.ServiceDefinition {
  EstimateStableLearningRate: MethodDefinition<_tuneforge_v1_EstimateStableLearningRateRequest, _tuneforge_v1_EstimateStableLearningRateResponse, _tuneforge_v1_EstimateStableLearningRateRequest__Output, _tuneforge_v1_EstimateStableLearningRateResponse__Output>
  LearningRateCurve: MethodDefinition<_tuneforge_v1_LearningRateCurveRequest, _tuneforge_v1_LearningRateCurveResponse, _tuneforge_v1_LearningRateCurveRequest__Output, _tuneforge_v1_LearningRateCurveResponse__Output>
  PlanSchedule: MethodDefinition<_tuneforge_v1_PlanScheduleRequest, _tuneforge_v1_PlanScheduleResponse, _tuneforge_v1_PlanScheduleRequest__Output, _tuneforge_v1_PlanScheduleResponse__Output>
  RefineSchedule: MethodDefinition<_tuneforge_v1_RefineScheduleRequest, _tuneforge_v1_RefineScheduleResponse, _tuneforge_v1_RefineScheduleRequest__Output, _tuneforge_v1_RefineScheduleResponse__Output>
  ScaleLearningRate: MethodDefinition<_tuneforge_v1_ScaleLearningRateRequest, _tuneforge_v1_ScaleLearningRateResponse, _tuneforge_v1_ScaleLearningRateRequest__Output, _tuneforge_v1_ScaleLearningRateResponse__Output>
}
