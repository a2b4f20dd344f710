// Original file: tuneforge/v1/trainer_service.proto

import type { ConstantSchedule as _tuneforge_v1_ConstantSchedule, ConstantSchedule__Output as _tuneforge_v1_ConstantSchedule__Output } from '../../tuneforge/v1/ConstantSchedule';
import type { LinearDecaySchedule as _tuneforge_v1_LinearDecaySchedule, LinearDecaySchedule__Output as _tuneforge_v1_LinearDecaySchedule__Output } from '../../tuneforge/v1/LinearDecaySchedule';
import type { CosineSchedule as _tuneforge_v1_CosineSchedule, CosineSchedule__Output as _tuneforge_v1_CosineSchedule__Output } from '../../tuneforge/v1/CosineSchedule';
import type { StepSchedule as _tuneforge_v1_StepSchedule, StepSchedule__Output as _tuneforge_v1_StepSchedule__Output } from '../../tuneforge/v1/StepSchedule';
import type { WarmupStableDecaySchedule as _tuneforge_v1_WarmupStableDecaySchedule, WarmupStableDecaySchedule__Output as _tuneforge_v1_WarmupStableDecaySchedule__Output } from '../../tuneforge/v1/WarmupStableDecaySchedule';
import type { RefinedSchedule as _tuneforge_v1_RefinedSchedule, RefinedSchedule__Output as _tuneforge_v1_RefinedSchedule__Output } from '../../tuneforge/v1/RefinedSchedule';
import type { Long } from '@grpc/proto-loader';

/**
 * The learning-rate schedule: a factor applied to every parameter group's lr.
 */
export interface ScheduleSpec {
  /**
   * Linear warm-up from 0 over the first warmup_steps steps, then the schedule.
   */
  'warmupSteps'?: (number | string | Long);
  'constant'?: (_tuneforge_v1_ConstantSchedule | null);
  'linear'?: (_tuneforge_v1_LinearDecaySchedule | null);
  'cosine'?: (_tuneforge_v1_CosineSchedule | null);
  'step'?: (_tuneforge_v1_StepSchedule | null);
  'wsd'?: (_tuneforge_v1_WarmupStableDecaySchedule | null);
  'refined'?: (_tuneforge_v1_RefinedSchedule | null);
  /**
   * Unset: constant.
   */
  'kind'?: "constant"|"linear"|"cosine"|"step"|"wsd"|"refined";
}

/**
 * The learning-rate schedule: a factor applied to every parameter group's lr.
 */
export interface ScheduleSpec__Output {
  /**
   * Linear warm-up from 0 over the first warmup_steps steps, then the schedule.
   */
  'warmupSteps': (string);
  'constant'?: (_tuneforge_v1_ConstantSchedule__Output | null);
  'linear'?: (_tuneforge_v1_LinearDecaySchedule__Output | null);
  'cosine'?: (_tuneforge_v1_CosineSchedule__Output | null);
  'step'?: (_tuneforge_v1_StepSchedule__Output | null);
  'wsd'?: (_tuneforge_v1_WarmupStableDecaySchedule__Output | null);
  'refined'?: (_tuneforge_v1_RefinedSchedule__Output | null);
  /**
   * Unset: constant.
   */
  'kind'?: "constant"|"linear"|"cosine"|"step"|"wsd"|"refined";
}
