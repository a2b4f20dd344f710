// Original file: tuneforge/v1/study_service.proto

import type { Trial as _tuneforge_v1_Trial, Trial__Output as _tuneforge_v1_Trial__Output } from '../../tuneforge/v1/Trial';

export interface GetTrialResponse {
  'trial'?: (_tuneforge_v1_Trial | null);
}

export interface GetTrialResponse__Output {
  'trial': (_tuneforge_v1_Trial__Output | null);
}
