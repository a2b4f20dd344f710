// Original file: tuneforge/v1/trainer_service.proto


/**
 * scikit-learn's handwritten digits (1797 8x8 grey images, 10 classes), shipped with
 * scikit-learn.
 */
export interface DigitsDataset {
}

/**
 * scikit-learn's handwritten digits (1797 8x8 grey images, 10 classes), shipped with
 * scikit-learn.
 */
export interface DigitsDataset__Output {
}
