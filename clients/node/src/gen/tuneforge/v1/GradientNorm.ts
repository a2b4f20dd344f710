// Original file: tuneforge/v1/schedule_service.proto

/**
 * Which norm the gradient norms of a refinement are.
 */
export const GradientNorm = {
  /**
   * Means GRADIENT_NORM_L2.
   */
  GRADIENT_NORM_UNSPECIFIED: 'GRADIENT_NORM_UNSPECIFIED',
  /**
   * ||g||_2 per step: SGD-like optimizers (weights 1/G^2).
   */
  GRADIENT_NORM_L2: 'GRADIENT_NORM_L2',
  /**
   * ||g||_1 per step: Adam-like optimizers (weights 1/G).
   */
  GRADIENT_NORM_L1: 'GRADIENT_NORM_L1',
} as const;

/**
 * Which norm the gradient norms of a refinement are.
 */
export type GradientNorm =
  /**
   * Means GRADIENT_NORM_L2.
   */
  | 'GRADIENT_NORM_UNSPECIFIED'
  | 0
  /**
   * ||g||_2 per step: SGD-like optimizers (weights 1/G^2).
   */
  | 'GRADIENT_NORM_L2'
  | 1
  /**
   * ||g||_1 per step: Adam-like optimizers (weights 1/G).
   */
  | 'GRADIENT_NORM_L1'
  | 2

/**
 * Which norm the gradient norms of a refinement are.
 */
export type GradientNorm__Output = typeof GradientNorm[keyof typeof GradientNorm]
