// Original file: tuneforge/v1/tracker_service.proto

import type { Run as _tuneforge_v1_Run, Run__Output as _tuneforge_v1_Run__Output } from '../../tuneforge/v1/Run';

export interface GetBestParamsResponse {
  'run'?: (_tuneforge_v1_Run | null);
  'params'?: ({[key: string]: string});
  'value'?: (number | string);
}

export interface GetBestParamsResponse__Output {
  'run': (_tuneforge_v1_Run__Output | null);
  'params': ({[key: string]: string});
  'value': (number);
}
