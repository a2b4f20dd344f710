// Original file: tuneforge/v1/schedule_service.proto

import type { CurvatureTarget as _tuneforge_v1_CurvatureTarget, CurvatureTarget__Output as _tuneforge_v1_CurvatureTarget__Output } from '../../tuneforge/v1/CurvatureTarget';
import type { CurvatureMatrix as _tuneforge_v1_CurvatureMatrix, CurvatureMatrix__Output as _tuneforge_v1_CurvatureMatrix__Output } from '../../tuneforge/v1/CurvatureMatrix';
import type { Long } from '@grpc/proto-loader';

export interface LearningRateCurveRequest {
  'target'?: (_tuneforge_v1_CurvatureTarget | null);
  /**
   * At least 3 distinct batch sizes, each > 0 and <= sample_size, at most 64; empty
   * means powers of two from 1 to sample_size.
   */
  'batchSizes'?: (number | string | Long)[];
  /**
   * Training samples the mini-batches are drawn from; 0 means min(1024, the split).
   */
  'sampleSize'?: (number | string | Long);
  /**
   * Random batches per size (lambda_max is their mean); 0 means 3, at most 32.
   */
  'batchesPerSize'?: (number);
  'curvature'?: (_tuneforge_v1_CurvatureMatrix);
  /**
   * Lanczos steps per batch, 2 to 64; 0 means 20.
   */
  'lanczosSteps'?: (number);
  /**
   * 0 means 10,000.
   */
  'maxHvps'?: (number | string | Long);
  'seed'?: (number | string | Long);
}

export interface LearningRateCurveRequest__Output {
  'target': (_tuneforge_v1_CurvatureTarget__Output | null);
  /**
   * At least 3 distinct batch sizes, each > 0 and <= sample_size, at most 64; empty
   * means powers of two from 1 to sample_size.
   */
  'batchSizes': (string)[];
  /**
   * Training samples the mini-batches are drawn from; 0 means min(1024, the split).
   */
  'sampleSize': (string);
  /**
   * Random batches per size (lambda_max is their mean); 0 means 3, at most 32.
   */
  'batchesPerSize': (number);
  'curvature': (_tuneforge_v1_CurvatureMatrix__Output);
  /**
   * Lanczos steps per batch, 2 to 64; 0 means 20.
   */
  'lanczosSteps': (number);
  /**
   * 0 means 10,000.
   */
  'maxHvps': (string);
  'seed': (string);
}
