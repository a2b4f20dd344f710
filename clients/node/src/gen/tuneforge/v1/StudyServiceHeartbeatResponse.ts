// Original file: tuneforge/v1/study_service.proto


export interface StudyServiceHeartbeatResponse {
  'leaseSeconds'?: (number);
}

export interface StudyServiceHeartbeatResponse__Output {
  'leaseSeconds': (number);
}
