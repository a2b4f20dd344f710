// Original file: tuneforge/v1/trainer_service.proto


export interface GetJobMetricsRequest {
  'jobId'?: (string);
}

export interface GetJobMetricsRequest__Output {
  'jobId': (string);
}
