// Original file: tuneforge/v1/study_service.proto

import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from '../../tuneforge/v1/ParameterValue';

export interface EnqueueTrialRequest {
  'study'?: (string);
  /**
   * Values inside the search space; active parameters only.
   */
  'params'?: ({[key: string]: _tuneforge_v1_ParameterValue});
}

export interface EnqueueTrialRequest__Output {
  'study': (string);
  /**
   * Values inside the search space; active parameters only.
   */
  'params': ({[key: string]: _tuneforge_v1_ParameterValue__Output});
}
