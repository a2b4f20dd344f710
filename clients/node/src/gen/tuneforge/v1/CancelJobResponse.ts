// Original file: tuneforge/v1/trainer_service.proto

import type { Job as _tuneforge_v1_Job, Job__Output as _tuneforge_v1_Job__Output } from '../../tuneforge/v1/Job';

export interface CancelJobResponse {
  /**
   * The job after the request: CANCELLED when it was queued, still RUNNING (until its
   * worker is gone) when it was running.
   */
  'job'?: (_tuneforge_v1_Job | null);
}

export interface CancelJobResponse__Output {
  /**
   * The job after the request: CANCELLED when it was queued, still RUNNING (until its
   * worker is gone) when it was running.
   */
  'job': (_tuneforge_v1_Job__Output | null);
}
