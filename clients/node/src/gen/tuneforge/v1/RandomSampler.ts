// Original file: tuneforge/v1/study_service.proto


/**
 * Independent uniform sampling.
 */
export interface RandomSampler {
}

/**
 * Independent uniform sampling.
 */
export interface RandomSampler__Output {
}
