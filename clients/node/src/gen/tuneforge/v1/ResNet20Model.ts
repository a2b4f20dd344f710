// Original file: tuneforge/v1/trainer_service.proto


/**
 * ResNet-20 for 32x32 images (He et al. 2016, the CIFAR variant: 3 stages of 3
 * basic blocks).
 */
export interface ResNet20Model {
  /**
   * Channels of the first stage (16 in the paper); stages double it.
   */
  'width'?: (number);
}

/**
 * ResNet-20 for 32x32 images (He et al. 2016, the CIFAR variant: 3 stages of 3
 * basic blocks).
 */
export interface ResNet20Model__Output {
  /**
   * Channels of the first stage (16 in the paper); stages double it.
   */
  'width': (number);
}
