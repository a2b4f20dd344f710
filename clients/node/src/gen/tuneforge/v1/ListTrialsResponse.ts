// Original file: tuneforge/v1/study_service.proto

import type { Trial as _tuneforge_v1_Trial, Trial__Output as _tuneforge_v1_Trial__Output } from '../../tuneforge/v1/Trial';

export interface ListTrialsResponse {
  'trials'?: (_tuneforge_v1_Trial)[];
  'nextPageToken'?: (string);
}

export interface ListTrialsResponse__Output {
  'trials': (_tuneforge_v1_Trial__Output)[];
  'nextPageToken': (string);
}
