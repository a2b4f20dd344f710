// Original file: tuneforge/v1/study_service.proto

import type { Objective as _tuneforge_v1_Objective, Objective__Output as _tuneforge_v1_Objective__Output } from '../../tuneforge/v1/Objective';
import type { ParameterSpec as _tuneforge_v1_ParameterSpec, ParameterSpec__Output as _tuneforge_v1_ParameterSpec__Output } from '../../tuneforge/v1/ParameterSpec';
import type { SamplerConfig as _tuneforge_v1_SamplerConfig, SamplerConfig__Output as _tuneforge_v1_SamplerConfig__Output } from '../../tuneforge/v1/SamplerConfig';
import type { PrunerConfig as _tuneforge_v1_PrunerConfig, PrunerConfig__Output as _tuneforge_v1_PrunerConfig__Output } from '../../tuneforge/v1/PrunerConfig';
import type { TrialCounts as _tuneforge_v1_TrialCounts, TrialCounts__Output as _tuneforge_v1_TrialCounts__Output } from '../../tuneforge/v1/TrialCounts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface Study {
  /**
   * Unique name: letters, digits, '.', '_', '-' (1-128).
   */
  'name'?: (string);
  /**
   * Optuna's study id in the database.
   */
  'id'?: (number | string | Long);
  'objectives'?: (_tuneforge_v1_Objective)[];
  'searchSpace'?: (_tuneforge_v1_ParameterSpec)[];
  'sampler'?: (_tuneforge_v1_SamplerConfig | null);
  'pruner'?: (_tuneforge_v1_PrunerConfig | null);
  /**
   * Names of the constraints; Tell carries one value each (<= 0 means satisfied).
   */
  'constraints'?: (string)[];
  'trialCounts'?: (_tuneforge_v1_TrialCounts | null);
  /**
   * Seconds a running trial lives without a heartbeat (this server's setting).
   */
  'leaseSeconds'?: (number);
  /**
   * The tracker experiment that holds this study's finished trials.
   */
  'trackerExperiment'?: (string);
  'createTime'?: (_google_protobuf_Timestamp | null);
}

export interface Study__Output {
  /**
   * Unique name: letters, digits, '.', '_', '-' (1-128).
   */
  'name': (string);
  /**
   * Optuna's study id in the database.
   */
  'id': (string);
  'objectives': (_tuneforge_v1_Objective__Output)[];
  'searchSpace': (_tuneforge_v1_ParameterSpec__Output)[];
  'sampler': (_tuneforge_v1_SamplerConfig__Output | null);
  'pruner': (_tuneforge_v1_PrunerConfig__Output | null);
  /**
   * Names of the constraints; Tell carries one value each (<= 0 means satisfied).
   */
  'constraints': (string)[];
  'trialCounts': (_tuneforge_v1_TrialCounts__Output | null);
  /**
   * Seconds a running trial lives without a heartbeat (this server's setting).
   */
  'leaseSeconds': (number);
  /**
   * The tracker experiment that holds this study's finished trials.
   */
  'trackerExperiment': (string);
  'createTime': (_google_protobuf_Timestamp__Output | null);
}
