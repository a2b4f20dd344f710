// Original file: tuneforge/v1/study_service.proto

/**
 * The low-discrepancy sequence of a QMC sampler.
 */
export const QmcType = {
  /**
   * SOBOL.
   */
  QMC_TYPE_UNSPECIFIED: 'QMC_TYPE_UNSPECIFIED',
  QMC_TYPE_SOBOL: 'QMC_TYPE_SOBOL',
  QMC_TYPE_HALTON: 'QMC_TYPE_HALTON',
} as const;

/**
 * The low-discrepancy sequence of a QMC sampler.
 */
export type QmcType =
  /**
   * SOBOL.
   */
  | 'QMC_TYPE_UNSPECIFIED'
  | 0
  | 'QMC_TYPE_SOBOL'
  | 1
  | 'QMC_TYPE_HALTON'
  | 2

/**
 * The low-discrepancy sequence of a QMC sampler.
 */
export type QmcType__Output = typeof QmcType[keyof typeof QmcType]
