// Original file: tuneforge/v1/study_service.proto


/**
 * Gaussian-process Bayesian optimisation (logEI; multi-objective and constraints supported).
 */
export interface GpSampler {
  'nStartupTrials'?: (number);
  'deterministicObjective'?: (boolean);
  '_nStartupTrials'?: "nStartupTrials";
}

/**
 * Gaussian-process Bayesian optimisation (logEI; multi-objective and constraints supported).
 */
export interface GpSampler__Output {
  'nStartupTrials'?: (number);
  'deterministicObjective': (boolean);
  '_nStartupTrials'?: "nStartupTrials";
}
