// Original file: tuneforge/v1/common.proto

import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from '../../tuneforge/v1/ParameterValue';

/**
 * A categorical parameter: one of choices (distinct values).
 */
export interface CategoricalChoices {
  'choices'?: (_tuneforge_v1_ParameterValue)[];
}

/**
 * A categorical parameter: one of choices (distinct values).
 */
export interface CategoricalChoices__Output {
  'choices': (_tuneforge_v1_ParameterValue__Output)[];
}
