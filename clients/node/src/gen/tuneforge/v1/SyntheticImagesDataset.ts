// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * CIFAR-like images: class templates plus noise, channels x size x size.
 */
export interface SyntheticImagesDataset {
  /**
   * 0 means 5000.
   */
  'samples'?: (number);
  /**
   * 0 means 10.
   */
  'classes'?: (number);
  /**
   * 0 means 3.
   */
  'channels'?: (number);
  /**
   * 0 means 32.
   */
  'size'?: (number);
  'seed'?: (number | string | Long);
}

/**
 * CIFAR-like images: class templates plus noise, channels x size x size.
 */
export interface SyntheticImagesDataset__Output {
  /**
   * 0 means 5000.
   */
  'samples': (number);
  /**
   * 0 means 10.
   */
  'classes': (number);
  /**
   * 0 means 3.
   */
  'channels': (number);
  /**
   * 0 means 32.
   */
  'size': (number);
  'seed': (string);
}
