// Original file: tuneforge/v1/study_service.proto

import type { Long } from '@grpc/proto-loader';

export interface ReportIntermediateRequest {
  'study'?: (string);
  'trial'?: (number);
  /**
   * >= 0.
   */
  'step'?: (number | string | Long);
  /**
   * Finite.
   */
  'value'?: (number | string);
}

export interface ReportIntermediateRequest__Output {
  'study': (string);
  'trial': (number);
  /**
   * >= 0.
   */
  'step': (string);
  /**
   * Finite.
   */
  'value': (number);
}
