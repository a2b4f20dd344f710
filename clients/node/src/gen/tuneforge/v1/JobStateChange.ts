// Original file: tuneforge/v1/trainer_service.proto

import type { JobState as _tuneforge_v1_JobState, JobState__Output as _tuneforge_v1_JobState__Output } from '../../tuneforge/v1/JobState';

/**
 * A job entered a state.
 */
export interface JobStateChange {
  'state'?: (_tuneforge_v1_JobState);
  'reason'?: (string);
  /**
   * The worker's exit code, when it ended.
   */
  'exitCode'?: (number);
  '_exitCode'?: "exitCode";
}

/**
 * A job entered a state.
 */
export interface JobStateChange__Output {
  'state': (_tuneforge_v1_JobState__Output);
  'reason': (string);
  /**
   * The worker's exit code, when it ended.
   */
  'exitCode'?: (number);
  '_exitCode'?: "exitCode";
}
