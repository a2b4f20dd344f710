// Original file: tuneforge/v1/study_service.proto


export interface GetBestTrialsRequest {
  'study'?: (string);
}

export interface GetBestTrialsRequest__Output {
  'study': (string);
}
