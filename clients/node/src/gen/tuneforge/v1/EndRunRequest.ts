// Original file: tuneforge/v1/tracker_service.proto

import type { RunStatus as _tuneforge_v1_RunStatus, RunStatus__Output as _tuneforge_v1_RunStatus__Output } from '../../tuneforge/v1/RunStatus';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface EndRunRequest {
  'runId'?: (string);
  /**
   * FINISHED (default), FAILED or KILLED.
   */
  'status'?: (_tuneforge_v1_RunStatus);
  /**
   * Unset: now.
   */
  'endTime'?: (_google_protobuf_Timestamp | null);
}

export interface EndRunRequest__Output {
  'runId': (string);
  /**
   * FINISHED (default), FAILED or KILLED.
   */
  'status': (_tuneforge_v1_RunStatus__Output);
  /**
   * Unset: now.
   */
  'endTime': (_google_protobuf_Timestamp__Output | null);
}
