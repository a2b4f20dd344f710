// Original file: tuneforge/v1/schedule_service.proto

import type { ScheduleSegment as _tuneforge_v1_ScheduleSegment, ScheduleSegment__Output as _tuneforge_v1_ScheduleSegment__Output } from '../../tuneforge/v1/ScheduleSegment';
import type { Long } from '@grpc/proto-loader';

export interface PlanScheduleResponse {
  /**
   * The rate of every step, when total_steps <= max_points; empty otherwise.
   */
  'learningRates'?: (number | string)[];
  /**
   * The exact piecewise form, in step order, covering 0 .. total_steps.
   */
  'segments'?: (_tuneforge_v1_ScheduleSegment)[];
  /**
   * PNG bytes when render_png was set.
   */
  'png'?: (Buffer | Uint8Array | string);
  'totalSteps'?: (number | string | Long);
}

export interface PlanScheduleResponse__Output {
  /**
   * The rate of every step, when total_steps <= max_points; empty otherwise.
   */
  'learningRates': (number)[];
  /**
   * The exact piecewise form, in step order, covering 0 .. total_steps.
   */
  'segments': (_tuneforge_v1_ScheduleSegment__Output)[];
  /**
   * PNG bytes when render_png was set.
   */
  'png': (Buffer);
  'totalSteps': (string);
}
