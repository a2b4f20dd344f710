// Original file: tuneforge/v1/trainer_service.proto


/**
 * lr decays linearly to final_factor x lr at the end of the budget.
 */
export interface LinearDecaySchedule {
  'finalFactor'?: (number | string);
}

/**
 * lr decays linearly to final_factor x lr at the end of the budget.
 */
export interface LinearDecaySchedule__Output {
  'finalFactor': (number);
}
