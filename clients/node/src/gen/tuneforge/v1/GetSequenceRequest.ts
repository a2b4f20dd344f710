// Original file: tuneforge/v1/relaxation_service.proto


export interface GetSequenceRequest {
  /**
   * Id or name.
   */
  'sequence'?: (string);
}

export interface GetSequenceRequest__Output {
  /**
   * Id or name.
   */
  'sequence': (string);
}
