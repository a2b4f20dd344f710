// Original file: tuneforge/v1/study_service.proto

import type { Study as _tuneforge_v1_Study, Study__Output as _tuneforge_v1_Study__Output } from '../../tuneforge/v1/Study';

export interface CreateStudyResponse {
  'study'?: (_tuneforge_v1_Study | null);
}

export interface CreateStudyResponse__Output {
  'study': (_tuneforge_v1_Study__Output | null);
}
