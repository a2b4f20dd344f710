// Original file: tuneforge/v1/tracker_service.proto


export interface LogMetricsResponse {
}

export interface LogMetricsResponse__Output {
}
