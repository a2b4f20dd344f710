// Original file: tuneforge/v1/relaxation_service.proto

import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from '../../tuneforge/v1/PageRequest';

export interface ListSequencesRequest {
  'page'?: (_tuneforge_v1_PageRequest | null);
}

export interface ListSequencesRequest__Output {
  'page': (_tuneforge_v1_PageRequest__Output | null);
}
