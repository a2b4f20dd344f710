// Original file: tuneforge/v1/study_service.proto


export interface AskRequest {
  'study'?: (string);
  /**
   * Trials to hand out (0 means 1; at most 100), pairwise distinct configurations.
   */
  'count'?: (number);
  /**
   * Identifies the worker: its running trials are returned first (at-least-once workers).
   */
  'clientId'?: (string);
}

export interface AskRequest__Output {
  'study': (string);
  /**
   * Trials to hand out (0 means 1; at most 100), pairwise distinct configurations.
   */
  'count': (number);
  /**
   * Identifies the worker: its running trials are returned first (at-least-once workers).
   */
  'clientId': (string);
}
