// Original file: tuneforge/v1/relaxation_service.proto


export interface DeleteSequenceRequest {
  /**
   * Id or name.
   */
  'sequence'?: (string);
}

export interface DeleteSequenceRequest__Output {
  /**
   * Id or name.
   */
  'sequence': (string);
}
