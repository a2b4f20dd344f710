// Original file: tuneforge/v1/transport_service.proto

import type { DenseMatrix as _tuneforge_v1_DenseMatrix, DenseMatrix__Output as _tuneforge_v1_DenseMatrix__Output } from '../../tuneforge/v1/DenseMatrix';
import type { PointClouds as _tuneforge_v1_PointClouds, PointClouds__Output as _tuneforge_v1_PointClouds__Output } from '../../tuneforge/v1/PointClouds';
import type { TransportOptions as _tuneforge_v1_TransportOptions, TransportOptions__Output as _tuneforge_v1_TransportOptions__Output } from '../../tuneforge/v1/TransportOptions';

export interface TransportServiceSolveRequest {
  /**
   * Source weights: n non-negative finite values with positive total mass.
   */
  'a'?: (number | string)[];
  /**
   * Target weights: m values with the same total mass (within 1e-6 relative).
   */
  'b'?: (number | string)[];
  /**
   * Entropic regularisation, > 0.
   */
  'epsilon'?: (number | string);
  /**
   * An n x m cost matrix.
   */
  'cost'?: (_tuneforge_v1_DenseMatrix | null);
  /**
   * Or two point clouds and a metric.
   */
  'points'?: (_tuneforge_v1_PointClouds | null);
  'options'?: (_tuneforge_v1_TransportOptions | null);
  'groundCost'?: "cost"|"points";
}

export interface TransportServiceSolveRequest__Output {
  /**
   * Source weights: n non-negative finite values with positive total mass.
   */
  'a': (number)[];
  /**
   * Target weights: m values with the same total mass (within 1e-6 relative).
   */
  'b': (number)[];
  /**
   * Entropic regularisation, > 0.
   */
  'epsilon': (number);
  /**
   * An n x m cost matrix.
   */
  'cost'?: (_tuneforge_v1_DenseMatrix__Output | null);
  /**
   * Or two point clouds and a metric.
   */
  'points'?: (_tuneforge_v1_PointClouds__Output | null);
  'options': (_tuneforge_v1_TransportOptions__Output | null);
  'groundCost'?: "cost"|"points";
}
