// Original file: tuneforge/v1/transport_service.proto

export const CostMetric = {
  /**
   * SQEUCLIDEAN.
   */
  COST_METRIC_UNSPECIFIED: 'COST_METRIC_UNSPECIFIED',
  /**
   * ||x - y||^2.
   */
  COST_METRIC_SQEUCLIDEAN: 'COST_METRIC_SQEUCLIDEAN',
  /**
   * ||x - y||.
   */
  COST_METRIC_EUCLIDEAN: 'COST_METRIC_EUCLIDEAN',
  /**
   * ||x - y||_1.
   */
  COST_METRIC_L1: 'COST_METRIC_L1',
} as const;

export type CostMetric =
  /**
   * SQEUCLIDEAN.
   */
  | 'COST_METRIC_UNSPECIFIED'
  | 0
  /**
   * ||x - y||^2.
   */
  | 'COST_METRIC_SQEUCLIDEAN'
  | 1
  /**
   * ||x - y||.
   */
  | 'COST_METRIC_EUCLIDEAN'
  | 2
  /**
   * ||x - y||_1.
   */
  | 'COST_METRIC_L1'
  | 3

export type CostMetric__Output = typeof CostMetric[keyof typeof CostMetric]
