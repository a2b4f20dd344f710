// Original file: tuneforge/v1/study_service.proto


export interface GetStudyRequest {
  'study'?: (string);
}

export interface GetStudyRequest__Output {
  'study': (string);
}
