// Original file: tuneforge/v1/tracker_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateExperimentRequest as _tuneforge_v1_CreateExperimentRequest, CreateExperimentRequest__Output as _tuneforge_v1_CreateExperimentRequest__Output } from '../../tuneforge/v1/CreateExperimentRequest';
import type { CreateExperimentResponse as _tuneforge_v1_CreateExperimentResponse, CreateExperimentResponse__Output as _tuneforge_v1_CreateExperimentResponse__Output } from '../../tuneforge/v1/CreateExperimentResponse';
import type { CreateRunRequest as _tuneforge_v1_CreateRunRequest, CreateRunRequest__Output as _tuneforge_v1_CreateRunRequest__Output } from '../../tuneforge/v1/CreateRunRequest';
import type { CreateRunResponse as _tuneforge_v1_CreateRunResponse, CreateRunResponse__Output as _tuneforge_v1_CreateRunResponse__Output } from '../../tuneforge/v1/CreateRunResponse';
import type { EndRunRequest as _tuneforge_v1_EndRunRequest, EndRunRequest__Output as _tuneforge_v1_EndRunRequest__Output } from '../../tuneforge/v1/EndRunRequest';
import type { EndRunResponse as _tuneforge_v1_EndRunResponse, EndRunResponse__Output as _tuneforge_v1_EndRunResponse__Output } from '../../tuneforge/v1/EndRunResponse';
import type { GetBestParamsRequest as _tuneforge_v1_GetBestParamsRequest, GetBestParamsRequest__Output as _tuneforge_v1_GetBestParamsRequest__Output } from '../../tuneforge/v1/GetBestParamsRequest';
import type { GetBestParamsResponse as _tuneforge_v1_GetBestParamsResponse, GetBestParamsResponse__Output as _tuneforge_v1_GetBestParamsResponse__Output } from '../../tuneforge/v1/GetBestParamsResponse';
import type { GetExperimentRequest as _tuneforge_v1_GetExperimentRequest, GetExperimentRequest__Output as _tuneforge_v1_GetExperimentRequest__Output } from '../../tuneforge/v1/GetExperimentRequest';
import type { GetExperimentResponse as _tuneforge_v1_GetExperimentResponse, GetExperimentResponse__Output as _tuneforge_v1_GetExperimentResponse__Output } from '../../tuneforge/v1/GetExperimentResponse';
import type { GetRunRequest as _tuneforge_v1_GetRunRequest, GetRunRequest__Output as _tuneforge_v1_GetRunRequest__Output } from '../../tuneforge/v1/GetRunRequest';
import type { GetRunResponse as _tuneforge_v1_GetRunResponse, GetRunResponse__Output as _tuneforge_v1_GetRunResponse__Output } from '../../tuneforge/v1/GetRunResponse';
import type { LogArtifactRequest as _tuneforge_v1_LogArtifactRequest, LogArtifactRequest__Output as _tuneforge_v1_LogArtifactRequest__Output } from '../../tuneforge/v1/LogArtifactRequest';
import type { LogArtifactResponse as _tuneforge_v1_LogArtifactResponse, LogArtifactResponse__Output as _tuneforge_v1_LogArtifactResponse__Output } from '../../tuneforge/v1/LogArtifactResponse';
import type { LogMetricsRequest as _tuneforge_v1_LogMetricsRequest, LogMetricsRequest__Output as _tuneforge_v1_LogMetricsRequest__Output } from '../../tuneforge/v1/LogMetricsRequest';
import type { LogMetricsResponse as _tuneforge_v1_LogMetricsResponse, LogMetricsResponse__Output as _tuneforge_v1_LogMetricsResponse__Output } from '../../tuneforge/v1/LogMetricsResponse';
import type { LogParamsRequest as _tuneforge_v1_LogParamsRequest, LogParamsRequest__Output as _tuneforge_v1_LogParamsRequest__Output } from '../../tuneforge/v1/LogParamsRequest';
import type { LogParamsResponse as _tuneforge_v1_LogParamsResponse, LogParamsResponse__Output as _tuneforge_v1_LogParamsResponse__Output } from '../../tuneforge/v1/LogParamsResponse';
import type { SearchRunsRequest as _tuneforge_v1_SearchRunsRequest, SearchRunsRequest__Output as _tuneforge_v1_SearchRunsRequest__Output } from '../../tuneforge/v1/SearchRunsRequest';
import type { SearchRunsResponse as _tuneforge_v1_SearchRunsResponse, SearchRunsResponse__Output as _tuneforge_v1_SearchRunsResponse__Output } from '../../tuneforge/v1/SearchRunsResponse';
import type { SetTagsRequest as _tuneforge_v1_SetTagsRequest, SetTagsRequest__Output as _tuneforge_v1_SetTagsRequest__Output } from '../../tuneforge/v1/SetTagsRequest';
import type { SetTagsResponse as _tuneforge_v1_SetTagsResponse, SetTagsResponse__Output as _tuneforge_v1_SetTagsResponse__Output } from '../../tuneforge/v1/SetTagsResponse';

/**
 * MLflow-backed record of every trial, decision and run: experiments (one per study,
 * relaxation sequence or training job), runs (one per trial or job), their params,
 * metrics, tags and small artifacts. Embedded: MLflow's SQLite store and a local
 * artifact directory under the server's home; in a cluster, any MLflow tracking URI.
 */
export interface TrackerServiceClient extends grpc.Client {
  /**
   * Get or create an experiment by name.
   */
  CreateExperiment(argument: _tuneforge_v1_CreateExperimentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateExperimentResponse__Output>): grpc.ClientUnaryCall;
  CreateExperiment(argument: _tuneforge_v1_CreateExperimentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CreateExperimentResponse__Output>): grpc.ClientUnaryCall;
  CreateExperiment(argument: _tuneforge_v1_CreateExperimentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateExperimentResponse__Output>): grpc.ClientUnaryCall;
  CreateExperiment(argument: _tuneforge_v1_CreateExperimentRequest, callback: grpc.requestCallback<_tuneforge_v1_CreateExperimentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Get or create an experiment by name.
   */
  createExperiment(argument: _tuneforge_v1_CreateExperimentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateExperimentResponse__Output>): grpc.ClientUnaryCall;
  createExperiment(argument: _tuneforge_v1_CreateExperimentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CreateExperimentResponse__Output>): grpc.ClientUnaryCall;
  createExperiment(argument: _tuneforge_v1_CreateExperimentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateExperimentResponse__Output>): grpc.ClientUnaryCall;
  createExperiment(argument: _tuneforge_v1_CreateExperimentRequest, callback: grpc.requestCallback<_tuneforge_v1_CreateExperimentResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Start a run in an experiment (created when missing).
   */
  CreateRun(argument: _tuneforge_v1_CreateRunRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateRunResponse__Output>): grpc.ClientUnaryCall;
  CreateRun(argument: _tuneforge_v1_CreateRunRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CreateRunResponse__Output>): grpc.ClientUnaryCall;
  CreateRun(argument: _tuneforge_v1_CreateRunRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateRunResponse__Output>): grpc.ClientUnaryCall;
  CreateRun(argument: _tuneforge_v1_CreateRunRequest, callback: grpc.requestCallback<_tuneforge_v1_CreateRunResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Start a run in an experiment (created when missing).
   */
  createRun(argument: _tuneforge_v1_CreateRunRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateRunResponse__Output>): grpc.ClientUnaryCall;
  createRun(argument: _tuneforge_v1_CreateRunRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CreateRunResponse__Output>): grpc.ClientUnaryCall;
  createRun(argument: _tuneforge_v1_CreateRunRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateRunResponse__Output>): grpc.ClientUnaryCall;
  createRun(argument: _tuneforge_v1_CreateRunRequest, callback: grpc.requestCallback<_tuneforge_v1_CreateRunResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Mark a run finished, failed or killed.
   */
  EndRun(argument: _tuneforge_v1_EndRunRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EndRunResponse__Output>): grpc.ClientUnaryCall;
  EndRun(argument: _tuneforge_v1_EndRunRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_EndRunResponse__Output>): grpc.ClientUnaryCall;
  EndRun(argument: _tuneforge_v1_EndRunRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EndRunResponse__Output>): grpc.ClientUnaryCall;
  EndRun(argument: _tuneforge_v1_EndRunRequest, callback: grpc.requestCallback<_tuneforge_v1_EndRunResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Mark a run finished, failed or killed.
   */
  endRun(argument: _tuneforge_v1_EndRunRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EndRunResponse__Output>): grpc.ClientUnaryCall;
  endRun(argument: _tuneforge_v1_EndRunRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_EndRunResponse__Output>): grpc.ClientUnaryCall;
  endRun(argument: _tuneforge_v1_EndRunRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EndRunResponse__Output>): grpc.ClientUnaryCall;
  endRun(argument: _tuneforge_v1_EndRunRequest, callback: grpc.requestCallback<_tuneforge_v1_EndRunResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The params of the run with the best value of a metric.
   */
  GetBestParams(argument: _tuneforge_v1_GetBestParamsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestParamsResponse__Output>): grpc.ClientUnaryCall;
  GetBestParams(argument: _tuneforge_v1_GetBestParamsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetBestParamsResponse__Output>): grpc.ClientUnaryCall;
  GetBestParams(argument: _tuneforge_v1_GetBestParamsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestParamsResponse__Output>): grpc.ClientUnaryCall;
  GetBestParams(argument: _tuneforge_v1_GetBestParamsRequest, callback: grpc.requestCallback<_tuneforge_v1_GetBestParamsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The params of the run with the best value of a metric.
   */
  getBestParams(argument: _tuneforge_v1_GetBestParamsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestParamsResponse__Output>): grpc.ClientUnaryCall;
  getBestParams(argument: _tuneforge_v1_GetBestParamsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetBestParamsResponse__Output>): grpc.ClientUnaryCall;
  getBestParams(argument: _tuneforge_v1_GetBestParamsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestParamsResponse__Output>): grpc.ClientUnaryCall;
  getBestParams(argument: _tuneforge_v1_GetBestParamsRequest, callback: grpc.requestCallback<_tuneforge_v1_GetBestParamsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * An experiment by id or name.
   */
  GetExperiment(argument: _tuneforge_v1_GetExperimentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetExperimentResponse__Output>): grpc.ClientUnaryCall;
  GetExperiment(argument: _tuneforge_v1_GetExperimentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetExperimentResponse__Output>): grpc.ClientUnaryCall;
  GetExperiment(argument: _tuneforge_v1_GetExperimentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetExperimentResponse__Output>): grpc.ClientUnaryCall;
  GetExperiment(argument: _tuneforge_v1_GetExperimentRequest, callback: grpc.requestCallback<_tuneforge_v1_GetExperimentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * An experiment by id or name.
   */
  getExperiment(argument: _tuneforge_v1_GetExperimentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetExperimentResponse__Output>): grpc.ClientUnaryCall;
  getExperiment(argument: _tuneforge_v1_GetExperimentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetExperimentResponse__Output>): grpc.ClientUnaryCall;
  getExperiment(argument: _tuneforge_v1_GetExperimentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetExperimentResponse__Output>): grpc.ClientUnaryCall;
  getExperiment(argument: _tuneforge_v1_GetExperimentRequest, callback: grpc.requestCallback<_tuneforge_v1_GetExperimentResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A run with its params, latest metrics and tags.
   */
  GetRun(argument: _tuneforge_v1_GetRunRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetRunResponse__Output>): grpc.ClientUnaryCall;
  GetRun(argument: _tuneforge_v1_GetRunRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetRunResponse__Output>): grpc.ClientUnaryCall;
  GetRun(argument: _tuneforge_v1_GetRunRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetRunResponse__Output>): grpc.ClientUnaryCall;
  GetRun(argument: _tuneforge_v1_GetRunRequest, callback: grpc.requestCallback<_tuneforge_v1_GetRunResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A run with its params, latest metrics and tags.
   */
  getRun(argument: _tuneforge_v1_GetRunRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetRunResponse__Output>): grpc.ClientUnaryCall;
  getRun(argument: _tuneforge_v1_GetRunRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetRunResponse__Output>): grpc.ClientUnaryCall;
  getRun(argument: _tuneforge_v1_GetRunRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetRunResponse__Output>): grpc.ClientUnaryCall;
  getRun(argument: _tuneforge_v1_GetRunRequest, callback: grpc.requestCallback<_tuneforge_v1_GetRunResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A small file into the run's artifact directory (size-limited).
   */
  LogArtifact(argument: _tuneforge_v1_LogArtifactRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogArtifactResponse__Output>): grpc.ClientUnaryCall;
  LogArtifact(argument: _tuneforge_v1_LogArtifactRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_LogArtifactResponse__Output>): grpc.ClientUnaryCall;
  LogArtifact(argument: _tuneforge_v1_LogArtifactRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogArtifactResponse__Output>): grpc.ClientUnaryCall;
  LogArtifact(argument: _tuneforge_v1_LogArtifactRequest, callback: grpc.requestCallback<_tuneforge_v1_LogArtifactResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A small file into the run's artifact directory (size-limited).
   */
  logArtifact(argument: _tuneforge_v1_LogArtifactRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogArtifactResponse__Output>): grpc.ClientUnaryCall;
  logArtifact(argument: _tuneforge_v1_LogArtifactRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_LogArtifactResponse__Output>): grpc.ClientUnaryCall;
  logArtifact(argument: _tuneforge_v1_LogArtifactRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogArtifactResponse__Output>): grpc.ClientUnaryCall;
  logArtifact(argument: _tuneforge_v1_LogArtifactRequest, callback: grpc.requestCallback<_tuneforge_v1_LogArtifactResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Metrics of a run, batched, each with its step and timestamp.
   */
  LogMetrics(argument: _tuneforge_v1_LogMetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogMetricsResponse__Output>): grpc.ClientUnaryCall;
  LogMetrics(argument: _tuneforge_v1_LogMetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_LogMetricsResponse__Output>): grpc.ClientUnaryCall;
  LogMetrics(argument: _tuneforge_v1_LogMetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogMetricsResponse__Output>): grpc.ClientUnaryCall;
  LogMetrics(argument: _tuneforge_v1_LogMetricsRequest, callback: grpc.requestCallback<_tuneforge_v1_LogMetricsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Metrics of a run, batched, each with its step and timestamp.
   */
  logMetrics(argument: _tuneforge_v1_LogMetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogMetricsResponse__Output>): grpc.ClientUnaryCall;
  logMetrics(argument: _tuneforge_v1_LogMetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_LogMetricsResponse__Output>): grpc.ClientUnaryCall;
  logMetrics(argument: _tuneforge_v1_LogMetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogMetricsResponse__Output>): grpc.ClientUnaryCall;
  logMetrics(argument: _tuneforge_v1_LogMetricsRequest, callback: grpc.requestCallback<_tuneforge_v1_LogMetricsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Parameters of a run (write-once, as in MLflow).
   */
  LogParams(argument: _tuneforge_v1_LogParamsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogParamsResponse__Output>): grpc.ClientUnaryCall;
  LogParams(argument: _tuneforge_v1_LogParamsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_LogParamsResponse__Output>): grpc.ClientUnaryCall;
  LogParams(argument: _tuneforge_v1_LogParamsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogParamsResponse__Output>): grpc.ClientUnaryCall;
  LogParams(argument: _tuneforge_v1_LogParamsRequest, callback: grpc.requestCallback<_tuneforge_v1_LogParamsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Parameters of a run (write-once, as in MLflow).
   */
  logParams(argument: _tuneforge_v1_LogParamsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogParamsResponse__Output>): grpc.ClientUnaryCall;
  logParams(argument: _tuneforge_v1_LogParamsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_LogParamsResponse__Output>): grpc.ClientUnaryCall;
  logParams(argument: _tuneforge_v1_LogParamsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_LogParamsResponse__Output>): grpc.ClientUnaryCall;
  logParams(argument: _tuneforge_v1_LogParamsRequest, callback: grpc.requestCallback<_tuneforge_v1_LogParamsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Runs of experiments matching an MLflow filter string, paginated.
   */
  SearchRuns(argument: _tuneforge_v1_SearchRunsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SearchRunsResponse__Output>): grpc.ClientUnaryCall;
  SearchRuns(argument: _tuneforge_v1_SearchRunsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SearchRunsResponse__Output>): grpc.ClientUnaryCall;
  SearchRuns(argument: _tuneforge_v1_SearchRunsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SearchRunsResponse__Output>): grpc.ClientUnaryCall;
  SearchRuns(argument: _tuneforge_v1_SearchRunsRequest, callback: grpc.requestCallback<_tuneforge_v1_SearchRunsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Runs of experiments matching an MLflow filter string, paginated.
   */
  searchRuns(argument: _tuneforge_v1_SearchRunsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SearchRunsResponse__Output>): grpc.ClientUnaryCall;
  searchRuns(argument: _tuneforge_v1_SearchRunsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SearchRunsResponse__Output>): grpc.ClientUnaryCall;
  searchRuns(argument: _tuneforge_v1_SearchRunsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SearchRunsResponse__Output>): grpc.ClientUnaryCall;
  searchRuns(argument: _tuneforge_v1_SearchRunsRequest, callback: grpc.requestCallback<_tuneforge_v1_SearchRunsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Tags of a run (overwritten).
   */
  SetTags(argument: _tuneforge_v1_SetTagsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SetTagsResponse__Output>): grpc.ClientUnaryCall;
  SetTags(argument: _tuneforge_v1_SetTagsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SetTagsResponse__Output>): grpc.ClientUnaryCall;
  SetTags(argument: _tuneforge_v1_SetTagsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SetTagsResponse__Output>): grpc.ClientUnaryCall;
  SetTags(argument: _tuneforge_v1_SetTagsRequest, callback: grpc.requestCallback<_tuneforge_v1_SetTagsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Tags of a run (overwritten).
   */
  setTags(argument: _tuneforge_v1_SetTagsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SetTagsResponse__Output>): grpc.ClientUnaryCall;
  setTags(argument: _tuneforge_v1_SetTagsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SetTagsResponse__Output>): grpc.ClientUnaryCall;
  setTags(argument: _tuneforge_v1_SetTagsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SetTagsResponse__Output>): grpc.ClientUnaryCall;
  setTags(argument: _tuneforge_v1_SetTagsRequest, callback: grpc.requestCallback<_tuneforge_v1_SetTagsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * MLflow-backed record of every trial, decision and run: experiments (one per study,
 * relaxation sequence or training job), runs (one per trial or job), their params,
 * metrics, tags and small artifacts. Embedded: MLflow's SQLite store and a local
 * artifact directory under the server's home; in a cluster, any MLflow tracking URI.
 */
export interface TrackerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Get or create an experiment by name.
   */
  CreateExperiment: grpc.handleUnaryCall<_tuneforge_v1_CreateExperimentRequest__Output, _tuneforge_v1_CreateExperimentResponse>;
  
  /**
   * Start a run in an experiment (created when missing).
   */
  CreateRun: grpc.handleUnaryCall<_tuneforge_v1_CreateRunRequest__Output, _tuneforge_v1_CreateRunResponse>;
  
  /**
   * Mark a run finished, failed or killed.
   */
  EndRun: grpc.handleUnaryCall<_tuneforge_v1_EndRunRequest__Output, _tuneforge_v1_EndRunResponse>;
  
  /**
   * The params of the run with the best value of a metric.
   */
  GetBestParams: grpc.handleUnaryCall<_tuneforge_v1_GetBestParamsRequest__Output, _tuneforge_v1_GetBestParamsResponse>;
  
  /**
   * An experiment by id or name.
   */
  GetExperiment: grpc.handleUnaryCall<_tuneforge_v1_GetExperimentRequest__Output, _tuneforge_v1_GetExperimentResponse>;
  
  /**
   * A run with its params, latest metrics and tags.
   */
  GetRun: grpc.handleUnaryCall<_tuneforge_v1_GetRunRequest__Output, _tuneforge_v1_GetRunResponse>;
  
  /**
   * A small file into the run's artifact directory (size-limited).
   */
  LogArtifact: grpc.handleUnaryCall<_tuneforge_v1_LogArtifactRequest__Output, _tuneforge_v1_LogArtifactResponse>;
  
  /**
   * Metrics of a run, batched, each with its step and timestamp.
   */
  LogMetrics: grpc.handleUnaryCall<_tuneforge_v1_LogMetricsRequest__Output, _tuneforge_v1_LogMetricsResponse>;
  
  /**
   * Parameters of a run (write-once, as in MLflow).
   */
  LogParams: grpc.handleUnaryCall<_tuneforge_v1_LogParamsRequest__Output, _tuneforge_v1_LogParamsResponse>;
  
  /**
   * Runs of experiments matching an MLflow filter string, paginated.
   */
  SearchRuns: grpc.handleUnaryCall<_tuneforge_v1_SearchRunsRequest__Output, _tuneforge_v1_SearchRunsResponse>;
  
  /**
   * Tags of a run (overwritten).
   */
  SetTags: grpc.handleUnaryCall<_tuneforge_v1_SetTagsRequest__Output, _tuneforge_v1_SetTagsResponse>;
  
}

export interface TrackerServiceDefinition extends grpc.ServiceDefinition {
  CreateExperiment: MethodDefinition<_tuneforge_v1_CreateExperimentRequest, _tuneforge_v1_CreateExperimentResponse, _tuneforge_v1_CreateExperimentRequest__Output, _tuneforge_v1_CreateExperimentResponse__Output>
  CreateRun: MethodDefinition<_tuneforge_v1_CreateRunRequest, _tuneforge_v1_CreateRunResponse, _tuneforge_v1_CreateRunRequest__Output, _tuneforge_v1_CreateRunResponse__Output>
  EndRun: MethodDefinition<_tuneforge_v1_EndRunRequest, _tuneforge_v1_EndRunResponse, _tuneforge_v1_EndRunRequest__Output, _tuneforge_v1_EndRunResponse__Output>
  GetBestParams: MethodDefinition<_tuneforge_v1_GetBestParamsRequest, _tuneforge_v1_GetBestParamsResponse, _tuneforge_v1_GetBestParamsRequest__Output, _tuneforge_v1_GetBestParamsResponse__Output>
  GetExperiment: MethodDefinition<_tuneforge_v1_GetExperimentRequest, _tuneforge_v1_GetExperimentResponse, _tuneforge_v1_GetExperimentRequest__Output, _tuneforge_v1_GetExperimentResponse__Output>
  GetRun: MethodDefinition<_tuneforge_v1_GetRunRequest, _tuneforge_v1_GetRunResponse, _tuneforge_v1_GetRunRequest__Output, _tuneforge_v1_GetRunResponse__Output>
  LogArtifact: MethodDefinition<_tuneforge_v1_LogArtifactRequest, _tuneforge_v1_LogArtifactResponse, _tuneforge_v1_LogArtifactRequest__Output, _tuneforge_v1_LogArtifactResponse__Output>
  LogMetrics: MethodDefinition<_tuneforge_v1_LogMetricsRequest, _tuneforge_v1_LogMetricsResponse, _tuneforge_v1_LogMetricsRequest__Output, _tuneforge_v1_LogMetricsResponse__Output>
  LogParams: MethodDefinition<_tuneforge_v1_LogParamsRequest, _tuneforge_v1_LogParamsResponse, _tuneforge_v1_LogParamsRequest__Output, _tuneforge_v1_LogParamsResponse__Output>
  SearchRuns: MethodDefinition<_tuneforge_v1_SearchRunsRequest, _tuneforge_v1_SearchRunsResponse, _tuneforge_v1_SearchRunsRequest__Output, _tuneforge_v1_SearchRunsResponse__Output>
  SetTags: MethodDefinition<_tuneforge_v1_SetTagsRequest, _tuneforge_v1_SetTagsResponse, _tuneforge_v1_SetTagsRequest__Output, _tuneforge_v1_SetTagsResponse__Output>
}
