// Original file: tuneforge/v1/trainer_service.proto

import type { Job as _tuneforge_v1_Job, Job__Output as _tuneforge_v1_Job__Output } from '../../tuneforge/v1/Job';

export interface SubmitJobResponse {
  'job'?: (_tuneforge_v1_Job | null);
  /**
   * False when idempotency_key returned an existing job.
   */
  'created'?: (boolean);
}

export interface SubmitJobResponse__Output {
  'job': (_tuneforge_v1_Job__Output | null);
  /**
   * False when idempotency_key returned an existing job.
   */
  'created': (boolean);
}
