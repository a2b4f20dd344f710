// Original file: tuneforge/v1/common.proto

import type { FloatRange as _tuneforge_v1_FloatRange, FloatRange__Output as _tuneforge_v1_FloatRange__Output } from '../../tuneforge/v1/FloatRange';
import type { IntRange as _tuneforge_v1_IntRange, IntRange__Output as _tuneforge_v1_IntRange__Output } from '../../tuneforge/v1/IntRange';
import type { CategoricalChoices as _tuneforge_v1_CategoricalChoices, CategoricalChoices__Output as _tuneforge_v1_CategoricalChoices__Output } from '../../tuneforge/v1/CategoricalChoices';
import type { ParameterCondition as _tuneforge_v1_ParameterCondition, ParameterCondition__Output as _tuneforge_v1_ParameterCondition__Output } from '../../tuneforge/v1/ParameterCondition';

/**
 * One dimension of a typed search space.
 */
export interface ParameterSpec {
  /**
   * Unique within the space: letters, digits, '_', '.', '-', '/' (1-128).
   */
  'name'?: (string);
  'floatRange'?: (_tuneforge_v1_FloatRange | null);
  'intRange'?: (_tuneforge_v1_IntRange | null);
  'categorical'?: (_tuneforge_v1_CategoricalChoices | null);
  /**
   * Unset: the parameter is always active.
   */
  'condition'?: (_tuneforge_v1_ParameterCondition | null);
  'domain'?: "floatRange"|"intRange"|"categorical";
}

/**
 * One dimension of a typed search space.
 */
export interface ParameterSpec__Output {
  /**
   * Unique within the space: letters, digits, '_', '.', '-', '/' (1-128).
   */
  'name': (string);
  'floatRange'?: (_tuneforge_v1_FloatRange__Output | null);
  'intRange'?: (_tuneforge_v1_IntRange__Output | null);
  'categorical'?: (_tuneforge_v1_CategoricalChoices__Output | null);
  /**
   * Unset: the parameter is always active.
   */
  'condition': (_tuneforge_v1_ParameterCondition__Output | null);
  'domain'?: "floatRange"|"intRange"|"categorical";
}
