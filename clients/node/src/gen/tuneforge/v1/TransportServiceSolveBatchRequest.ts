// Original file: tuneforge/v1/transport_service.proto

import type { DenseMatrix as _tuneforge_v1_DenseMatrix, DenseMatrix__Output as _tuneforge_v1_DenseMatrix__Output } from '../../tuneforge/v1/DenseMatrix';
import type { PointClouds as _tuneforge_v1_PointClouds, PointClouds__Output as _tuneforge_v1_PointClouds__Output } from '../../tuneforge/v1/PointClouds';
import type { TransportOptions as _tuneforge_v1_TransportOptions, TransportOptions__Output as _tuneforge_v1_TransportOptions__Output } from '../../tuneforge/v1/TransportOptions';

export interface TransportServiceSolveBatchRequest {
  /**
   * batch x n source weights, one problem per row.
   */
  'a'?: (_tuneforge_v1_DenseMatrix | null);
  /**
   * batch x m target weights, or 1 x m shared by every row of a.
   */
  'b'?: (_tuneforge_v1_DenseMatrix | null);
  'epsilon'?: (number | string);
  'cost'?: (_tuneforge_v1_DenseMatrix | null);
  'points'?: (_tuneforge_v1_PointClouds | null);
  'options'?: (_tuneforge_v1_TransportOptions | null);
  'groundCost'?: "cost"|"points";
}

export interface TransportServiceSolveBatchRequest__Output {
  /**
   * batch x n source weights, one problem per row.
   */
  'a': (_tuneforge_v1_DenseMatrix__Output | null);
  /**
   * batch x m target weights, or 1 x m shared by every row of a.
   */
  'b': (_tuneforge_v1_DenseMatrix__Output | null);
  'epsilon': (number);
  'cost'?: (_tuneforge_v1_DenseMatrix__Output | null);
  'points'?: (_tuneforge_v1_PointClouds__Output | null);
  'options': (_tuneforge_v1_TransportOptions__Output | null);
  'groundCost'?: "cost"|"points";
}
