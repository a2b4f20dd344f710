// Original file: tuneforge/v1/study_service.proto


/**
 * Hyperband over successive-halving brackets.
 */
export interface HyperbandPruner {
  'minResource'?: (number);
  /**
   * Unset: estimated from the first trial that finishes.
   */
  'maxResource'?: (number);
  'reductionFactor'?: (number);
  '_minResource'?: "minResource";
  '_maxResource'?: "maxResource";
  '_reductionFactor'?: "reductionFactor";
}

/**
 * Hyperband over successive-halving brackets.
 */
export interface HyperbandPruner__Output {
  'minResource'?: (number);
  /**
   * Unset: estimated from the first trial that finishes.
   */
  'maxResource'?: (number);
  'reductionFactor'?: (number);
  '_minResource'?: "minResource";
  '_maxResource'?: "maxResource";
  '_reductionFactor'?: "reductionFactor";
}
