// Original file: tuneforge/v1/study_service.proto


export interface DeleteStudyRequest {
  'study'?: (string);
}

export interface DeleteStudyRequest__Output {
  'study': (string);
}
