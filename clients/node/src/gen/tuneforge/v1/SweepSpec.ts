// Original file: tuneforge/v1/trainer_service.proto

import type { JobSpec as _tuneforge_v1_JobSpec, JobSpec__Output as _tuneforge_v1_JobSpec__Output } from '../../tuneforge/v1/JobSpec';
import type { ParameterSpec as _tuneforge_v1_ParameterSpec, ParameterSpec__Output as _tuneforge_v1_ParameterSpec__Output } from '../../tuneforge/v1/ParameterSpec';
import type { SamplerConfig as _tuneforge_v1_SamplerConfig, SamplerConfig__Output as _tuneforge_v1_SamplerConfig__Output } from '../../tuneforge/v1/SamplerConfig';
import type { PrunerConfig as _tuneforge_v1_PrunerConfig, PrunerConfig__Output as _tuneforge_v1_PrunerConfig__Output } from '../../tuneforge/v1/PrunerConfig';
import type { SweepObjective as _tuneforge_v1_SweepObjective, SweepObjective__Output as _tuneforge_v1_SweepObjective__Output } from '../../tuneforge/v1/SweepObjective';

export interface SweepSpec {
  /**
   * A label for people (1-128 characters).
   */
  'name'?: (string);
  'labels'?: ({[key: string]: string});
  /**
   * The job every trial runs, with the trial's parameters written into it.
   */
  'template'?: (_tuneforge_v1_JobSpec | null);
  /**
   * Parameter names are field paths into the template in proto field names, map keys
   * as path segments: "optimizer.name", "optimizer.hyperparameters.lr",
   * "batch_size.fixed", "model.mlp.dropout".
   */
  'searchSpace'?: (_tuneforge_v1_ParameterSpec)[];
  'sampler'?: (_tuneforge_v1_SamplerConfig | null);
  /**
   * Pruned trials' jobs are cancelled and end PRUNED.
   */
  'pruner'?: (_tuneforge_v1_PrunerConfig | null);
  'objective'?: (_tuneforge_v1_SweepObjective | null);
  /**
   * Trials to run in all (1-10000).
   */
  'maxTrials'?: (number);
  /**
   * Trials running at once; 0 means 1.
   */
  'parallelism'?: (number);
}

export interface SweepSpec__Output {
  /**
   * A label for people (1-128 characters).
   */
  'name': (string);
  'labels': ({[key: string]: string});
  /**
   * The job every trial runs, with the trial's parameters written into it.
   */
  'template': (_tuneforge_v1_JobSpec__Output | null);
  /**
   * Parameter names are field paths into the template in proto field names, map keys
   * as path segments: "optimizer.name", "optimizer.hyperparameters.lr",
   * "batch_size.fixed", "model.mlp.dropout".
   */
  'searchSpace': (_tuneforge_v1_ParameterSpec__Output)[];
  'sampler': (_tuneforge_v1_SamplerConfig__Output | null);
  /**
   * Pruned trials' jobs are cancelled and end PRUNED.
   */
  'pruner': (_tuneforge_v1_PrunerConfig__Output | null);
  'objective': (_tuneforge_v1_SweepObjective__Output | null);
  /**
   * Trials to run in all (1-10000).
   */
  'maxTrials': (number);
  /**
   * Trials running at once; 0 means 1.
   */
  'parallelism': (number);
}
