// Original file: tuneforge/v1/trainer_service.proto

/**
 * The lifecycle of a job: QUEUED -> RUNNING -> one final state.
 */
export const JobState = {
  JOB_STATE_UNSPECIFIED: 'JOB_STATE_UNSPECIFIED',
  /**
   * Waiting for resources, in submission order.
   */
  JOB_STATE_QUEUED: 'JOB_STATE_QUEUED',
  /**
   * A worker is training it (resumed after a restart keeps it RUNNING).
   */
  JOB_STATE_RUNNING: 'JOB_STATE_RUNNING',
  JOB_STATE_SUCCEEDED: 'JOB_STATE_SUCCEEDED',
  /**
   * The worker crashed, exceeded its deadline or lost its state; see state_reason.
   */
  JOB_STATE_FAILED: 'JOB_STATE_FAILED',
  JOB_STATE_CANCELLED: 'JOB_STATE_CANCELLED',
  /**
   * A sweep trial stopped early by the study's pruner.
   */
  JOB_STATE_PRUNED: 'JOB_STATE_PRUNED',
} as const;

/**
 * The lifecycle of a job: QUEUED -> RUNNING -> one final state.
 */
export type JobState =
  | 'JOB_STATE_UNSPECIFIED'
  | 0
  /**
   * Waiting for resources, in submission order.
   */
  | 'JOB_STATE_QUEUED'
  | 1
  /**
   * A worker is training it (resumed after a restart keeps it RUNNING).
   */
  | 'JOB_STATE_RUNNING'
  | 2
  | 'JOB_STATE_SUCCEEDED'
  | 3
  /**
   * The worker crashed, exceeded its deadline or lost its state; see state_reason.
   */
  | 'JOB_STATE_FAILED'
  | 4
  | 'JOB_STATE_CANCELLED'
  | 5
  /**
   * A sweep trial stopped early by the study's pruner.
   */
  | 'JOB_STATE_PRUNED'
  | 6

/**
 * The lifecycle of a job: QUEUED -> RUNNING -> one final state.
 */
export type JobState__Output = typeof JobState[keyof typeof JobState]
