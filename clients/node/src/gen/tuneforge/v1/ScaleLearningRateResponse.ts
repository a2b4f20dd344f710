// Original file: tuneforge/v1/schedule_service.proto

import type { ScalingRule as _tuneforge_v1_ScalingRule, ScalingRule__Output as _tuneforge_v1_ScalingRule__Output } from '../../tuneforge/v1/ScalingRule';
import type { ScaledLearningRate as _tuneforge_v1_ScaledLearningRate, ScaledLearningRate__Output as _tuneforge_v1_ScaledLearningRate__Output } from '../../tuneforge/v1/ScaledLearningRate';
import type { LearningRateCurveResponse as _tuneforge_v1_LearningRateCurveResponse, LearningRateCurveResponse__Output as _tuneforge_v1_LearningRateCurveResponse__Output } from '../../tuneforge/v1/LearningRateCurveResponse';

export interface ScaleLearningRateResponse {
  /**
   * The rule that was applied.
   */
  'rule'?: (_tuneforge_v1_ScalingRule);
  /**
   * One entry per target, in request order.
   */
  'results'?: (_tuneforge_v1_ScaledLearningRate)[];
  /**
   * The measured curve when the request gave a model.
   */
  'curve'?: (_tuneforge_v1_LearningRateCurveResponse | null);
}

export interface ScaleLearningRateResponse__Output {
  /**
   * The rule that was applied.
   */
  'rule': (_tuneforge_v1_ScalingRule__Output);
  /**
   * One entry per target, in request order.
   */
  'results': (_tuneforge_v1_ScaledLearningRate__Output)[];
  /**
   * The measured curve when the request gave a model.
   */
  'curve': (_tuneforge_v1_LearningRateCurveResponse__Output | null);
}
