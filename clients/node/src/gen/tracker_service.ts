import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { CategoricalChoices as _tuneforge_v1_CategoricalChoices, CategoricalChoices__Output as _tuneforge_v1_CategoricalChoices__Output } from './tuneforge/v1/CategoricalChoices';
import type { CreateExperimentRequest as _tuneforge_v1_CreateExperimentRequest, CreateExperimentRequest__Output as _tuneforge_v1_CreateExperimentRequest__Output } from './tuneforge/v1/CreateExperimentRequest';
import type { CreateExperimentResponse as _tuneforge_v1_CreateExperimentResponse, CreateExperimentResponse__Output as _tuneforge_v1_CreateExperimentResponse__Output } from './tuneforge/v1/CreateExperimentResponse';
import type { CreateRunRequest as _tuneforge_v1_CreateRunRequest, CreateRunRequest__Output as _tuneforge_v1_CreateRunRequest__Output } from './tuneforge/v1/CreateRunRequest';
import type { CreateRunResponse as _tuneforge_v1_CreateRunResponse, CreateRunResponse__Output as _tuneforge_v1_CreateRunResponse__Output } from './tuneforge/v1/CreateRunResponse';
import type { CsrMatrix as _tuneforge_v1_CsrMatrix, CsrMatrix__Output as _tuneforge_v1_CsrMatrix__Output } from './tuneforge/v1/CsrMatrix';
import type { DenseMatrix as _tuneforge_v1_DenseMatrix, DenseMatrix__Output as _tuneforge_v1_DenseMatrix__Output } from './tuneforge/v1/DenseMatrix';
import type { EndRunRequest as _tuneforge_v1_EndRunRequest, EndRunRequest__Output as _tuneforge_v1_EndRunRequest__Output } from './tuneforge/v1/EndRunRequest';
import type { EndRunResponse as _tuneforge_v1_EndRunResponse, EndRunResponse__Output as _tuneforge_v1_EndRunResponse__Output } from './tuneforge/v1/EndRunResponse';
import type { Experiment as _tuneforge_v1_Experiment, Experiment__Output as _tuneforge_v1_Experiment__Output } from './tuneforge/v1/Experiment';
import type { FloatRange as _tuneforge_v1_FloatRange, FloatRange__Output as _tuneforge_v1_FloatRange__Output } from './tuneforge/v1/FloatRange';
import type { GetBestParamsRequest as _tuneforge_v1_GetBestParamsRequest, GetBestParamsRequest__Output as _tuneforge_v1_GetBestParamsRequest__Output } from './tuneforge/v1/GetBestParamsRequest';
import type { GetBestParamsResponse as _tuneforge_v1_GetBestParamsResponse, GetBestParamsResponse__Output as _tuneforge_v1_GetBestParamsResponse__Output } from './tuneforge/v1/GetBestParamsResponse';
import type { GetExperimentRequest as _tuneforge_v1_GetExperimentRequest, GetExperimentRequest__Output as _tuneforge_v1_GetExperimentRequest__Output } from './tuneforge/v1/GetExperimentRequest';
import type { GetExperimentResponse as _tuneforge_v1_GetExperimentResponse, GetExperimentResponse__Output as _tuneforge_v1_GetExperimentResponse__Output } from './tuneforge/v1/GetExperimentResponse';
import type { GetRunRequest as _tuneforge_v1_GetRunRequest, GetRunRequest__Output as _tuneforge_v1_GetRunRequest__Output } from './tuneforge/v1/GetRunRequest';
import type { GetRunResponse as _tuneforge_v1_GetRunResponse, GetRunResponse__Output as _tuneforge_v1_GetRunResponse__Output } from './tuneforge/v1/GetRunResponse';
import type { IntRange as _tuneforge_v1_IntRange, IntRange__Output as _tuneforge_v1_IntRange__Output } from './tuneforge/v1/IntRange';
import type { LogArtifactRequest as _tuneforge_v1_LogArtifactRequest, LogArtifactRequest__Output as _tuneforge_v1_LogArtifactRequest__Output } from './tuneforge/v1/LogArtifactRequest';
import type { LogArtifactResponse as _tuneforge_v1_LogArtifactResponse, LogArtifactResponse__Output as _tuneforge_v1_LogArtifactResponse__Output } from './tuneforge/v1/LogArtifactResponse';
import type { LogMetricsRequest as _tuneforge_v1_LogMetricsRequest, LogMetricsRequest__Output as _tuneforge_v1_LogMetricsRequest__Output } from './tuneforge/v1/LogMetricsRequest';
import type { LogMetricsResponse as _tuneforge_v1_LogMetricsResponse, LogMetricsResponse__Output as _tuneforge_v1_LogMetricsResponse__Output } from './tuneforge/v1/LogMetricsResponse';
import type { LogParamsRequest as _tuneforge_v1_LogParamsRequest, LogParamsRequest__Output as _tuneforge_v1_LogParamsRequest__Output } from './tuneforge/v1/LogParamsRequest';
import type { LogParamsResponse as _tuneforge_v1_LogParamsResponse, LogParamsResponse__Output as _tuneforge_v1_LogParamsResponse__Output } from './tuneforge/v1/LogParamsResponse';
import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from './tuneforge/v1/PageRequest';
import type { ParameterCondition as _tuneforge_v1_ParameterCondition, ParameterCondition__Output as _tuneforge_v1_ParameterCondition__Output } from './tuneforge/v1/ParameterCondition';
import type { ParameterSpec as _tuneforge_v1_ParameterSpec, ParameterSpec__Output as _tuneforge_v1_ParameterSpec__Output } from './tuneforge/v1/ParameterSpec';
import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from './tuneforge/v1/ParameterValue';
import type { Run as _tuneforge_v1_Run, Run__Output as _tuneforge_v1_Run__Output } from './tuneforge/v1/Run';
import type { RunMetric as _tuneforge_v1_RunMetric, RunMetric__Output as _tuneforge_v1_RunMetric__Output } from './tuneforge/v1/RunMetric';
import type { SearchRunsRequest as _tuneforge_v1_SearchRunsRequest, SearchRunsRequest__Output as _tuneforge_v1_SearchRunsRequest__Output } from './tuneforge/v1/SearchRunsRequest';
import type { SearchRunsResponse as _tuneforge_v1_SearchRunsResponse, SearchRunsResponse__Output as _tuneforge_v1_SearchRunsResponse__Output } from './tuneforge/v1/SearchRunsResponse';
import type { SetTagsRequest as _tuneforge_v1_SetTagsRequest, SetTagsRequest__Output as _tuneforge_v1_SetTagsRequest__Output } from './tuneforge/v1/SetTagsRequest';
import type { SetTagsResponse as _tuneforge_v1_SetTagsResponse, SetTagsResponse__Output as _tuneforge_v1_SetTagsResponse__Output } from './tuneforge/v1/SetTagsResponse';
import type { TrackerServiceClient as _tuneforge_v1_TrackerServiceClient, TrackerServiceDefinition as _tuneforge_v1_TrackerServiceDefinition } from './tuneforge/v1/TrackerService';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  tuneforge: {
    v1: {
      CategoricalChoices: MessageTypeDefinition<_tuneforge_v1_CategoricalChoices, _tuneforge_v1_CategoricalChoices__Output>
      CreateExperimentRequest: MessageTypeDefinition<_tuneforge_v1_CreateExperimentRequest, _tuneforge_v1_CreateExperimentRequest__Output>
      CreateExperimentResponse: MessageTypeDefinition<_tuneforge_v1_CreateExperimentResponse, _tuneforge_v1_CreateExperimentResponse__Output>
      CreateRunRequest: MessageTypeDefinition<_tuneforge_v1_CreateRunRequest, _tuneforge_v1_CreateRunRequest__Output>
      CreateRunResponse: MessageTypeDefinition<_tuneforge_v1_CreateRunResponse, _tuneforge_v1_CreateRunResponse__Output>
      CsrMatrix: MessageTypeDefinition<_tuneforge_v1_CsrMatrix, _tuneforge_v1_CsrMatrix__Output>
      DenseMatrix: MessageTypeDefinition<_tuneforge_v1_DenseMatrix, _tuneforge_v1_DenseMatrix__Output>
      Direction: EnumTypeDefinition
      EndRunRequest: MessageTypeDefinition<_tuneforge_v1_EndRunRequest, _tuneforge_v1_EndRunRequest__Output>
      EndRunResponse: MessageTypeDefinition<_tuneforge_v1_EndRunResponse, _tuneforge_v1_EndRunResponse__Output>
      Experiment: MessageTypeDefinition<_tuneforge_v1_Experiment, _tuneforge_v1_Experiment__Output>
      FloatRange: MessageTypeDefinition<_tuneforge_v1_FloatRange, _tuneforge_v1_FloatRange__Output>
      GetBestParamsRequest: MessageTypeDefinition<_tuneforge_v1_GetBestParamsRequest, _tuneforge_v1_GetBestParamsRequest__Output>
      GetBestParamsResponse: MessageTypeDefinition<_tuneforge_v1_GetBestParamsResponse, _tuneforge_v1_GetBestParamsResponse__Output>
      GetExperimentRequest: MessageTypeDefinition<_tuneforge_v1_GetExperimentRequest, _tuneforge_v1_GetExperimentRequest__Output>
      GetExperimentResponse: MessageTypeDefinition<_tuneforge_v1_GetExperimentResponse, _tuneforge_v1_GetExperimentResponse__Output>
      GetRunRequest: MessageTypeDefinition<_tuneforge_v1_GetRunRequest, _tuneforge_v1_GetRunRequest__Output>
      GetRunResponse: MessageTypeDefinition<_tuneforge_v1_GetRunResponse, _tuneforge_v1_GetRunResponse__Output>
      IntRange: MessageTypeDefinition<_tuneforge_v1_IntRange, _tuneforge_v1_IntRange__Output>
      LogArtifactRequest: MessageTypeDefinition<_tuneforge_v1_LogArtifactRequest, _tuneforge_v1_LogArtifactRequest__Output>
      LogArtifactResponse: MessageTypeDefinition<_tuneforge_v1_LogArtifactResponse, _tuneforge_v1_LogArtifactResponse__Output>
      LogMetricsRequest: MessageTypeDefinition<_tuneforge_v1_LogMetricsRequest, _tuneforge_v1_LogMetricsRequest__Output>
      LogMetricsResponse: MessageTypeDefinition<_tuneforge_v1_LogMetricsResponse, _tuneforge_v1_LogMetricsResponse__Output>
      LogParamsRequest: MessageTypeDefinition<_tuneforge_v1_LogParamsRequest, _tuneforge_v1_LogParamsRequest__Output>
      LogParamsResponse: MessageTypeDefinition<_tuneforge_v1_LogParamsResponse, _tuneforge_v1_LogParamsResponse__Output>
      PageRequest: MessageTypeDefinition<_tuneforge_v1_PageRequest, _tuneforge_v1_PageRequest__Output>
      ParameterCondition: MessageTypeDefinition<_tuneforge_v1_ParameterCondition, _tuneforge_v1_ParameterCondition__Output>
      ParameterSpec: MessageTypeDefinition<_tuneforge_v1_ParameterSpec, _tuneforge_v1_ParameterSpec__Output>
      ParameterValue: MessageTypeDefinition<_tuneforge_v1_ParameterValue, _tuneforge_v1_ParameterValue__Output>
      Run: MessageTypeDefinition<_tuneforge_v1_Run, _tuneforge_v1_Run__Output>
      RunMetric: MessageTypeDefinition<_tuneforge_v1_RunMetric, _tuneforge_v1_RunMetric__Output>
      RunStatus: EnumTypeDefinition
      SearchRunsRequest: MessageTypeDefinition<_tuneforge_v1_SearchRunsRequest, _tuneforge_v1_SearchRunsRequest__Output>
      SearchRunsResponse: MessageTypeDefinition<_tuneforge_v1_SearchRunsResponse, _tuneforge_v1_SearchRunsResponse__Output>
      SetTagsRequest: MessageTypeDefinition<_tuneforge_v1_SetTagsRequest, _tuneforge_v1_SetTagsRequest__Output>
      SetTagsResponse: MessageTypeDefinition<_tuneforge_v1_SetTagsResponse, _tuneforge_v1_SetTagsResponse__Output>
      /**
       * MLflow-backed record of every trial, decision and run: experiments (one per study,
       * relaxation sequence or training job), runs (one per trial or job), their params,
       * metrics, tags and small artifacts. Embedded: MLflow's SQLite store and a local
       * artifact directory under the server's home; in a cluster, any MLflow tracking URI.
       */
      TrackerService: SubtypeConstructor<typeof grpc.Client, _tuneforge_v1_TrackerServiceClient> & { service: _tuneforge_v1_TrackerServiceDefinition }
    }
  }
}

