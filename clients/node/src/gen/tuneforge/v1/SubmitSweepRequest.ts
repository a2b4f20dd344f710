// Original file: tuneforge/v1/trainer_service.proto

import type { SweepSpec as _tuneforge_v1_SweepSpec, SweepSpec__Output as _tuneforge_v1_SweepSpec__Output } from '../../tuneforge/v1/SweepSpec';

export interface SubmitSweepRequest {
  'spec'?: (_tuneforge_v1_SweepSpec | null);
  /**
   * As SubmitJobRequest.idempotency_key.
   */
  'idempotencyKey'?: (string);
}

export interface SubmitSweepRequest__Output {
  'spec': (_tuneforge_v1_SweepSpec__Output | null);
  /**
   * As SubmitJobRequest.idempotency_key.
   */
  'idempotencyKey': (string);
}
