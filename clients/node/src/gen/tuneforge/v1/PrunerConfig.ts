// Original file: tuneforge/v1/study_service.proto

import type { MedianPruner as _tuneforge_v1_MedianPruner, MedianPruner__Output as _tuneforge_v1_MedianPruner__Output } from '../../tuneforge/v1/MedianPruner';
import type { PercentilePruner as _tuneforge_v1_PercentilePruner, PercentilePruner__Output as _tuneforge_v1_PercentilePruner__Output } from '../../tuneforge/v1/PercentilePruner';
import type { SuccessiveHalvingPruner as _tuneforge_v1_SuccessiveHalvingPruner, SuccessiveHalvingPruner__Output as _tuneforge_v1_SuccessiveHalvingPruner__Output } from '../../tuneforge/v1/SuccessiveHalvingPruner';
import type { HyperbandPruner as _tuneforge_v1_HyperbandPruner, HyperbandPruner__Output as _tuneforge_v1_HyperbandPruner__Output } from '../../tuneforge/v1/HyperbandPruner';
import type { NopPruner as _tuneforge_v1_NopPruner, NopPruner__Output as _tuneforge_v1_NopPruner__Output } from '../../tuneforge/v1/NopPruner';

/**
 * Which pruner answers ReportIntermediate.
 */
export interface PrunerConfig {
  'median'?: (_tuneforge_v1_MedianPruner | null);
  'percentile'?: (_tuneforge_v1_PercentilePruner | null);
  'successiveHalving'?: (_tuneforge_v1_SuccessiveHalvingPruner | null);
  'hyperband'?: (_tuneforge_v1_HyperbandPruner | null);
  'none'?: (_tuneforge_v1_NopPruner | null);
  /**
   * Unset: median (Optuna's default).
   */
  'kind'?: "median"|"percentile"|"successiveHalving"|"hyperband"|"none";
}

/**
 * Which pruner answers ReportIntermediate.
 */
export interface PrunerConfig__Output {
  'median'?: (_tuneforge_v1_MedianPruner__Output | null);
  'percentile'?: (_tuneforge_v1_PercentilePruner__Output | null);
  'successiveHalving'?: (_tuneforge_v1_SuccessiveHalvingPruner__Output | null);
  'hyperband'?: (_tuneforge_v1_HyperbandPruner__Output | null);
  'none'?: (_tuneforge_v1_NopPruner__Output | null);
  /**
   * Unset: median (Optuna's default).
   */
  'kind'?: "median"|"percentile"|"successiveHalving"|"hyperband"|"none";
}
