// Original file: tuneforge/v1/study_service.proto

import type { TpeSampler as _tuneforge_v1_TpeSampler, TpeSampler__Output as _tuneforge_v1_TpeSampler__Output } from '../../tuneforge/v1/TpeSampler';
import type { GpSampler as _tuneforge_v1_GpSampler, GpSampler__Output as _tuneforge_v1_GpSampler__Output } from '../../tuneforge/v1/GpSampler';
import type { CmaEsSampler as _tuneforge_v1_CmaEsSampler, CmaEsSampler__Output as _tuneforge_v1_CmaEsSampler__Output } from '../../tuneforge/v1/CmaEsSampler';
import type { Nsga2Sampler as _tuneforge_v1_Nsga2Sampler, Nsga2Sampler__Output as _tuneforge_v1_Nsga2Sampler__Output } from '../../tuneforge/v1/Nsga2Sampler';
import type { QmcSampler as _tuneforge_v1_QmcSampler, QmcSampler__Output as _tuneforge_v1_QmcSampler__Output } from '../../tuneforge/v1/QmcSampler';
import type { RandomSampler as _tuneforge_v1_RandomSampler, RandomSampler__Output as _tuneforge_v1_RandomSampler__Output } from '../../tuneforge/v1/RandomSampler';
import type { GridSampler as _tuneforge_v1_GridSampler, GridSampler__Output as _tuneforge_v1_GridSampler__Output } from '../../tuneforge/v1/GridSampler';
import type { Long } from '@grpc/proto-loader';

/**
 * Which sampler proposes the configurations, with its options (unset ones take
 * Optuna's defaults).
 */
export interface SamplerConfig {
  'tpe'?: (_tuneforge_v1_TpeSampler | null);
  'gp'?: (_tuneforge_v1_GpSampler | null);
  'cmaes'?: (_tuneforge_v1_CmaEsSampler | null);
  'nsga2'?: (_tuneforge_v1_Nsga2Sampler | null);
  'qmc'?: (_tuneforge_v1_QmcSampler | null);
  'random'?: (_tuneforge_v1_RandomSampler | null);
  'grid'?: (_tuneforge_v1_GridSampler | null);
  /**
   * Unset: a fresh random seed per server process.
   */
  'seed'?: (number | string | Long);
  /**
   * Unset: TPE for one objective, NSGA-II for several.
   */
  'kind'?: "tpe"|"gp"|"cmaes"|"nsga2"|"qmc"|"random"|"grid";
  '_seed'?: "seed";
}

/**
 * Which sampler proposes the configurations, with its options (unset ones take
 * Optuna's defaults).
 */
export interface SamplerConfig__Output {
  'tpe'?: (_tuneforge_v1_TpeSampler__Output | null);
  'gp'?: (_tuneforge_v1_GpSampler__Output | null);
  'cmaes'?: (_tuneforge_v1_CmaEsSampler__Output | null);
  'nsga2'?: (_tuneforge_v1_Nsga2Sampler__Output | null);
  'qmc'?: (_tuneforge_v1_QmcSampler__Output | null);
  'random'?: (_tuneforge_v1_RandomSampler__Output | null);
  'grid'?: (_tuneforge_v1_GridSampler__Output | null);
  /**
   * Unset: a fresh random seed per server process.
   */
  'seed'?: (string);
  /**
   * Unset: TPE for one objective, NSGA-II for several.
   */
  'kind'?: "tpe"|"gp"|"cmaes"|"nsga2"|"qmc"|"random"|"grid";
  '_seed'?: "seed";
}
