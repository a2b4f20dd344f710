// Original file: tuneforge/v1/trainer_service.proto


/**
 * Multinomial logistic regression (one linear layer) on flattened inputs.
 */
export interface LogisticRegressionModel {
}

/**
 * Multinomial logistic regression (one linear layer) on flattened inputs.
 */
export interface LogisticRegressionModel__Output {
}
