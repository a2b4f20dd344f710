// Original file: tuneforge/v1/transport_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { TransportServiceSolveBatchRequest as _tuneforge_v1_TransportServiceSolveBatchRequest, TransportServiceSolveBatchRequest__Output as _tuneforge_v1_TransportServiceSolveBatchRequest__Output } from '../../tuneforge/v1/TransportServiceSolveBatchRequest';
import type { TransportServiceSolveBatchResponse as _tuneforge_v1_TransportServiceSolveBatchResponse, TransportServiceSolveBatchResponse__Output as _tuneforge_v1_TransportServiceSolveBatchResponse__Output } from '../../tuneforge/v1/TransportServiceSolveBatchResponse';
import type { TransportServiceSolveRequest as _tuneforge_v1_TransportServiceSolveRequest, TransportServiceSolveRequest__Output as _tuneforge_v1_TransportServiceSolveRequest__Output } from '../../tuneforge/v1/TransportServiceSolveRequest';
import type { TransportServiceSolveResponse as _tuneforge_v1_TransportServiceSolveResponse, TransportServiceSolveResponse__Output as _tuneforge_v1_TransportServiceSolveResponse__Output } from '../../tuneforge/v1/TransportServiceSolveResponse';

/**
 * Entropic optimal transport between two histograms: log-domain Sinkhorn and
 * Sinkhorn-Newton-Sparse (Tang, Shavlovsky, Rahmanian, Tardini, Thekumparampil,
 * Xiao & Ying, "Accelerating Sinkhorn Algorithm with Sparse Newton Iterations", ICLR 2024).
 */
export interface TransportServiceClient extends grpc.Client {
  /**
   * Solve one problem.
   */
  Solve(argument: _tuneforge_v1_TransportServiceSolveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveResponse__Output>): grpc.ClientUnaryCall;
  Solve(argument: _tuneforge_v1_TransportServiceSolveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveResponse__Output>): grpc.ClientUnaryCall;
  Solve(argument: _tuneforge_v1_TransportServiceSolveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveResponse__Output>): grpc.ClientUnaryCall;
  Solve(argument: _tuneforge_v1_TransportServiceSolveRequest, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Solve one problem.
   */
  solve(argument: _tuneforge_v1_TransportServiceSolveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveResponse__Output>): grpc.ClientUnaryCall;
  solve(argument: _tuneforge_v1_TransportServiceSolveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveResponse__Output>): grpc.ClientUnaryCall;
  solve(argument: _tuneforge_v1_TransportServiceSolveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveResponse__Output>): grpc.ClientUnaryCall;
  solve(argument: _tuneforge_v1_TransportServiceSolveRequest, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Solve many weight pairs against one shared ground cost.
   */
  SolveBatch(argument: _tuneforge_v1_TransportServiceSolveBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveBatchResponse__Output>): grpc.ClientUnaryCall;
  SolveBatch(argument: _tuneforge_v1_TransportServiceSolveBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveBatchResponse__Output>): grpc.ClientUnaryCall;
  SolveBatch(argument: _tuneforge_v1_TransportServiceSolveBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveBatchResponse__Output>): grpc.ClientUnaryCall;
  SolveBatch(argument: _tuneforge_v1_TransportServiceSolveBatchRequest, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveBatchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Solve many weight pairs against one shared ground cost.
   */
  solveBatch(argument: _tuneforge_v1_TransportServiceSolveBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveBatchResponse__Output>): grpc.ClientUnaryCall;
  solveBatch(argument: _tuneforge_v1_TransportServiceSolveBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveBatchResponse__Output>): grpc.ClientUnaryCall;
  solveBatch(argument: _tuneforge_v1_TransportServiceSolveBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveBatchResponse__Output>): grpc.ClientUnaryCall;
  solveBatch(argument: _tuneforge_v1_TransportServiceSolveBatchRequest, callback: grpc.requestCallback<_tuneforge_v1_TransportServiceSolveBatchResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Entropic optimal transport between two histograms: log-domain Sinkhorn and
 * Sinkhorn-Newton-Sparse (Tang, Shavlovsky, Rahmanian, Tardini, Thekumparampil,
 * Xiao & Ying, "Accelerating Sinkhorn Algorithm with Sparse Newton Iterations", ICLR 2024).
 */
export interface TransportServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Solve one problem.
   */
  Solve: grpc.handleUnaryCall<_tuneforge_v1_TransportServiceSolveRequest__Output, _tuneforge_v1_TransportServiceSolveResponse>;
  
  /**
   * Solve many weight pairs against one shared ground cost.
   */
  SolveBatch: grpc.handleUnaryCall<_tuneforge_v1_TransportServiceSolveBatchRequest__Output, _tuneforge_v1_TransportServiceSolveBatchResponse>;
  
}

export interface TransportServiceDefinition extends grpc.ServiceDefinition {
  Solve: MethodDefinition<_tuneforge_v1_TransportServiceSolveRequest, _tuneforge_v1_TransportServiceSolveResponse, _tuneforge_v1_TransportServiceSolveRequest__Output, _tuneforge_v1_TransportServiceSolveResponse__Output>
  SolveBatch: MethodDefinition<_tuneforge_v1_TransportServiceSolveBatchRequest, _tuneforge_v1_TransportServiceSolveBatchResponse, _tuneforge_v1_TransportServiceSolveBatchRequest__Output, _tuneforge_v1_TransportServiceSolveBatchResponse__Output>
}
