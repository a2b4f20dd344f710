// Original file: tuneforge/v1/trainer_service.proto


/**
 * A small convolutional network: conv-BN-ReLU-maxpool blocks, then a linear head.
 */
export interface CnnModel {
  /**
   * Output channels of each block; empty means [32, 64].
   */
  'channels'?: (number)[];
}

/**
 * A small convolutional network: conv-BN-ReLU-maxpool blocks, then a linear head.
 */
export interface CnnModel__Output {
  /**
   * Output channels of each block; empty means [32, 64].
   */
  'channels': (number)[];
}
