import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { AdaptiveBatchSize as _tuneforge_v1_AdaptiveBatchSize, AdaptiveBatchSize__Output as _tuneforge_v1_AdaptiveBatchSize__Output } from './tuneforge/v1/AdaptiveBatchSize';
import type { AskRequest as _tuneforge_v1_AskRequest, AskRequest__Output as _tuneforge_v1_AskRequest__Output } from './tuneforge/v1/AskRequest';
import type { AskResponse as _tuneforge_v1_AskResponse, AskResponse__Output as _tuneforge_v1_AskResponse__Output } from './tuneforge/v1/AskResponse';
import type { AutoLearningRate as _tuneforge_v1_AutoLearningRate, AutoLearningRate__Output as _tuneforge_v1_AutoLearningRate__Output } from './tuneforge/v1/AutoLearningRate';
import type { BatchSizeRange as _tuneforge_v1_BatchSizeRange, BatchSizeRange__Output as _tuneforge_v1_BatchSizeRange__Output } from './tuneforge/v1/BatchSizeRange';
import type { BatchSizeSpec as _tuneforge_v1_BatchSizeSpec, BatchSizeSpec__Output as _tuneforge_v1_BatchSizeSpec__Output } from './tuneforge/v1/BatchSizeSpec';
import type { Budget as _tuneforge_v1_Budget, Budget__Output as _tuneforge_v1_Budget__Output } from './tuneforge/v1/Budget';
import type { CancelJobRequest as _tuneforge_v1_CancelJobRequest, CancelJobRequest__Output as _tuneforge_v1_CancelJobRequest__Output } from './tuneforge/v1/CancelJobRequest';
import type { CancelJobResponse as _tuneforge_v1_CancelJobResponse, CancelJobResponse__Output as _tuneforge_v1_CancelJobResponse__Output } from './tuneforge/v1/CancelJobResponse';
import type { CancelSweepRequest as _tuneforge_v1_CancelSweepRequest, CancelSweepRequest__Output as _tuneforge_v1_CancelSweepRequest__Output } from './tuneforge/v1/CancelSweepRequest';
import type { CancelSweepResponse as _tuneforge_v1_CancelSweepResponse, CancelSweepResponse__Output as _tuneforge_v1_CancelSweepResponse__Output } from './tuneforge/v1/CancelSweepResponse';
import type { CatalogDataset as _tuneforge_v1_CatalogDataset, CatalogDataset__Output as _tuneforge_v1_CatalogDataset__Output } from './tuneforge/v1/CatalogDataset';
import type { CatalogModel as _tuneforge_v1_CatalogModel, CatalogModel__Output as _tuneforge_v1_CatalogModel__Output } from './tuneforge/v1/CatalogModel';
import type { CatalogOptimizer as _tuneforge_v1_CatalogOptimizer, CatalogOptimizer__Output as _tuneforge_v1_CatalogOptimizer__Output } from './tuneforge/v1/CatalogOptimizer';
import type { CategoricalChoices as _tuneforge_v1_CategoricalChoices, CategoricalChoices__Output as _tuneforge_v1_CategoricalChoices__Output } from './tuneforge/v1/CategoricalChoices';
import type { CheckpointSpec as _tuneforge_v1_CheckpointSpec, CheckpointSpec__Output as _tuneforge_v1_CheckpointSpec__Output } from './tuneforge/v1/CheckpointSpec';
import type { CmaEsSampler as _tuneforge_v1_CmaEsSampler, CmaEsSampler__Output as _tuneforge_v1_CmaEsSampler__Output } from './tuneforge/v1/CmaEsSampler';
import type { CnnModel as _tuneforge_v1_CnnModel, CnnModel__Output as _tuneforge_v1_CnnModel__Output } from './tuneforge/v1/CnnModel';
import type { ConstantSchedule as _tuneforge_v1_ConstantSchedule, ConstantSchedule__Output as _tuneforge_v1_ConstantSchedule__Output } from './tuneforge/v1/ConstantSchedule';
import type { CosineSchedule as _tuneforge_v1_CosineSchedule, CosineSchedule__Output as _tuneforge_v1_CosineSchedule__Output } from './tuneforge/v1/CosineSchedule';
import type { CreateStudyRequest as _tuneforge_v1_CreateStudyRequest, CreateStudyRequest__Output as _tuneforge_v1_CreateStudyRequest__Output } from './tuneforge/v1/CreateStudyRequest';
import type { CreateStudyResponse as _tuneforge_v1_CreateStudyResponse, CreateStudyResponse__Output as _tuneforge_v1_CreateStudyResponse__Output } from './tuneforge/v1/CreateStudyResponse';
import type { CsrMatrix as _tuneforge_v1_CsrMatrix, CsrMatrix__Output as _tuneforge_v1_CsrMatrix__Output } from './tuneforge/v1/CsrMatrix';
import type { CurvatureEstimate as _tuneforge_v1_CurvatureEstimate, CurvatureEstimate__Output as _tuneforge_v1_CurvatureEstimate__Output } from './tuneforge/v1/CurvatureEstimate';
import type { CurvatureTarget as _tuneforge_v1_CurvatureTarget, CurvatureTarget__Output as _tuneforge_v1_CurvatureTarget__Output } from './tuneforge/v1/CurvatureTarget';
import type { CurvePoint as _tuneforge_v1_CurvePoint, CurvePoint__Output as _tuneforge_v1_CurvePoint__Output } from './tuneforge/v1/CurvePoint';
import type { DatasetSpec as _tuneforge_v1_DatasetSpec, DatasetSpec__Output as _tuneforge_v1_DatasetSpec__Output } from './tuneforge/v1/DatasetSpec';
import type { DeleteStudyRequest as _tuneforge_v1_DeleteStudyRequest, DeleteStudyRequest__Output as _tuneforge_v1_DeleteStudyRequest__Output } from './tuneforge/v1/DeleteStudyRequest';
import type { DeleteStudyResponse as _tuneforge_v1_DeleteStudyResponse, DeleteStudyResponse__Output as _tuneforge_v1_DeleteStudyResponse__Output } from './tuneforge/v1/DeleteStudyResponse';
import type { DenseMatrix as _tuneforge_v1_DenseMatrix, DenseMatrix__Output as _tuneforge_v1_DenseMatrix__Output } from './tuneforge/v1/DenseMatrix';
import type { DigitsDataset as _tuneforge_v1_DigitsDataset, DigitsDataset__Output as _tuneforge_v1_DigitsDataset__Output } from './tuneforge/v1/DigitsDataset';
import type { EnqueueTrialRequest as _tuneforge_v1_EnqueueTrialRequest, EnqueueTrialRequest__Output as _tuneforge_v1_EnqueueTrialRequest__Output } from './tuneforge/v1/EnqueueTrialRequest';
import type { EnqueueTrialResponse as _tuneforge_v1_EnqueueTrialResponse, EnqueueTrialResponse__Output as _tuneforge_v1_EnqueueTrialResponse__Output } from './tuneforge/v1/EnqueueTrialResponse';
import type { EntryPointModel as _tuneforge_v1_EntryPointModel, EntryPointModel__Output as _tuneforge_v1_EntryPointModel__Output } from './tuneforge/v1/EntryPointModel';
import type { EstimateStableLearningRateRequest as _tuneforge_v1_EstimateStableLearningRateRequest, EstimateStableLearningRateRequest__Output as _tuneforge_v1_EstimateStableLearningRateRequest__Output } from './tuneforge/v1/EstimateStableLearningRateRequest';
import type { EstimateStableLearningRateResponse as _tuneforge_v1_EstimateStableLearningRateResponse, EstimateStableLearningRateResponse__Output as _tuneforge_v1_EstimateStableLearningRateResponse__Output } from './tuneforge/v1/EstimateStableLearningRateResponse';
import type { EvaluationSpec as _tuneforge_v1_EvaluationSpec, EvaluationSpec__Output as _tuneforge_v1_EvaluationSpec__Output } from './tuneforge/v1/EvaluationSpec';
import type { FloatRange as _tuneforge_v1_FloatRange, FloatRange__Output as _tuneforge_v1_FloatRange__Output } from './tuneforge/v1/FloatRange';
import type { GetBestTrialsRequest as _tuneforge_v1_GetBestTrialsRequest, GetBestTrialsRequest__Output as _tuneforge_v1_GetBestTrialsRequest__Output } from './tuneforge/v1/GetBestTrialsRequest';
import type { GetBestTrialsResponse as _tuneforge_v1_GetBestTrialsResponse, GetBestTrialsResponse__Output as _tuneforge_v1_GetBestTrialsResponse__Output } from './tuneforge/v1/GetBestTrialsResponse';
import type { GetJobLogsRequest as _tuneforge_v1_GetJobLogsRequest, GetJobLogsRequest__Output as _tuneforge_v1_GetJobLogsRequest__Output } from './tuneforge/v1/GetJobLogsRequest';
import type { GetJobLogsResponse as _tuneforge_v1_GetJobLogsResponse, GetJobLogsResponse__Output as _tuneforge_v1_GetJobLogsResponse__Output } from './tuneforge/v1/GetJobLogsResponse';
import type { GetJobMetricsRequest as _tuneforge_v1_GetJobMetricsRequest, GetJobMetricsRequest__Output as _tuneforge_v1_GetJobMetricsRequest__Output } from './tuneforge/v1/GetJobMetricsRequest';
import type { GetJobMetricsResponse as _tuneforge_v1_GetJobMetricsResponse, GetJobMetricsResponse__Output as _tuneforge_v1_GetJobMetricsResponse__Output } from './tuneforge/v1/GetJobMetricsResponse';
import type { GetJobRequest as _tuneforge_v1_GetJobRequest, GetJobRequest__Output as _tuneforge_v1_GetJobRequest__Output } from './tuneforge/v1/GetJobRequest';
import type { GetJobResponse as _tuneforge_v1_GetJobResponse, GetJobResponse__Output as _tuneforge_v1_GetJobResponse__Output } from './tuneforge/v1/GetJobResponse';
import type { GetStudyRequest as _tuneforge_v1_GetStudyRequest, GetStudyRequest__Output as _tuneforge_v1_GetStudyRequest__Output } from './tuneforge/v1/GetStudyRequest';
import type { GetStudyResponse as _tuneforge_v1_GetStudyResponse, GetStudyResponse__Output as _tuneforge_v1_GetStudyResponse__Output } from './tuneforge/v1/GetStudyResponse';
import type { GetSweepRequest as _tuneforge_v1_GetSweepRequest, GetSweepRequest__Output as _tuneforge_v1_GetSweepRequest__Output } from './tuneforge/v1/GetSweepRequest';
import type { GetSweepResponse as _tuneforge_v1_GetSweepResponse, GetSweepResponse__Output as _tuneforge_v1_GetSweepResponse__Output } from './tuneforge/v1/GetSweepResponse';
import type { GetTrialRequest as _tuneforge_v1_GetTrialRequest, GetTrialRequest__Output as _tuneforge_v1_GetTrialRequest__Output } from './tuneforge/v1/GetTrialRequest';
import type { GetTrialResponse as _tuneforge_v1_GetTrialResponse, GetTrialResponse__Output as _tuneforge_v1_GetTrialResponse__Output } from './tuneforge/v1/GetTrialResponse';
import type { GpSampler as _tuneforge_v1_GpSampler, GpSampler__Output as _tuneforge_v1_GpSampler__Output } from './tuneforge/v1/GpSampler';
import type { GridAxis as _tuneforge_v1_GridAxis, GridAxis__Output as _tuneforge_v1_GridAxis__Output } from './tuneforge/v1/GridAxis';
import type { GridSampler as _tuneforge_v1_GridSampler, GridSampler__Output as _tuneforge_v1_GridSampler__Output } from './tuneforge/v1/GridSampler';
import type { HyperbandPruner as _tuneforge_v1_HyperbandPruner, HyperbandPruner__Output as _tuneforge_v1_HyperbandPruner__Output } from './tuneforge/v1/HyperbandPruner';
import type { HyperparameterSchema as _tuneforge_v1_HyperparameterSchema, HyperparameterSchema__Output as _tuneforge_v1_HyperparameterSchema__Output } from './tuneforge/v1/HyperparameterSchema';
import type { IntRange as _tuneforge_v1_IntRange, IntRange__Output as _tuneforge_v1_IntRange__Output } from './tuneforge/v1/IntRange';
import type { IntermediateValue as _tuneforge_v1_IntermediateValue, IntermediateValue__Output as _tuneforge_v1_IntermediateValue__Output } from './tuneforge/v1/IntermediateValue';
import type { Job as _tuneforge_v1_Job, Job__Output as _tuneforge_v1_Job__Output } from './tuneforge/v1/Job';
import type { JobEvent as _tuneforge_v1_JobEvent, JobEvent__Output as _tuneforge_v1_JobEvent__Output } from './tuneforge/v1/JobEvent';
import type { JobProgress as _tuneforge_v1_JobProgress, JobProgress__Output as _tuneforge_v1_JobProgress__Output } from './tuneforge/v1/JobProgress';
import type { JobResources as _tuneforge_v1_JobResources, JobResources__Output as _tuneforge_v1_JobResources__Output } from './tuneforge/v1/JobResources';
import type { JobSpec as _tuneforge_v1_JobSpec, JobSpec__Output as _tuneforge_v1_JobSpec__Output } from './tuneforge/v1/JobSpec';
import type { JobStateChange as _tuneforge_v1_JobStateChange, JobStateChange__Output as _tuneforge_v1_JobStateChange__Output } from './tuneforge/v1/JobStateChange';
import type { LearningRateCurveRequest as _tuneforge_v1_LearningRateCurveRequest, LearningRateCurveRequest__Output as _tuneforge_v1_LearningRateCurveRequest__Output } from './tuneforge/v1/LearningRateCurveRequest';
import type { LearningRateCurveResponse as _tuneforge_v1_LearningRateCurveResponse, LearningRateCurveResponse__Output as _tuneforge_v1_LearningRateCurveResponse__Output } from './tuneforge/v1/LearningRateCurveResponse';
import type { LinearDecaySchedule as _tuneforge_v1_LinearDecaySchedule, LinearDecaySchedule__Output as _tuneforge_v1_LinearDecaySchedule__Output } from './tuneforge/v1/LinearDecaySchedule';
import type { ListCatalogRequest as _tuneforge_v1_ListCatalogRequest, ListCatalogRequest__Output as _tuneforge_v1_ListCatalogRequest__Output } from './tuneforge/v1/ListCatalogRequest';
import type { ListCatalogResponse as _tuneforge_v1_ListCatalogResponse, ListCatalogResponse__Output as _tuneforge_v1_ListCatalogResponse__Output } from './tuneforge/v1/ListCatalogResponse';
import type { ListJobsRequest as _tuneforge_v1_ListJobsRequest, ListJobsRequest__Output as _tuneforge_v1_ListJobsRequest__Output } from './tuneforge/v1/ListJobsRequest';
import type { ListJobsResponse as _tuneforge_v1_ListJobsResponse, ListJobsResponse__Output as _tuneforge_v1_ListJobsResponse__Output } from './tuneforge/v1/ListJobsResponse';
import type { ListStudiesRequest as _tuneforge_v1_ListStudiesRequest, ListStudiesRequest__Output as _tuneforge_v1_ListStudiesRequest__Output } from './tuneforge/v1/ListStudiesRequest';
import type { ListStudiesResponse as _tuneforge_v1_ListStudiesResponse, ListStudiesResponse__Output as _tuneforge_v1_ListStudiesResponse__Output } from './tuneforge/v1/ListStudiesResponse';
import type { ListSweepsRequest as _tuneforge_v1_ListSweepsRequest, ListSweepsRequest__Output as _tuneforge_v1_ListSweepsRequest__Output } from './tuneforge/v1/ListSweepsRequest';
import type { ListSweepsResponse as _tuneforge_v1_ListSweepsResponse, ListSweepsResponse__Output as _tuneforge_v1_ListSweepsResponse__Output } from './tuneforge/v1/ListSweepsResponse';
import type { ListTrialsRequest as _tuneforge_v1_ListTrialsRequest, ListTrialsRequest__Output as _tuneforge_v1_ListTrialsRequest__Output } from './tuneforge/v1/ListTrialsRequest';
import type { ListTrialsResponse as _tuneforge_v1_ListTrialsResponse, ListTrialsResponse__Output as _tuneforge_v1_ListTrialsResponse__Output } from './tuneforge/v1/ListTrialsResponse';
import type { LogisticRegressionModel as _tuneforge_v1_LogisticRegressionModel, LogisticRegressionModel__Output as _tuneforge_v1_LogisticRegressionModel__Output } from './tuneforge/v1/LogisticRegressionModel';
import type { MedianPruner as _tuneforge_v1_MedianPruner, MedianPruner__Output as _tuneforge_v1_MedianPruner__Output } from './tuneforge/v1/MedianPruner';
import type { MlpModel as _tuneforge_v1_MlpModel, MlpModel__Output as _tuneforge_v1_MlpModel__Output } from './tuneforge/v1/MlpModel';
import type { ModelSpec as _tuneforge_v1_ModelSpec, ModelSpec__Output as _tuneforge_v1_ModelSpec__Output } from './tuneforge/v1/ModelSpec';
import type { NopPruner as _tuneforge_v1_NopPruner, NopPruner__Output as _tuneforge_v1_NopPruner__Output } from './tuneforge/v1/NopPruner';
import type { Nsga2Sampler as _tuneforge_v1_Nsga2Sampler, Nsga2Sampler__Output as _tuneforge_v1_Nsga2Sampler__Output } from './tuneforge/v1/Nsga2Sampler';
import type { Objective as _tuneforge_v1_Objective, Objective__Output as _tuneforge_v1_Objective__Output } from './tuneforge/v1/Objective';
import type { OptimizerSpec as _tuneforge_v1_OptimizerSpec, OptimizerSpec__Output as _tuneforge_v1_OptimizerSpec__Output } from './tuneforge/v1/OptimizerSpec';
import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from './tuneforge/v1/PageRequest';
import type { ParameterCondition as _tuneforge_v1_ParameterCondition, ParameterCondition__Output as _tuneforge_v1_ParameterCondition__Output } from './tuneforge/v1/ParameterCondition';
import type { ParameterSpec as _tuneforge_v1_ParameterSpec, ParameterSpec__Output as _tuneforge_v1_ParameterSpec__Output } from './tuneforge/v1/ParameterSpec';
import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from './tuneforge/v1/ParameterValue';
import type { PathDataset as _tuneforge_v1_PathDataset, PathDataset__Output as _tuneforge_v1_PathDataset__Output } from './tuneforge/v1/PathDataset';
import type { PercentilePruner as _tuneforge_v1_PercentilePruner, PercentilePruner__Output as _tuneforge_v1_PercentilePruner__Output } from './tuneforge/v1/PercentilePruner';
import type { PlanScheduleRequest as _tuneforge_v1_PlanScheduleRequest, PlanScheduleRequest__Output as _tuneforge_v1_PlanScheduleRequest__Output } from './tuneforge/v1/PlanScheduleRequest';
import type { PlanScheduleResponse as _tuneforge_v1_PlanScheduleResponse, PlanScheduleResponse__Output as _tuneforge_v1_PlanScheduleResponse__Output } from './tuneforge/v1/PlanScheduleResponse';
import type { PodPlacement as _tuneforge_v1_PodPlacement, PodPlacement__Output as _tuneforge_v1_PodPlacement__Output } from './tuneforge/v1/PodPlacement';
import type { PrunerConfig as _tuneforge_v1_PrunerConfig, PrunerConfig__Output as _tuneforge_v1_PrunerConfig__Output } from './tuneforge/v1/PrunerConfig';
import type { QmcSampler as _tuneforge_v1_QmcSampler, QmcSampler__Output as _tuneforge_v1_QmcSampler__Output } from './tuneforge/v1/QmcSampler';
import type { RandomSampler as _tuneforge_v1_RandomSampler, RandomSampler__Output as _tuneforge_v1_RandomSampler__Output } from './tuneforge/v1/RandomSampler';
import type { RefineScheduleRequest as _tuneforge_v1_RefineScheduleRequest, RefineScheduleRequest__Output as _tuneforge_v1_RefineScheduleRequest__Output } from './tuneforge/v1/RefineScheduleRequest';
import type { RefineScheduleResponse as _tuneforge_v1_RefineScheduleResponse, RefineScheduleResponse__Output as _tuneforge_v1_RefineScheduleResponse__Output } from './tuneforge/v1/RefineScheduleResponse';
import type { RefinedSchedule as _tuneforge_v1_RefinedSchedule, RefinedSchedule__Output as _tuneforge_v1_RefinedSchedule__Output } from './tuneforge/v1/RefinedSchedule';
import type { ReportIntermediateRequest as _tuneforge_v1_ReportIntermediateRequest, ReportIntermediateRequest__Output as _tuneforge_v1_ReportIntermediateRequest__Output } from './tuneforge/v1/ReportIntermediateRequest';
import type { ReportIntermediateResponse as _tuneforge_v1_ReportIntermediateResponse, ReportIntermediateResponse__Output as _tuneforge_v1_ReportIntermediateResponse__Output } from './tuneforge/v1/ReportIntermediateResponse';
import type { ResNet20Model as _tuneforge_v1_ResNet20Model, ResNet20Model__Output as _tuneforge_v1_ResNet20Model__Output } from './tuneforge/v1/ResNet20Model';
import type { SamplerConfig as _tuneforge_v1_SamplerConfig, SamplerConfig__Output as _tuneforge_v1_SamplerConfig__Output } from './tuneforge/v1/SamplerConfig';
import type { ScaleLearningRateRequest as _tuneforge_v1_ScaleLearningRateRequest, ScaleLearningRateRequest__Output as _tuneforge_v1_ScaleLearningRateRequest__Output } from './tuneforge/v1/ScaleLearningRateRequest';
import type { ScaleLearningRateResponse as _tuneforge_v1_ScaleLearningRateResponse, ScaleLearningRateResponse__Output as _tuneforge_v1_ScaleLearningRateResponse__Output } from './tuneforge/v1/ScaleLearningRateResponse';
import type { ScaledLearningRate as _tuneforge_v1_ScaledLearningRate, ScaledLearningRate__Output as _tuneforge_v1_ScaledLearningRate__Output } from './tuneforge/v1/ScaledLearningRate';
import type { ScheduleSegment as _tuneforge_v1_ScheduleSegment, ScheduleSegment__Output as _tuneforge_v1_ScheduleSegment__Output } from './tuneforge/v1/ScheduleSegment';
import type { ScheduleServiceClient as _tuneforge_v1_ScheduleServiceClient, ScheduleServiceDefinition as _tuneforge_v1_ScheduleServiceDefinition } from './tuneforge/v1/ScheduleService';
import type { ScheduleSpec as _tuneforge_v1_ScheduleSpec, ScheduleSpec__Output as _tuneforge_v1_ScheduleSpec__Output } from './tuneforge/v1/ScheduleSpec';
import type { StableLearningRate as _tuneforge_v1_StableLearningRate, StableLearningRate__Output as _tuneforge_v1_StableLearningRate__Output } from './tuneforge/v1/StableLearningRate';
import type { StepSchedule as _tuneforge_v1_StepSchedule, StepSchedule__Output as _tuneforge_v1_StepSchedule__Output } from './tuneforge/v1/StepSchedule';
import type { Study as _tuneforge_v1_Study, Study__Output as _tuneforge_v1_Study__Output } from './tuneforge/v1/Study';
import type { StudyServiceClient as _tuneforge_v1_StudyServiceClient, StudyServiceDefinition as _tuneforge_v1_StudyServiceDefinition } from './tuneforge/v1/StudyService';
import type { StudyServiceHeartbeatRequest as _tuneforge_v1_StudyServiceHeartbeatRequest, StudyServiceHeartbeatRequest__Output as _tuneforge_v1_StudyServiceHeartbeatRequest__Output } from './tuneforge/v1/StudyServiceHeartbeatRequest';
import type { StudyServiceHeartbeatResponse as _tuneforge_v1_StudyServiceHeartbeatResponse, StudyServiceHeartbeatResponse__Output as _tuneforge_v1_StudyServiceHeartbeatResponse__Output } from './tuneforge/v1/StudyServiceHeartbeatResponse';
import type { SubmitJobRequest as _tuneforge_v1_SubmitJobRequest, SubmitJobRequest__Output as _tuneforge_v1_SubmitJobRequest__Output } from './tuneforge/v1/SubmitJobRequest';
import type { SubmitJobResponse as _tuneforge_v1_SubmitJobResponse, SubmitJobResponse__Output as _tuneforge_v1_SubmitJobResponse__Output } from './tuneforge/v1/SubmitJobResponse';
import type { SubmitSweepRequest as _tuneforge_v1_SubmitSweepRequest, SubmitSweepRequest__Output as _tuneforge_v1_SubmitSweepRequest__Output } from './tuneforge/v1/SubmitSweepRequest';
import type { SubmitSweepResponse as _tuneforge_v1_SubmitSweepResponse, SubmitSweepResponse__Output as _tuneforge_v1_SubmitSweepResponse__Output } from './tuneforge/v1/SubmitSweepResponse';
import type { SuccessiveHalvingPruner as _tuneforge_v1_SuccessiveHalvingPruner, SuccessiveHalvingPruner__Output as _tuneforge_v1_SuccessiveHalvingPruner__Output } from './tuneforge/v1/SuccessiveHalvingPruner';
import type { Sweep as _tuneforge_v1_Sweep, Sweep__Output as _tuneforge_v1_Sweep__Output } from './tuneforge/v1/Sweep';
import type { SweepObjective as _tuneforge_v1_SweepObjective, SweepObjective__Output as _tuneforge_v1_SweepObjective__Output } from './tuneforge/v1/SweepObjective';
import type { SweepSpec as _tuneforge_v1_SweepSpec, SweepSpec__Output as _tuneforge_v1_SweepSpec__Output } from './tuneforge/v1/SweepSpec';
import type { SweepTrial as _tuneforge_v1_SweepTrial, SweepTrial__Output as _tuneforge_v1_SweepTrial__Output } from './tuneforge/v1/SweepTrial';
import type { SyntheticClassificationDataset as _tuneforge_v1_SyntheticClassificationDataset, SyntheticClassificationDataset__Output as _tuneforge_v1_SyntheticClassificationDataset__Output } from './tuneforge/v1/SyntheticClassificationDataset';
import type { SyntheticImagesDataset as _tuneforge_v1_SyntheticImagesDataset, SyntheticImagesDataset__Output as _tuneforge_v1_SyntheticImagesDataset__Output } from './tuneforge/v1/SyntheticImagesDataset';
import type { SyntheticRegressionDataset as _tuneforge_v1_SyntheticRegressionDataset, SyntheticRegressionDataset__Output as _tuneforge_v1_SyntheticRegressionDataset__Output } from './tuneforge/v1/SyntheticRegressionDataset';
import type { SyntheticTokensDataset as _tuneforge_v1_SyntheticTokensDataset, SyntheticTokensDataset__Output as _tuneforge_v1_SyntheticTokensDataset__Output } from './tuneforge/v1/SyntheticTokensDataset';
import type { TellRequest as _tuneforge_v1_TellRequest, TellRequest__Output as _tuneforge_v1_TellRequest__Output } from './tuneforge/v1/TellRequest';
import type { TellResponse as _tuneforge_v1_TellResponse, TellResponse__Output as _tuneforge_v1_TellResponse__Output } from './tuneforge/v1/TellResponse';
import type { TpeSampler as _tuneforge_v1_TpeSampler, TpeSampler__Output as _tuneforge_v1_TpeSampler__Output } from './tuneforge/v1/TpeSampler';
import type { TrainerServiceClient as _tuneforge_v1_TrainerServiceClient, TrainerServiceDefinition as _tuneforge_v1_TrainerServiceDefinition } from './tuneforge/v1/TrainerService';
import type { TransformerLmModel as _tuneforge_v1_TransformerLmModel, TransformerLmModel__Output as _tuneforge_v1_TransformerLmModel__Output } from './tuneforge/v1/TransformerLmModel';
import type { Trial as _tuneforge_v1_Trial, Trial__Output as _tuneforge_v1_Trial__Output } from './tuneforge/v1/Trial';
import type { TrialCounts as _tuneforge_v1_TrialCounts, TrialCounts__Output as _tuneforge_v1_TrialCounts__Output } from './tuneforge/v1/TrialCounts';
import type { WarmupStableDecaySchedule as _tuneforge_v1_WarmupStableDecaySchedule, WarmupStableDecaySchedule__Output as _tuneforge_v1_WarmupStableDecaySchedule__Output } from './tuneforge/v1/WarmupStableDecaySchedule';
import type { WatchJobRequest as _tuneforge_v1_WatchJobRequest, WatchJobRequest__Output as _tuneforge_v1_WatchJobRequest__Output } from './tuneforge/v1/WatchJobRequest';
import type { WatchJobResponse as _tuneforge_v1_WatchJobResponse, WatchJobResponse__Output as _tuneforge_v1_WatchJobResponse__Output } from './tuneforge/v1/WatchJobResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>
      NullValue: EnumTypeDefinition
      Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
      Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>
    }
  }
  tuneforge: {
    v1: {
      AdaptiveBatchSize: MessageTypeDefinition<_tuneforge_v1_AdaptiveBatchSize, _tuneforge_v1_AdaptiveBatchSize__Output>
      AskRequest: MessageTypeDefinition<_tuneforge_v1_AskRequest, _tuneforge_v1_AskRequest__Output>
      AskResponse: MessageTypeDefinition<_tuneforge_v1_AskResponse, _tuneforge_v1_AskResponse__Output>
      AutoLearningRate: MessageTypeDefinition<_tuneforge_v1_AutoLearningRate, _tuneforge_v1_AutoLearningRate__Output>
      BatchSizeRange: MessageTypeDefinition<_tuneforge_v1_BatchSizeRange, _tuneforge_v1_BatchSizeRange__Output>
      BatchSizeSpec: MessageTypeDefinition<_tuneforge_v1_BatchSizeSpec, _tuneforge_v1_BatchSizeSpec__Output>
      Budget: MessageTypeDefinition<_tuneforge_v1_Budget, _tuneforge_v1_Budget__Output>
      CancelJobRequest: MessageTypeDefinition<_tuneforge_v1_CancelJobRequest, _tuneforge_v1_CancelJobRequest__Output>
      CancelJobResponse: MessageTypeDefinition<_tuneforge_v1_CancelJobResponse, _tuneforge_v1_CancelJobResponse__Output>
      CancelSweepRequest: MessageTypeDefinition<_tuneforge_v1_CancelSweepRequest, _tuneforge_v1_CancelSweepRequest__Output>
      CancelSweepResponse: MessageTypeDefinition<_tuneforge_v1_CancelSweepResponse, _tuneforge_v1_CancelSweepResponse__Output>
      CatalogDataset: MessageTypeDefinition<_tuneforge_v1_CatalogDataset, _tuneforge_v1_CatalogDataset__Output>
      CatalogModel: MessageTypeDefinition<_tuneforge_v1_CatalogModel, _tuneforge_v1_CatalogModel__Output>
      CatalogOptimizer: MessageTypeDefinition<_tuneforge_v1_CatalogOptimizer, _tuneforge_v1_CatalogOptimizer__Output>
      CategoricalChoices: MessageTypeDefinition<_tuneforge_v1_CategoricalChoices, _tuneforge_v1_CategoricalChoices__Output>
      CheckpointSpec: MessageTypeDefinition<_tuneforge_v1_CheckpointSpec, _tuneforge_v1_CheckpointSpec__Output>
      CmaEsSampler: MessageTypeDefinition<_tuneforge_v1_CmaEsSampler, _tuneforge_v1_CmaEsSampler__Output>
      CnnModel: MessageTypeDefinition<_tuneforge_v1_CnnModel, _tuneforge_v1_CnnModel__Output>
      ConstantSchedule: MessageTypeDefinition<_tuneforge_v1_ConstantSchedule, _tuneforge_v1_ConstantSchedule__Output>
      CosineSchedule: MessageTypeDefinition<_tuneforge_v1_CosineSchedule, _tuneforge_v1_CosineSchedule__Output>
      CreateStudyRequest: MessageTypeDefinition<_tuneforge_v1_CreateStudyRequest, _tuneforge_v1_CreateStudyRequest__Output>
      CreateStudyResponse: MessageTypeDefinition<_tuneforge_v1_CreateStudyResponse, _tuneforge_v1_CreateStudyResponse__Output>
      CsrMatrix: MessageTypeDefinition<_tuneforge_v1_CsrMatrix, _tuneforge_v1_CsrMatrix__Output>
      CurvatureEstimate: MessageTypeDefinition<_tuneforge_v1_CurvatureEstimate, _tuneforge_v1_CurvatureEstimate__Output>
      CurvatureMatrix: EnumTypeDefinition
      CurvatureTarget: MessageTypeDefinition<_tuneforge_v1_CurvatureTarget, _tuneforge_v1_CurvatureTarget__Output>
      CurvePoint: MessageTypeDefinition<_tuneforge_v1_CurvePoint, _tuneforge_v1_CurvePoint__Output>
      DatasetSpec: MessageTypeDefinition<_tuneforge_v1_DatasetSpec, _tuneforge_v1_DatasetSpec__Output>
      DecayShape: EnumTypeDefinition
      DeleteStudyRequest: MessageTypeDefinition<_tuneforge_v1_DeleteStudyRequest, _tuneforge_v1_DeleteStudyRequest__Output>
      DeleteStudyResponse: MessageTypeDefinition<_tuneforge_v1_DeleteStudyResponse, _tuneforge_v1_DeleteStudyResponse__Output>
      DenseMatrix: MessageTypeDefinition<_tuneforge_v1_DenseMatrix, _tuneforge_v1_DenseMatrix__Output>
      DigitsDataset: MessageTypeDefinition<_tuneforge_v1_DigitsDataset, _tuneforge_v1_DigitsDataset__Output>
      Direction: EnumTypeDefinition
      EnqueueTrialRequest: MessageTypeDefinition<_tuneforge_v1_EnqueueTrialRequest, _tuneforge_v1_EnqueueTrialRequest__Output>
      EnqueueTrialResponse: MessageTypeDefinition<_tuneforge_v1_EnqueueTrialResponse, _tuneforge_v1_EnqueueTrialResponse__Output>
      EntryPointModel: MessageTypeDefinition<_tuneforge_v1_EntryPointModel, _tuneforge_v1_EntryPointModel__Output>
      EstimateStableLearningRateRequest: MessageTypeDefinition<_tuneforge_v1_EstimateStableLearningRateRequest, _tuneforge_v1_EstimateStableLearningRateRequest__Output>
      EstimateStableLearningRateResponse: MessageTypeDefinition<_tuneforge_v1_EstimateStableLearningRateResponse, _tuneforge_v1_EstimateStableLearningRateResponse__Output>
      EvaluationSpec: MessageTypeDefinition<_tuneforge_v1_EvaluationSpec, _tuneforge_v1_EvaluationSpec__Output>
      FloatRange: MessageTypeDefinition<_tuneforge_v1_FloatRange, _tuneforge_v1_FloatRange__Output>
      GetBestTrialsRequest: MessageTypeDefinition<_tuneforge_v1_GetBestTrialsRequest, _tuneforge_v1_GetBestTrialsRequest__Output>
      GetBestTrialsResponse: MessageTypeDefinition<_tuneforge_v1_GetBestTrialsResponse, _tuneforge_v1_GetBestTrialsResponse__Output>
      GetJobLogsRequest: MessageTypeDefinition<_tuneforge_v1_GetJobLogsRequest, _tuneforge_v1_GetJobLogsRequest__Output>
      GetJobLogsResponse: MessageTypeDefinition<_tuneforge_v1_GetJobLogsResponse, _tuneforge_v1_GetJobLogsResponse__Output>
      GetJobMetricsRequest: MessageTypeDefinition<_tuneforge_v1_GetJobMetricsRequest, _tuneforge_v1_GetJobMetricsRequest__Output>
      GetJobMetricsResponse: MessageTypeDefinition<_tuneforge_v1_GetJobMetricsResponse, _tuneforge_v1_GetJobMetricsResponse__Output>
      GetJobRequest: MessageTypeDefinition<_tuneforge_v1_GetJobRequest, _tuneforge_v1_GetJobRequest__Output>
      GetJobResponse: MessageTypeDefinition<_tuneforge_v1_GetJobResponse, _tuneforge_v1_GetJobResponse__Output>
      GetStudyRequest: MessageTypeDefinition<_tuneforge_v1_GetStudyRequest, _tuneforge_v1_GetStudyRequest__Output>
      GetStudyResponse: MessageTypeDefinition<_tuneforge_v1_GetStudyResponse, _tuneforge_v1_GetStudyResponse__Output>
      GetSweepRequest: MessageTypeDefinition<_tuneforge_v1_GetSweepRequest, _tuneforge_v1_GetSweepRequest__Output>
      GetSweepResponse: MessageTypeDefinition<_tuneforge_v1_GetSweepResponse, _tuneforge_v1_GetSweepResponse__Output>
      GetTrialRequest: MessageTypeDefinition<_tuneforge_v1_GetTrialRequest, _tuneforge_v1_GetTrialRequest__Output>
      GetTrialResponse: MessageTypeDefinition<_tuneforge_v1_GetTrialResponse, _tuneforge_v1_GetTrialResponse__Output>
      GpSampler: MessageTypeDefinition<_tuneforge_v1_GpSampler, _tuneforge_v1_GpSampler__Output>
      GradientNorm: EnumTypeDefinition
      GridAxis: MessageTypeDefinition<_tuneforge_v1_GridAxis, _tuneforge_v1_GridAxis__Output>
      GridSampler: MessageTypeDefinition<_tuneforge_v1_GridSampler, _tuneforge_v1_GridSampler__Output>
      HyperbandPruner: MessageTypeDefinition<_tuneforge_v1_HyperbandPruner, _tuneforge_v1_HyperbandPruner__Output>
      HyperparameterKind: EnumTypeDefinition
      HyperparameterSchema: MessageTypeDefinition<_tuneforge_v1_HyperparameterSchema, _tuneforge_v1_HyperparameterSchema__Output>
      IntRange: MessageTypeDefinition<_tuneforge_v1_IntRange, _tuneforge_v1_IntRange__Output>
      IntermediateValue: MessageTypeDefinition<_tuneforge_v1_IntermediateValue, _tuneforge_v1_IntermediateValue__Output>
      Job: MessageTypeDefinition<_tuneforge_v1_Job, _tuneforge_v1_Job__Output>
      JobEvent: MessageTypeDefinition<_tuneforge_v1_JobEvent, _tuneforge_v1_JobEvent__Output>
      JobProgress: MessageTypeDefinition<_tuneforge_v1_JobProgress, _tuneforge_v1_JobProgress__Output>
      JobResources: MessageTypeDefinition<_tuneforge_v1_JobResources, _tuneforge_v1_JobResources__Output>
      JobSpec: MessageTypeDefinition<_tuneforge_v1_JobSpec, _tuneforge_v1_JobSpec__Output>
      JobState: EnumTypeDefinition
      JobStateChange: MessageTypeDefinition<_tuneforge_v1_JobStateChange, _tuneforge_v1_JobStateChange__Output>
      LearningRateCurveRequest: MessageTypeDefinition<_tuneforge_v1_LearningRateCurveRequest, _tuneforge_v1_LearningRateCurveRequest__Output>
      LearningRateCurveResponse: MessageTypeDefinition<_tuneforge_v1_LearningRateCurveResponse, _tuneforge_v1_LearningRateCurveResponse__Output>
      LinearDecaySchedule: MessageTypeDefinition<_tuneforge_v1_LinearDecaySchedule, _tuneforge_v1_LinearDecaySchedule__Output>
      ListCatalogRequest: MessageTypeDefinition<_tuneforge_v1_ListCatalogRequest, _tuneforge_v1_ListCatalogRequest__Output>
      ListCatalogResponse: MessageTypeDefinition<_tuneforge_v1_ListCatalogResponse, _tuneforge_v1_ListCatalogResponse__Output>
      ListJobsRequest: MessageTypeDefinition<_tuneforge_v1_ListJobsRequest, _tuneforge_v1_ListJobsRequest__Output>
      ListJobsResponse: MessageTypeDefinition<_tuneforge_v1_ListJobsResponse, _tuneforge_v1_ListJobsResponse__Output>
      ListStudiesRequest: MessageTypeDefinition<_tuneforge_v1_ListStudiesRequest, _tuneforge_v1_ListStudiesRequest__Output>
      ListStudiesResponse: MessageTypeDefinition<_tuneforge_v1_ListStudiesResponse, _tuneforge_v1_ListStudiesResponse__Output>
      ListSweepsRequest: MessageTypeDefinition<_tuneforge_v1_ListSweepsRequest, _tuneforge_v1_ListSweepsRequest__Output>
      ListSweepsResponse: MessageTypeDefinition<_tuneforge_v1_ListSweepsResponse, _tuneforge_v1_ListSweepsResponse__Output>
      ListTrialsRequest: MessageTypeDefinition<_tuneforge_v1_ListTrialsRequest, _tuneforge_v1_ListTrialsRequest__Output>
      ListTrialsResponse: MessageTypeDefinition<_tuneforge_v1_ListTrialsResponse, _tuneforge_v1_ListTrialsResponse__Output>
      LogisticRegressionModel: MessageTypeDefinition<_tuneforge_v1_LogisticRegressionModel, _tuneforge_v1_LogisticRegressionModel__Output>
      MedianPruner: MessageTypeDefinition<_tuneforge_v1_MedianPruner, _tuneforge_v1_MedianPruner__Output>
      MlpModel: MessageTypeDefinition<_tuneforge_v1_MlpModel, _tuneforge_v1_MlpModel__Output>
      ModelSpec: MessageTypeDefinition<_tuneforge_v1_ModelSpec, _tuneforge_v1_ModelSpec__Output>
      NopPruner: MessageTypeDefinition<_tuneforge_v1_NopPruner, _tuneforge_v1_NopPruner__Output>
      Nsga2Sampler: MessageTypeDefinition<_tuneforge_v1_Nsga2Sampler, _tuneforge_v1_Nsga2Sampler__Output>
      Objective: MessageTypeDefinition<_tuneforge_v1_Objective, _tuneforge_v1_Objective__Output>
      OptimizerFamily: EnumTypeDefinition
      OptimizerSpec: MessageTypeDefinition<_tuneforge_v1_OptimizerSpec, _tuneforge_v1_OptimizerSpec__Output>
      PageRequest: MessageTypeDefinition<_tuneforge_v1_PageRequest, _tuneforge_v1_PageRequest__Output>
      ParameterCondition: MessageTypeDefinition<_tuneforge_v1_ParameterCondition, _tuneforge_v1_ParameterCondition__Output>
      ParameterSpec: MessageTypeDefinition<_tuneforge_v1_ParameterSpec, _tuneforge_v1_ParameterSpec__Output>
      ParameterValue: MessageTypeDefinition<_tuneforge_v1_ParameterValue, _tuneforge_v1_ParameterValue__Output>
      PathDataset: MessageTypeDefinition<_tuneforge_v1_PathDataset, _tuneforge_v1_PathDataset__Output>
      PercentilePruner: MessageTypeDefinition<_tuneforge_v1_PercentilePruner, _tuneforge_v1_PercentilePruner__Output>
      PlanScheduleRequest: MessageTypeDefinition<_tuneforge_v1_PlanScheduleRequest, _tuneforge_v1_PlanScheduleRequest__Output>
      PlanScheduleResponse: MessageTypeDefinition<_tuneforge_v1_PlanScheduleResponse, _tuneforge_v1_PlanScheduleResponse__Output>
      PodPlacement: MessageTypeDefinition<_tuneforge_v1_PodPlacement, _tuneforge_v1_PodPlacement__Output>
      Precision: EnumTypeDefinition
      PrunerConfig: MessageTypeDefinition<_tuneforge_v1_PrunerConfig, _tuneforge_v1_PrunerConfig__Output>
      QmcSampler: MessageTypeDefinition<_tuneforge_v1_QmcSampler, _tuneforge_v1_QmcSampler__Output>
      QmcType: EnumTypeDefinition
      RandomSampler: MessageTypeDefinition<_tuneforge_v1_RandomSampler, _tuneforge_v1_RandomSampler__Output>
      RefineScheduleRequest: MessageTypeDefinition<_tuneforge_v1_RefineScheduleRequest, _tuneforge_v1_RefineScheduleRequest__Output>
      RefineScheduleResponse: MessageTypeDefinition<_tuneforge_v1_RefineScheduleResponse, _tuneforge_v1_RefineScheduleResponse__Output>
      RefinedSchedule: MessageTypeDefinition<_tuneforge_v1_RefinedSchedule, _tuneforge_v1_RefinedSchedule__Output>
      ReportIntermediateRequest: MessageTypeDefinition<_tuneforge_v1_ReportIntermediateRequest, _tuneforge_v1_ReportIntermediateRequest__Output>
      ReportIntermediateResponse: MessageTypeDefinition<_tuneforge_v1_ReportIntermediateResponse, _tuneforge_v1_ReportIntermediateResponse__Output>
      ResNet20Model: MessageTypeDefinition<_tuneforge_v1_ResNet20Model, _tuneforge_v1_ResNet20Model__Output>
      SamplerConfig: MessageTypeDefinition<_tuneforge_v1_SamplerConfig, _tuneforge_v1_SamplerConfig__Output>
      ScaleLearningRateRequest: MessageTypeDefinition<_tuneforge_v1_ScaleLearningRateRequest, _tuneforge_v1_ScaleLearningRateRequest__Output>
      ScaleLearningRateResponse: MessageTypeDefinition<_tuneforge_v1_ScaleLearningRateResponse, _tuneforge_v1_ScaleLearningRateResponse__Output>
      ScaledLearningRate: MessageTypeDefinition<_tuneforge_v1_ScaledLearningRate, _tuneforge_v1_ScaledLearningRate__Output>
      ScalingRule: EnumTypeDefinition
      ScheduleSegment: MessageTypeDefinition<_tuneforge_v1_ScheduleSegment, _tuneforge_v1_ScheduleSegment__Output>
      /**
       * Learning-rate and batch-size rules: scaling rules, adaptive and refined schedules.
       */
      ScheduleService: SubtypeConstructor<typeof grpc.Client, _tuneforge_v1_ScheduleServiceClient> & { service: _tuneforge_v1_ScheduleServiceDefinition }
      ScheduleSpec: MessageTypeDefinition<_tuneforge_v1_ScheduleSpec, _tuneforge_v1_ScheduleSpec__Output>
      SegmentShape: EnumTypeDefinition
      StableLearningRate: MessageTypeDefinition<_tuneforge_v1_StableLearningRate, _tuneforge_v1_StableLearningRate__Output>
      StepSchedule: MessageTypeDefinition<_tuneforge_v1_StepSchedule, _tuneforge_v1_StepSchedule__Output>
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
      SubmitJobRequest: MessageTypeDefinition<_tuneforge_v1_SubmitJobRequest, _tuneforge_v1_SubmitJobRequest__Output>
      SubmitJobResponse: MessageTypeDefinition<_tuneforge_v1_SubmitJobResponse, _tuneforge_v1_SubmitJobResponse__Output>
      SubmitSweepRequest: MessageTypeDefinition<_tuneforge_v1_SubmitSweepRequest, _tuneforge_v1_SubmitSweepRequest__Output>
      SubmitSweepResponse: MessageTypeDefinition<_tuneforge_v1_SubmitSweepResponse, _tuneforge_v1_SubmitSweepResponse__Output>
      SuccessiveHalvingPruner: MessageTypeDefinition<_tuneforge_v1_SuccessiveHalvingPruner, _tuneforge_v1_SuccessiveHalvingPruner__Output>
      Sweep: MessageTypeDefinition<_tuneforge_v1_Sweep, _tuneforge_v1_Sweep__Output>
      SweepObjective: MessageTypeDefinition<_tuneforge_v1_SweepObjective, _tuneforge_v1_SweepObjective__Output>
      SweepSpec: MessageTypeDefinition<_tuneforge_v1_SweepSpec, _tuneforge_v1_SweepSpec__Output>
      SweepState: EnumTypeDefinition
      SweepTrial: MessageTypeDefinition<_tuneforge_v1_SweepTrial, _tuneforge_v1_SweepTrial__Output>
      SyntheticClassificationDataset: MessageTypeDefinition<_tuneforge_v1_SyntheticClassificationDataset, _tuneforge_v1_SyntheticClassificationDataset__Output>
      SyntheticImagesDataset: MessageTypeDefinition<_tuneforge_v1_SyntheticImagesDataset, _tuneforge_v1_SyntheticImagesDataset__Output>
      SyntheticRegressionDataset: MessageTypeDefinition<_tuneforge_v1_SyntheticRegressionDataset, _tuneforge_v1_SyntheticRegressionDataset__Output>
      SyntheticTokensDataset: MessageTypeDefinition<_tuneforge_v1_SyntheticTokensDataset, _tuneforge_v1_SyntheticTokensDataset__Output>
      Task: EnumTypeDefinition
      TellRequest: MessageTypeDefinition<_tuneforge_v1_TellRequest, _tuneforge_v1_TellRequest__Output>
      TellResponse: MessageTypeDefinition<_tuneforge_v1_TellResponse, _tuneforge_v1_TellResponse__Output>
      TpeSampler: MessageTypeDefinition<_tuneforge_v1_TpeSampler, _tuneforge_v1_TpeSampler__Output>
      /**
       * Runs optimizer jobs (PyTorch training with tuneforge's optimizers) in worker
       * processes on the server's machine, or as Kubernetes Jobs on a GPU node pool,
       * and drives sweeps: a study over any field of a job template, one job per trial.
       * A job is one JobSpec; its progress is a stream of numbered events that a client
       * can resume from any point. Every job is an MLflow run.
       */
      TrainerService: SubtypeConstructor<typeof grpc.Client, _tuneforge_v1_TrainerServiceClient> & { service: _tuneforge_v1_TrainerServiceDefinition }
      TransformerLmModel: MessageTypeDefinition<_tuneforge_v1_TransformerLmModel, _tuneforge_v1_TransformerLmModel__Output>
      Trial: MessageTypeDefinition<_tuneforge_v1_Trial, _tuneforge_v1_Trial__Output>
      TrialCounts: MessageTypeDefinition<_tuneforge_v1_TrialCounts, _tuneforge_v1_TrialCounts__Output>
      TrialState: EnumTypeDefinition
      WarmupStableDecaySchedule: MessageTypeDefinition<_tuneforge_v1_WarmupStableDecaySchedule, _tuneforge_v1_WarmupStableDecaySchedule__Output>
      WatchJobRequest: MessageTypeDefinition<_tuneforge_v1_WatchJobRequest, _tuneforge_v1_WatchJobRequest__Output>
      WatchJobResponse: MessageTypeDefinition<_tuneforge_v1_WatchJobResponse, _tuneforge_v1_WatchJobResponse__Output>
    }
  }
}

