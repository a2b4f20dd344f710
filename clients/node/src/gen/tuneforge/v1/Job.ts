// Original file: tuneforge/v1/trainer_service.proto

import type { JobSpec as _tuneforge_v1_JobSpec, JobSpec__Output as _tuneforge_v1_JobSpec__Output } from '../../tuneforge/v1/JobSpec';
import type { JobState as _tuneforge_v1_JobState, JobState__Output as _tuneforge_v1_JobState__Output } from '../../tuneforge/v1/JobState';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { JobProgress as _tuneforge_v1_JobProgress, JobProgress__Output as _tuneforge_v1_JobProgress__Output } from '../../tuneforge/v1/JobProgress';
import type { Long } from '@grpc/proto-loader';

export interface Job {
  /**
   * Server-assigned.
   */
  'id'?: (string);
  /**
   * As submitted, with the server's defaults filled in.
   */
  'spec'?: (_tuneforge_v1_JobSpec | null);
  'state'?: (_tuneforge_v1_JobState);
  /**
   * Why it is in its state (failure cause with the traceback's last lines, who cancelled).
   */
  'stateReason'?: (string);
  /**
   * The worker's exit code once it ended (negative: killed by that signal).
   */
  'exitCode'?: (number);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'startTime'?: (_google_protobuf_Timestamp | null);
  'endTime'?: (_google_protobuf_Timestamp | null);
  /**
   * The latest progress report.
   */
  'progress'?: (_tuneforge_v1_JobProgress | null);
  /**
   * The final evaluation (and training summary) metrics.
   */
  'finalMetrics'?: ({[key: string]: number | string});
  /**
   * The device the job runs on ("cpu", "cuda:0").
   */
  'device'?: (string);
  /**
   * Worker starts (1 + resumes after restarts).
   */
  'attempt'?: (number);
  /**
   * The MLflow run that records it.
   */
  'mlflowRunId'?: (string);
  /**
   * For a sweep trial: its sweep and trial number.
   */
  'sweepId'?: (string);
  'trialNumber'?: (number);
  'idempotencyKey'?: (string);
  /**
   * The sequence of its latest event.
   */
  'lastSequence'?: (number | string | Long);
  /**
   * Which backend runs it: "local" or "kubernetes".
   */
  'backend'?: (string);
  '_exitCode'?: "exitCode";
  '_trialNumber'?: "trialNumber";
}

export interface Job__Output {
  /**
   * Server-assigned.
   */
  'id': (string);
  /**
   * As submitted, with the server's defaults filled in.
   */
  'spec': (_tuneforge_v1_JobSpec__Output | null);
  'state': (_tuneforge_v1_JobState__Output);
  /**
   * Why it is in its state (failure cause with the traceback's last lines, who cancelled).
   */
  'stateReason': (string);
  /**
   * The worker's exit code once it ended (negative: killed by that signal).
   */
  'exitCode'?: (number);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'startTime': (_google_protobuf_Timestamp__Output | null);
  'endTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * The latest progress report.
   */
  'progress': (_tuneforge_v1_JobProgress__Output | null);
  /**
   * The final evaluation (and training summary) metrics.
   */
  'finalMetrics': ({[key: string]: number});
  /**
   * The device the job runs on ("cpu", "cuda:0").
   */
  'device': (string);
  /**
   * Worker starts (1 + resumes after restarts).
   */
  'attempt': (number);
  /**
   * The MLflow run that records it.
   */
  'mlflowRunId': (string);
  /**
   * For a sweep trial: its sweep and trial number.
   */
  'sweepId': (string);
  'trialNumber'?: (number);
  'idempotencyKey': (string);
  /**
   * The sequence of its latest event.
   */
  'lastSequence': (string);
  /**
   * Which backend runs it: "local" or "kubernetes".
   */
  'backend': (string);
  '_exitCode'?: "exitCode";
  '_trialNumber'?: "trialNumber";
}
