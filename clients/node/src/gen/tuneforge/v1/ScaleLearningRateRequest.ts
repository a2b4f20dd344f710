// Original file: tuneforge/v1/schedule_service.proto

import type { OptimizerFamily as _tuneforge_v1_OptimizerFamily, OptimizerFamily__Output as _tuneforge_v1_OptimizerFamily__Output } from '../../tuneforge/v1/OptimizerFamily';
import type { ScalingRule as _tuneforge_v1_ScalingRule, ScalingRule__Output as _tuneforge_v1_ScalingRule__Output } from '../../tuneforge/v1/ScalingRule';
import type { CurvatureTarget as _tuneforge_v1_CurvatureTarget, CurvatureTarget__Output as _tuneforge_v1_CurvatureTarget__Output } from '../../tuneforge/v1/CurvatureTarget';
import type { Long } from '@grpc/proto-loader';

export interface ScaleLearningRateRequest {
  /**
   * Learning rate tuned at base_batch_size; finite and > 0.
   */
  'baseLearningRate'?: (number | string);
  /**
   * Batch size at which base_learning_rate was tuned; > 0.
   */
  'baseBatchSize'?: (number | string | Long);
  /**
   * Optimizer family; required unless rule is set.
   */
  'optimizerFamily'?: (_tuneforge_v1_OptimizerFamily);
  /**
   * Batch sizes to scale to; at least one, each > 0, at most 1024 entries.
   */
  'targetBatchSizes'?: (number | string | Long)[];
  /**
   * Warm-up length in optimizer steps at the base batch size; 0 for none.
   * Each target gets the warm-up that covers the same number of training examples.
   */
  'warmupSteps'?: (number | string | Long);
  /**
   * Force a rule instead of the family's; UNSPECIFIED follows the family.
   */
  'rule'?: (_tuneforge_v1_ScalingRule);
  /**
   * Largest scale factor B / B0 (and smallest 1 / factor) that is trusted
   * without a warning; 0 means the default of 16. Must be >= 1 when set.
   */
  'maxTrustedScale'?: (number | string);
  /**
   * Measure where the rule holds for this model instead of trusting [1/16, 16] x B0:
   * the learning-rate curve (LearningRateCurve's defaults: powers of two up to the
   * sample size, with base_batch_size and the targets that fit in the sample) comes
   * back in `curve`, and every target whose span from base_batch_size leaves the
   * measured range of the applied rule carries a warning. Without optimizer_family and
   * rule, the family is the model's job optimizer's. Exclusive with max_trusted_scale.
   * Needs torch on the server.
   */
  'model'?: (_tuneforge_v1_CurvatureTarget | null);
}

export interface ScaleLearningRateRequest__Output {
  /**
   * Learning rate tuned at base_batch_size; finite and > 0.
   */
  'baseLearningRate': (number);
  /**
   * Batch size at which base_learning_rate was tuned; > 0.
   */
  'baseBatchSize': (string);
  /**
   * Optimizer family; required unless rule is set.
   */
  'optimizerFamily': (_tuneforge_v1_OptimizerFamily__Output);
  /**
   * Batch sizes to scale to; at least one, each > 0, at most 1024 entries.
   */
  'targetBatchSizes': (string)[];
  /**
   * Warm-up length in optimizer steps at the base batch size; 0 for none.
   * Each target gets the warm-up that covers the same number of training examples.
   */
  'warmupSteps': (string);
  /**
   * Force a rule instead of the family's; UNSPECIFIED follows the family.
   */
  'rule': (_tuneforge_v1_ScalingRule__Output);
  /**
   * Largest scale factor B / B0 (and smallest 1 / factor) that is trusted
   * without a warning; 0 means the default of 16. Must be >= 1 when set.
   */
  'maxTrustedScale': (number);
  /**
   * Measure where the rule holds for this model instead of trusting [1/16, 16] x B0:
   * the learning-rate curve (LearningRateCurve's defaults: powers of two up to the
   * sample size, with base_batch_size and the targets that fit in the sample) comes
   * back in `curve`, and every target whose span from base_batch_size leaves the
   * measured range of the applied rule carries a warning. Without optimizer_family and
   * rule, the family is the model's job optimizer's. Exclusive with max_trusted_scale.
   * Needs torch on the server.
   */
  'model': (_tuneforge_v1_CurvatureTarget__Output | null);
}
