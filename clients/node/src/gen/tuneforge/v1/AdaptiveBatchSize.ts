// Original file: tuneforge/v1/trainer_service.proto

import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value';

/**
 * AdAdaGrad's adaptive batch size (catalogue entry adaptive_batch): the batch grows
 * when the norm or inner-product test fails.
 */
export interface AdaptiveBatchSize {
  /**
   * Validated against the catalogue's adaptive_batch schema.
   */
  'hyperparameters'?: ({[key: string]: _google_protobuf_Value});
}

/**
 * AdAdaGrad's adaptive batch size (catalogue entry adaptive_batch): the batch grows
 * when the norm or inner-product test fails.
 */
export interface AdaptiveBatchSize__Output {
  /**
   * Validated against the catalogue's adaptive_batch schema.
   */
  'hyperparameters': ({[key: string]: _google_protobuf_Value__Output});
}
