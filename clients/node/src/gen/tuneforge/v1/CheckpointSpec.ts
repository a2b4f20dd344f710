// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * When the worker saves a checkpoint (model, optimizer state, schedule position,
 * RNG, data order) that a restarted or preempted job resumes from.
 */
export interface CheckpointSpec {
  /**
   * Every interval_steps steps; 0 means the server default (checkpoint_interval_steps).
   */
  'intervalSteps'?: (number | string | Long);
  /**
   * Never checkpoint: a restart fails the job.
   */
  'disabled'?: (boolean);
}

/**
 * When the worker saves a checkpoint (model, optimizer state, schedule position,
 * RNG, data order) that a restarted or preempted job resumes from.
 */
export interface CheckpointSpec__Output {
  /**
   * Every interval_steps steps; 0 means the server default (checkpoint_interval_steps).
   */
  'intervalSteps': (string);
  /**
   * Never checkpoint: a restart fails the job.
   */
  'disabled': (boolean);
}
