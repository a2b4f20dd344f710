// Original file: tuneforge/v1/trainer_service.proto

/**
 * The kind of learning problem a dataset poses.
 */
export const Task = {
  /**
   * Taken from the data: integer labels classify, floats regress.
   */
  TASK_UNSPECIFIED: 'TASK_UNSPECIFIED',
  TASK_CLASSIFICATION: 'TASK_CLASSIFICATION',
  TASK_REGRESSION: 'TASK_REGRESSION',
  TASK_LANGUAGE_MODELING: 'TASK_LANGUAGE_MODELING',
} as const;

/**
 * The kind of learning problem a dataset poses.
 */
export type Task =
  /**
   * Taken from the data: integer labels classify, floats regress.
   */
  | 'TASK_UNSPECIFIED'
  | 0
  | 'TASK_CLASSIFICATION'
  | 1
  | 'TASK_REGRESSION'
  | 2
  | 'TASK_LANGUAGE_MODELING'
  | 3

/**
 * The kind of learning problem a dataset poses.
 */
export type Task__Output = typeof Task[keyof typeof Task]
