// Original file: tuneforge/v1/schedule_service.proto

import type { GradientNorm as _tuneforge_v1_GradientNorm, GradientNorm__Output as _tuneforge_v1_GradientNorm__Output } from '../../tuneforge/v1/GradientNorm';

export interface RefineScheduleResponse {
  /**
   * The learning rate of every step (the last is 0).
   */
  'learningRates'?: (number | string)[];
  /**
   * The median-filtered norms, and the weights computed from them (the smallest is 1).
   */
  'smoothedNorms'?: (number | string)[];
  'weights'?: (number | string)[];
  /**
   * The filter width used.
   */
  'smoothingWindow'?: (number);
  /**
   * The norm refined.
   */
  'norm'?: (_tuneforge_v1_GradientNorm);
}

export interface RefineScheduleResponse__Output {
  /**
   * The learning rate of every step (the last is 0).
   */
  'learningRates': (number)[];
  /**
   * The median-filtered norms, and the weights computed from them (the smallest is 1).
   */
  'smoothedNorms': (number)[];
  'weights': (number)[];
  /**
   * The filter width used.
   */
  'smoothingWindow': (number);
  /**
   * The norm refined.
   */
  'norm': (_tuneforge_v1_GradientNorm__Output);
}
