// Original file: tuneforge/v1/schedule_service.proto

import type { GradientNorm as _tuneforge_v1_GradientNorm, GradientNorm__Output as _tuneforge_v1_GradientNorm__Output } from '../../tuneforge/v1/GradientNorm';

export interface RefineScheduleRequest {
  /**
   * The previous run's gradient norm at every step (2 to 2,000,000 finite values >= 0).
   * Exclusive with job_id.
   */
  'gradNorms'?: (number | string)[];
  /**
   * UNSPECIFIED with job_id: after the job's optimizer (GRADIENT_NORM_L1 for adaptive ones).
   */
  'norm'?: (_tuneforge_v1_GradientNorm);
  /**
   * The refined schedule's peak; 0 means 1.
   */
  'baseLearningRate'?: (number | string);
  /**
   * The median filter's width (odd); 0 means the paper's tau * len(grad_norms), made odd.
   */
  'smoothingWindow'?: (number);
  /**
   * The filter's width as a share of the run, in [0, 1]; 0 means 0.1.
   */
  'tau'?: (number | string);
  /**
   * A trainer job whose recorded per-step gradient norms are refined (the norms of
   * its optimizer steps, oldest first); FAILED_PRECONDITION when it recorded none.
   */
  'jobId'?: (string);
}

export interface RefineScheduleRequest__Output {
  /**
   * The previous run's gradient norm at every step (2 to 2,000,000 finite values >= 0).
   * Exclusive with job_id.
   */
  'gradNorms': (number)[];
  /**
   * UNSPECIFIED with job_id: after the job's optimizer (GRADIENT_NORM_L1 for adaptive ones).
   */
  'norm': (_tuneforge_v1_GradientNorm__Output);
  /**
   * The refined schedule's peak; 0 means 1.
   */
  'baseLearningRate': (number);
  /**
   * The median filter's width (odd); 0 means the paper's tau * len(grad_norms), made odd.
   */
  'smoothingWindow': (number);
  /**
   * The filter's width as a share of the run, in [0, 1]; 0 means 0.1.
   */
  'tau': (number);
  /**
   * A trainer job whose recorded per-step gradient norms are refined (the norms of
   * its optimizer steps, oldest first); FAILED_PRECONDITION when it recorded none.
   */
  'jobId': (string);
}
