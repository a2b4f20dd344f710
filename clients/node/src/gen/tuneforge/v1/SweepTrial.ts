// Original file: tuneforge/v1/trainer_service.proto

import type { JobState as _tuneforge_v1_JobState, JobState__Output as _tuneforge_v1_JobState__Output } from '../../tuneforge/v1/JobState';
import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from '../../tuneforge/v1/ParameterValue';

/**
 * One trial of a sweep and the job that runs it.
 */
export interface SweepTrial {
  'number'?: (number);
  'jobId'?: (string);
  'jobState'?: (_tuneforge_v1_JobState);
  'params'?: ({[key: string]: _tuneforge_v1_ParameterValue});
  /**
   * The objective, when the trial completed.
   */
  'value'?: (number | string);
  'mlflowRunId'?: (string);
  '_value'?: "value";
}

/**
 * One trial of a sweep and the job that runs it.
 */
export interface SweepTrial__Output {
  'number': (number);
  'jobId': (string);
  'jobState': (_tuneforge_v1_JobState__Output);
  'params': ({[key: string]: _tuneforge_v1_ParameterValue__Output});
  /**
   * The objective, when the trial completed.
   */
  'value'?: (number);
  'mlflowRunId': (string);
  '_value'?: "value";
}
