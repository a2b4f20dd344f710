// Original file: tuneforge/v1/tracker_service.proto


export interface GetExperimentRequest {
  /**
   * Id or name.
   */
  'experiment'?: (string);
}

export interface GetExperimentRequest__Output {
  /**
   * Id or name.
   */
  'experiment': (string);
}
