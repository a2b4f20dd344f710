// Original file: tuneforge/v1/tracker_service.proto

import type { RunStatus as _tuneforge_v1_RunStatus, RunStatus__Output as _tuneforge_v1_RunStatus__Output } from '../../tuneforge/v1/RunStatus';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { RunMetric as _tuneforge_v1_RunMetric, RunMetric__Output as _tuneforge_v1_RunMetric__Output } from '../../tuneforge/v1/RunMetric';

export interface Run {
  'id'?: (string);
  'experimentId'?: (string);
  'name'?: (string);
  'status'?: (_tuneforge_v1_RunStatus);
  'startTime'?: (_google_protobuf_Timestamp | null);
  'endTime'?: (_google_protobuf_Timestamp | null);
  'params'?: ({[key: string]: string});
  /**
   * The latest value of each metric.
   */
  'metrics'?: (_tuneforge_v1_RunMetric)[];
  'tags'?: ({[key: string]: string});
  'artifactUri'?: (string);
}

export interface Run__Output {
  'id': (string);
  'experimentId': (string);
  'name': (string);
  'status': (_tuneforge_v1_RunStatus__Output);
  'startTime': (_google_protobuf_Timestamp__Output | null);
  'endTime': (_google_protobuf_Timestamp__Output | null);
  'params': ({[key: string]: string});
  /**
   * The latest value of each metric.
   */
  'metrics': (_tuneforge_v1_RunMetric__Output)[];
  'tags': ({[key: string]: string});
  'artifactUri': (string);
}
