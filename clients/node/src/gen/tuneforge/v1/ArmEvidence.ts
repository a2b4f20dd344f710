// Original file: tuneforge/v1/relaxation_service.proto


/**
 * What the policy knows about one grid point.
 */
export interface ArmEvidence {
  'omega'?: (number | string);
  /**
   * Mean iterations (empirical, or the model's prediction); NaN when unknown.
   */
  'meanIterations'?: (number | string);
  /**
   * Observations behind the mean (may be fractional for weighted models).
   */
  'count'?: (number | string);
}

/**
 * What the policy knows about one grid point.
 */
export interface ArmEvidence__Output {
  'omega': (number);
  /**
   * Mean iterations (empirical, or the model's prediction); NaN when unknown.
   */
  'meanIterations': (number);
  /**
   * Observations behind the mean (may be fractional for weighted models).
   */
  'count': (number);
}
