// Original file: tuneforge/v1/trainer_service.proto

import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value';

/**
 * A user training function `package.module:function`, importable in the worker. It
 * receives a context with the optimizer factory, the schedule, report(step, metrics),
 * the checkpoint directory, the device and (when the spec names one) the dataset.
 */
export interface EntryPointModel {
  /**
   * `package.module:function`.
   */
  'target'?: (string);
  /**
   * Passed to the function as context.arguments.
   */
  'arguments'?: ({[key: string]: _google_protobuf_Value});
}

/**
 * A user training function `package.module:function`, importable in the worker. It
 * receives a context with the optimizer factory, the schedule, report(step, metrics),
 * the checkpoint directory, the device and (when the spec names one) the dataset.
 */
export interface EntryPointModel__Output {
  /**
   * `package.module:function`.
   */
  'target': (string);
  /**
   * Passed to the function as context.arguments.
   */
  'arguments': ({[key: string]: _google_protobuf_Value__Output});
}
