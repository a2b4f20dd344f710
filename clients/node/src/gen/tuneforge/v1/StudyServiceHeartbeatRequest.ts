// Original file: tuneforge/v1/study_service.proto


export interface StudyServiceHeartbeatRequest {
  'study'?: (string);
  'trial'?: (number);
}

export interface StudyServiceHeartbeatRequest__Output {
  'study': (string);
  'trial': (number);
}
