// Original file: tuneforge/v1/tracker_service.proto


export interface LogParamsResponse {
}

export interface LogParamsResponse__Output {
}
