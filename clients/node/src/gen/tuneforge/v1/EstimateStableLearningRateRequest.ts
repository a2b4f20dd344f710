// Original file: tuneforge/v1/schedule_service.proto

import type { CurvatureTarget as _tuneforge_v1_CurvatureTarget, CurvatureTarget__Output as _tuneforge_v1_CurvatureTarget__Output } from '../../tuneforge/v1/CurvatureTarget';
import type { CurvatureMatrix as _tuneforge_v1_CurvatureMatrix, CurvatureMatrix__Output as _tuneforge_v1_CurvatureMatrix__Output } from '../../tuneforge/v1/CurvatureMatrix';
import type { Long } from '@grpc/proto-loader';

export interface EstimateStableLearningRateRequest {
  'target'?: (_tuneforge_v1_CurvatureTarget | null);
  /**
   * Batch sizes to bound; empty means the job's batch size. At most 64, each > 0.
   */
  'batchSizes'?: (number | string | Long)[];
  /**
   * Training samples the curvature is measured on; 0 means min(1024, the training split).
   */
  'sampleSize'?: (number | string | Long);
  'curvature'?: (_tuneforge_v1_CurvatureMatrix);
  /**
   * Lanczos steps, 2 to 64; 0 means 20.
   */
  'lanczosSteps'?: (number);
  /**
   * Hutchinson probes, 2 to 1000; 0 means 32.
   */
  'hutchinsonProbes'?: (number);
  /**
   * Hessian-vector products allowed; 0 means 10,000. Fewer than the estimate needs,
   * or a model past the server's parameter limit: INVALID_ARGUMENT.
   */
  'maxHvps'?: (number | string | Long);
  'seed'?: (number | string | Long);
}

export interface EstimateStableLearningRateRequest__Output {
  'target': (_tuneforge_v1_CurvatureTarget__Output | null);
  /**
   * Batch sizes to bound; empty means the job's batch size. At most 64, each > 0.
   */
  'batchSizes': (string)[];
  /**
   * Training samples the curvature is measured on; 0 means min(1024, the training split).
   */
  'sampleSize': (string);
  'curvature': (_tuneforge_v1_CurvatureMatrix__Output);
  /**
   * Lanczos steps, 2 to 64; 0 means 20.
   */
  'lanczosSteps': (number);
  /**
   * Hutchinson probes, 2 to 1000; 0 means 32.
   */
  'hutchinsonProbes': (number);
  /**
   * Hessian-vector products allowed; 0 means 10,000. Fewer than the estimate needs,
   * or a model past the server's parameter limit: INVALID_ARGUMENT.
   */
  'maxHvps': (string);
  'seed': (string);
}
