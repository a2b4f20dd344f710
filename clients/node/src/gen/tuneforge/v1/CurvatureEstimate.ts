// Original file: tuneforge/v1/schedule_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * An estimate with a confidence interval and its cost.
 */
export interface CurvatureEstimate {
  'value'?: (number | string);
  /**
   * lambda_max: the Lanczos residual interval; trace: the normal 95% interval.
   */
  'lower'?: (number | string);
  'upper'?: (number | string);
  /**
   * Hessian-vector products spent.
   */
  'hvps'?: (number | string | Long);
}

/**
 * An estimate with a confidence interval and its cost.
 */
export interface CurvatureEstimate__Output {
  'value': (number);
  /**
   * lambda_max: the Lanczos residual interval; trace: the normal 95% interval.
   */
  'lower': (number);
  'upper': (number);
  /**
   * Hessian-vector products spent.
   */
  'hvps': (string);
}
