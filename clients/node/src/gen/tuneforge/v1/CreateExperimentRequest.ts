// Original file: tuneforge/v1/tracker_service.proto


export interface CreateExperimentRequest {
  'name'?: (string);
  'tags'?: ({[key: string]: string});
}

export interface CreateExperimentRequest__Output {
  'name': (string);
  'tags': ({[key: string]: string});
}
