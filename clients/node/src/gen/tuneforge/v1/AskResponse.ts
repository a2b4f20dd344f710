// Original file: tuneforge/v1/study_service.proto

import type { Trial as _tuneforge_v1_Trial, Trial__Output as _tuneforge_v1_Trial__Output } from '../../tuneforge/v1/Trial';

export interface AskResponse {
  'trials'?: (_tuneforge_v1_Trial)[];
  /**
   * Send Heartbeat for each trial more often than this.
   */
  'leaseSeconds'?: (number);
}

export interface AskResponse__Output {
  'trials': (_tuneforge_v1_Trial__Output)[];
  /**
   * Send Heartbeat for each trial more often than this.
   */
  'leaseSeconds': (number);
}
