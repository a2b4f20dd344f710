// Original file: tuneforge/v1/study_service.proto


/**
 * NSGA-II (several objectives; constraints supported).
 */
export interface Nsga2Sampler {
  'populationSize'?: (number);
  'mutationProb'?: (number | string);
  'crossoverProb'?: (number | string);
  'swappingProb'?: (number | string);
  '_populationSize'?: "populationSize";
  '_mutationProb'?: "mutationProb";
  '_crossoverProb'?: "crossoverProb";
  '_swappingProb'?: "swappingProb";
}

/**
 * NSGA-II (several objectives; constraints supported).
 */
export interface Nsga2Sampler__Output {
  'populationSize'?: (number);
  'mutationProb'?: (number);
  'crossoverProb'?: (number);
  'swappingProb'?: (number);
  '_populationSize'?: "populationSize";
  '_mutationProb'?: "mutationProb";
  '_crossoverProb'?: "crossoverProb";
  '_swappingProb'?: "swappingProb";
}
