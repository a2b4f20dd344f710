// Original file: tuneforge/v1/tracker_service.proto


export interface SetTagsResponse {
}

export interface SetTagsResponse__Output {
}
