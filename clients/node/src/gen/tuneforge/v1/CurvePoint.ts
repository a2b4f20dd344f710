// Original file: tuneforge/v1/schedule_service.proto

import type { Long } from '@grpc/proto-loader';

export interface CurvePoint {
  'batchSize'?: (number | string | Long);
  /**
   * Mean and spread (ddof 1) over the batches.
   */
  'lambdaMax'?: (number | string);
  'lambdaStd'?: (number | string);
  /**
   * a + c / B.
   */
  'fitted'?: (number | string);
  /**
   * 1 / lambda_B and 2 / lambda_B.
   */
  'learningRate'?: (number | string);
  'stabilityBound'?: (number | string);
}

export interface CurvePoint__Output {
  'batchSize': (string);
  /**
   * Mean and spread (ddof 1) over the batches.
   */
  'lambdaMax': (number);
  'lambdaStd': (number);
  /**
   * a + c / B.
   */
  'fitted': (number);
  /**
   * 1 / lambda_B and 2 / lambda_B.
   */
  'learningRate': (number);
  'stabilityBound': (number);
}
