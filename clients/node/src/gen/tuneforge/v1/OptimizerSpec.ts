// Original file: tuneforge/v1/trainer_service.proto

import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value';
import type { AutoLearningRate as _tuneforge_v1_AutoLearningRate, AutoLearningRate__Output as _tuneforge_v1_AutoLearningRate__Output } from '../../tuneforge/v1/AutoLearningRate';

/**
 * An optimizer of the catalogue (ListCatalog): tuneforge's, or torch's sgd, adam, adamw.
 */
export interface OptimizerSpec {
  'name'?: (string);
  /**
   * Validated against the catalogue's schema; unset ones take its defaults.
   */
  'hyperparameters'?: ({[key: string]: _google_protobuf_Value});
  /**
   * Set instead of hyperparameters.lr: the learning rate is the stability estimate of
   * the model at initialisation times a safety factor (SGD-like optimizers only).
   */
  'autoLearningRate'?: (_tuneforge_v1_AutoLearningRate | null);
}

/**
 * An optimizer of the catalogue (ListCatalog): tuneforge's, or torch's sgd, adam, adamw.
 */
export interface OptimizerSpec__Output {
  'name': (string);
  /**
   * Validated against the catalogue's schema; unset ones take its defaults.
   */
  'hyperparameters': ({[key: string]: _google_protobuf_Value__Output});
  /**
   * Set instead of hyperparameters.lr: the learning rate is the stability estimate of
   * the model at initialisation times a safety factor (SGD-like optimizers only).
   */
  'autoLearningRate': (_tuneforge_v1_AutoLearningRate__Output | null);
}
