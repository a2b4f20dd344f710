// Original file: tuneforge/v1/study_service.proto


/**
 * Asynchronous successive halving (ASHA).
 */
export interface SuccessiveHalvingPruner {
  /**
   * Unset: estimated from the first trial that finishes.
   */
  'minResource'?: (number);
  'reductionFactor'?: (number);
  'minEarlyStoppingRate'?: (number);
  '_minResource'?: "minResource";
  '_reductionFactor'?: "reductionFactor";
  '_minEarlyStoppingRate'?: "minEarlyStoppingRate";
}

/**
 * Asynchronous successive halving (ASHA).
 */
export interface SuccessiveHalvingPruner__Output {
  /**
   * Unset: estimated from the first trial that finishes.
   */
  'minResource'?: (number);
  'reductionFactor'?: (number);
  'minEarlyStoppingRate'?: (number);
  '_minResource'?: "minResource";
  '_reductionFactor'?: "reductionFactor";
  '_minEarlyStoppingRate'?: "minEarlyStoppingRate";
}
