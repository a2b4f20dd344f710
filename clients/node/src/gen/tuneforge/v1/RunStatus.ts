// Original file: tuneforge/v1/tracker_service.proto

/**
 * MLflow's run statuses.
 */
export const RunStatus = {
  /**
   * FINISHED where a final status is expected.
   */
  RUN_STATUS_UNSPECIFIED: 'RUN_STATUS_UNSPECIFIED',
  RUN_STATUS_RUNNING: 'RUN_STATUS_RUNNING',
  RUN_STATUS_SCHEDULED: 'RUN_STATUS_SCHEDULED',
  RUN_STATUS_FINISHED: 'RUN_STATUS_FINISHED',
  RUN_STATUS_FAILED: 'RUN_STATUS_FAILED',
  RUN_STATUS_KILLED: 'RUN_STATUS_KILLED',
} as const;

/**
 * MLflow's run statuses.
 */
export type RunStatus =
  /**
   * FINISHED where a final status is expected.
   */
  | 'RUN_STATUS_UNSPECIFIED'
  | 0
  | 'RUN_STATUS_RUNNING'
  | 1
  | 'RUN_STATUS_SCHEDULED'
  | 2
  | 'RUN_STATUS_FINISHED'
  | 3
  | 'RUN_STATUS_FAILED'
  | 4
  | 'RUN_STATUS_KILLED'
  | 5

/**
 * MLflow's run statuses.
 */
export type RunStatus__Output = typeof RunStatus[keyof typeof RunStatus]
