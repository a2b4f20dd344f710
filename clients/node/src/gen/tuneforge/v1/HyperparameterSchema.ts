// Original file: tuneforge/v1/trainer_service.proto

import type { HyperparameterKind as _tuneforge_v1_HyperparameterKind, HyperparameterKind__Output as _tuneforge_v1_HyperparameterKind__Output } from '../../tuneforge/v1/HyperparameterKind';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value';

/**
 * One constructor argument of an optimizer.
 */
export interface HyperparameterSchema {
  'name'?: (string);
  'kind'?: (_tuneforge_v1_HyperparameterKind);
  'default'?: (_google_protobuf_Value | null);
  'help'?: (string);
  /**
   * Bounds of numbers (of each number of a pair); unset means unbounded.
   */
  'low'?: (number | string);
  'high'?: (number | string);
  /**
   * The bound itself is excluded.
   */
  'openLow'?: (boolean);
  'openHigh'?: (boolean);
  /**
   * Scale-free (a learning rate): sample it on a log scale.
   */
  'log'?: (boolean);
  'choices'?: (string)[];
  '_low'?: "low";
  '_high'?: "high";
}

/**
 * One constructor argument of an optimizer.
 */
export interface HyperparameterSchema__Output {
  'name': (string);
  'kind': (_tuneforge_v1_HyperparameterKind__Output);
  'default': (_google_protobuf_Value__Output | null);
  'help': (string);
  /**
   * Bounds of numbers (of each number of a pair); unset means unbounded.
   */
  'low'?: (number);
  'high'?: (number);
  /**
   * The bound itself is excluded.
   */
  'openLow': (boolean);
  'openHigh': (boolean);
  /**
   * Scale-free (a learning rate): sample it on a log scale.
   */
  'log': (boolean);
  'choices': (string)[];
  '_low'?: "low";
  '_high'?: "high";
}
