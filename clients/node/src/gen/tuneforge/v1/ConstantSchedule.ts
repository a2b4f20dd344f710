// Original file: tuneforge/v1/trainer_service.proto


/**
 * lr stays at the optimizer's learning rate.
 */
export interface ConstantSchedule {
}

/**
 * lr stays at the optimizer's learning rate.
 */
export interface ConstantSchedule__Output {
}
