// Original file: tuneforge/v1/trainer_service.proto


export interface GetJobLogsRequest {
  'jobId'?: (string);
  /**
   * Start with the last tail_lines lines; 0 means all.
   */
  'tailLines'?: (number);
  /**
   * Keep streaming new lines until the job ends.
   */
  'follow'?: (boolean);
}

export interface GetJobLogsRequest__Output {
  'jobId': (string);
  /**
   * Start with the last tail_lines lines; 0 means all.
   */
  'tailLines': (number);
  /**
   * Keep streaming new lines until the job ends.
   */
  'follow': (boolean);
}
