// Original file: tuneforge/v1/study_service.proto


export interface GetTrialRequest {
  'study'?: (string);
  'trial'?: (number);
}

export interface GetTrialRequest__Output {
  'study': (string);
  'trial': (number);
}
