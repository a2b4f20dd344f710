// Original file: tuneforge/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One hyperparameter value; exactly one kind is set.
 */
export interface ParameterValue {
  'doubleValue'?: (number | string);
  'intValue'?: (number | string | Long);
  'stringValue'?: (string);
  'boolValue'?: (boolean);
  'kind'?: "doubleValue"|"intValue"|"stringValue"|"boolValue";
}

/**
 * One hyperparameter value; exactly one kind is set.
 */
export interface ParameterValue__Output {
  'doubleValue'?: (number);
  'intValue'?: (string);
  'stringValue'?: (string);
  'boolValue'?: (boolean);
  'kind'?: "doubleValue"|"intValue"|"stringValue"|"boolValue";
}
