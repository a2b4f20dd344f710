// Original file: tuneforge/v1/study_service.proto

import type { GridAxis as _tuneforge_v1_GridAxis, GridAxis__Output as _tuneforge_v1_GridAxis__Output } from '../../tuneforge/v1/GridAxis';

/**
 * Every combination of the axes, in random order. Parameters without an axis are
 * enumerated from the space (categorical choices, integer ranges and stepped floats
 * of at most 1000 points); a continuous float needs an axis.
 */
export interface GridSampler {
  'axes'?: (_tuneforge_v1_GridAxis)[];
}

/**
 * Every combination of the axes, in random order. Parameters without an axis are
 * enumerated from the space (categorical choices, integer ranges and stepped floats
 * of at most 1000 points); a continuous float needs an axis.
 */
export interface GridSampler__Output {
  'axes': (_tuneforge_v1_GridAxis__Output)[];
}
