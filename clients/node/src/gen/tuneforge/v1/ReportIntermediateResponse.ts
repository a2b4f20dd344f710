// Original file: tuneforge/v1/study_service.proto


export interface ReportIntermediateResponse {
  /**
   * Stop the trial and Tell it PRUNED.
   */
  'shouldPrune'?: (boolean);
}

export interface ReportIntermediateResponse__Output {
  /**
   * Stop the trial and Tell it PRUNED.
   */
  'shouldPrune': (boolean);
}
