// Original file: tuneforge/v1/trainer_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { JobStateChange as _tuneforge_v1_JobStateChange, JobStateChange__Output as _tuneforge_v1_JobStateChange__Output } from '../../tuneforge/v1/JobStateChange';
import type { JobProgress as _tuneforge_v1_JobProgress, JobProgress__Output as _tuneforge_v1_JobProgress__Output } from '../../tuneforge/v1/JobProgress';
import type { Long } from '@grpc/proto-loader';

/**
 * One numbered event of a job.
 */
export interface JobEvent {
  /**
   * 1, 2, 3, ... per job, without gaps.
   */
  'sequence'?: (number | string | Long);
  'time'?: (_google_protobuf_Timestamp | null);
  'stateChange'?: (_tuneforge_v1_JobStateChange | null);
  'progress'?: (_tuneforge_v1_JobProgress | null);
  'kind'?: "stateChange"|"progress";
}

/**
 * One numbered event of a job.
 */
export interface JobEvent__Output {
  /**
   * 1, 2, 3, ... per job, without gaps.
   */
  'sequence': (string);
  'time': (_google_protobuf_Timestamp__Output | null);
  'stateChange'?: (_tuneforge_v1_JobStateChange__Output | null);
  'progress'?: (_tuneforge_v1_JobProgress__Output | null);
  'kind'?: "stateChange"|"progress";
}
