// Original file: tuneforge/v1/tracker_service.proto


export interface LogParamsRequest {
  'runId'?: (string);
  /**
   * Values up to 6000 characters; a key keeps its first value.
   */
  'params'?: ({[key: string]: string});
}

export interface LogParamsRequest__Output {
  'runId': (string);
  /**
   * Values up to 6000 characters; a key keeps its first value.
   */
  'params': ({[key: string]: string});
}
