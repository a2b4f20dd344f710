// Original file: tuneforge/v1/trainer_service.proto

import type { JobState as _tuneforge_v1_JobState, JobState__Output as _tuneforge_v1_JobState__Output } from '../../tuneforge/v1/JobState';
import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from '../../tuneforge/v1/PageRequest';

export interface ListJobsRequest {
  /**
   * Only jobs in one of these states (empty: all).
   */
  'states'?: (_tuneforge_v1_JobState)[];
  /**
   * Only jobs carrying every one of these labels.
   */
  'labels'?: ({[key: string]: string});
  /**
   * Only the trials of this sweep.
   */
  'sweepId'?: (string);
  'page'?: (_tuneforge_v1_PageRequest | null);
}

export interface ListJobsRequest__Output {
  /**
   * Only jobs in one of these states (empty: all).
   */
  'states': (_tuneforge_v1_JobState__Output)[];
  /**
   * Only jobs carrying every one of these labels.
   */
  'labels': ({[key: string]: string});
  /**
   * Only the trials of this sweep.
   */
  'sweepId': (string);
  'page': (_tuneforge_v1_PageRequest__Output | null);
}
