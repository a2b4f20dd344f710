// Original file: tuneforge/v1/schedule_service.proto

import type { ScheduleSpec as _tuneforge_v1_ScheduleSpec, ScheduleSpec__Output as _tuneforge_v1_ScheduleSpec__Output } from '../../tuneforge/v1/ScheduleSpec';
import type { Long } from '@grpc/proto-loader';

export interface PlanScheduleRequest {
  /**
   * The schedule, as a job gives it; no kind means linear decay to 0 (Defazio et al.'s
   * default). A refined schedule needs its factors (a RefinedSchedule with only
   * refine_from is resolved by the trainer at submit).
   */
  'schedule'?: (_tuneforge_v1_ScheduleSpec | null);
  /**
   * Optimizer steps in the run; 1 to 10^12.
   */
  'totalSteps'?: (number | string | Long);
  /**
   * The peak learning rate (the optimizer's lr); 0 means 1 (the factors).
   */
  'baseLearningRate'?: (number | string);
  /**
   * learning_rates is returned when total_steps <= max_points; 0 means 10,000, at
   * most 100,000.
   */
  'maxPoints'?: (number);
  /**
   * Return a PNG plot of the schedule (at most 2,000 points drawn).
   */
  'renderPng'?: (boolean);
}

export interface PlanScheduleRequest__Output {
  /**
   * The schedule, as a job gives it; no kind means linear decay to 0 (Defazio et al.'s
   * default). A refined schedule needs its factors (a RefinedSchedule with only
   * refine_from is resolved by the trainer at submit).
   */
  'schedule': (_tuneforge_v1_ScheduleSpec__Output | null);
  /**
   * Optimizer steps in the run; 1 to 10^12.
   */
  'totalSteps': (string);
  /**
   * The peak learning rate (the optimizer's lr); 0 means 1 (the factors).
   */
  'baseLearningRate': (number);
  /**
   * learning_rates is returned when total_steps <= max_points; 0 means 10,000, at
   * most 100,000.
   */
  'maxPoints': (number);
  /**
   * Return a PNG plot of the schedule (at most 2,000 points drawn).
   */
  'renderPng': (boolean);
}
