// Original file: tuneforge/v1/study_service.proto


/**
 * Tree-structured Parzen Estimator (Optuna's default for one objective).
 */
export interface TpeSampler {
  'nStartupTrials'?: (number);
  'nEiCandidates'?: (number);
  /**
   * Model the joint distribution of the parameters.
   */
  'multivariate'?: (boolean);
  /**
   * With multivariate: split conditional spaces into groups.
   */
  'group'?: (boolean);
  /**
   * Treat running trials as bad results, so that parallel workers spread out.
   */
  'constantLiar'?: (boolean);
  '_nStartupTrials'?: "nStartupTrials";
  '_nEiCandidates'?: "nEiCandidates";
}

/**
 * Tree-structured Parzen Estimator (Optuna's default for one objective).
 */
export interface TpeSampler__Output {
  'nStartupTrials'?: (number);
  'nEiCandidates'?: (number);
  /**
   * Model the joint distribution of the parameters.
   */
  'multivariate': (boolean);
  /**
   * With multivariate: split conditional spaces into groups.
   */
  'group': (boolean);
  /**
   * Treat running trials as bad results, so that parallel workers spread out.
   */
  'constantLiar': (boolean);
  '_nStartupTrials'?: "nStartupTrials";
  '_nEiCandidates'?: "nEiCandidates";
}
