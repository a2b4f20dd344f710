// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * lr is multiplied by gamma every step_size steps.
 */
export interface StepSchedule {
  /**
   * > 0.
   */
  'stepSize'?: (number | string | Long);
  /**
   * In (0, 1]; 0 means 0.1.
   */
  'gamma'?: (number | string);
}

/**
 * lr is multiplied by gamma every step_size steps.
 */
export interface StepSchedule__Output {
  /**
   * > 0.
   */
  'stepSize': (string);
  /**
   * In (0, 1]; 0 means 0.1.
   */
  'gamma': (number);
}
