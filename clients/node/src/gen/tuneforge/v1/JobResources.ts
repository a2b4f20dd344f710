// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * What the job needs: the local scheduler admits a job only when they are free; the
 * Kubernetes backend turns them into requests and limits.
 */
export interface JobResources {
  /**
   * GPUs (0 runs on CPU unless device names a GPU).
   */
  'gpus'?: (number);
  /**
   * CPU cores; 0 means 1.
   */
  'cpu'?: (number | string);
  /**
   * Memory in MiB; 0 means no reservation.
   */
  'memoryMib'?: (number | string | Long);
  /**
   * Pods of a data-parallel (DDP) job, each with these resources; 0 means 1. More
   * than one runs only on the Kubernetes backend (an Indexed Job).
   */
  'workers'?: (number);
}

/**
 * What the job needs: the local scheduler admits a job only when they are free; the
 * Kubernetes backend turns them into requests and limits.
 */
export interface JobResources__Output {
  /**
   * GPUs (0 runs on CPU unless device names a GPU).
   */
  'gpus': (number);
  /**
   * CPU cores; 0 means 1.
   */
  'cpu': (number);
  /**
   * Memory in MiB; 0 means no reservation.
   */
  'memoryMib': (string);
  /**
   * Pods of a data-parallel (DDP) job, each with these resources; 0 means 1. More
   * than one runs only on the Kubernetes backend (an Indexed Job).
   */
  'workers': (number);
}
