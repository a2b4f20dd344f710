// Original file: tuneforge/v1/trainer_service.proto

import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from '../../google/protobuf/Value';

/**
 * The pod of a job on the Kubernetes backend, beyond the trainer's configured pool.
 */
export interface PodPlacement {
  /**
   * A container image among the trainer's allowed images; empty means its default image.
   */
  'image'?: (string);
  /**
   * Node labels the pods must also match (values must be strings; a key the pool
   * already selects on is refused).
   */
  'nodeSelector'?: ({[key: string]: _google_protobuf_Value});
}

/**
 * The pod of a job on the Kubernetes backend, beyond the trainer's configured pool.
 */
export interface PodPlacement__Output {
  /**
   * A container image among the trainer's allowed images; empty means its default image.
   */
  'image': (string);
  /**
   * Node labels the pods must also match (values must be strings; a key the pool
   * already selects on is refused).
   */
  'nodeSelector': ({[key: string]: _google_protobuf_Value__Output});
}
