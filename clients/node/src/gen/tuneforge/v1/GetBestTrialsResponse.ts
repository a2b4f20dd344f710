// Original file: tuneforge/v1/study_service.proto

import type { Trial as _tuneforge_v1_Trial, Trial__Output as _tuneforge_v1_Trial__Output } from '../../tuneforge/v1/Trial';

export interface GetBestTrialsResponse {
  /**
   * One trial (one objective) or the Pareto front; empty before any feasible COMPLETE trial.
   */
  'trials'?: (_tuneforge_v1_Trial)[];
}

export interface GetBestTrialsResponse__Output {
  /**
   * One trial (one objective) or the Pareto front; empty before any feasible COMPLETE trial.
   */
  'trials': (_tuneforge_v1_Trial__Output)[];
}
