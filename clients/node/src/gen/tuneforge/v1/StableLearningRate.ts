// Original file: tuneforge/v1/schedule_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The largest learning rate not excluded by linear stability at one batch size.
 */
export interface StableLearningRate {
  'batchSize'?: (number | string | Long);
  /**
   * min(gd_bound, trace_bound); a necessary condition: above it training is unstable
   * near these parameters, below it stability is not guaranteed.
   */
  'maxLearningRate'?: (number | string);
  /**
   * 2 / lambda_max.
   */
  'gdBound'?: (number | string);
  /**
   * 2 B / tr(H); 0 when it does not apply (full batch, tr(H) <= 0).
   */
  'traceBound'?: (number | string);
  /**
   * "lambda_max", "trace" or "none".
   */
  'binding'?: (string);
  /**
   * The trace bound's B-scaling for 1 < B < n is an inference, not Wu & Su's theorem.
   */
  'heuristic'?: (boolean);
}

/**
 * The largest learning rate not excluded by linear stability at one batch size.
 */
export interface StableLearningRate__Output {
  'batchSize': (string);
  /**
   * min(gd_bound, trace_bound); a necessary condition: above it training is unstable
   * near these parameters, below it stability is not guaranteed.
   */
  'maxLearningRate': (number);
  /**
   * 2 / lambda_max.
   */
  'gdBound': (number);
  /**
   * 2 B / tr(H); 0 when it does not apply (full batch, tr(H) <= 0).
   */
  'traceBound': (number);
  /**
   * "lambda_max", "trace" or "none".
   */
  'binding': (string);
  /**
   * The trace bound's B-scaling for 1 < B < n is an inference, not Wu & Su's theorem.
   */
  'heuristic': (boolean);
}
