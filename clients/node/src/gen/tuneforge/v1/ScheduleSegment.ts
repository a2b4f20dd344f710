// Original file: tuneforge/v1/schedule_service.proto

import type { SegmentShape as _tuneforge_v1_SegmentShape, SegmentShape__Output as _tuneforge_v1_SegmentShape__Output } from '../../tuneforge/v1/SegmentShape';
import type { Long } from '@grpc/proto-loader';

/**
 * Steps start_step .. end_step - 1; the rate at step k is the shape's value at
 * p = (k - start_step) / (end_step - start_step), so end_learning_rate is the value
 * the shape reaches at end_step (the next segment's start for continuous schedules).
 */
export interface ScheduleSegment {
  'startStep'?: (number | string | Long);
  'endStep'?: (number | string | Long);
  'startLearningRate'?: (number | string);
  'endLearningRate'?: (number | string);
  'shape'?: (_tuneforge_v1_SegmentShape);
}

/**
 * Steps start_step .. end_step - 1; the rate at step k is the shape's value at
 * p = (k - start_step) / (end_step - start_step), so end_learning_rate is the value
 * the shape reaches at end_step (the next segment's start for continuous schedules).
 */
export interface ScheduleSegment__Output {
  'startStep': (string);
  'endStep': (string);
  'startLearningRate': (number);
  'endLearningRate': (number);
  'shape': (_tuneforge_v1_SegmentShape__Output);
}
