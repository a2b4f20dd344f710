// Original file: tuneforge/v1/trainer_service.proto


export interface CancelSweepRequest {
  'sweepId'?: (string);
  'reason'?: (string);
}

export interface CancelSweepRequest__Output {
  'sweepId': (string);
  'reason': (string);
}
