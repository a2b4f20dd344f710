// Original file: tuneforge/v1/study_service.proto

import type { TrialState as _tuneforge_v1_TrialState, TrialState__Output as _tuneforge_v1_TrialState__Output } from '../../tuneforge/v1/TrialState';

export interface TellRequest {
  'study'?: (string);
  'trial'?: (number);
  /**
   * COMPLETE (default), FAIL or PRUNED.
   */
  'state'?: (_tuneforge_v1_TrialState);
  /**
   * COMPLETE: one finite value per objective. PRUNED: empty (the last intermediate
   * value is used) or one value. FAIL: empty.
   */
  'values'?: (number | string)[];
  /**
   * One per declared constraint (finite; <= 0 means satisfied); required for COMPLETE.
   */
  'constraintValues'?: (number | string)[];
}

export interface TellRequest__Output {
  'study': (string);
  'trial': (number);
  /**
   * COMPLETE (default), FAIL or PRUNED.
   */
  'state': (_tuneforge_v1_TrialState__Output);
  /**
   * COMPLETE: one finite value per objective. PRUNED: empty (the last intermediate
   * value is used) or one value. FAIL: empty.
   */
  'values': (number)[];
  /**
   * One per declared constraint (finite; <= 0 means satisfied); required for COMPLETE.
   */
  'constraintValues': (number)[];
}
