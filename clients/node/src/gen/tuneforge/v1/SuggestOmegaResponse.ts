// Original file: tuneforge/v1/relaxation_service.proto


export interface SuggestOmegaResponse {
  /**
   * Pass back in ReportOutcome.
   */
  'suggestionId'?: (string);
  'omega'?: (number | string);
  /**
   * Index of omega on the grid.
   */
  'arm'?: (number);
  /**
   * Probability with which the arm was drawn.
   */
  'probability'?: (number | string);
}

export interface SuggestOmegaResponse__Output {
  /**
   * Pass back in ReportOutcome.
   */
  'suggestionId': (string);
  'omega': (number);
  /**
   * Index of omega on the grid.
   */
  'arm': (number);
  /**
   * Probability with which the arm was drawn.
   */
  'probability': (number);
}
