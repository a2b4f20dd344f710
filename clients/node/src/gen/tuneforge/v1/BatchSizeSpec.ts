// Original file: tuneforge/v1/trainer_service.proto

import type { AdaptiveBatchSize as _tuneforge_v1_AdaptiveBatchSize, AdaptiveBatchSize__Output as _tuneforge_v1_AdaptiveBatchSize__Output } from '../../tuneforge/v1/AdaptiveBatchSize';

/**
 * The training batch size.
 */
export interface BatchSizeSpec {
  'fixed'?: (number);
  'adaptive'?: (_tuneforge_v1_AdaptiveBatchSize | null);
  /**
   * Unset: fixed at 64 (or the dataset size when smaller).
   */
  'kind'?: "fixed"|"adaptive";
}

/**
 * The training batch size.
 */
export interface BatchSizeSpec__Output {
  'fixed'?: (number);
  'adaptive'?: (_tuneforge_v1_AdaptiveBatchSize__Output | null);
  /**
   * Unset: fixed at 64 (or the dataset size when smaller).
   */
  'kind'?: "fixed"|"adaptive";
}
