// Original file: tuneforge/v1/tracker_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

/**
 * One metric value at a step.
 */
export interface RunMetric {
  /**
   * MLflow key rules: letters, digits, '_', '-', '.', ' ', '/' (1-250).
   */
  'key'?: (string);
  /**
   * Finite or not (MLflow stores NaN and infinities).
   */
  'value'?: (number | string);
  'step'?: (number | string | Long);
  /**
   * Unset: the time the server received it.
   */
  'timestamp'?: (_google_protobuf_Timestamp | null);
}

/**
 * One metric value at a step.
 */
export interface RunMetric__Output {
  /**
   * MLflow key rules: letters, digits, '_', '-', '.', ' ', '/' (1-250).
   */
  'key': (string);
  /**
   * Finite or not (MLflow stores NaN and infinities).
   */
  'value': (number);
  'step': (string);
  /**
   * Unset: the time the server received it.
   */
  'timestamp': (_google_protobuf_Timestamp__Output | null);
}
