// Original file: tuneforge/v1/trainer_service.proto

import type { JobSpec as _tuneforge_v1_JobSpec, JobSpec__Output as _tuneforge_v1_JobSpec__Output } from '../../tuneforge/v1/JobSpec';

export interface SubmitJobRequest {
  'spec'?: (_tuneforge_v1_JobSpec | null);
  /**
   * Retries with the same key (1-128 characters) return the first job; a different
   * spec under a used key is ALREADY_EXISTS.
   */
  'idempotencyKey'?: (string);
}

export interface SubmitJobRequest__Output {
  'spec': (_tuneforge_v1_JobSpec__Output | null);
  /**
   * Retries with the same key (1-128 characters) return the first job; a different
   * spec under a used key is ALREADY_EXISTS.
   */
  'idempotencyKey': (string);
}
