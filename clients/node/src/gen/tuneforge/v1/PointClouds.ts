// Original file: tuneforge/v1/transport_service.proto

import type { DenseMatrix as _tuneforge_v1_DenseMatrix, DenseMatrix__Output as _tuneforge_v1_DenseMatrix__Output } from '../../tuneforge/v1/DenseMatrix';
import type { CostMetric as _tuneforge_v1_CostMetric, CostMetric__Output as _tuneforge_v1_CostMetric__Output } from '../../tuneforge/v1/CostMetric';

/**
 * The ground cost from two point clouds: cost[i][j] = metric(x_i, y_j).
 */
export interface PointClouds {
  /**
   * n points, one per row.
   */
  'x'?: (_tuneforge_v1_DenseMatrix | null);
  /**
   * m points with the same dimension.
   */
  'y'?: (_tuneforge_v1_DenseMatrix | null);
  'metric'?: (_tuneforge_v1_CostMetric);
}

/**
 * The ground cost from two point clouds: cost[i][j] = metric(x_i, y_j).
 */
export interface PointClouds__Output {
  /**
   * n points, one per row.
   */
  'x': (_tuneforge_v1_DenseMatrix__Output | null);
  /**
   * m points with the same dimension.
   */
  'y': (_tuneforge_v1_DenseMatrix__Output | null);
  'metric': (_tuneforge_v1_CostMetric__Output);
}
