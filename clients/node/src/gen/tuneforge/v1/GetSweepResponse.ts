// Original file: tuneforge/v1/trainer_service.proto

import type { Sweep as _tuneforge_v1_Sweep, Sweep__Output as _tuneforge_v1_Sweep__Output } from '../../tuneforge/v1/Sweep';

export interface GetSweepResponse {
  'sweep'?: (_tuneforge_v1_Sweep | null);
}

export interface GetSweepResponse__Output {
  'sweep': (_tuneforge_v1_Sweep__Output | null);
}
