// Original file: tuneforge/v1/tracker_service.proto

import type { Direction as _tuneforge_v1_Direction, Direction__Output as _tuneforge_v1_Direction__Output } from '../../tuneforge/v1/Direction';

export interface GetBestParamsRequest {
  /**
   * Id or name.
   */
  'experiment'?: (string);
  /**
   * The metric to rank finished runs by.
   */
  'metric'?: (string);
  /**
   * MINIMIZE when unspecified.
   */
  'direction'?: (_tuneforge_v1_Direction);
  /**
   * Optional extra MLflow filter.
   */
  'filter'?: (string);
}

export interface GetBestParamsRequest__Output {
  /**
   * Id or name.
   */
  'experiment': (string);
  /**
   * The metric to rank finished runs by.
   */
  'metric': (string);
  /**
   * MINIMIZE when unspecified.
   */
  'direction': (_tuneforge_v1_Direction__Output);
  /**
   * Optional extra MLflow filter.
   */
  'filter': (string);
}
