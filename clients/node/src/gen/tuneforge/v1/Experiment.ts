// Original file: tuneforge/v1/tracker_service.proto


export interface Experiment {
  'id'?: (string);
  'name'?: (string);
  'artifactLocation'?: (string);
  'tags'?: ({[key: string]: string});
}

export interface Experiment__Output {
  'id': (string);
  'name': (string);
  'artifactLocation': (string);
  'tags': ({[key: string]: string});
}
