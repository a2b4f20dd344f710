// Original file: tuneforge/v1/relaxation_service.proto


export interface DeleteSequenceResponse {
}

export interface DeleteSequenceResponse__Output {
}
