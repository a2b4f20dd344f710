// Original file: tuneforge/v1/study_service.proto


/**
 * Never prune.
 */
export interface NopPruner {
}

/**
 * Never prune.
 */
export interface NopPruner__Output {
}
