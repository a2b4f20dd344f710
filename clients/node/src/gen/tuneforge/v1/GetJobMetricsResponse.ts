// Original file: tuneforge/v1/trainer_service.proto

import type { JobProgress as _tuneforge_v1_JobProgress, JobProgress__Output as _tuneforge_v1_JobProgress__Output } from '../../tuneforge/v1/JobProgress';

export interface GetJobMetricsResponse {
  /**
   * In step order.
   */
  'points'?: (_tuneforge_v1_JobProgress)[];
}

export interface GetJobMetricsResponse__Output {
  /**
   * In step order.
   */
  'points': (_tuneforge_v1_JobProgress__Output)[];
}
