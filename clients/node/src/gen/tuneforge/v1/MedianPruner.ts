// Original file: tuneforge/v1/study_service.proto


/**
 * Prune a trial whose best intermediate value is worse than the median of the
 * other trials at the same step.
 */
export interface MedianPruner {
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
 * Prune a trial whose best intermediate value is worse than the median of the
 * other trials at the same step.
 */
export interface MedianPruner__Output {
  'nStartupTrials'?: (number);
  'nWarmupSteps'?: (number);
  'intervalSteps'?: (number);
  'nMinTrials'?: (number);
  '_nStartupTrials'?: "nStartupTrials";
  '_nWarmupSteps'?: "nWarmupSteps";
  '_intervalSteps'?: "intervalSteps";
  '_nMinTrials'?: "nMinTrials";
}
