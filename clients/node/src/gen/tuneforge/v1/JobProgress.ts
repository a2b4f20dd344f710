// Original file: tuneforge/v1/trainer_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

/**
 * One progress report of a running job.
 */
export interface JobProgress {
  /**
   * Optimizer steps taken.
   */
  'step'?: (number | string | Long);
  /**
   * Training samples consumed.
   */
  'samplesSeen'?: (number | string | Long);
  /**
   * Fractional epochs completed.
   */
  'epoch'?: (number | string);
  /**
   * Training loss (mean over the steps since the last report).
   */
  'loss'?: (number | string);
  /**
   * Other metrics; evaluation ones are prefixed "eval_" (eval_loss, eval_accuracy).
   */
  'metrics'?: ({[key: string]: number | string});
  'learningRate'?: (number | string);
  'batchSize'?: (number | string | Long);
  /**
   * Global gradient norm at the last step.
   */
  'gradNorm'?: (number | string);
  /**
   * Training samples per second since the last report.
   */
  'samplesPerSecond'?: (number | string);
  'stepsPerSecond'?: (number | string);
  /**
   * The point carries evaluation metrics.
   */
  'evaluation'?: (boolean);
  'time'?: (_google_protobuf_Timestamp | null);
  /**
   * The l2 and l1 norms of the gradient at every step since the previous report, oldest
   * first (steps step - len + 1 ... step); empty on evaluation points and for
   * derivative-free optimizers. What RefineSchedule and RefinedSchedule refine.
   */
  'stepGradNorms'?: (number | string)[];
  'stepGradNormsL1'?: (number | string)[];
  /**
   * With an adaptive batch size (batch_size.adaptive), per step as step_grad_norms: the
   * samples the step trained on, and AdAdaGrad's test statistic measured after it on the
   * next batch (the test's batch-size proposal before rounding and capping: the batch
   * grows to it when it exceeds the current one; NaN where no test ran, between test
   * intervals or once the batch is at its maximum). Empty for a fixed batch size.
   */
  'stepBatchSizes'?: (number | string | Long)[];
  'stepBatchTestStatistics'?: (number | string)[];
}

/**
 * One progress report of a running job.
 */
export interface JobProgress__Output {
  /**
   * Optimizer steps taken.
   */
  'step': (string);
  /**
   * Training samples consumed.
   */
  'samplesSeen': (string);
  /**
   * Fractional epochs completed.
   */
  'epoch': (number);
  /**
   * Training loss (mean over the steps since the last report).
   */
  'loss': (number);
  /**
   * Other metrics; evaluation ones are prefixed "eval_" (eval_loss, eval_accuracy).
   */
  'metrics': ({[key: string]: number});
  'learningRate': (number);
  'batchSize': (string);
  /**
   * Global gradient norm at the last step.
   */
  'gradNorm': (number);
  /**
   * Training samples per second since the last report.
   */
  'samplesPerSecond': (number);
  'stepsPerSecond': (number);
  /**
   * The point carries evaluation metrics.
   */
  'evaluation': (boolean);
  'time': (_google_protobuf_Timestamp__Output | null);
  /**
   * The l2 and l1 norms of the gradient at every step since the previous report, oldest
   * first (steps step - len + 1 ... step); empty on evaluation points and for
   * derivative-free optimizers. What RefineSchedule and RefinedSchedule refine.
   */
  'stepGradNorms': (number)[];
  'stepGradNormsL1': (number)[];
  /**
   * With an adaptive batch size (batch_size.adaptive), per step as step_grad_norms: the
   * samples the step trained on, and AdAdaGrad's test statistic measured after it on the
   * next batch (the test's batch-size proposal before rounding and capping: the batch
   * grows to it when it exceeds the current one; NaN where no test ran, between test
   * intervals or once the batch is at its maximum). Empty for a fixed batch size.
   */
  'stepBatchSizes': (string)[];
  'stepBatchTestStatistics': (number)[];
}
