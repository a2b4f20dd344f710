// Original file: tuneforge/v1/trainer_service.proto

import type { Job as _tuneforge_v1_Job, Job__Output as _tuneforge_v1_Job__Output } from '../../tuneforge/v1/Job';

export interface ListJobsResponse {
  'jobs'?: (_tuneforge_v1_Job)[];
  'nextPageToken'?: (string);
}

export interface ListJobsResponse__Output {
  'jobs': (_tuneforge_v1_Job__Output)[];
  'nextPageToken': (string);
}
