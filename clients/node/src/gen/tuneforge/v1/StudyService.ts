// Original file: tuneforge/v1/study_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AskRequest as _tuneforge_v1_AskRequest, AskRequest__Output as _tuneforge_v1_AskRequest__Output } from '../../tuneforge/v1/AskRequest';
import type { AskResponse as _tuneforge_v1_AskResponse, AskResponse__Output as _tuneforge_v1_AskResponse__Output } from '../../tuneforge/v1/AskResponse';
import type { CreateStudyRequest as _tuneforge_v1_CreateStudyRequest, CreateStudyRequest__Output as _tuneforge_v1_CreateStudyRequest__Output } from '../../tuneforge/v1/CreateStudyRequest';
import type { CreateStudyResponse as _tuneforge_v1_CreateStudyResponse, CreateStudyResponse__Output as _tuneforge_v1_CreateStudyResponse__Output } from '../../tuneforge/v1/CreateStudyResponse';
import type { DeleteStudyRequest as _tuneforge_v1_DeleteStudyRequest, DeleteStudyRequest__Output as _tuneforge_v1_DeleteStudyRequest__Output } from '../../tuneforge/v1/DeleteStudyRequest';
import type { DeleteStudyResponse as _tuneforge_v1_DeleteStudyResponse, DeleteStudyResponse__Output as _tuneforge_v1_DeleteStudyResponse__Output } from '../../tuneforge/v1/DeleteStudyResponse';
import type { EnqueueTrialRequest as _tuneforge_v1_EnqueueTrialRequest, EnqueueTrialRequest__Output as _tuneforge_v1_EnqueueTrialRequest__Output } from '../../tuneforge/v1/EnqueueTrialRequest';
import type { EnqueueTrialResponse as _tuneforge_v1_EnqueueTrialResponse, EnqueueTrialResponse__Output as _tuneforge_v1_EnqueueTrialResponse__Output } from '../../tuneforge/v1/EnqueueTrialResponse';
import type { GetBestTrialsRequest as _tuneforge_v1_GetBestTrialsRequest, GetBestTrialsRequest__Output as _tuneforge_v1_GetBestTrialsRequest__Output } from '../../tuneforge/v1/GetBestTrialsRequest';
import type { GetBestTrialsResponse as _tuneforge_v1_GetBestTrialsResponse, GetBestTrialsResponse__Output as _tuneforge_v1_GetBestTrialsResponse__Output } from '../../tuneforge/v1/GetBestTrialsResponse';
import type { GetStudyRequest as _tuneforge_v1_GetStudyRequest, GetStudyRequest__Output as _tuneforge_v1_GetStudyRequest__Output } from '../../tuneforge/v1/GetStudyRequest';
import type { GetStudyResponse as _tuneforge_v1_GetStudyResponse, GetStudyResponse__Output as _tuneforge_v1_GetStudyResponse__Output } from '../../tuneforge/v1/GetStudyResponse';
import type { GetTrialRequest as _tuneforge_v1_GetTrialRequest, GetTrialRequest__Output as _tuneforge_v1_GetTrialRequest__Output } from '../../tuneforge/v1/GetTrialRequest';
import type { GetTrialResponse as _tuneforge_v1_GetTrialResponse, GetTrialResponse__Output as _tuneforge_v1_GetTrialResponse__Output } from '../../tuneforge/v1/GetTrialResponse';
import type { ListStudiesRequest as _tuneforge_v1_ListStudiesRequest, ListStudiesRequest__Output as _tuneforge_v1_ListStudiesRequest__Output } from '../../tuneforge/v1/ListStudiesRequest';
import type { ListStudiesResponse as _tuneforge_v1_ListStudiesResponse, ListStudiesResponse__Output as _tuneforge_v1_ListStudiesResponse__Output } from '../../tuneforge/v1/ListStudiesResponse';
import type { ListTrialsRequest as _tuneforge_v1_ListTrialsRequest, ListTrialsRequest__Output as _tuneforge_v1_ListTrialsRequest__Output } from '../../tuneforge/v1/ListTrialsRequest';
import type { ListTrialsResponse as _tuneforge_v1_ListTrialsResponse, ListTrialsResponse__Output as _tuneforge_v1_ListTrialsResponse__Output } from '../../tuneforge/v1/ListTrialsResponse';
import type { ReportIntermediateRequest as _tuneforge_v1_ReportIntermediateRequest, ReportIntermediateRequest__Output as _tuneforge_v1_ReportIntermediateRequest__Output } from '../../tuneforge/v1/ReportIntermediateRequest';
import type { ReportIntermediateResponse as _tuneforge_v1_ReportIntermediateResponse, ReportIntermediateResponse__Output as _tuneforge_v1_ReportIntermediateResponse__Output } from '../../tuneforge/v1/ReportIntermediateResponse';
import type { StudyServiceHeartbeatRequest as _tuneforge_v1_StudyServiceHeartbeatRequest, StudyServiceHeartbeatRequest__Output as _tuneforge_v1_StudyServiceHeartbeatRequest__Output } from '../../tuneforge/v1/StudyServiceHeartbeatRequest';
import type { StudyServiceHeartbeatResponse as _tuneforge_v1_StudyServiceHeartbeatResponse, StudyServiceHeartbeatResponse__Output as _tuneforge_v1_StudyServiceHeartbeatResponse__Output } from '../../tuneforge/v1/StudyServiceHeartbeatResponse';
import type { TellRequest as _tuneforge_v1_TellRequest, TellRequest__Output as _tuneforge_v1_TellRequest__Output } from '../../tuneforge/v1/TellRequest';
import type { TellResponse as _tuneforge_v1_TellResponse, TellResponse__Output as _tuneforge_v1_TellResponse__Output } from '../../tuneforge/v1/TellResponse';

/**
 * Hyperparameter studies backed by Optuna, sampled on the server: any client asks
 * for parameters, tells results and is told when to prune. Studies live in Optuna's
 * own RDB schema in the SQL store, so optuna.load_study and optuna-dashboard open
 * them directly. Every finished trial is also logged to the tracker (MLflow).
 */
export interface StudyServiceClient extends grpc.Client {
  /**
   * New trials with their parameters (count of them, pairwise distinct). A client_id
   * that already holds running trials gets those back first.
   */
  Ask(argument: _tuneforge_v1_AskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_AskResponse__Output>): grpc.ClientUnaryCall;
  Ask(argument: _tuneforge_v1_AskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_AskResponse__Output>): grpc.ClientUnaryCall;
  Ask(argument: _tuneforge_v1_AskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_AskResponse__Output>): grpc.ClientUnaryCall;
  Ask(argument: _tuneforge_v1_AskRequest, callback: grpc.requestCallback<_tuneforge_v1_AskResponse__Output>): grpc.ClientUnaryCall;
  /**
   * New trials with their parameters (count of them, pairwise distinct). A client_id
   * that already holds running trials gets those back first.
   */
  ask(argument: _tuneforge_v1_AskRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_AskResponse__Output>): grpc.ClientUnaryCall;
  ask(argument: _tuneforge_v1_AskRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_AskResponse__Output>): grpc.ClientUnaryCall;
  ask(argument: _tuneforge_v1_AskRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_AskResponse__Output>): grpc.ClientUnaryCall;
  ask(argument: _tuneforge_v1_AskRequest, callback: grpc.requestCallback<_tuneforge_v1_AskResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Create a study; with load_if_exists, return the existing one when its settings match.
   */
  CreateStudy(argument: _tuneforge_v1_CreateStudyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateStudyResponse__Output>): grpc.ClientUnaryCall;
  CreateStudy(argument: _tuneforge_v1_CreateStudyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CreateStudyResponse__Output>): grpc.ClientUnaryCall;
  CreateStudy(argument: _tuneforge_v1_CreateStudyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateStudyResponse__Output>): grpc.ClientUnaryCall;
  CreateStudy(argument: _tuneforge_v1_CreateStudyRequest, callback: grpc.requestCallback<_tuneforge_v1_CreateStudyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Create a study; with load_if_exists, return the existing one when its settings match.
   */
  createStudy(argument: _tuneforge_v1_CreateStudyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateStudyResponse__Output>): grpc.ClientUnaryCall;
  createStudy(argument: _tuneforge_v1_CreateStudyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CreateStudyResponse__Output>): grpc.ClientUnaryCall;
  createStudy(argument: _tuneforge_v1_CreateStudyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateStudyResponse__Output>): grpc.ClientUnaryCall;
  createStudy(argument: _tuneforge_v1_CreateStudyRequest, callback: grpc.requestCallback<_tuneforge_v1_CreateStudyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Delete a study and all its trials.
   */
  DeleteStudy(argument: _tuneforge_v1_DeleteStudyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_DeleteStudyResponse__Output>): grpc.ClientUnaryCall;
  DeleteStudy(argument: _tuneforge_v1_DeleteStudyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_DeleteStudyResponse__Output>): grpc.ClientUnaryCall;
  DeleteStudy(argument: _tuneforge_v1_DeleteStudyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_DeleteStudyResponse__Output>): grpc.ClientUnaryCall;
  DeleteStudy(argument: _tuneforge_v1_DeleteStudyRequest, callback: grpc.requestCallback<_tuneforge_v1_DeleteStudyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Delete a study and all its trials.
   */
  deleteStudy(argument: _tuneforge_v1_DeleteStudyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_DeleteStudyResponse__Output>): grpc.ClientUnaryCall;
  deleteStudy(argument: _tuneforge_v1_DeleteStudyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_DeleteStudyResponse__Output>): grpc.ClientUnaryCall;
  deleteStudy(argument: _tuneforge_v1_DeleteStudyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_DeleteStudyResponse__Output>): grpc.ClientUnaryCall;
  deleteStudy(argument: _tuneforge_v1_DeleteStudyRequest, callback: grpc.requestCallback<_tuneforge_v1_DeleteStudyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Queue a configuration chosen by the client; the next Ask hands it out first.
   */
  EnqueueTrial(argument: _tuneforge_v1_EnqueueTrialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EnqueueTrialResponse__Output>): grpc.ClientUnaryCall;
  EnqueueTrial(argument: _tuneforge_v1_EnqueueTrialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_EnqueueTrialResponse__Output>): grpc.ClientUnaryCall;
  EnqueueTrial(argument: _tuneforge_v1_EnqueueTrialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EnqueueTrialResponse__Output>): grpc.ClientUnaryCall;
  EnqueueTrial(argument: _tuneforge_v1_EnqueueTrialRequest, callback: grpc.requestCallback<_tuneforge_v1_EnqueueTrialResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Queue a configuration chosen by the client; the next Ask hands it out first.
   */
  enqueueTrial(argument: _tuneforge_v1_EnqueueTrialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EnqueueTrialResponse__Output>): grpc.ClientUnaryCall;
  enqueueTrial(argument: _tuneforge_v1_EnqueueTrialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_EnqueueTrialResponse__Output>): grpc.ClientUnaryCall;
  enqueueTrial(argument: _tuneforge_v1_EnqueueTrialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_EnqueueTrialResponse__Output>): grpc.ClientUnaryCall;
  enqueueTrial(argument: _tuneforge_v1_EnqueueTrialRequest, callback: grpc.requestCallback<_tuneforge_v1_EnqueueTrialResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The best trial, or the Pareto front with several objectives (feasible trials only).
   */
  GetBestTrials(argument: _tuneforge_v1_GetBestTrialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestTrialsResponse__Output>): grpc.ClientUnaryCall;
  GetBestTrials(argument: _tuneforge_v1_GetBestTrialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetBestTrialsResponse__Output>): grpc.ClientUnaryCall;
  GetBestTrials(argument: _tuneforge_v1_GetBestTrialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestTrialsResponse__Output>): grpc.ClientUnaryCall;
  GetBestTrials(argument: _tuneforge_v1_GetBestTrialsRequest, callback: grpc.requestCallback<_tuneforge_v1_GetBestTrialsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The best trial, or the Pareto front with several objectives (feasible trials only).
   */
  getBestTrials(argument: _tuneforge_v1_GetBestTrialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestTrialsResponse__Output>): grpc.ClientUnaryCall;
  getBestTrials(argument: _tuneforge_v1_GetBestTrialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetBestTrialsResponse__Output>): grpc.ClientUnaryCall;
  getBestTrials(argument: _tuneforge_v1_GetBestTrialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestTrialsResponse__Output>): grpc.ClientUnaryCall;
  getBestTrials(argument: _tuneforge_v1_GetBestTrialsRequest, callback: grpc.requestCallback<_tuneforge_v1_GetBestTrialsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A study by name, with its trial counts.
   */
  GetStudy(argument: _tuneforge_v1_GetStudyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetStudyResponse__Output>): grpc.ClientUnaryCall;
  GetStudy(argument: _tuneforge_v1_GetStudyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetStudyResponse__Output>): grpc.ClientUnaryCall;
  GetStudy(argument: _tuneforge_v1_GetStudyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetStudyResponse__Output>): grpc.ClientUnaryCall;
  GetStudy(argument: _tuneforge_v1_GetStudyRequest, callback: grpc.requestCallback<_tuneforge_v1_GetStudyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A study by name, with its trial counts.
   */
  getStudy(argument: _tuneforge_v1_GetStudyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetStudyResponse__Output>): grpc.ClientUnaryCall;
  getStudy(argument: _tuneforge_v1_GetStudyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetStudyResponse__Output>): grpc.ClientUnaryCall;
  getStudy(argument: _tuneforge_v1_GetStudyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetStudyResponse__Output>): grpc.ClientUnaryCall;
  getStudy(argument: _tuneforge_v1_GetStudyRequest, callback: grpc.requestCallback<_tuneforge_v1_GetStudyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * One trial by number.
   */
  GetTrial(argument: _tuneforge_v1_GetTrialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetTrialResponse__Output>): grpc.ClientUnaryCall;
  GetTrial(argument: _tuneforge_v1_GetTrialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetTrialResponse__Output>): grpc.ClientUnaryCall;
  GetTrial(argument: _tuneforge_v1_GetTrialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetTrialResponse__Output>): grpc.ClientUnaryCall;
  GetTrial(argument: _tuneforge_v1_GetTrialRequest, callback: grpc.requestCallback<_tuneforge_v1_GetTrialResponse__Output>): grpc.ClientUnaryCall;
  /**
   * One trial by number.
   */
  getTrial(argument: _tuneforge_v1_GetTrialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetTrialResponse__Output>): grpc.ClientUnaryCall;
  getTrial(argument: _tuneforge_v1_GetTrialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetTrialResponse__Output>): grpc.ClientUnaryCall;
  getTrial(argument: _tuneforge_v1_GetTrialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetTrialResponse__Output>): grpc.ClientUnaryCall;
  getTrial(argument: _tuneforge_v1_GetTrialRequest, callback: grpc.requestCallback<_tuneforge_v1_GetTrialResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Renew a running trial's lease. A trial whose lease expires is marked FAIL and,
   * unless retries are used up, its configuration is queued again.
   */
  Heartbeat(argument: _tuneforge_v1_StudyServiceHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_StudyServiceHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tuneforge_v1_StudyServiceHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_StudyServiceHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tuneforge_v1_StudyServiceHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_StudyServiceHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tuneforge_v1_StudyServiceHeartbeatRequest, callback: grpc.requestCallback<_tuneforge_v1_StudyServiceHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Renew a running trial's lease. A trial whose lease expires is marked FAIL and,
   * unless retries are used up, its configuration is queued again.
   */
  heartbeat(argument: _tuneforge_v1_StudyServiceHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_StudyServiceHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tuneforge_v1_StudyServiceHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_StudyServiceHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tuneforge_v1_StudyServiceHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_StudyServiceHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tuneforge_v1_StudyServiceHeartbeatRequest, callback: grpc.requestCallback<_tuneforge_v1_StudyServiceHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Studies, oldest first, paginated.
   */
  ListStudies(argument: _tuneforge_v1_ListStudiesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListStudiesResponse__Output>): grpc.ClientUnaryCall;
  ListStudies(argument: _tuneforge_v1_ListStudiesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListStudiesResponse__Output>): grpc.ClientUnaryCall;
  ListStudies(argument: _tuneforge_v1_ListStudiesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListStudiesResponse__Output>): grpc.ClientUnaryCall;
  ListStudies(argument: _tuneforge_v1_ListStudiesRequest, callback: grpc.requestCallback<_tuneforge_v1_ListStudiesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Studies, oldest first, paginated.
   */
  listStudies(argument: _tuneforge_v1_ListStudiesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListStudiesResponse__Output>): grpc.ClientUnaryCall;
  listStudies(argument: _tuneforge_v1_ListStudiesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListStudiesResponse__Output>): grpc.ClientUnaryCall;
  listStudies(argument: _tuneforge_v1_ListStudiesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListStudiesResponse__Output>): grpc.ClientUnaryCall;
  listStudies(argument: _tuneforge_v1_ListStudiesRequest, callback: grpc.requestCallback<_tuneforge_v1_ListStudiesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Trials in number order, optionally filtered by state, paginated.
   */
  ListTrials(argument: _tuneforge_v1_ListTrialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  ListTrials(argument: _tuneforge_v1_ListTrialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  ListTrials(argument: _tuneforge_v1_ListTrialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  ListTrials(argument: _tuneforge_v1_ListTrialsRequest, callback: grpc.requestCallback<_tuneforge_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Trials in number order, optionally filtered by state, paginated.
   */
  listTrials(argument: _tuneforge_v1_ListTrialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _tuneforge_v1_ListTrialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _tuneforge_v1_ListTrialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  listTrials(argument: _tuneforge_v1_ListTrialsRequest, callback: grpc.requestCallback<_tuneforge_v1_ListTrialsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * An intermediate value of a running trial; answers whether to prune it now.
   */
  ReportIntermediate(argument: _tuneforge_v1_ReportIntermediateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ReportIntermediateResponse__Output>): grpc.ClientUnaryCall;
  ReportIntermediate(argument: _tuneforge_v1_ReportIntermediateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ReportIntermediateResponse__Output>): grpc.ClientUnaryCall;
  ReportIntermediate(argument: _tuneforge_v1_ReportIntermediateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ReportIntermediateResponse__Output>): grpc.ClientUnaryCall;
  ReportIntermediate(argument: _tuneforge_v1_ReportIntermediateRequest, callback: grpc.requestCallback<_tuneforge_v1_ReportIntermediateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * An intermediate value of a running trial; answers whether to prune it now.
   */
  reportIntermediate(argument: _tuneforge_v1_ReportIntermediateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ReportIntermediateResponse__Output>): grpc.ClientUnaryCall;
  reportIntermediate(argument: _tuneforge_v1_ReportIntermediateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ReportIntermediateResponse__Output>): grpc.ClientUnaryCall;
  reportIntermediate(argument: _tuneforge_v1_ReportIntermediateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ReportIntermediateResponse__Output>): grpc.ClientUnaryCall;
  reportIntermediate(argument: _tuneforge_v1_ReportIntermediateRequest, callback: grpc.requestCallback<_tuneforge_v1_ReportIntermediateResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Finish a trial: its objective values (COMPLETE), or FAIL, or PRUNED.
   */
  Tell(argument: _tuneforge_v1_TellRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TellResponse__Output>): grpc.ClientUnaryCall;
  Tell(argument: _tuneforge_v1_TellRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_TellResponse__Output>): grpc.ClientUnaryCall;
  Tell(argument: _tuneforge_v1_TellRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TellResponse__Output>): grpc.ClientUnaryCall;
  Tell(argument: _tuneforge_v1_TellRequest, callback: grpc.requestCallback<_tuneforge_v1_TellResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Finish a trial: its objective values (COMPLETE), or FAIL, or PRUNED.
   */
  tell(argument: _tuneforge_v1_TellRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TellResponse__Output>): grpc.ClientUnaryCall;
  tell(argument: _tuneforge_v1_TellRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_TellResponse__Output>): grpc.ClientUnaryCall;
  tell(argument: _tuneforge_v1_TellRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TellResponse__Output>): grpc.ClientUnaryCall;
  tell(argument: _tuneforge_v1_TellRequest, callback: grpc.requestCallback<_tuneforge_v1_TellResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Hyperparameter studies backed by Optuna, sampled on the server: any client asks
 * for parameters, tells results and is told when to prune. Studies live in Optuna's
 * own RDB schema in the SQL store, so optuna.load_study and optuna-dashboard open
 * them directly. Every finished trial is also logged to the tracker (MLflow).
 */
export interface StudyServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * New trials with their parameters (count of them, pairwise distinct). A client_id
   * that already holds running trials gets those back first.
   */
  Ask: grpc.handleUnaryCall<_tuneforge_v1_AskRequest__Output, _tuneforge_v1_AskResponse>;
  
  /**
   * Create a study; with load_if_exists, return the existing one when its settings match.
   */
  CreateStudy: grpc.handleUnaryCall<_tuneforge_v1_CreateStudyRequest__Output, _tuneforge_v1_CreateStudyResponse>;
  
  /**
   * Delete a study and all its trials.
   */
  DeleteStudy: grpc.handleUnaryCall<_tuneforge_v1_DeleteStudyRequest__Output, _tuneforge_v1_DeleteStudyResponse>;
  
  /**
   * Queue a configuration chosen by the client; the next Ask hands it out first.
   */
  EnqueueTrial: grpc.handleUnaryCall<_tuneforge_v1_EnqueueTrialRequest__Output, _tuneforge_v1_EnqueueTrialResponse>;
  
  /**
   * The best trial, or the Pareto front with several objectives (feasible trials only).
   */
  GetBestTrials: grpc.handleUnaryCall<_tuneforge_v1_GetBestTrialsRequest__Output, _tuneforge_v1_GetBestTrialsResponse>;
  
  /**
   * A study by name, with its trial counts.
   */
  GetStudy: grpc.handleUnaryCall<_tuneforge_v1_GetStudyRequest__Output, _tuneforge_v1_GetStudyResponse>;
  
  /**
   * One trial by number.
   */
  GetTrial: grpc.handleUnaryCall<_tuneforge_v1_GetTrialRequest__Output, _tuneforge_v1_GetTrialResponse>;
  
  /**
   * Renew a running trial's lease. A trial whose lease expires is marked FAIL and,
   * unless retries are used up, its configuration is queued again.
   */
  Heartbeat: grpc.handleUnaryCall<_tuneforge_v1_StudyServiceHeartbeatRequest__Output, _tuneforge_v1_StudyServiceHeartbeatResponse>;
  
  /**
   * Studies, oldest first, paginated.
   */
  ListStudies: grpc.handleUnaryCall<_tuneforge_v1_ListStudiesRequest__Output, _tuneforge_v1_ListStudiesResponse>;
  
  /**
   * Trials in number order, optionally filtered by state, paginated.
   */
  ListTrials: grpc.handleUnaryCall<_tuneforge_v1_ListTrialsRequest__Output, _tuneforge_v1_ListTrialsResponse>;
  
  /**
   * An intermediate value of a running trial; answers whether to prune it now.
   */
  ReportIntermediate: grpc.handleUnaryCall<_tuneforge_v1_ReportIntermediateRequest__Output, _tuneforge_v1_ReportIntermediateResponse>;
  
  /**
   * Finish a trial: its objective values (COMPLETE), or FAIL, or PRUNED.
   */
  Tell: grpc.handleUnaryCall<_tuneforge_v1_TellRequest__Output, _tuneforge_v1_TellResponse>;
  
}

export interface StudyServiceDefinition extends grpc.ServiceDefinition {
  Ask: MethodDefinition<_tuneforge_v1_AskRequest, _tuneforge_v1_AskResponse, _tuneforge_v1_AskRequest__Output, _tuneforge_v1_AskResponse__Output>
  CreateStudy: MethodDefinition<_tuneforge_v1_CreateStudyRequest, _tuneforge_v1_CreateStudyResponse, _tuneforge_v1_CreateStudyRequest__Output, _tuneforge_v1_CreateStudyResponse__Output>
  DeleteStudy: MethodDefinition<_tuneforge_v1_DeleteStudyRequest, _tuneforge_v1_DeleteStudyResponse, _tuneforge_v1_DeleteStudyRequest__Output, _tuneforge_v1_DeleteStudyResponse__Output>
  EnqueueTrial: MethodDefinition<_tuneforge_v1_EnqueueTrialRequest, _tuneforge_v1_EnqueueTrialResponse, _tuneforge_v1_EnqueueTrialRequest__Output, _tuneforge_v1_EnqueueTrialResponse__Output>
  GetBestTrials: MethodDefinition<_tuneforge_v1_GetBestTrialsRequest, _tuneforge_v1_GetBestTrialsResponse, _tuneforge_v1_GetBestTrialsRequest__Output, _tuneforge_v1_GetBestTrialsResponse__Output>
  GetStudy: MethodDefinition<_tuneforge_v1_GetStudyRequest, _tuneforge_v1_GetStudyResponse, _tuneforge_v1_GetStudyRequest__Output, _tuneforge_v1_GetStudyResponse__Output>
  GetTrial: MethodDefinition<_tuneforge_v1_GetTrialRequest, _tuneforge_v1_GetTrialResponse, _tuneforge_v1_GetTrialRequest__Output, _tuneforge_v1_GetTrialResponse__Output>
  Heartbeat: MethodDefinition<_tuneforge_v1_StudyServiceHeartbeatRequest, _tuneforge_v1_StudyServiceHeartbeatResponse, _tuneforge_v1_StudyServiceHeartbeatRequest__Output, _tuneforge_v1_StudyServiceHeartbeatResponse__Output>
  ListStudies: MethodDefinition<_tuneforge_v1_ListStudiesRequest, _tuneforge_v1_ListStudiesResponse, _tuneforge_v1_ListStudiesRequest__Output, _tuneforge_v1_ListStudiesResponse__Output>
  ListTrials: MethodDefinition<_tuneforge_v1_ListTrialsRequest, _tuneforge_v1_ListTrialsResponse, _tuneforge_v1_ListTrialsRequest__Output, _tuneforge_v1_ListTrialsResponse__Output>
  ReportIntermediate: MethodDefinition<_tuneforge_v1_ReportIntermediateRequest, _tuneforge_v1_ReportIntermediateResponse, _tuneforge_v1_ReportIntermediateRequest__Output, _tuneforge_v1_ReportIntermediateResponse__Output>
  Tell: MethodDefinition<_tuneforge_v1_TellRequest, _tuneforge_v1_TellResponse, _tuneforge_v1_TellRequest__Output, _tuneforge_v1_TellResponse__Output>
}
