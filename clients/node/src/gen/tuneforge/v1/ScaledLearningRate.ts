// Original file: tuneforge/v1/schedule_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One target batch size and its learning rate.
 */
export interface ScaledLearningRate {
  'batchSize'?: (number | string | Long);
  'learningRate'?: (number | string);
  /**
   * learning_rate / base_learning_rate.
   */
  'scaleFactor'?: (number | string);
  /**
   * Warm-up steps at this batch size (0 when no warm-up was asked for).
   */
  'warmupSteps'?: (number | string | Long);
  /**
   * Empty when the rule is trusted here; otherwise why it may not hold.
   */
  'warning'?: (string);
}

/**
 * One target batch size and its learning rate.
 */
export interface ScaledLearningRate__Output {
  'batchSize': (string);
  'learningRate': (number);
  /**
   * learning_rate / base_learning_rate.
   */
  'scaleFactor': (number);
  /**
   * Warm-up steps at this batch size (0 when no warm-up was asked for).
   */
  'warmupSteps': (string);
  /**
   * Empty when the rule is trusted here; otherwise why it may not hold.
   */
  'warning': (string);
}
