// Original file: tuneforge/v1/tracker_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface CreateRunRequest {
  /**
   * Id or name; a name that does not exist yet creates the experiment.
   */
  'experiment'?: (string);
  'runName'?: (string);
  'tags'?: ({[key: string]: string});
  /**
   * Unset: now.
   */
  'startTime'?: (_google_protobuf_Timestamp | null);
}

export interface CreateRunRequest__Output {
  /**
   * Id or name; a name that does not exist yet creates the experiment.
   */
  'experiment': (string);
  'runName': (string);
  'tags': ({[key: string]: string});
  /**
   * Unset: now.
   */
  'startTime': (_google_protobuf_Timestamp__Output | null);
}
