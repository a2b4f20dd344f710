// Original file: tuneforge/v1/relaxation_service.proto


export interface SuggestOmegaRequest {
  /**
   * Id or name.
   */
  'sequence'?: (string);
  /**
   * One value per declared context dimension, within the bounds (clipped otherwise).
   */
  'context'?: (number | string)[];
}

export interface SuggestOmegaRequest__Output {
  /**
   * Id or name.
   */
  'sequence': (string);
  /**
   * One value per declared context dimension, within the bounds (clipped otherwise).
   */
  'context': (number)[];
}
