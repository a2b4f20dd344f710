import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { AskRequest as _tuneforge_v1_AskRequest, AskRequest__Output as _tuneforge_v1_AskRequest__Output } from './tuneforge/v1/AskRequest';
import type { AskResponse as _tuneforge_v1_AskResponse, AskResponse__Output as _tuneforge_v1_AskResponse__Output } from './tuneforge/v1/AskResponse';
import type { CategoricalChoices as _tuneforge_v1_CategoricalChoices, CategoricalChoices__Output as _tuneforge_v1_CategoricalChoices__Output } from './tuneforge/v1/CategoricalChoices';
import type { CmaEsSampler as _tuneforge_v1_CmaEsSampler, CmaEsSampler__Output as _tuneforge_v1_CmaEsSampler__Output } from './tuneforge/v1/CmaEsSampler';
import type { CreateStudyRequest as _tuneforge_v1_CreateStudyRequest, CreateStudyRequest__Output as _tuneforge_v1_CreateStudyRequest__Output } from './tuneforge/v1/CreateStudyRequest';
import type { CreateStudyResponse as _tuneforge_v1_CreateStudyResponse, CreateStudyResponse__Output as _tuneforge_v1_CreateStudyResponse__Output } from './tuneforge/v1/CreateStudyResponse';
import type { CsrMatrix as _tuneforge_v1_CsrMatrix, CsrMatrix__Output as _tuneforge_v1_CsrMatrix__Output } from './tuneforge/v1/CsrMatrix';
import type { DeleteStudyRequest as _tuneforge_v1_DeleteStudyRequest, DeleteStudyRequest__Output as _tuneforge_v1_DeleteStudyRequest__Output } from './tuneforge/v1/DeleteStudyRequest';
import type { DeleteStudyResponse as _tuneforge_v1_DeleteStudyResponse, DeleteStudyResponse__Output as _tuneforge_v1_DeleteStudyResponse__Output } from './tuneforge/v1/DeleteStudyResponse';
import type { DenseMatrix as _tuneforge_v1_DenseMatrix, DenseMatrix__Output as _tuneforge_v1_DenseMatrix__Output } from './tuneforge/v1/DenseMatrix';
import type { EnqueueTrialRequest as _tuneforge_v1_EnqueueTrialRequest, EnqueueTrialRequest__Output as _tuneforge_v1_EnqueueTrialRequest__Output } from './tuneforge/v1/EnqueueTrialRequest';
import type { EnqueueTrialResponse as _tuneforge_v1_EnqueueTrialResponse, EnqueueTrialResponse__Output as _tuneforge_v1_EnqueueTrialResponse__Output } from './tuneforge/v1/EnqueueTrialResponse';
import type { FloatRange as _tuneforge_v1_FloatRange, FloatRange__Output as _tuneforge_v1_FloatRange__Output } from './tuneforge/v1/FloatRange';
import type { GetBestTrialsRequest as _tuneforge_v1_GetBestTrialsRequest, GetBestTrialsRequest__Output as _tuneforge_v1_GetBestTrialsRequest__Output } from './tuneforge/v1/GetBestTrialsRequest';
import type { GetBestTrialsResponse as _tuneforge_v1_GetBestTrialsResponse, GetBestTrialsResponse__Output as _tuneforge_v1_GetBestTrialsResponse__Output } from './tuneforge/v1/GetBestTrialsResponse';
import type { GetStudyRequest as _tuneforge_v1_GetStudyRequest, GetStudyRequest__Output as _tuneforge_v1_GetStudyRequest__Output } from './tuneforge/v1/GetStudyRequest';
import type { GetStudyResponse as _tuneforge_v1_GetStudyResponse, GetStudyResponse__Output as _tuneforge_v1_GetStudyResponse__Output } from './tuneforge/v1/GetStudyResponse';
import type { GetTrialRequest as _tuneforge_v1_GetTrialRequest, GetTrialRequest__Output as _tuneforge_v1_GetTrialRequest__Output } from './tuneforge/v1/GetTrialRequest';
import type { GetTrialResponse as _tuneforge_v1_GetTrialResponse, GetTrialResponse__Output as _tuneforge_v1_GetTrialResponse__Output } from './tuneforge/v1/GetTrialResponse';
import type { GpSampler as _tuneforge_v1_GpSampler, GpSampler__Output as _tuneforge_v1_GpSampler__Output } from './tuneforge/v1/GpSampler';
import type { GridAxis as _tuneforge_v1_GridAxis, GridAxis__Output as _tuneforge_v1_GridAxis__Output } from './tuneforge/v1/GridAxis';
import type { GridSampler as _tuneforge_v1_GridSampler, GridSampler__Output as _tuneforge_v1_GridSampler__Output } from './tuneforge/v1/GridSampler';
import type { HyperbandPruner as _tuneforge_v1_HyperbandPruner, HyperbandPruner__Output as _tuneforge_v1_HyperbandPruner__Output } from './tuneforge/v1/HyperbandPruner';
import type { IntRange as _tuneforge_v1_IntRange, IntRange__Output as _tuneforge_v1_IntRange__Output } from './tuneforge/v1/IntRange';
import type { IntermediateValue as _tuneforge_v1_IntermediateValue, IntermediateValue__Output as _tuneforge_v1_IntermediateValue__Output } from './tuneforge/v1/IntermediateValue';
import type { ListStudiesRequest as _tuneforge_v1_ListStudiesRequest, ListStudiesRequest__Output as _tuneforge_v1_ListStudiesRequest__Output } from './tuneforge/v1/ListStudiesRequest';
import type { ListStudiesResponse as _tuneforge_v1_ListStudiesResponse, ListStudiesResponse__Output as _tuneforge_v1_ListStudiesResponse__Output } from './tuneforge/v1/ListStudiesResponse';
import type { ListTrialsRequest as _tuneforge_v1_ListTrialsRequest, ListTrialsRequest__Output as _tuneforge_v1_ListTrialsRequest__Output } from './tuneforge/v1/ListTrialsRequest';
import type { ListTrialsResponse as _tuneforge_v1_ListTrialsResponse, ListTrialsResponse__Output as _tuneforge_v1_ListTrialsResponse__Output } from './tuneforge/v1/ListTrialsResponse';
import type { MedianPruner as _tuneforge_v1_MedianPruner, MedianPruner__Output as _tuneforge_v1_MedianPruner__Output } from './tuneforge/v1/MedianPruner';
import type { NopPruner as _tuneforge_v1_NopPruner, NopPruner__Output as _tuneforge_v1_NopPruner__Output } from './tuneforge/v1/NopPruner';
import type { Nsga2Sampler as _tuneforge_v1_Nsga2Sampler, Nsga2Sampler__Output as _tuneforge_v1_Nsga2Sampler__Output } from './tuneforge/v1/Nsga2Sampler';
import type { Objective as _tuneforge_v1_Objective, Objective__Output as _tuneforge_v1_Objective__Output } from './tuneforge/v1/Objective';
import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from './tuneforge/v1/PageRequest';
import type { ParameterCondition as _tuneforge_v1_ParameterCondition, ParameterCondition__Output as _tuneforge_v1_ParameterCondition__Output } from './tuneforge/v1/ParameterCondition';
import type { ParameterSpec as _tuneforge_v1_ParameterSpec, ParameterSpec__Output as _tuneforge_v1_ParameterSpec__Output } from './tuneforge/v1/ParameterSpec';
import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from './tuneforge/v1/ParameterValue';
import type { PercentilePruner as _tuneforge_v1_PercentilePruner, PercentilePruner__Output as _tuneforge_v1_PercentilePruner__Output } from './tuneforge/v1/PercentilePruner';
import type { PrunerConfig as _tuneforge_v1_PrunerConfig, PrunerConfig__Output as _tuneforge_v1_PrunerConfig__Output } from './tuneforge/v1/PrunerConfig';
import type { QmcSampler as _tuneforge_v1_QmcSampler, QmcSampler__Output as _tuneforge_v1_QmcSampler__Output } from './tuneforge/v1/QmcSampler';
import type { RandomSampler as _tuneforge_v1_RandomSampler, RandomSampler__Output as _tuneforge_v1_RandomSampler__Output } from './tuneforge/v1/RandomSampler';
import type { ReportIntermediateRequest as _tuneforge_v1_ReportIntermediateRequest, ReportIntermediateRequest__Output as _tuneforge_v1_ReportIntermediateRequest__Output } from './tuneforge/v1/ReportIntermediateRequest';
import type { ReportIntermediateResponse as _tuneforge_v1_ReportIntermediateResponse, ReportIntermediateResponse__Output as _tuneforge_v1_ReportIntermediateResponse__Output } from './tuneforge/v1/ReportIntermediateResponse';
import type { SamplerConfig as _tuneforge_v1_SamplerConfig, SamplerConfig__Output as _tuneforge_v1_SamplerConfig__Output } from './tuneforge/v1/SamplerConfig';
import type { Study as _tuneforge_v1_Study, Study__Output as _tuneforge_v1_Study__Output } from './tuneforge/v1/Study';
import type { StudyServiceClient as _tuneforge_v1_StudyServiceClient, StudyServiceDefinition as _tuneforge_v1_StudyServiceDefinition } from './tuneforge/v1/StudyService';
import type { StudyServiceHeartbeatRequest as _tuneforge_v1_StudyServiceHeartbeatRequest, StudyServiceHeartbeatRequest__Output as _tuneforge_v1_StudyServiceHeartbeatRequest__Output } from './tuneforge/v1/StudyServiceHeartbeatRequest';
import type { StudyServiceHeartbeatResponse as _tuneforge_v1_StudyServiceHeartbeatResponse, StudyServiceHeartbeatResponse__Output as _tuneforge_v1_StudyServiceHeartbeatResponse__Output } from './tuneforge/v1/StudyServiceHeartbeatResponse';
import type { SuccessiveHalvingPruner as _tuneforge_v1_SuccessiveHalvingPruner, SuccessiveHalvingPruner__Output as _tuneforge_v1_SuccessiveHalvingPruner__Output } from './tuneforge/v1/SuccessiveHalvingPruner';
import type { TellRequest as _tuneforge_v1_TellRequest, TellRequest__Output as _tuneforge_v1_TellRequest__Output } from './tuneforge/v1/TellRequest';
import type { TellResponse as _tuneforge_v1_TellResponse, TellResponse__Output as _tuneforge_v1_TellResponse__Output } from './tuneforge/v1/TellResponse';
import type { TpeSampler as _tuneforge_v1_TpeSampler, TpeSampler__Output as _tuneforge_v1_TpeSampler__Output } from './tuneforge/v1/TpeSampler';
import type { Trial as _tuneforge_v1_Trial, Trial__Output as _tuneforge_v1_Trial__Output } from './tuneforge/v1/Trial';
import type { TrialCounts as _tuneforge_v1_TrialCounts, TrialCounts__Output as _tuneforge_v1_TrialCounts__Output } from './tuneforge/v1/TrialCounts';

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
      AskRequest: MessageTypeDefinition<_tuneforge_v1_AskRequest, _tuneforge_v1_AskRequest__Output>
      AskResponse: MessageTypeDefinition<_tuneforge_v1_AskResponse, _tuneforge_v1_AskResponse__Output>
      CategoricalChoices: MessageTypeDefinition<_tuneforge_v1_CategoricalChoices, _tuneforge_v1_CategoricalChoices__Output>
      CmaEsSampler: MessageTypeDefinition<_tuneforge_v1_CmaEsSampler, _tuneforge_v1_CmaEsSampler__Output>
      CreateStudyRequest: MessageTypeDefinition<_tuneforge_v1_CreateStudyRequest, _tuneforge_v1_CreateStudyRequest__Output>
      CreateStudyResponse: MessageTypeDefinition<_tuneforge_v1_CreateStudyResponse, _tuneforge_v1_CreateStudyResponse__Output>
      CsrMatrix: MessageTypeDefinition<_tuneforge_v1_CsrMatrix, _tuneforge_v1_CsrMatrix__Output>
      DeleteStudyRequest: MessageTypeDefinition<_tuneforge_v1_DeleteStudyRequest, _tuneforge_v1_DeleteStudyRequest__Output>
      DeleteStudyResponse: MessageTypeDefinition<_tuneforge_v1_DeleteStudyResponse, _tuneforge_v1_DeleteStudyResponse__Output>
      DenseMatrix: MessageTypeDefinition<_tuneforge_v1_DenseMatrix, _tuneforge_v1_DenseMatrix__Output>
      Direction: EnumTypeDefinition
      EnqueueTrialRequest: MessageTypeDefinition<_tuneforge_v1_EnqueueTrialRequest, _tuneforge_v1_EnqueueTrialRequest__Output>
      EnqueueTrialResponse: MessageTypeDefinition<_tuneforge_v1_EnqueueTrialResponse, _tuneforge_v1_EnqueueTrialResponse__Output>
      FloatRange: MessageTypeDefinition<_tuneforge_v1_FloatRange, _tuneforge_v1_FloatRange__Output>
      GetBestTrialsRequest: MessageTypeDefinition<_tuneforge_v1_GetBestTrialsRequest, _tuneforge_v1_GetBestTrialsRequest__Output>
      GetBestTrialsResponse: MessageTypeDefinition<_tuneforge_v1_GetBestTrialsResponse, _tuneforge_v1_GetBestTrialsResponse__Output>
      GetStudyRequest: MessageTypeDefinition<_tuneforge_v1_GetStudyRequest, _tuneforge_v1_GetStudyRequest__Output>
      GetStudyResponse: MessageTypeDefinition<_tuneforge_v1_GetStudyResponse, _tuneforge_v1_GetStudyResponse__Output>
      GetTrialRequest: MessageTypeDefinition<_tuneforge_v1_GetTrialRequest, _tuneforge_v1_GetTrialRequest__Output>
      GetTrialResponse: MessageTypeDefinition<_tuneforge_v1_GetTrialResponse, _tuneforge_v1_GetTrialResponse__Output>
      GpSampler: MessageTypeDefinition<_tuneforge_v1_GpSampler, _tuneforge_v1_GpSampler__Output>
      GridAxis: MessageTypeDefinition<_tuneforge_v1_GridAxis, _tuneforge_v1_GridAxis__Output>
      GridSampler: MessageTypeDefinition<_tuneforge_v1_GridSampler, _tuneforge_v1_GridSampler__Output>
      HyperbandPruner: MessageTypeDefinition<_tuneforge_v1_HyperbandPruner, _tuneforge_v1_HyperbandPruner__Output>
      IntRange: MessageTypeDefinition<_tuneforge_v1_IntRange, _tuneforge_v1_IntRange__Output>
      IntermediateValue: MessageTypeDefinition<_tuneforge_v1_IntermediateValue, _tuneforge_v1_IntermediateValue__Output>
      ListStudiesRequest: MessageTypeDefinition<_tuneforge_v1_ListStudiesRequest, _tuneforge_v1_ListStudiesRequest__Output>
      ListStudiesResponse: MessageTypeDefinition<_tuneforge_v1_ListStudiesResponse, _tuneforge_v1_ListStudiesResponse__Output>
      ListTrialsRequest: MessageTypeDefinition<_tuneforge_v1_ListTrialsRequest, _tuneforge_v1_ListTrialsRequest__Output>
      ListTrialsResponse: MessageTypeDefinition<_tuneforge_v1_ListTrialsResponse, _tuneforge_v1_ListTrialsResponse__Output>
      MedianPruner: MessageTypeDefinition<_tuneforge_v1_MedianPruner, _tuneforge_v1_MedianPruner__Output>
      NopPruner: MessageTypeDefinition<_tuneforge_v1_NopPruner, _tuneforge_v1_NopPruner__Output>
      Nsga2Sampler: MessageTypeDefinition<_tuneforge_v1_Nsga2Sampler, _tuneforge_v1_Nsga2Sampler__Output>
      Objective: MessageTypeDefinition<_tuneforge_v1_Objective, _tuneforge_v1_Objective__Output>
      PageRequest: MessageTypeDefinition<_tuneforge_v1_PageRequest, _tuneforge_v1_PageRequest__Output>
      ParameterCondition: MessageTypeDefinition<_tuneforge_v1_ParameterCondition, _tuneforge_v1_ParameterCondition__Output>
      ParameterSpec: MessageTypeDefinition<_tuneforge_v1_ParameterSpec, _tuneforge_v1_ParameterSpec__Output>
      ParameterValue: MessageTypeDefinition<_tuneforge_v1_ParameterValue, _tuneforge_v1_ParameterValue__Output>
      PercentilePruner: MessageTypeDefinition<_tuneforge_v1_PercentilePruner, _tuneforge_v1_PercentilePruner__Output>
      PrunerConfig: MessageTypeDefinition<_tuneforge_v1_PrunerConfig, _tuneforge_v1_PrunerConfig__Output>
      QmcSampler: MessageTypeDefinition<_tuneforge_v1_QmcSampler, _tuneforge_v1_QmcSampler__Output>
      QmcType: EnumTypeDefinition
      RandomSampler: MessageTypeDefinition<_tuneforge_v1_RandomSampler, _tuneforge_v1_RandomSampler__Output>
      ReportIntermediateRequest: MessageTypeDefinition<_tuneforge_v1_ReportIntermediateRequest, _tuneforge_v1_ReportIntermediateRequest__Output>
      ReportIntermediateResponse: MessageTypeDefinition<_tuneforge_v1_ReportIntermediateResponse, _tuneforge_v1_ReportIntermediateResponse__Output>
      SamplerConfig: MessageTypeDefinition<_tuneforge_v1_SamplerConfig, _tuneforge_v1_SamplerConfig__Output>
      Study: MessageTypeDefinition<_tuneforge_v1_Study, _tuneforge_v1_Study__Output>
      /**
       * Hyperparameter studies backed by Optuna, sampled on the server: any client asks
       * for parameters, tells results and is told when to prune. Studies live in Optuna's
       * own RDB schema in the SQL store, so optuna.load_study and optuna-dashboard open
       * them directly. Every finished trial is also logged to the tracker (MLflow).
       */
      StudyService: SubtypeConstructor<typeof grpc.Client, _tuneforge_v1_StudyServiceClient> & { service: _tuneforge_v1_StudyServiceDefinition }
      StudyServiceHeartbeatRequest: MessageTypeDefinition<_tuneforge_v1_StudyServiceHeartbeatRequest, _tuneforge_v1_StudyServiceHeartbeatRequest__Output>
      StudyServiceHeartbeatResponse: MessageTypeDefinition<_tuneforge_v1_StudyServiceHeartbeatResponse, _tuneforge_v1_StudyServiceHeartbeatResponse__Output>
      SuccessiveHalvingPruner: MessageTypeDefinition<_tuneforge_v1_SuccessiveHalvingPruner, _tuneforge_v1_SuccessiveHalvingPruner__Output>
      TellRequest: MessageTypeDefinition<_tuneforge_v1_TellRequest, _tuneforge_v1_TellRequest__Output>
      TellResponse: MessageTypeDefinition<_tuneforge_v1_TellResponse, _tuneforge_v1_TellResponse__Output>
      TpeSampler: MessageTypeDefinition<_tuneforge_v1_TpeSampler, _tuneforge_v1_TpeSampler__Output>
      Trial: MessageTypeDefinition<_tuneforge_v1_Trial, _tuneforge_v1_Trial__Output>
      TrialCounts: MessageTypeDefinition<_tuneforge_v1_TrialCounts, _tuneforge_v1_TrialCounts__Output>
      TrialState: EnumTypeDefinition
    }
  }
}

