// Original file: tuneforge/v1/common.proto

/**
 * Whether an objective (or a tracked metric) is minimised or maximised.
 */
export const Direction = {
  /**
   * MINIMIZE.
   */
  DIRECTION_UNSPECIFIED: 'DIRECTION_UNSPECIFIED',
  DIRECTION_MINIMIZE: 'DIRECTION_MINIMIZE',
  DIRECTION_MAXIMIZE: 'DIRECTION_MAXIMIZE',
} as const;

/**
 * Whether an objective (or a tracked metric) is minimised or maximised.
 */
export type Direction =
  /**
   * MINIMIZE.
   */
  | 'DIRECTION_UNSPECIFIED'
  | 0
  | 'DIRECTION_MINIMIZE'
  | 1
  | 'DIRECTION_MAXIMIZE'
  | 2

/**
 * Whether an objective (or a tracked metric) is minimised or maximised.
 */
export type Direction__Output = typeof Direction[keyof typeof Direction]
