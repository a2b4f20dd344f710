// Original file: tuneforge/v1/tracker_service.proto


export interface LogArtifactResponse {
  /**
   * Where the artifact was stored.
   */
  'artifactUri'?: (string);
}

export interface LogArtifactResponse__Output {
  /**
   * Where the artifact was stored.
   */
  'artifactUri': (string);
}
