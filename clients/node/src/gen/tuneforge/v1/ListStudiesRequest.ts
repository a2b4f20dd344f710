// Original file: tuneforge/v1/study_service.proto

import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from '../../tuneforge/v1/PageRequest';

export interface ListStudiesRequest {
  'page'?: (_tuneforge_v1_PageRequest | null);
}

export interface ListStudiesRequest__Output {
  'page': (_tuneforge_v1_PageRequest__Output | null);
}
