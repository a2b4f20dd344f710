// Original file: tuneforge/v1/trainer_service.proto

import type { SweepSpec as _tuneforge_v1_SweepSpec, SweepSpec__Output as _tuneforge_v1_SweepSpec__Output } from '../../tuneforge/v1/SweepSpec';
import type { SweepState as _tuneforge_v1_SweepState, SweepState__Output as _tuneforge_v1_SweepState__Output } from '../../tuneforge/v1/SweepState';
import type { SweepTrial as _tuneforge_v1_SweepTrial, SweepTrial__Output as _tuneforge_v1_SweepTrial__Output } from '../../tuneforge/v1/SweepTrial';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Sweep {
  'id'?: (string);
  'spec'?: (_tuneforge_v1_SweepSpec | null);
  'state'?: (_tuneforge_v1_SweepState);
  'stateReason'?: (string);
  /**
   * The StudyService study that samples it (StudyService and optuna.load_study open it).
   */
  'study'?: (string);
  /**
   * In trial-number order.
   */
  'trials'?: (_tuneforge_v1_SweepTrial)[];
  /**
   * The best completed trial so far (unset before one completes).
   */
  'bestTrial'?: (_tuneforge_v1_SweepTrial | null);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'endTime'?: (_google_protobuf_Timestamp | null);
  'idempotencyKey'?: (string);
}

export interface Sweep__Output {
  'id': (string);
  'spec': (_tuneforge_v1_SweepSpec__Output | null);
  'state': (_tuneforge_v1_SweepState__Output);
  'stateReason': (string);
  /**
   * The StudyService study that samples it (StudyService and optuna.load_study open it).
   */
  'study': (string);
  /**
   * In trial-number order.
   */
  'trials': (_tuneforge_v1_SweepTrial__Output)[];
  /**
   * The best completed trial so far (unset before one completes).
   */
  'bestTrial': (_tuneforge_v1_SweepTrial__Output | null);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'endTime': (_google_protobuf_Timestamp__Output | null);
  'idempotencyKey': (string);
}
