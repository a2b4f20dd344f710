// Original file: tuneforge/v1/study_service.proto


/**
 * CMA-ES (one objective).
 */
export interface CmaEsSampler {
  'nStartupTrials'?: (number);
  'sigma0'?: (number | string);
  'popsize'?: (number);
  'useSeparableCma'?: (boolean);
  'withMargin'?: (boolean);
  '_nStartupTrials'?: "nStartupTrials";
  '_sigma0'?: "sigma0";
  '_popsize'?: "popsize";
}

/**
 * CMA-ES (one objective).
 */
export interface CmaEsSampler__Output {
  'nStartupTrials'?: (number);
  'sigma0'?: (number);
  'popsize'?: (number);
  'useSeparableCma': (boolean);
  'withMargin': (boolean);
  '_nStartupTrials'?: "nStartupTrials";
  '_sigma0'?: "sigma0";
  '_popsize'?: "popsize";
}
