// Original file: tuneforge/v1/transport_service.proto

export const PlanFormat = {
  /**
   * NONE.
   */
  PLAN_FORMAT_UNSPECIFIED: 'PLAN_FORMAT_UNSPECIFIED',
  /**
   * No plan in the response.
   */
  PLAN_FORMAT_NONE: 'PLAN_FORMAT_NONE',
  /**
   * The whole n x m plan (size-guarded).
   */
  PLAN_FORMAT_DENSE: 'PLAN_FORMAT_DENSE',
  /**
   * The entries above plan_threshold, as coordinates.
   */
  PLAN_FORMAT_SPARSE: 'PLAN_FORMAT_SPARSE',
} as const;

export type PlanFormat =
  /**
   * NONE.
   */
  | 'PLAN_FORMAT_UNSPECIFIED'
  | 0
  /**
   * No plan in the response.
   */
  | 'PLAN_FORMAT_NONE'
  | 1
  /**
   * The whole n x m plan (size-guarded).
   */
  | 'PLAN_FORMAT_DENSE'
  | 2
  /**
   * The entries above plan_threshold, as coordinates.
   */
  | 'PLAN_FORMAT_SPARSE'
  | 3

export type PlanFormat__Output = typeof PlanFormat[keyof typeof PlanFormat]
