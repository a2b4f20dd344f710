// Original file: tuneforge/v1/trainer_service.proto

import type { JobEvent as _tuneforge_v1_JobEvent, JobEvent__Output as _tuneforge_v1_JobEvent__Output } from '../../tuneforge/v1/JobEvent';

export interface WatchJobResponse {
  'event'?: (_tuneforge_v1_JobEvent | null);
}

export interface WatchJobResponse__Output {
  'event': (_tuneforge_v1_JobEvent__Output | null);
}
