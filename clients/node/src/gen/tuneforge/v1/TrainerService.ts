// Original file: tuneforge/v1/trainer_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelJobRequest as _tuneforge_v1_CancelJobRequest, CancelJobRequest__Output as _tuneforge_v1_CancelJobRequest__Output } from '../../tuneforge/v1/CancelJobRequest';
import type { CancelJobResponse as _tuneforge_v1_CancelJobResponse, CancelJobResponse__Output as _tuneforge_v1_CancelJobResponse__Output } from '../../tuneforge/v1/CancelJobResponse';
import type { CancelSweepRequest as _tuneforge_v1_CancelSweepRequest, CancelSweepRequest__Output as _tuneforge_v1_CancelSweepRequest__Output } from '../../tuneforge/v1/CancelSweepRequest';
import type { CancelSweepResponse as _tuneforge_v1_CancelSweepResponse, CancelSweepResponse__Output as _tuneforge_v1_CancelSweepResponse__Output } from '../../tuneforge/v1/CancelSweepResponse';
import type { GetJobLogsRequest as _tuneforge_v1_GetJobLogsRequest, GetJobLogsRequest__Output as _tuneforge_v1_GetJobLogsRequest__Output } from '../../tuneforge/v1/GetJobLogsRequest';
import type { GetJobLogsResponse as _tuneforge_v1_GetJobLogsResponse, GetJobLogsResponse__Output as _tuneforge_v1_GetJobLogsResponse__Output } from '../../tuneforge/v1/GetJobLogsResponse';
import type { GetJobMetricsRequest as _tuneforge_v1_GetJobMetricsRequest, GetJobMetricsRequest__Output as _tuneforge_v1_GetJobMetricsRequest__Output } from '../../tuneforge/v1/GetJobMetricsRequest';
import type { GetJobMetricsResponse as _tuneforge_v1_GetJobMetricsResponse, GetJobMetricsResponse__Output as _tuneforge_v1_GetJobMetricsResponse__Output } from '../../tuneforge/v1/GetJobMetricsResponse';
import type { GetJobRequest as _tuneforge_v1_GetJobRequest, GetJobRequest__Output as _tuneforge_v1_GetJobRequest__Output } from '../../tuneforge/v1/GetJobRequest';
import type { GetJobResponse as _tuneforge_v1_GetJobResponse, GetJobResponse__Output as _tuneforge_v1_GetJobResponse__Output } from '../../tuneforge/v1/GetJobResponse';
import type { GetSweepRequest as _tuneforge_v1_GetSweepRequest, GetSweepRequest__Output as _tuneforge_v1_GetSweepRequest__Output } from '../../tuneforge/v1/GetSweepRequest';
import type { GetSweepResponse as _tuneforge_v1_GetSweepResponse, GetSweepResponse__Output as _tuneforge_v1_GetSweepResponse__Output } from '../../tuneforge/v1/GetSweepResponse';
import type { ListCatalogRequest as _tuneforge_v1_ListCatalogRequest, ListCatalogRequest__Output as _tuneforge_v1_ListCatalogRequest__Output } from '../../tuneforge/v1/ListCatalogRequest';
import type { ListCatalogResponse as _tuneforge_v1_ListCatalogResponse, ListCatalogResponse__Output as _tuneforge_v1_ListCatalogResponse__Output } from '../../tuneforge/v1/ListCatalogResponse';
import type { ListJobsRequest as _tuneforge_v1_ListJobsRequest, ListJobsRequest__Output as _tuneforge_v1_ListJobsRequest__Output } from '../../tuneforge/v1/ListJobsRequest';
import type { ListJobsResponse as _tuneforge_v1_ListJobsResponse, ListJobsResponse__Output as _tuneforge_v1_ListJobsResponse__Output } from '../../tuneforge/v1/ListJobsResponse';
import type { ListSweepsRequest as _tuneforge_v1_ListSweepsRequest, ListSweepsRequest__Output as _tuneforge_v1_ListSweepsRequest__Output } from '../../tuneforge/v1/ListSweepsRequest';
import type { ListSweepsResponse as _tuneforge_v1_ListSweepsResponse, ListSweepsResponse__Output as _tuneforge_v1_ListSweepsResponse__Output } from '../../tuneforge/v1/ListSweepsResponse';
import type { SubmitJobRequest as _tuneforge_v1_SubmitJobRequest, SubmitJobRequest__Output as _tuneforge_v1_SubmitJobRequest__Output } from '../../tuneforge/v1/SubmitJobRequest';
import type { SubmitJobResponse as _tuneforge_v1_SubmitJobResponse, SubmitJobResponse__Output as _tuneforge_v1_SubmitJobResponse__Output } from '../../tuneforge/v1/SubmitJobResponse';
import type { SubmitSweepRequest as _tuneforge_v1_SubmitSweepRequest, SubmitSweepRequest__Output as _tuneforge_v1_SubmitSweepRequest__Output } from '../../tuneforge/v1/SubmitSweepRequest';
import type { SubmitSweepResponse as _tuneforge_v1_SubmitSweepResponse, SubmitSweepResponse__Output as _tuneforge_v1_SubmitSweepResponse__Output } from '../../tuneforge/v1/SubmitSweepResponse';
import type { WatchJobRequest as _tuneforge_v1_WatchJobRequest, WatchJobRequest__Output as _tuneforge_v1_WatchJobRequest__Output } from '../../tuneforge/v1/WatchJobRequest';
import type { WatchJobResponse as _tuneforge_v1_WatchJobResponse, WatchJobResponse__Output as _tuneforge_v1_WatchJobResponse__Output } from '../../tuneforge/v1/WatchJobResponse';

/**
 * Runs optimizer jobs (PyTorch training with tuneforge's optimizers) in worker
 * processes on the server's machine, or as Kubernetes Jobs on a GPU node pool,
 * and drives sweeps: a study over any field of a job template, one job per trial.
 * A job is one JobSpec; its progress is a stream of numbered events that a client
 * can resume from any point. Every job is an MLflow run.
 */
export interface TrainerServiceClient extends grpc.Client {
  /**
   * Stop a job: a queued one at once, a running one by killing its worker.
   */
  CancelJob(argument: _tuneforge_v1_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _tuneforge_v1_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _tuneforge_v1_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _tuneforge_v1_CancelJobRequest, callback: grpc.requestCallback<_tuneforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stop a job: a queued one at once, a running one by killing its worker.
   */
  cancelJob(argument: _tuneforge_v1_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _tuneforge_v1_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _tuneforge_v1_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _tuneforge_v1_CancelJobRequest, callback: grpc.requestCallback<_tuneforge_v1_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Stop a sweep: no new trials, its running jobs cancelled.
   */
  CancelSweep(argument: _tuneforge_v1_CancelSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _tuneforge_v1_CancelSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _tuneforge_v1_CancelSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  CancelSweep(argument: _tuneforge_v1_CancelSweepRequest, callback: grpc.requestCallback<_tuneforge_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stop a sweep: no new trials, its running jobs cancelled.
   */
  cancelSweep(argument: _tuneforge_v1_CancelSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _tuneforge_v1_CancelSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _tuneforge_v1_CancelSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  cancelSweep(argument: _tuneforge_v1_CancelSweepRequest, callback: grpc.requestCallback<_tuneforge_v1_CancelSweepResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A job by id, with its latest progress.
   */
  GetJob(argument: _tuneforge_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _tuneforge_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _tuneforge_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _tuneforge_v1_GetJobRequest, callback: grpc.requestCallback<_tuneforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A job by id, with its latest progress.
   */
  getJob(argument: _tuneforge_v1_GetJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _tuneforge_v1_GetJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _tuneforge_v1_GetJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  getJob(argument: _tuneforge_v1_GetJobRequest, callback: grpc.requestCallback<_tuneforge_v1_GetJobResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The worker's output (stdout and stderr): the last lines, then, with follow, new
   * lines until the job ends.
   */
  GetJobLogs(argument: _tuneforge_v1_GetJobLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tuneforge_v1_GetJobLogsResponse__Output>;
  GetJobLogs(argument: _tuneforge_v1_GetJobLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tuneforge_v1_GetJobLogsResponse__Output>;
  /**
   * The worker's output (stdout and stderr): the last lines, then, with follow, new
   * lines until the job ends.
   */
  getJobLogs(argument: _tuneforge_v1_GetJobLogsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tuneforge_v1_GetJobLogsResponse__Output>;
  getJobLogs(argument: _tuneforge_v1_GetJobLogsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tuneforge_v1_GetJobLogsResponse__Output>;
  
  /**
   * Every progress point the job reported, in step order.
   */
  GetJobMetrics(argument: _tuneforge_v1_GetJobMetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetJobMetricsResponse__Output>): grpc.ClientUnaryCall;
  GetJobMetrics(argument: _tuneforge_v1_GetJobMetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetJobMetricsResponse__Output>): grpc.ClientUnaryCall;
  GetJobMetrics(argument: _tuneforge_v1_GetJobMetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetJobMetricsResponse__Output>): grpc.ClientUnaryCall;
  GetJobMetrics(argument: _tuneforge_v1_GetJobMetricsRequest, callback: grpc.requestCallback<_tuneforge_v1_GetJobMetricsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Every progress point the job reported, in step order.
   */
  getJobMetrics(argument: _tuneforge_v1_GetJobMetricsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetJobMetricsResponse__Output>): grpc.ClientUnaryCall;
  getJobMetrics(argument: _tuneforge_v1_GetJobMetricsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetJobMetricsResponse__Output>): grpc.ClientUnaryCall;
  getJobMetrics(argument: _tuneforge_v1_GetJobMetricsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetJobMetricsResponse__Output>): grpc.ClientUnaryCall;
  getJobMetrics(argument: _tuneforge_v1_GetJobMetricsRequest, callback: grpc.requestCallback<_tuneforge_v1_GetJobMetricsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A sweep by id, with its trials and the best one so far.
   */
  GetSweep(argument: _tuneforge_v1_GetSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _tuneforge_v1_GetSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _tuneforge_v1_GetSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _tuneforge_v1_GetSweepRequest, callback: grpc.requestCallback<_tuneforge_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A sweep by id, with its trials and the best one so far.
   */
  getSweep(argument: _tuneforge_v1_GetSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _tuneforge_v1_GetSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _tuneforge_v1_GetSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _tuneforge_v1_GetSweepRequest, callback: grpc.requestCallback<_tuneforge_v1_GetSweepResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * What a JobSpec can name: optimizers (with their hyperparameter schemas), models,
   * datasets, and the devices of this server.
   */
  ListCatalog(argument: _tuneforge_v1_ListCatalogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListCatalogResponse__Output>): grpc.ClientUnaryCall;
  ListCatalog(argument: _tuneforge_v1_ListCatalogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListCatalogResponse__Output>): grpc.ClientUnaryCall;
  ListCatalog(argument: _tuneforge_v1_ListCatalogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListCatalogResponse__Output>): grpc.ClientUnaryCall;
  ListCatalog(argument: _tuneforge_v1_ListCatalogRequest, callback: grpc.requestCallback<_tuneforge_v1_ListCatalogResponse__Output>): grpc.ClientUnaryCall;
  /**
   * What a JobSpec can name: optimizers (with their hyperparameter schemas), models,
   * datasets, and the devices of this server.
   */
  listCatalog(argument: _tuneforge_v1_ListCatalogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListCatalogResponse__Output>): grpc.ClientUnaryCall;
  listCatalog(argument: _tuneforge_v1_ListCatalogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListCatalogResponse__Output>): grpc.ClientUnaryCall;
  listCatalog(argument: _tuneforge_v1_ListCatalogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListCatalogResponse__Output>): grpc.ClientUnaryCall;
  listCatalog(argument: _tuneforge_v1_ListCatalogRequest, callback: grpc.requestCallback<_tuneforge_v1_ListCatalogResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Jobs, oldest first, filtered by state, label and sweep, paginated.
   */
  ListJobs(argument: _tuneforge_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _tuneforge_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _tuneforge_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _tuneforge_v1_ListJobsRequest, callback: grpc.requestCallback<_tuneforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Jobs, oldest first, filtered by state, label and sweep, paginated.
   */
  listJobs(argument: _tuneforge_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _tuneforge_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _tuneforge_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _tuneforge_v1_ListJobsRequest, callback: grpc.requestCallback<_tuneforge_v1_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sweeps, oldest first, filtered by state, paginated.
   */
  ListSweeps(argument: _tuneforge_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _tuneforge_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _tuneforge_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _tuneforge_v1_ListSweepsRequest, callback: grpc.requestCallback<_tuneforge_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sweeps, oldest first, filtered by state, paginated.
   */
  listSweeps(argument: _tuneforge_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _tuneforge_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _tuneforge_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _tuneforge_v1_ListSweepsRequest, callback: grpc.requestCallback<_tuneforge_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Queue a job. With an idempotency_key already used, return that job instead.
   */
  SubmitJob(argument: _tuneforge_v1_SubmitJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _tuneforge_v1_SubmitJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _tuneforge_v1_SubmitJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _tuneforge_v1_SubmitJobRequest, callback: grpc.requestCallback<_tuneforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Queue a job. With an idempotency_key already used, return that job instead.
   */
  submitJob(argument: _tuneforge_v1_SubmitJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _tuneforge_v1_SubmitJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _tuneforge_v1_SubmitJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _tuneforge_v1_SubmitJobRequest, callback: grpc.requestCallback<_tuneforge_v1_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Start a sweep: a study over fields of a job template, one job per trial.
   */
  SubmitSweep(argument: _tuneforge_v1_SubmitSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  SubmitSweep(argument: _tuneforge_v1_SubmitSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  SubmitSweep(argument: _tuneforge_v1_SubmitSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  SubmitSweep(argument: _tuneforge_v1_SubmitSweepRequest, callback: grpc.requestCallback<_tuneforge_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Start a sweep: a study over fields of a job template, one job per trial.
   */
  submitSweep(argument: _tuneforge_v1_SubmitSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  submitSweep(argument: _tuneforge_v1_SubmitSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  submitSweep(argument: _tuneforge_v1_SubmitSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  submitSweep(argument: _tuneforge_v1_SubmitSweepRequest, callback: grpc.requestCallback<_tuneforge_v1_SubmitSweepResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The job's events from from_sequence on (state changes and progress), then live
   * ones until the job ends; the stream closes after the final state change.
   */
  WatchJob(argument: _tuneforge_v1_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tuneforge_v1_WatchJobResponse__Output>;
  WatchJob(argument: _tuneforge_v1_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tuneforge_v1_WatchJobResponse__Output>;
  /**
   * The job's events from from_sequence on (state changes and progress), then live
   * ones until the job ends; the stream closes after the final state change.
   */
  watchJob(argument: _tuneforge_v1_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tuneforge_v1_WatchJobResponse__Output>;
  watchJob(argument: _tuneforge_v1_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tuneforge_v1_WatchJobResponse__Output>;
  
}

/**
 * Runs optimizer jobs (PyTorch training with tuneforge's optimizers) in worker
 * processes on the server's machine, or as Kubernetes Jobs on a GPU node pool,
 * and drives sweeps: a study over any field of a job template, one job per trial.
 * A job is one JobSpec; its progress is a stream of numbered events that a client
 * can resume from any point. Every job is an MLflow run.
 */
export interface TrainerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stop a job: a queued one at once, a running one by killing its worker.
   */
  CancelJob: grpc.handleUnaryCall<_tuneforge_v1_CancelJobRequest__Output, _tuneforge_v1_CancelJobResponse>;
  
  /**
   * Stop a sweep: no new trials, its running jobs cancelled.
   */
  CancelSweep: grpc.handleUnaryCall<_tuneforge_v1_CancelSweepRequest__Output, _tuneforge_v1_CancelSweepResponse>;
  
  /**
   * A job by id, with its latest progress.
   */
  GetJob: grpc.handleUnaryCall<_tuneforge_v1_GetJobRequest__Output, _tuneforge_v1_GetJobResponse>;
  
  /**
   * The worker's output (stdout and stderr): the last lines, then, with follow, new
   * lines until the job ends.
   */
  GetJobLogs: grpc.handleServerStreamingCall<_tuneforge_v1_GetJobLogsRequest__Output, _tuneforge_v1_GetJobLogsResponse>;
  
  /**
   * Every progress point the job reported, in step order.
   */
  GetJobMetrics: grpc.handleUnaryCall<_tuneforge_v1_GetJobMetricsRequest__Output, _tuneforge_v1_GetJobMetricsResponse>;
  
  /**
   * A sweep by id, with its trials and the best one so far.
   */
  GetSweep: grpc.handleUnaryCall<_tuneforge_v1_GetSweepRequest__Output, _tuneforge_v1_GetSweepResponse>;
  
  /**
   * What a JobSpec can name: optimizers (with their hyperparameter schemas), models,
   * datasets, and the devices of this server.
   */
  ListCatalog: grpc.handleUnaryCall<_tuneforge_v1_ListCatalogRequest__Output, _tuneforge_v1_ListCatalogResponse>;
  
  /**
   * Jobs, oldest first, filtered by state, label and sweep, paginated.
   */
  ListJobs: grpc.handleUnaryCall<_tuneforge_v1_ListJobsRequest__Output, _tuneforge_v1_ListJobsResponse>;
  
  /**
   * Sweeps, oldest first, filtered by state, paginated.
   */
  ListSweeps: grpc.handleUnaryCall<_tuneforge_v1_ListSweepsRequest__Output, _tuneforge_v1_ListSweepsResponse>;
  
  /**
   * Queue a job. With an idempotency_key already used, return that job instead.
   */
  SubmitJob: grpc.handleUnaryCall<_tuneforge_v1_SubmitJobRequest__Output, _tuneforge_v1_SubmitJobResponse>;
  
  /**
   * Start a sweep: a study over fields of a job template, one job per trial.
   */
  SubmitSweep: grpc.handleUnaryCall<_tuneforge_v1_SubmitSweepRequest__Output, _tuneforge_v1_SubmitSweepResponse>;
  
  /**
   * The job's events from from_sequence on (state changes and progress), then live
   * ones until the job ends; the stream closes after the final state change.
   */
  WatchJob: grpc.handleServerStreamingCall<_tuneforge_v1_WatchJobRequest__Output, _tuneforge_v1_WatchJobResponse>;
  
}

export interface TrainerServiceDefinition extends grpc.ServiceDefinition {
  CancelJob: MethodDefinition<_tuneforge_v1_CancelJobRequest, _tuneforge_v1_CancelJobResponse, _tuneforge_v1_CancelJobRequest__Output, _tuneforge_v1_CancelJobResponse__Output>
  CancelSweep: MethodDefinition<_tuneforge_v1_CancelSweepRequest, _tuneforge_v1_CancelSweepResponse, _tuneforge_v1_CancelSweepRequest__Output, _tuneforge_v1_CancelSweepResponse__Output>
  GetJob: MethodDefinition<_tuneforge_v1_GetJobRequest, _tuneforge_v1_GetJobResponse, _tuneforge_v1_GetJobRequest__Output, _tuneforge_v1_GetJobResponse__Output>
  GetJobLogs: MethodDefinition<_tuneforge_v1_GetJobLogsRequest, _tuneforge_v1_GetJobLogsResponse, _tuneforge_v1_GetJobLogsRequest__Output, _tuneforge_v1_GetJobLogsResponse__Output>
  GetJobMetrics: MethodDefinition<_tuneforge_v1_GetJobMetricsRequest, _tuneforge_v1_GetJobMetricsResponse, _tuneforge_v1_GetJobMetricsRequest__Output, _tuneforge_v1_GetJobMetricsResponse__Output>
  GetSweep: MethodDefinition<_tuneforge_v1_GetSweepRequest, _tuneforge_v1_GetSweepResponse, _tuneforge_v1_GetSweepRequest__Output, _tuneforge_v1_GetSweepResponse__Output>
  ListCatalog: MethodDefinition<_tuneforge_v1_ListCatalogRequest, _tuneforge_v1_ListCatalogResponse, _tuneforge_v1_ListCatalogRequest__Output, _tuneforge_v1_ListCatalogResponse__Output>
  ListJobs: MethodDefinition<_tuneforge_v1_ListJobsRequest, _tuneforge_v1_ListJobsResponse, _tuneforge_v1_ListJobsRequest__Output, _tuneforge_v1_ListJobsResponse__Output>
  ListSweeps: MethodDefinition<_tuneforge_v1_ListSweepsRequest, _tuneforge_v1_ListSweepsResponse, _tuneforge_v1_ListSweepsRequest__Output, _tuneforge_v1_ListSweepsResponse__Output>
  SubmitJob: MethodDefinition<_tuneforge_v1_SubmitJobRequest, _tuneforge_v1_SubmitJobResponse, _tuneforge_v1_SubmitJobRequest__Output, _tuneforge_v1_SubmitJobResponse__Output>
  SubmitSweep: MethodDefinition<_tuneforge_v1_SubmitSweepRequest, _tuneforge_v1_SubmitSweepResponse, _tuneforge_v1_SubmitSweepRequest__Output, _tuneforge_v1_SubmitSweepResponse__Output>
  WatchJob: MethodDefinition<_tuneforge_v1_WatchJobRequest, _tuneforge_v1_WatchJobResponse, _tuneforge_v1_WatchJobRequest__Output, _tuneforge_v1_WatchJobResponse__Output>
}
