// Original file: tuneforge/v1/relaxation_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateSequenceRequest as _tuneforge_v1_CreateSequenceRequest, CreateSequenceRequest__Output as _tuneforge_v1_CreateSequenceRequest__Output } from '../../tuneforge/v1/CreateSequenceRequest';
import type { CreateSequenceResponse as _tuneforge_v1_CreateSequenceResponse, CreateSequenceResponse__Output as _tuneforge_v1_CreateSequenceResponse__Output } from '../../tuneforge/v1/CreateSequenceResponse';
import type { DeleteSequenceRequest as _tuneforge_v1_DeleteSequenceRequest, DeleteSequenceRequest__Output as _tuneforge_v1_DeleteSequenceRequest__Output } from '../../tuneforge/v1/DeleteSequenceRequest';
import type { DeleteSequenceResponse as _tuneforge_v1_DeleteSequenceResponse, DeleteSequenceResponse__Output as _tuneforge_v1_DeleteSequenceResponse__Output } from '../../tuneforge/v1/DeleteSequenceResponse';
import type { GetBestOmegaRequest as _tuneforge_v1_GetBestOmegaRequest, GetBestOmegaRequest__Output as _tuneforge_v1_GetBestOmegaRequest__Output } from '../../tuneforge/v1/GetBestOmegaRequest';
import type { GetBestOmegaResponse as _tuneforge_v1_GetBestOmegaResponse, GetBestOmegaResponse__Output as _tuneforge_v1_GetBestOmegaResponse__Output } from '../../tuneforge/v1/GetBestOmegaResponse';
import type { GetSequenceRequest as _tuneforge_v1_GetSequenceRequest, GetSequenceRequest__Output as _tuneforge_v1_GetSequenceRequest__Output } from '../../tuneforge/v1/GetSequenceRequest';
import type { GetSequenceResponse as _tuneforge_v1_GetSequenceResponse, GetSequenceResponse__Output as _tuneforge_v1_GetSequenceResponse__Output } from '../../tuneforge/v1/GetSequenceResponse';
import type { ListSequencesRequest as _tuneforge_v1_ListSequencesRequest, ListSequencesRequest__Output as _tuneforge_v1_ListSequencesRequest__Output } from '../../tuneforge/v1/ListSequencesRequest';
import type { ListSequencesResponse as _tuneforge_v1_ListSequencesResponse, ListSequencesResponse__Output as _tuneforge_v1_ListSequencesResponse__Output } from '../../tuneforge/v1/ListSequencesResponse';
import type { ReportOutcomeRequest as _tuneforge_v1_ReportOutcomeRequest, ReportOutcomeRequest__Output as _tuneforge_v1_ReportOutcomeRequest__Output } from '../../tuneforge/v1/ReportOutcomeRequest';
import type { ReportOutcomeResponse as _tuneforge_v1_ReportOutcomeResponse, ReportOutcomeResponse__Output as _tuneforge_v1_ReportOutcomeResponse__Output } from '../../tuneforge/v1/ReportOutcomeResponse';
import type { SolveRequest as _tuneforge_v1_SolveRequest, SolveRequest__Output as _tuneforge_v1_SolveRequest__Output } from '../../tuneforge/v1/SolveRequest';
import type { SolveResponse as _tuneforge_v1_SolveResponse, SolveResponse__Output as _tuneforge_v1_SolveResponse__Output } from '../../tuneforge/v1/SolveResponse';
import type { SuggestOmegaRequest as _tuneforge_v1_SuggestOmegaRequest, SuggestOmegaRequest__Output as _tuneforge_v1_SuggestOmegaRequest__Output } from '../../tuneforge/v1/SuggestOmegaRequest';
import type { SuggestOmegaResponse as _tuneforge_v1_SuggestOmegaResponse, SuggestOmegaResponse__Output as _tuneforge_v1_SuggestOmegaResponse__Output } from '../../tuneforge/v1/SuggestOmegaResponse';

/**
 * Chooses the SOR relaxation factor omega across a sequence of linear systems
 * (Khodak, Chow, Balcan & Talwalkar, "Learning to Relax", ICLR 2024), learning
 * from iteration counts alone (optionally with a context per system).
 */
export interface RelaxationServiceClient extends grpc.Client {
  /**
   * Create a sequence: the solver, the policy, the omega grid, the context bounds.
   */
  CreateSequence(argument: _tuneforge_v1_CreateSequenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateSequenceResponse__Output>): grpc.ClientUnaryCall;
  CreateSequence(argument: _tuneforge_v1_CreateSequenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CreateSequenceResponse__Output>): grpc.ClientUnaryCall;
  CreateSequence(argument: _tuneforge_v1_CreateSequenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateSequenceResponse__Output>): grpc.ClientUnaryCall;
  CreateSequence(argument: _tuneforge_v1_CreateSequenceRequest, callback: grpc.requestCallback<_tuneforge_v1_CreateSequenceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Create a sequence: the solver, the policy, the omega grid, the context bounds.
   */
  createSequence(argument: _tuneforge_v1_CreateSequenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateSequenceResponse__Output>): grpc.ClientUnaryCall;
  createSequence(argument: _tuneforge_v1_CreateSequenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_CreateSequenceResponse__Output>): grpc.ClientUnaryCall;
  createSequence(argument: _tuneforge_v1_CreateSequenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_CreateSequenceResponse__Output>): grpc.ClientUnaryCall;
  createSequence(argument: _tuneforge_v1_CreateSequenceRequest, callback: grpc.requestCallback<_tuneforge_v1_CreateSequenceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Delete a sequence and its history.
   */
  DeleteSequence(argument: _tuneforge_v1_DeleteSequenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_DeleteSequenceResponse__Output>): grpc.ClientUnaryCall;
  DeleteSequence(argument: _tuneforge_v1_DeleteSequenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_DeleteSequenceResponse__Output>): grpc.ClientUnaryCall;
  DeleteSequence(argument: _tuneforge_v1_DeleteSequenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_DeleteSequenceResponse__Output>): grpc.ClientUnaryCall;
  DeleteSequence(argument: _tuneforge_v1_DeleteSequenceRequest, callback: grpc.requestCallback<_tuneforge_v1_DeleteSequenceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Delete a sequence and its history.
   */
  deleteSequence(argument: _tuneforge_v1_DeleteSequenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_DeleteSequenceResponse__Output>): grpc.ClientUnaryCall;
  deleteSequence(argument: _tuneforge_v1_DeleteSequenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_DeleteSequenceResponse__Output>): grpc.ClientUnaryCall;
  deleteSequence(argument: _tuneforge_v1_DeleteSequenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_DeleteSequenceResponse__Output>): grpc.ClientUnaryCall;
  deleteSequence(argument: _tuneforge_v1_DeleteSequenceRequest, callback: grpc.requestCallback<_tuneforge_v1_DeleteSequenceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The recommendation for the next system (no exploration) and its evidence.
   */
  GetBestOmega(argument: _tuneforge_v1_GetBestOmegaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestOmegaResponse__Output>): grpc.ClientUnaryCall;
  GetBestOmega(argument: _tuneforge_v1_GetBestOmegaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetBestOmegaResponse__Output>): grpc.ClientUnaryCall;
  GetBestOmega(argument: _tuneforge_v1_GetBestOmegaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestOmegaResponse__Output>): grpc.ClientUnaryCall;
  GetBestOmega(argument: _tuneforge_v1_GetBestOmegaRequest, callback: grpc.requestCallback<_tuneforge_v1_GetBestOmegaResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The recommendation for the next system (no exploration) and its evidence.
   */
  getBestOmega(argument: _tuneforge_v1_GetBestOmegaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestOmegaResponse__Output>): grpc.ClientUnaryCall;
  getBestOmega(argument: _tuneforge_v1_GetBestOmegaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetBestOmegaResponse__Output>): grpc.ClientUnaryCall;
  getBestOmega(argument: _tuneforge_v1_GetBestOmegaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetBestOmegaResponse__Output>): grpc.ClientUnaryCall;
  getBestOmega(argument: _tuneforge_v1_GetBestOmegaRequest, callback: grpc.requestCallback<_tuneforge_v1_GetBestOmegaResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A sequence by id or name.
   */
  GetSequence(argument: _tuneforge_v1_GetSequenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetSequenceResponse__Output>): grpc.ClientUnaryCall;
  GetSequence(argument: _tuneforge_v1_GetSequenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetSequenceResponse__Output>): grpc.ClientUnaryCall;
  GetSequence(argument: _tuneforge_v1_GetSequenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetSequenceResponse__Output>): grpc.ClientUnaryCall;
  GetSequence(argument: _tuneforge_v1_GetSequenceRequest, callback: grpc.requestCallback<_tuneforge_v1_GetSequenceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A sequence by id or name.
   */
  getSequence(argument: _tuneforge_v1_GetSequenceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetSequenceResponse__Output>): grpc.ClientUnaryCall;
  getSequence(argument: _tuneforge_v1_GetSequenceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_GetSequenceResponse__Output>): grpc.ClientUnaryCall;
  getSequence(argument: _tuneforge_v1_GetSequenceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_GetSequenceResponse__Output>): grpc.ClientUnaryCall;
  getSequence(argument: _tuneforge_v1_GetSequenceRequest, callback: grpc.requestCallback<_tuneforge_v1_GetSequenceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sequences, newest first, paginated.
   */
  ListSequences(argument: _tuneforge_v1_ListSequencesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListSequencesResponse__Output>): grpc.ClientUnaryCall;
  ListSequences(argument: _tuneforge_v1_ListSequencesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListSequencesResponse__Output>): grpc.ClientUnaryCall;
  ListSequences(argument: _tuneforge_v1_ListSequencesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListSequencesResponse__Output>): grpc.ClientUnaryCall;
  ListSequences(argument: _tuneforge_v1_ListSequencesRequest, callback: grpc.requestCallback<_tuneforge_v1_ListSequencesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sequences, newest first, paginated.
   */
  listSequences(argument: _tuneforge_v1_ListSequencesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListSequencesResponse__Output>): grpc.ClientUnaryCall;
  listSequences(argument: _tuneforge_v1_ListSequencesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ListSequencesResponse__Output>): grpc.ClientUnaryCall;
  listSequences(argument: _tuneforge_v1_ListSequencesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ListSequencesResponse__Output>): grpc.ClientUnaryCall;
  listSequences(argument: _tuneforge_v1_ListSequencesRequest, callback: grpc.requestCallback<_tuneforge_v1_ListSequencesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The iterations a suggested omega took; each suggestion is reported at most once.
   */
  ReportOutcome(argument: _tuneforge_v1_ReportOutcomeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  ReportOutcome(argument: _tuneforge_v1_ReportOutcomeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  ReportOutcome(argument: _tuneforge_v1_ReportOutcomeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  ReportOutcome(argument: _tuneforge_v1_ReportOutcomeRequest, callback: grpc.requestCallback<_tuneforge_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The iterations a suggested omega took; each suggestion is reported at most once.
   */
  reportOutcome(argument: _tuneforge_v1_ReportOutcomeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  reportOutcome(argument: _tuneforge_v1_ReportOutcomeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  reportOutcome(argument: _tuneforge_v1_ReportOutcomeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  reportOutcome(argument: _tuneforge_v1_ReportOutcomeRequest, callback: grpc.requestCallback<_tuneforge_v1_ReportOutcomeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Suggest, solve on the server and learn from the count, in one call.
   */
  Solve(argument: _tuneforge_v1_SolveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SolveResponse__Output>): grpc.ClientUnaryCall;
  Solve(argument: _tuneforge_v1_SolveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SolveResponse__Output>): grpc.ClientUnaryCall;
  Solve(argument: _tuneforge_v1_SolveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SolveResponse__Output>): grpc.ClientUnaryCall;
  Solve(argument: _tuneforge_v1_SolveRequest, callback: grpc.requestCallback<_tuneforge_v1_SolveResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Suggest, solve on the server and learn from the count, in one call.
   */
  solve(argument: _tuneforge_v1_SolveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SolveResponse__Output>): grpc.ClientUnaryCall;
  solve(argument: _tuneforge_v1_SolveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SolveResponse__Output>): grpc.ClientUnaryCall;
  solve(argument: _tuneforge_v1_SolveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SolveResponse__Output>): grpc.ClientUnaryCall;
  solve(argument: _tuneforge_v1_SolveRequest, callback: grpc.requestCallback<_tuneforge_v1_SolveResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The omega to use for the next system (the client solves it itself).
   */
  SuggestOmega(argument: _tuneforge_v1_SuggestOmegaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SuggestOmegaResponse__Output>): grpc.ClientUnaryCall;
  SuggestOmega(argument: _tuneforge_v1_SuggestOmegaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SuggestOmegaResponse__Output>): grpc.ClientUnaryCall;
  SuggestOmega(argument: _tuneforge_v1_SuggestOmegaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SuggestOmegaResponse__Output>): grpc.ClientUnaryCall;
  SuggestOmega(argument: _tuneforge_v1_SuggestOmegaRequest, callback: grpc.requestCallback<_tuneforge_v1_SuggestOmegaResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The omega to use for the next system (the client solves it itself).
   */
  suggestOmega(argument: _tuneforge_v1_SuggestOmegaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SuggestOmegaResponse__Output>): grpc.ClientUnaryCall;
  suggestOmega(argument: _tuneforge_v1_SuggestOmegaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_SuggestOmegaResponse__Output>): grpc.ClientUnaryCall;
  suggestOmega(argument: _tuneforge_v1_SuggestOmegaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_SuggestOmegaResponse__Output>): grpc.ClientUnaryCall;
  suggestOmega(argument: _tuneforge_v1_SuggestOmegaRequest, callback: grpc.requestCallback<_tuneforge_v1_SuggestOmegaResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Chooses the SOR relaxation factor omega across a sequence of linear systems
 * (Khodak, Chow, Balcan & Talwalkar, "Learning to Relax", ICLR 2024), learning
 * from iteration counts alone (optionally with a context per system).
 */
export interface RelaxationServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Create a sequence: the solver, the policy, the omega grid, the context bounds.
   */
  CreateSequence: grpc.handleUnaryCall<_tuneforge_v1_CreateSequenceRequest__Output, _tuneforge_v1_CreateSequenceResponse>;
  
  /**
   * Delete a sequence and its history.
   */
  DeleteSequence: grpc.handleUnaryCall<_tuneforge_v1_DeleteSequenceRequest__Output, _tuneforge_v1_DeleteSequenceResponse>;
  
  /**
   * The recommendation for the next system (no exploration) and its evidence.
   */
  GetBestOmega: grpc.handleUnaryCall<_tuneforge_v1_GetBestOmegaRequest__Output, _tuneforge_v1_GetBestOmegaResponse>;
  
  /**
   * A sequence by id or name.
   */
  GetSequence: grpc.handleUnaryCall<_tuneforge_v1_GetSequenceRequest__Output, _tuneforge_v1_GetSequenceResponse>;
  
  /**
   * Sequences, newest first, paginated.
   */
  ListSequences: grpc.handleUnaryCall<_tuneforge_v1_ListSequencesRequest__Output, _tuneforge_v1_ListSequencesResponse>;
  
  /**
   * The iterations a suggested omega took; each suggestion is reported at most once.
   */
  ReportOutcome: grpc.handleUnaryCall<_tuneforge_v1_ReportOutcomeRequest__Output, _tuneforge_v1_ReportOutcomeResponse>;
  
  /**
   * Suggest, solve on the server and learn from the count, in one call.
   */
  Solve: grpc.handleUnaryCall<_tuneforge_v1_SolveRequest__Output, _tuneforge_v1_SolveResponse>;
  
  /**
   * The omega to use for the next system (the client solves it itself).
   */
  SuggestOmega: grpc.handleUnaryCall<_tuneforge_v1_SuggestOmegaRequest__Output, _tuneforge_v1_SuggestOmegaResponse>;
  
}

export interface RelaxationServiceDefinition extends grpc.ServiceDefinition {
  CreateSequence: MethodDefinition<_tuneforge_v1_CreateSequenceRequest, _tuneforge_v1_CreateSequenceResponse, _tuneforge_v1_CreateSequenceRequest__Output, _tuneforge_v1_CreateSequenceResponse__Output>
  DeleteSequence: MethodDefinition<_tuneforge_v1_DeleteSequenceRequest, _tuneforge_v1_DeleteSequenceResponse, _tuneforge_v1_DeleteSequenceRequest__Output, _tuneforge_v1_DeleteSequenceResponse__Output>
  GetBestOmega: MethodDefinition<_tuneforge_v1_GetBestOmegaRequest, _tuneforge_v1_GetBestOmegaResponse, _tuneforge_v1_GetBestOmegaRequest__Output, _tuneforge_v1_GetBestOmegaResponse__Output>
  GetSequence: MethodDefinition<_tuneforge_v1_GetSequenceRequest, _tuneforge_v1_GetSequenceResponse, _tuneforge_v1_GetSequenceRequest__Output, _tuneforge_v1_GetSequenceResponse__Output>
  ListSequences: MethodDefinition<_tuneforge_v1_ListSequencesRequest, _tuneforge_v1_ListSequencesResponse, _tuneforge_v1_ListSequencesRequest__Output, _tuneforge_v1_ListSequencesResponse__Output>
  ReportOutcome: MethodDefinition<_tuneforge_v1_ReportOutcomeRequest, _tuneforge_v1_ReportOutcomeResponse, _tuneforge_v1_ReportOutcomeRequest__Output, _tuneforge_v1_ReportOutcomeResponse__Output>
  Solve: MethodDefinition<_tuneforge_v1_SolveRequest, _tuneforge_v1_SolveResponse, _tuneforge_v1_SolveRequest__Output, _tuneforge_v1_SolveResponse__Output>
  SuggestOmega: MethodDefinition<_tuneforge_v1_SuggestOmegaRequest, _tuneforge_v1_SuggestOmegaResponse, _tuneforge_v1_SuggestOmegaRequest__Output, _tuneforge_v1_SuggestOmegaResponse__Output>
}
