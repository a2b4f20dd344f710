// Original file: tuneforge/v1/trainer_service.proto

/**
 * The lifecycle of a sweep.
 */
export const SweepState = {
  SWEEP_STATE_UNSPECIFIED: 'SWEEP_STATE_UNSPECIFIED',
  /**
   * Asking for trials and running their jobs.
   */
  SWEEP_STATE_RUNNING: 'SWEEP_STATE_RUNNING',
  /**
   * Every trial finished (some may have failed or been pruned).
   */
  SWEEP_STATE_SUCCEEDED: 'SWEEP_STATE_SUCCEEDED',
  /**
   * No trial completed.
   */
  SWEEP_STATE_FAILED: 'SWEEP_STATE_FAILED',
  SWEEP_STATE_CANCELLED: 'SWEEP_STATE_CANCELLED',
} as const;

/**
 * The lifecycle of a sweep.
 */
export type SweepState =
  | 'SWEEP_STATE_UNSPECIFIED'
  | 0
  /**
   * Asking for trials and running their jobs.
   */
  | 'SWEEP_STATE_RUNNING'
  | 1
  /**
   * Every trial finished (some may have failed or been pruned).
   */
  | 'SWEEP_STATE_SUCCEEDED'
  | 2
  /**
   * No trial completed.
   */
  | 'SWEEP_STATE_FAILED'
  | 3
  | 'SWEEP_STATE_CANCELLED'
  | 4

/**
 * The lifecycle of a sweep.
 */
export type SweepState__Output = typeof SweepState[keyof typeof SweepState]
