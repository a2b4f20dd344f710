// Original file: tuneforge/v1/trainer_service.proto

import type { Direction as _tuneforge_v1_Direction, Direction__Output as _tuneforge_v1_Direction__Output } from '../../tuneforge/v1/Direction';

/**
 * What a sweep optimises: an evaluation metric of its jobs.
 */
export interface SweepObjective {
  /**
   * An evaluation metric name without the "eval_" prefix ("accuracy", "loss"); empty
   * means the template's evaluation metric.
   */
  'metric'?: (string);
  /**
   * Unspecified: MAXIMIZE for accuracy, MINIMIZE otherwise.
   */
  'direction'?: (_tuneforge_v1_Direction);
}

/**
 * What a sweep optimises: an evaluation metric of its jobs.
 */
export interface SweepObjective__Output {
  /**
   * An evaluation metric name without the "eval_" prefix ("accuracy", "loss"); empty
   * means the template's evaluation metric.
   */
  'metric': (string);
  /**
   * Unspecified: MAXIMIZE for accuracy, MINIMIZE otherwise.
   */
  'direction': (_tuneforge_v1_Direction__Output);
}
