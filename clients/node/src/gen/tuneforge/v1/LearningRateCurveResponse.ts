// Original file: tuneforge/v1/schedule_service.proto

import type { CurvePoint as _tuneforge_v1_CurvePoint, CurvePoint__Output as _tuneforge_v1_CurvePoint__Output } from '../../tuneforge/v1/CurvePoint';
import type { BatchSizeRange as _tuneforge_v1_BatchSizeRange, BatchSizeRange__Output as _tuneforge_v1_BatchSizeRange__Output } from '../../tuneforge/v1/BatchSizeRange';
import type { Long } from '@grpc/proto-loader';

export interface LearningRateCurveResponse {
  'points'?: (_tuneforge_v1_CurvePoint)[];
  /**
   * a: the fitted large-batch lambda_max, and c.
   */
  'lambdaLimit'?: (number | string);
  'noiseCoefficient'?: (number | string);
  /**
   * Where the linear rule holds (local exponent >= 3/4) and the square-root rule
   * (1/4 .. 3/4); unset when nowhere among the measured sizes.
   */
  'linearRange'?: (_tuneforge_v1_BatchSizeRange | null);
  'sqrtRange'?: (_tuneforge_v1_BatchSizeRange | null);
  'hvps'?: (number | string | Long);
  'parameters'?: (number | string | Long);
  'checkpointStep'?: (number | string | Long);
  /**
   * Why the fit may not be trusted (non-decreasing lambdas, few sizes); empty when fine.
   */
  'warning'?: (string);
}

export interface LearningRateCurveResponse__Output {
  'points': (_tuneforge_v1_CurvePoint__Output)[];
  /**
   * a: the fitted large-batch lambda_max, and c.
   */
  'lambdaLimit': (number);
  'noiseCoefficient': (number);
  /**
   * Where the linear rule holds (local exponent >= 3/4) and the square-root rule
   * (1/4 .. 3/4); unset when nowhere among the measured sizes.
   */
  'linearRange': (_tuneforge_v1_BatchSizeRange__Output | null);
  'sqrtRange': (_tuneforge_v1_BatchSizeRange__Output | null);
  'hvps': (string);
  'parameters': (string);
  'checkpointStep': (string);
  /**
   * Why the fit may not be trusted (non-decreasing lambdas, few sizes); empty when fine.
   */
  'warning': (string);
}
