// Original file: tuneforge/v1/schedule_service.proto

import type { JobSpec as _tuneforge_v1_JobSpec, JobSpec__Output as _tuneforge_v1_JobSpec__Output } from '../../tuneforge/v1/JobSpec';

/**
 * The model and data whose curvature is measured.
 */
export interface CurvatureTarget {
  /**
   * A trainer job: its model, data and loss; the parameters of its newest
   * checkpoint when this server can read the job's directory, else initialisation.
   */
  'jobId'?: (string);
  /**
   * A job spec (validated as at submit): the model at initialisation under its seed.
   */
  'spec'?: (_tuneforge_v1_JobSpec | null);
  'source'?: "jobId"|"spec";
}

/**
 * The model and data whose curvature is measured.
 */
export interface CurvatureTarget__Output {
  /**
   * A trainer job: its model, data and loss; the parameters of its newest
   * checkpoint when this server can read the job's directory, else initialisation.
   */
  'jobId'?: (string);
  /**
   * A job spec (validated as at submit): the model at initialisation under its seed.
   */
  'spec'?: (_tuneforge_v1_JobSpec__Output | null);
  'source'?: "jobId"|"spec";
}
