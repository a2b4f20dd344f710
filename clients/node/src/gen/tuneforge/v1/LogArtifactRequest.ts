// Original file: tuneforge/v1/tracker_service.proto


export interface LogArtifactRequest {
  'runId'?: (string);
  /**
   * Relative path inside the run's artifact directory ("plots/loss.png"); no "..".
   */
  'path'?: (string);
  /**
   * At most the server's max_artifact_bytes.
   */
  'content'?: (Buffer | Uint8Array | string);
}

export interface LogArtifactRequest__Output {
  'runId': (string);
  /**
   * Relative path inside the run's artifact directory ("plots/loss.png"); no "..".
   */
  'path': (string);
  /**
   * At most the server's max_artifact_bytes.
   */
  'content': (Buffer);
}
