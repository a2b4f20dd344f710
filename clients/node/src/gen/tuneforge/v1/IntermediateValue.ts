// Original file: tuneforge/v1/study_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One intermediate value reported for a step.
 */
export interface IntermediateValue {
  'step'?: (number | string | Long);
  'value'?: (number | string);
}

/**
 * One intermediate value reported for a step.
 */
export interface IntermediateValue__Output {
  'step': (string);
  'value': (number);
}
