// Original file: tuneforge/v1/relaxation_service.proto


export interface GetBestOmegaRequest {
  /**
   * Id or name.
   */
  'sequence'?: (string);
  'context'?: (number | string)[];
}

export interface GetBestOmegaRequest__Output {
  /**
   * Id or name.
   */
  'sequence': (string);
  'context': (number)[];
}
