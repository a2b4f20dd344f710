// Original file: tuneforge/v1/relaxation_service.proto

import type { Sequence as _tuneforge_v1_Sequence, Sequence__Output as _tuneforge_v1_Sequence__Output } from '../../tuneforge/v1/Sequence';

export interface GetSequenceResponse {
  'sequence'?: (_tuneforge_v1_Sequence | null);
}

export interface GetSequenceResponse__Output {
  'sequence': (_tuneforge_v1_Sequence__Output | null);
}
