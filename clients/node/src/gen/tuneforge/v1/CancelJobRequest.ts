// Original file: tuneforge/v1/trainer_service.proto


export interface CancelJobRequest {
  'jobId'?: (string);
  /**
   * Recorded in the job's state_reason.
   */
  'reason'?: (string);
}

export interface CancelJobRequest__Output {
  'jobId': (string);
  /**
   * Recorded in the job's state_reason.
   */
  'reason': (string);
}
