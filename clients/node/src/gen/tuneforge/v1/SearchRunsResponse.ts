// Original file: tuneforge/v1/tracker_service.proto

import type { Run as _tuneforge_v1_Run, Run__Output as _tuneforge_v1_Run__Output } from '../../tuneforge/v1/Run';

export interface SearchRunsResponse {
  'runs'?: (_tuneforge_v1_Run)[];
  'nextPageToken'?: (string);
}

export interface SearchRunsResponse__Output {
  'runs': (_tuneforge_v1_Run__Output)[];
  'nextPageToken': (string);
}
