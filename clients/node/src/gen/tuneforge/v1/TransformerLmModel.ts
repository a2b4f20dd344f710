// Original file: tuneforge/v1/trainer_service.proto


/**
 * A small decoder-only transformer language model (pre-norm, causal attention,
 * learned positions, tied embeddings).
 */
export interface TransformerLmModel {
  /**
   * 0 means 64.
   */
  'dModel'?: (number);
  /**
   * 0 means 2.
   */
  'layers'?: (number);
  /**
   * 0 means 4; divides d_model.
   */
  'heads'?: (number);
  /**
   * Dropout in [0, 1).
   */
  'dropout'?: (number | string);
}

/**
 * A small decoder-only transformer language model (pre-norm, causal attention,
 * learned positions, tied embeddings).
 */
export interface TransformerLmModel__Output {
  /**
   * 0 means 64.
   */
  'dModel': (number);
  /**
   * 0 means 2.
   */
  'layers': (number);
  /**
   * 0 means 4; divides d_model.
   */
  'heads': (number);
  /**
   * Dropout in [0, 1).
   */
  'dropout': (number);
}
