// Original file: tuneforge/v1/trainer_service.proto


export interface GetSweepRequest {
  'sweepId'?: (string);
}

export interface GetSweepRequest__Output {
  'sweepId': (string);
}
