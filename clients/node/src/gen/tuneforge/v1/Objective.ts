// Original file: tuneforge/v1/study_service.proto

import type { Direction as _tuneforge_v1_Direction, Direction__Output as _tuneforge_v1_Direction__Output } from '../../tuneforge/v1/Direction';

/**
 * One objective of a study.
 */
export interface Objective {
  /**
   * A label for reports and the tracker (default "objective_<i>").
   */
  'name'?: (string);
  /**
   * MINIMIZE when unspecified.
   */
  'direction'?: (_tuneforge_v1_Direction);
}

/**
 * One objective of a study.
 */
export interface Objective__Output {
  /**
   * A label for reports and the tracker (default "objective_<i>").
   */
  'name': (string);
  /**
   * MINIMIZE when unspecified.
   */
  'direction': (_tuneforge_v1_Direction__Output);
}
