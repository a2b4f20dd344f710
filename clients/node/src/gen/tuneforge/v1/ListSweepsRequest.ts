// Original file: tuneforge/v1/trainer_service.proto

import type { SweepState as _tuneforge_v1_SweepState, SweepState__Output as _tuneforge_v1_SweepState__Output } from '../../tuneforge/v1/SweepState';
import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from '../../tuneforge/v1/PageRequest';

/**
 * The lifecycle filter of ListSweeps.
 */
export interface ListSweepsRequest {
  'states'?: (_tuneforge_v1_SweepState)[];
  'page'?: (_tuneforge_v1_PageRequest | null);
}

/**
 * The lifecycle filter of ListSweeps.
 */
export interface ListSweepsRequest__Output {
  'states': (_tuneforge_v1_SweepState__Output)[];
  'page': (_tuneforge_v1_PageRequest__Output | null);
}
