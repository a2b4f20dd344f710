// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * How long to train.
 */
export interface Budget {
  /**
   * Optimizer steps.
   */
  'steps'?: (number | string | Long);
  /**
   * Passes over the training data.
   */
  'epochs'?: (number);
  'kind'?: "steps"|"epochs";
}

/**
 * How long to train.
 */
export interface Budget__Output {
  /**
   * Optimizer steps.
   */
  'steps'?: (string);
  /**
   * Passes over the training data.
   */
  'epochs'?: (number);
  'kind'?: "steps"|"epochs";
}
