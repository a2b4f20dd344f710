// Original file: tuneforge/v1/trainer_service.proto

import type { HyperparameterSchema as _tuneforge_v1_HyperparameterSchema, HyperparameterSchema__Output as _tuneforge_v1_HyperparameterSchema__Output } from '../../tuneforge/v1/HyperparameterSchema';

/**
 * An optimizer (or the adaptive batch-size controller) a job can name.
 */
export interface CatalogOptimizer {
  'name'?: (string);
  /**
   * "optimizer" or "batch_controller".
   */
  'kind'?: (string);
  /**
   * The paper it implements.
   */
  'paper'?: (string);
  'summary'?: (string);
  'hyperparameters'?: (_tuneforge_v1_HyperparameterSchema)[];
}

/**
 * An optimizer (or the adaptive batch-size controller) a job can name.
 */
export interface CatalogOptimizer__Output {
  'name': (string);
  /**
   * "optimizer" or "batch_controller".
   */
  'kind': (string);
  /**
   * The paper it implements.
   */
  'paper': (string);
  'summary': (string);
  'hyperparameters': (_tuneforge_v1_HyperparameterSchema__Output)[];
}
