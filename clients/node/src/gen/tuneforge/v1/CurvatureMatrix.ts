// Original file: tuneforge/v1/schedule_service.proto

/**
 * Which curvature matrix.
 */
export const CurvatureMatrix = {
  /**
   * Means CURVATURE_MATRIX_HESSIAN.
   */
  CURVATURE_MATRIX_UNSPECIFIED: 'CURVATURE_MATRIX_UNSPECIFIED',
  CURVATURE_MATRIX_HESSIAN: 'CURVATURE_MATRIX_HESSIAN',
  /**
   * The generalised Gauss-Newton matrix J^T H_out J: positive semi-definite for
   * cross-entropy, the Hessian for linear least squares.
   */
  CURVATURE_MATRIX_GAUSS_NEWTON: 'CURVATURE_MATRIX_GAUSS_NEWTON',
} as const;

/**
 * Which curvature matrix.
 */
export type CurvatureMatrix =
  /**
   * Means CURVATURE_MATRIX_HESSIAN.
   */
  | 'CURVATURE_MATRIX_UNSPECIFIED'
  | 0
  | 'CURVATURE_MATRIX_HESSIAN'
  | 1
  /**
   * The generalised Gauss-Newton matrix J^T H_out J: positive semi-definite for
   * cross-entropy, the Hessian for linear least squares.
   */
  | 'CURVATURE_MATRIX_GAUSS_NEWTON'
  | 2

/**
 * Which curvature matrix.
 */
export type CurvatureMatrix__Output = typeof CurvatureMatrix[keyof typeof CurvatureMatrix]
