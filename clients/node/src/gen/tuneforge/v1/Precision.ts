// Original file: tuneforge/v1/trainer_service.proto

/**
 * Numerics of the forward pass.
 */
export const Precision = {
  /**
   * FP32.
   */
  PRECISION_UNSPECIFIED: 'PRECISION_UNSPECIFIED',
  PRECISION_FP32: 'PRECISION_FP32',
  /**
   * bfloat16 autocast (CUDA only); parameters and optimizer state stay fp32.
   */
  PRECISION_BF16: 'PRECISION_BF16',
} as const;

/**
 * Numerics of the forward pass.
 */
export type Precision =
  /**
   * FP32.
   */
  | 'PRECISION_UNSPECIFIED'
  | 0
  | 'PRECISION_FP32'
  | 1
  /**
   * bfloat16 autocast (CUDA only); parameters and optimizer state stay fp32.
   */
  | 'PRECISION_BF16'
  | 2

/**
 * Numerics of the forward pass.
 */
export type Precision__Output = typeof Precision[keyof typeof Precision]
