// Original file: tuneforge/v1/tracker_service.proto


export interface SetTagsRequest {
  'runId'?: (string);
  'tags'?: ({[key: string]: string});
}

export interface SetTagsRequest__Output {
  'runId': (string);
  'tags': ({[key: string]: string});
}
