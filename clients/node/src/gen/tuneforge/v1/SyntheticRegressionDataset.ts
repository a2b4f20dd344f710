// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A noisy linear target (scikit-learn's make_regression).
 */
export interface SyntheticRegressionDataset {
  /**
   * 0 means 2000.
   */
  'samples'?: (number);
  /**
   * 0 means 20.
   */
  'features'?: (number);
  /**
   * Standard deviation of the Gaussian noise.
   */
  'noise'?: (number | string);
  'seed'?: (number | string | Long);
}

/**
 * A noisy linear target (scikit-learn's make_regression).
 */
export interface SyntheticRegressionDataset__Output {
  /**
   * 0 means 2000.
   */
  'samples': (number);
  /**
   * 0 means 20.
   */
  'features': (number);
  /**
   * Standard deviation of the Gaussian noise.
   */
  'noise': (number);
  'seed': (string);
}
