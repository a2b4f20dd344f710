// Original file: tuneforge/v1/trainer_service.proto


/**
 * A multilayer perceptron on flattened inputs.
 */
export interface MlpModel {
  /**
   * Widths of the hidden layers; empty means [128].
   */
  'hiddenSizes'?: (number)[];
  /**
   * Dropout after each hidden layer, in [0, 1).
   */
  'dropout'?: (number | string);
}

/**
 * A multilayer perceptron on flattened inputs.
 */
export interface MlpModel__Output {
  /**
   * Widths of the hidden layers; empty means [128].
   */
  'hiddenSizes': (number)[];
  /**
   * Dropout after each hidden layer, in [0, 1).
   */
  'dropout': (number);
}
