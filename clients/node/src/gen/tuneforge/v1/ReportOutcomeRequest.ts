// Original file: tuneforge/v1/relaxation_service.proto

import type { Long } from '@grpc/proto-loader';

export interface ReportOutcomeRequest {
  /**
   * Id or name.
   */
  'sequence'?: (string);
  'suggestionId'?: (string);
  /**
   * Iterations the solve took, >= 0.
   */
  'iterations'?: (number | string | Long);
  /**
   * False when the solve hit its iteration cap; unset means true.
   */
  'converged'?: (boolean);
  '_converged'?: "converged";
}

export interface ReportOutcomeRequest__Output {
  /**
   * Id or name.
   */
  'sequence': (string);
  'suggestionId': (string);
  /**
   * Iterations the solve took, >= 0.
   */
  'iterations': (string);
  /**
   * False when the solve hit its iteration cap; unset means true.
   */
  'converged'?: (boolean);
  '_converged'?: "converged";
}
