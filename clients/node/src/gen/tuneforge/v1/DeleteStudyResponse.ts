// Original file: tuneforge/v1/study_service.proto


export interface DeleteStudyResponse {
}

export interface DeleteStudyResponse__Output {
}
