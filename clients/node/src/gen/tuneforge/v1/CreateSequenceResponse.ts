// Original file: tuneforge/v1/relaxation_service.proto

import type { Sequence as _tuneforge_v1_Sequence, Sequence__Output as _tuneforge_v1_Sequence__Output } from '../../tuneforge/v1/Sequence';

export interface CreateSequenceResponse {
  'sequence'?: (_tuneforge_v1_Sequence | null);
}

export interface CreateSequenceResponse__Output {
  'sequence': (_tuneforge_v1_Sequence__Output | null);
}
