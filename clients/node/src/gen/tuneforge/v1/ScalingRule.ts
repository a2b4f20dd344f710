// Original file: tuneforge/v1/schedule_service.proto

/**
 * How the learning rate grows with the batch size.
 */
export const ScalingRule = {
  /**
   * Pick from the optimizer family (linear for SGD, square root for adaptive).
   */
  SCALING_RULE_UNSPECIFIED: 'SCALING_RULE_UNSPECIFIED',
  /**
   * lr * (B / B0).
   */
  SCALING_RULE_LINEAR: 'SCALING_RULE_LINEAR',
  /**
   * lr * sqrt(B / B0).
   */
  SCALING_RULE_SQRT: 'SCALING_RULE_SQRT',
} as const;

/**
 * How the learning rate grows with the batch size.
 */
export type ScalingRule =
  /**
   * Pick from the optimizer family (linear for SGD, square root for adaptive).
   */
  | 'SCALING_RULE_UNSPECIFIED'
  | 0
  /**
   * lr * (B / B0).
   */
  | 'SCALING_RULE_LINEAR'
  | 1
  /**
   * lr * sqrt(B / B0).
   */
  | 'SCALING_RULE_SQRT'
  | 2

/**
 * How the learning rate grows with the batch size.
 */
export type ScalingRule__Output = typeof ScalingRule[keyof typeof ScalingRule]
