// Original file: tuneforge/v1/trainer_service.proto

import type { Sweep as _tuneforge_v1_Sweep, Sweep__Output as _tuneforge_v1_Sweep__Output } from '../../tuneforge/v1/Sweep';

export interface ListSweepsResponse {
  /**
   * Without their trial lists (GetSweep has them).
   */
  'sweeps'?: (_tuneforge_v1_Sweep)[];
  'nextPageToken'?: (string);
}

export interface ListSweepsResponse__Output {
  /**
   * Without their trial lists (GetSweep has them).
   */
  'sweeps': (_tuneforge_v1_Sweep__Output)[];
  'nextPageToken': (string);
}
