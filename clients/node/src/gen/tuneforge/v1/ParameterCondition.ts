// Original file: tuneforge/v1/common.proto

import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from '../../tuneforge/v1/ParameterValue';

/**
 * A conditional parameter is active only when its parent (declared earlier in
 * the search space, categorical or integer) takes one of values.
 */
export interface ParameterCondition {
  'parent'?: (string);
  'values'?: (_tuneforge_v1_ParameterValue)[];
}

/**
 * A conditional parameter is active only when its parent (declared earlier in
 * the search space, categorical or integer) takes one of values.
 */
export interface ParameterCondition__Output {
  'parent': (string);
  'values': (_tuneforge_v1_ParameterValue__Output)[];
}
