// Original file: tuneforge/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * An integer parameter in [low, high]; step 0 means 1; log and step > 1 exclude each other.
 */
export interface IntRange {
  'low'?: (number | string | Long);
  'high'?: (number | string | Long);
  'log'?: (boolean);
  'step'?: (number | string | Long);
}

/**
 * An integer parameter in [low, high]; step 0 means 1; log and step > 1 exclude each other.
 */
export interface IntRange__Output {
  'low': (string);
  'high': (string);
  'log': (boolean);
  'step': (string);
}
