// Original file: tuneforge/v1/study_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Trials per state.
 */
export interface TrialCounts {
  'running'?: (number | string | Long);
  'waiting'?: (number | string | Long);
  'complete'?: (number | string | Long);
  'pruned'?: (number | string | Long);
  'fail'?: (number | string | Long);
}

/**
 * Trials per state.
 */
export interface TrialCounts__Output {
  'running': (string);
  'waiting': (string);
  'complete': (string);
  'pruned': (string);
  'fail': (string);
}
