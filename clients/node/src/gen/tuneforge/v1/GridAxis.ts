// Original file: tuneforge/v1/study_service.proto

import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from '../../tuneforge/v1/ParameterValue';

/**
 * One axis of a grid: a parameter and the values to try.
 */
export interface GridAxis {
  'name'?: (string);
  'values'?: (_tuneforge_v1_ParameterValue)[];
}

/**
 * One axis of a grid: a parameter and the values to try.
 */
export interface GridAxis__Output {
  'name': (string);
  'values': (_tuneforge_v1_ParameterValue__Output)[];
}
