// Original file: tuneforge/v1/study_service.proto

import type { TrialState as _tuneforge_v1_TrialState, TrialState__Output as _tuneforge_v1_TrialState__Output } from '../../tuneforge/v1/TrialState';
import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from '../../tuneforge/v1/PageRequest';

export interface ListTrialsRequest {
  'study'?: (string);
  /**
   * Empty: every state.
   */
  'states'?: (_tuneforge_v1_TrialState)[];
  'page'?: (_tuneforge_v1_PageRequest | null);
}

export interface ListTrialsRequest__Output {
  'study': (string);
  /**
   * Empty: every state.
   */
  'states': (_tuneforge_v1_TrialState__Output)[];
  'page': (_tuneforge_v1_PageRequest__Output | null);
}
