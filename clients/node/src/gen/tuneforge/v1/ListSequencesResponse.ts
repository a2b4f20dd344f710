// Original file: tuneforge/v1/relaxation_service.proto

import type { Sequence as _tuneforge_v1_Sequence, Sequence__Output as _tuneforge_v1_Sequence__Output } from '../../tuneforge/v1/Sequence';

export interface ListSequencesResponse {
  'sequences'?: (_tuneforge_v1_Sequence)[];
  /**
   * Empty on the last page.
   */
  'nextPageToken'?: (string);
}

export interface ListSequencesResponse__Output {
  'sequences': (_tuneforge_v1_Sequence__Output)[];
  /**
   * Empty on the last page.
   */
  'nextPageToken': (string);
}
