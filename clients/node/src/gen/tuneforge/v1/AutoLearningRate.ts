// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * learning_rate "auto": before the first step the worker measures the loss's curvature
 * on a sample of the training data (Lanczos on Hessian-vector products for lambda_max,
 * Hutchinson for the trace) and sets lr = safety_factor x the largest rate not excluded
 * by linear stability at the job's batch size: min(2 / lambda_max, 2 B / tr(H)) (Wu &
 * Su, ICML 2023; see ScheduleService.EstimateStableLearningRate), times (1 + momentum)
 * for heavy-ball momentum. The rate and the curvature are in the job's final metrics
 * (auto_learning_rate, lambda_max, hessian_trace). A resumed job keeps its rate. For
 * optimizers of the sgd family with an lr (sgd, trp); not with hyperparameters.lr.
 */
export interface AutoLearningRate {
  /**
   * In (0, 1]; 0 means 0.5.
   */
  'safetyFactor'?: (number | string);
  /**
   * Lanczos steps for lambda_max, 2 to 64; 0 means 20.
   */
  'lanczosSteps'?: (number);
  /**
   * Hutchinson probes for the trace, 2 to 1000; 0 means 32.
   */
  'hutchinsonProbes'?: (number);
  /**
   * Training samples the curvature is measured on; 0 means min(1024, the training split).
   */
  'sampleSize'?: (number | string | Long);
}

/**
 * learning_rate "auto": before the first step the worker measures the loss's curvature
 * on a sample of the training data (Lanczos on Hessian-vector products for lambda_max,
 * Hutchinson for the trace) and sets lr = safety_factor x the largest rate not excluded
 * by linear stability at the job's batch size: min(2 / lambda_max, 2 B / tr(H)) (Wu &
 * Su, ICML 2023; see ScheduleService.EstimateStableLearningRate), times (1 + momentum)
 * for heavy-ball momentum. The rate and the curvature are in the job's final metrics
 * (auto_learning_rate, lambda_max, hessian_trace). A resumed job keeps its rate. For
 * optimizers of the sgd family with an lr (sgd, trp); not with hyperparameters.lr.
 */
export interface AutoLearningRate__Output {
  /**
   * In (0, 1]; 0 means 0.5.
   */
  'safetyFactor': (number);
  /**
   * Lanczos steps for lambda_max, 2 to 64; 0 means 20.
   */
  'lanczosSteps': (number);
  /**
   * Hutchinson probes for the trace, 2 to 1000; 0 means 32.
   */
  'hutchinsonProbes': (number);
  /**
   * Training samples the curvature is measured on; 0 means min(1024, the training split).
   */
  'sampleSize': (string);
}
