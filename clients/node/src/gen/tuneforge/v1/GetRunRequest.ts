// Original file: tuneforge/v1/tracker_service.proto


export interface GetRunRequest {
  'runId'?: (string);
}

export interface GetRunRequest__Output {
  'runId': (string);
}
