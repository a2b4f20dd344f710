// Original file: tuneforge/v1/study_service.proto

import type { QmcType as _tuneforge_v1_QmcType, QmcType__Output as _tuneforge_v1_QmcType__Output } from '../../tuneforge/v1/QmcType';

/**
 * Quasi-Monte Carlo points over the space.
 */
export interface QmcSampler {
  'qmcType'?: (_tuneforge_v1_QmcType);
  'scramble'?: (boolean);
}

/**
 * Quasi-Monte Carlo points over the space.
 */
export interface QmcSampler__Output {
  'qmcType': (_tuneforge_v1_QmcType__Output);
  'scramble': (boolean);
}
