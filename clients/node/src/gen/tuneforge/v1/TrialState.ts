// Original file: tuneforge/v1/study_service.proto

/**
 * The lifecycle of a trial (Optuna's states).
 */
export const TrialState = {
  /**
   * COMPLETE where a final state is expected.
   */
  TRIAL_STATE_UNSPECIFIED: 'TRIAL_STATE_UNSPECIFIED',
  /**
   * Handed out, lease held by heartbeats.
   */
  TRIAL_STATE_RUNNING: 'TRIAL_STATE_RUNNING',
  /**
   * Finished with objective values.
   */
  TRIAL_STATE_COMPLETE: 'TRIAL_STATE_COMPLETE',
  /**
   * Stopped early by the pruner (or by the client).
   */
  TRIAL_STATE_PRUNED: 'TRIAL_STATE_PRUNED',
  /**
   * Failed (told so, or its lease expired).
   */
  TRIAL_STATE_FAIL: 'TRIAL_STATE_FAIL',
  /**
   * Queued (EnqueueTrial, or a re-queued configuration) for the next Ask.
   */
  TRIAL_STATE_WAITING: 'TRIAL_STATE_WAITING',
} as const;

/**
 * The lifecycle of a trial (Optuna's states).
 */
export type TrialState =
  /**
   * COMPLETE where a final state is expected.
   */
  | 'TRIAL_STATE_UNSPECIFIED'
  | 0
  /**
   * Handed out, lease held by heartbeats.
   */
  | 'TRIAL_STATE_RUNNING'
  | 1
  /**
   * Finished with objective values.
   */
  | 'TRIAL_STATE_COMPLETE'
  | 2
  /**
   * Stopped early by the pruner (or by the client).
   */
  | 'TRIAL_STATE_PRUNED'
  | 3
  /**
   * Failed (told so, or its lease expired).
   */
  | 'TRIAL_STATE_FAIL'
  | 4
  /**
   * Queued (EnqueueTrial, or a re-queued configuration) for the next Ask.
   */
  | 'TRIAL_STATE_WAITING'
  | 5

/**
 * The lifecycle of a trial (Optuna's states).
 */
export type TrialState__Output = typeof TrialState[keyof typeof TrialState]
