// Original file: tuneforge/v1/relaxation_service.proto

/**
 * How omega is chosen.
 */
export const RelaxationPolicy = {
  /**
   * Means RELAXATION_POLICY_AUTO.
   */
  RELAXATION_POLICY_UNSPECIFIED: 'RELAXATION_POLICY_UNSPECIFIED',
  /**
   * The default policy: exploits the smooth, unimodal shape of iterations(omega)
   * and shares information across neighbouring arms and nearby contexts;
   * contextual when context bounds are declared.
   */
  RELAXATION_POLICY_AUTO: 'RELAXATION_POLICY_AUTO',
  /**
   * The paper's non-contextual bandit (Tsallis-INF over the grid).
   */
  RELAXATION_POLICY_TSALLIS_INF: 'RELAXATION_POLICY_TSALLIS_INF',
  /**
   * The paper's contextual bandit (Chebyshev regression, inverse-gap weighting); scalar context.
   */
  RELAXATION_POLICY_CHEBCB: 'RELAXATION_POLICY_CHEBCB',
  /**
   * Always fixed_omega (1.0, i.e. Gauss-Seidel, when unset).
   */
  RELAXATION_POLICY_FIXED: 'RELAXATION_POLICY_FIXED',
} as const;

/**
 * How omega is chosen.
 */
export type RelaxationPolicy =
  /**
   * Means RELAXATION_POLICY_AUTO.
   */
  | 'RELAXATION_POLICY_UNSPECIFIED'
  | 0
  /**
   * The default policy: exploits the smooth, unimodal shape of iterations(omega)
   * and shares information across neighbouring arms and nearby contexts;
   * contextual when context bounds are declared.
   */
  | 'RELAXATION_POLICY_AUTO'
  | 1
  /**
   * The paper's non-contextual bandit (Tsallis-INF over the grid).
   */
  | 'RELAXATION_POLICY_TSALLIS_INF'
  | 2
  /**
   * The paper's contextual bandit (Chebyshev regression, inverse-gap weighting); scalar context.
   */
  | 'RELAXATION_POLICY_CHEBCB'
  | 3
  /**
   * Always fixed_omega (1.0, i.e. Gauss-Seidel, when unset).
   */
  | 'RELAXATION_POLICY_FIXED'
  | 4

/**
 * How omega is chosen.
 */
export type RelaxationPolicy__Output = typeof RelaxationPolicy[keyof typeof RelaxationPolicy]
