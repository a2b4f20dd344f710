// Original file: tuneforge/v1/study_service.proto

import type { TrialState as _tuneforge_v1_TrialState, TrialState__Output as _tuneforge_v1_TrialState__Output } from '../../tuneforge/v1/TrialState';
import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from '../../tuneforge/v1/ParameterValue';
import type { IntermediateValue as _tuneforge_v1_IntermediateValue, IntermediateValue__Output as _tuneforge_v1_IntermediateValue__Output } from '../../tuneforge/v1/IntermediateValue';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface Trial {
  'study'?: (string);
  /**
   * 0-based, in creation order within the study.
   */
  'number'?: (number);
  'state'?: (_tuneforge_v1_TrialState);
  /**
   * The active parameters (conditional ones only when their condition holds).
   */
  'params'?: ({[key: string]: _tuneforge_v1_ParameterValue});
  /**
   * One per objective, when COMPLETE.
   */
  'values'?: (number | string)[];
  /**
   * One per constraint, when told.
   */
  'constraintValues'?: (number | string)[];
  /**
   * All constraint values <= 0 (true without constraints).
   */
  'feasible'?: (boolean);
  'intermediateValues'?: (_tuneforge_v1_IntermediateValue)[];
  'startTime'?: (_google_protobuf_Timestamp | null);
  'completeTime'?: (_google_protobuf_Timestamp | null);
  /**
   * The client_id of the Ask that handed it out.
   */
  'clientId'?: (string);
  /**
   * For a re-queued configuration: the number of the trial it retries.
   */
  'retriedTrial'?: (number);
  '_retriedTrial'?: "retriedTrial";
}

export interface Trial__Output {
  'study': (string);
  /**
   * 0-based, in creation order within the study.
   */
  'number': (number);
  'state': (_tuneforge_v1_TrialState__Output);
  /**
   * The active parameters (conditional ones only when their condition holds).
   */
  'params': ({[key: string]: _tuneforge_v1_ParameterValue__Output});
  /**
   * One per objective, when COMPLETE.
   */
  'values': (number)[];
  /**
   * One per constraint, when told.
   */
  'constraintValues': (number)[];
  /**
   * All constraint values <= 0 (true without constraints).
   */
  'feasible': (boolean);
  'intermediateValues': (_tuneforge_v1_IntermediateValue__Output)[];
  'startTime': (_google_protobuf_Timestamp__Output | null);
  'completeTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * The client_id of the Ask that handed it out.
   */
  'clientId': (string);
  /**
   * For a re-queued configuration: the number of the trial it retries.
   */
  'retriedTrial'?: (number);
  '_retriedTrial'?: "retriedTrial";
}
