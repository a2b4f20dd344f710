// Original file: tuneforge/v1/schedule_service.proto

/**
 * The optimizer family decides the scaling rule.
 */
export const OptimizerFamily = {
  OPTIMIZER_FAMILY_UNSPECIFIED: 'OPTIMIZER_FAMILY_UNSPECIFIED',
  /**
   * SGD, SGD with (Nesterov) momentum, LARS: linear scaling.
   */
  OPTIMIZER_FAMILY_SGD: 'OPTIMIZER_FAMILY_SGD',
  /**
   * Adam, AdamW, AdaBelief, RMSProp, AdaGrad and other adaptive methods: square-root scaling.
   */
  OPTIMIZER_FAMILY_ADAPTIVE: 'OPTIMIZER_FAMILY_ADAPTIVE',
} as const;

/**
 * The optimizer family decides the scaling rule.
 */
export type OptimizerFamily =
  | 'OPTIMIZER_FAMILY_UNSPECIFIED'
  | 0
  /**
   * SGD, SGD with (Nesterov) momentum, LARS: linear scaling.
   */
  | 'OPTIMIZER_FAMILY_SGD'
  | 1
  /**
   * Adam, AdamW, AdaBelief, RMSProp, AdaGrad and other adaptive methods: square-root scaling.
   */
  | 'OPTIMIZER_FAMILY_ADAPTIVE'
  | 2

/**
 * The optimizer family decides the scaling rule.
 */
export type OptimizerFamily__Output = typeof OptimizerFamily[keyof typeof OptimizerFamily]
