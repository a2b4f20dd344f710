// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Token sequences from a random sparse Markov chain, for language models.
 */
export interface SyntheticTokensDataset {
  /**
   * 0 means 2000.
   */
  'sequences'?: (number);
  /**
   * 0 means 64.
   */
  'sequenceLength'?: (number);
  /**
   * 0 means 64.
   */
  'vocabSize'?: (number);
  'seed'?: (number | string | Long);
}

/**
 * Token sequences from a random sparse Markov chain, for language models.
 */
export interface SyntheticTokensDataset__Output {
  /**
   * 0 means 2000.
   */
  'sequences': (number);
  /**
   * 0 means 64.
   */
  'sequenceLength': (number);
  /**
   * 0 means 64.
   */
  'vocabSize': (number);
  'seed': (string);
}
