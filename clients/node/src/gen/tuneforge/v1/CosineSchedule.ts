// Original file: tuneforge/v1/trainer_service.proto


/**
 * lr follows a half cosine to final_factor x lr at the end of the budget.
 */
export interface CosineSchedule {
  'finalFactor'?: (number | string);
}

/**
 * lr follows a half cosine to final_factor x lr at the end of the budget.
 */
export interface CosineSchedule__Output {
  'finalFactor': (number);
}
