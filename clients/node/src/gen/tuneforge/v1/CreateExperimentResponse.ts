// Original file: tuneforge/v1/tracker_service.proto

import type { Experiment as _tuneforge_v1_Experiment, Experiment__Output as _tuneforge_v1_Experiment__Output } from '../../tuneforge/v1/Experiment';

export interface CreateExperimentResponse {
  'experiment'?: (_tuneforge_v1_Experiment | null);
}

export interface CreateExperimentResponse__Output {
  'experiment': (_tuneforge_v1_Experiment__Output | null);
}
