// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Gaussian clusters (scikit-learn's make_classification).
 */
export interface SyntheticClassificationDataset {
  /**
   * 0 means 2000.
   */
  'samples'?: (number);
  /**
   * 0 means 20.
   */
  'features'?: (number);
  /**
   * 0 means 2.
   */
  'classes'?: (number);
  /**
   * 0 means 1.0: larger separates the classes more.
   */
  'classSep'?: (number | string);
  'seed'?: (number | string | Long);
}

/**
 * Gaussian clusters (scikit-learn's make_classification).
 */
export interface SyntheticClassificationDataset__Output {
  /**
   * 0 means 2000.
   */
  'samples': (number);
  /**
   * 0 means 20.
   */
  'features': (number);
  /**
   * 0 means 2.
   */
  'classes': (number);
  /**
   * 0 means 1.0: larger separates the classes more.
   */
  'classSep': (number);
  'seed': (string);
}
