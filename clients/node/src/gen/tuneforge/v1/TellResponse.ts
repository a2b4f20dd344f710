// Original file: tuneforge/v1/study_service.proto

import type { Trial as _tuneforge_v1_Trial, Trial__Output as _tuneforge_v1_Trial__Output } from '../../tuneforge/v1/Trial';

export interface TellResponse {
  'trial'?: (_tuneforge_v1_Trial | null);
}

export interface TellResponse__Output {
  'trial': (_tuneforge_v1_Trial__Output | null);
}
