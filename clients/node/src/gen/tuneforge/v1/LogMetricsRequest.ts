// Original file: tuneforge/v1/tracker_service.proto

import type { RunMetric as _tuneforge_v1_RunMetric, RunMetric__Output as _tuneforge_v1_RunMetric__Output } from '../../tuneforge/v1/RunMetric';

export interface LogMetricsRequest {
  'runId'?: (string);
  /**
   * At most 1000 per call.
   */
  'metrics'?: (_tuneforge_v1_RunMetric)[];
}

export interface LogMetricsRequest__Output {
  'runId': (string);
  /**
   * At most 1000 per call.
   */
  'metrics': (_tuneforge_v1_RunMetric__Output)[];
}
