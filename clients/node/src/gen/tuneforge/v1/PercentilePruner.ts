// Original file: tuneforge/v1/study_service.proto


/**
 * Prune below the given percentile of the other trials at the same step.
 */
export interface PercentilePruner {
  /**
   * In [0, 100].
   */
  'percentile'?: (number | string);
  'nStartupTrials'?: (number);
  'nWarmupSteps'?: (number);
  'intervalSteps'?: (number);
  'nMinTrials'?: (number);
  '_nStartupTrials'?: "nStartupTrials";
  '_nWarmupSteps'?: "nWarmupSteps";
  '_intervalSteps'?: "intervalSteps";
  '_nMinTrials'?: "nMinTrials";
}

/**
 * Prune below the given percentile of the other trials at the same step.
 */
export interface PercentilePruner__Output {
  /**
   * In [0, 100].
   */
  'percentile': (number);
  'nStartupTrials'?: (number);
  'nWarmupSteps'?: (number);
  'intervalSteps'?: (number);
  'nMinTrials'?: (number);
  '_nStartupTrials'?: "nStartupTrials";
  '_nWarmupSteps'?: "nWarmupSteps";
  '_intervalSteps'?: "intervalSteps";
  '_nMinTrials'?: "nMinTrials";
}
