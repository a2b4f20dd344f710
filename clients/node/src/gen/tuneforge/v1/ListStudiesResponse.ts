// Original file: tuneforge/v1/study_service.proto

import type { Study as _tuneforge_v1_Study, Study__Output as _tuneforge_v1_Study__Output } from '../../tuneforge/v1/Study';

export interface ListStudiesResponse {
  'studies'?: (_tuneforge_v1_Study)[];
  'nextPageToken'?: (string);
}

export interface ListStudiesResponse__Output {
  'studies': (_tuneforge_v1_Study__Output)[];
  'nextPageToken': (string);
}
