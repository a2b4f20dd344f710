// Original file: tuneforge/v1/trainer_service.proto


export interface GetJobLogsResponse {
  /**
   * Output lines, without their line ends.
   */
  'lines'?: (string)[];
}

export interface GetJobLogsResponse__Output {
  /**
   * Output lines, without their line ends.
   */
  'lines': (string)[];
}
