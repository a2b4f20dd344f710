// Original file: tuneforge/v1/study_service.proto

import type { Objective as _tuneforge_v1_Objective, Objective__Output as _tuneforge_v1_Objective__Output } from '../../tuneforge/v1/Objective';
import type { ParameterSpec as _tuneforge_v1_ParameterSpec, ParameterSpec__Output as _tuneforge_v1_ParameterSpec__Output } from '../../tuneforge/v1/ParameterSpec';
import type { SamplerConfig as _tuneforge_v1_SamplerConfig, SamplerConfig__Output as _tuneforge_v1_SamplerConfig__Output } from '../../tuneforge/v1/SamplerConfig';
import type { PrunerConfig as _tuneforge_v1_PrunerConfig, PrunerConfig__Output as _tuneforge_v1_PrunerConfig__Output } from '../../tuneforge/v1/PrunerConfig';

export interface CreateStudyRequest {
  'name'?: (string);
  /**
   * At least one; several make a multi-objective study.
   */
  'objectives'?: (_tuneforge_v1_Objective)[];
  /**
   * At least one parameter; names unique; a condition's parent comes first.
   */
  'searchSpace'?: (_tuneforge_v1_ParameterSpec)[];
  'sampler'?: (_tuneforge_v1_SamplerConfig | null);
  'pruner'?: (_tuneforge_v1_PrunerConfig | null);
  /**
   * Names of constraints (TPE, GP and NSGA-II honour them).
   */
  'constraints'?: (string)[];
  /**
   * Return the existing study when the name is taken and the settings are identical.
   */
  'loadIfExists'?: (boolean);
}

export interface CreateStudyRequest__Output {
  'name': (string);
  /**
   * At least one; several make a multi-objective study.
   */
  'objectives': (_tuneforge_v1_Objective__Output)[];
  /**
   * At least one parameter; names unique; a condition's parent comes first.
   */
  'searchSpace': (_tuneforge_v1_ParameterSpec__Output)[];
  'sampler': (_tuneforge_v1_SamplerConfig__Output | null);
  'pruner': (_tuneforge_v1_PrunerConfig__Output | null);
  /**
   * Names of constraints (TPE, GP and NSGA-II honour them).
   */
  'constraints': (string)[];
  /**
   * Return the existing study when the name is taken and the settings are identical.
   */
  'loadIfExists': (boolean);
}
