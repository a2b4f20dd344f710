import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CategoricalChoices as _tuneforge_v1_CategoricalChoices, CategoricalChoices__Output as _tuneforge_v1_CategoricalChoices__Output } from './tuneforge/v1/CategoricalChoices';
import type { CsrMatrix as _tuneforge_v1_CsrMatrix, CsrMatrix__Output as _tuneforge_v1_CsrMatrix__Output } from './tuneforge/v1/CsrMatrix';
import type { DenseMatrix as _tuneforge_v1_DenseMatrix, DenseMatrix__Output as _tuneforge_v1_DenseMatrix__Output } from './tuneforge/v1/DenseMatrix';
import type { FloatRange as _tuneforge_v1_FloatRange, FloatRange__Output as _tuneforge_v1_FloatRange__Output } from './tuneforge/v1/FloatRange';
import type { IntRange as _tuneforge_v1_IntRange, IntRange__Output as _tuneforge_v1_IntRange__Output } from './tuneforge/v1/IntRange';
import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from './tuneforge/v1/PageRequest';
import type { ParameterCondition as _tuneforge_v1_ParameterCondition, ParameterCondition__Output as _tuneforge_v1_ParameterCondition__Output } from './tuneforge/v1/ParameterCondition';
import type { ParameterSpec as _tuneforge_v1_ParameterSpec, ParameterSpec__Output as _tuneforge_v1_ParameterSpec__Output } from './tuneforge/v1/ParameterSpec';
import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from './tuneforge/v1/ParameterValue';
import type { PointClouds as _tuneforge_v1_PointClouds, PointClouds__Output as _tuneforge_v1_PointClouds__Output } from './tuneforge/v1/PointClouds';
import type { SparsePlan as _tuneforge_v1_SparsePlan, SparsePlan__Output as _tuneforge_v1_SparsePlan__Output } from './tuneforge/v1/SparsePlan';
import type { TransportOptions as _tuneforge_v1_TransportOptions, TransportOptions__Output as _tuneforge_v1_TransportOptions__Output } from './tuneforge/v1/TransportOptions';
import type { TransportResult as _tuneforge_v1_TransportResult, TransportResult__Output as _tuneforge_v1_TransportResult__Output } from './tuneforge/v1/TransportResult';
import type { TransportServiceClient as _tuneforge_v1_TransportServiceClient, TransportServiceDefinition as _tuneforge_v1_TransportServiceDefinition } from './tuneforge/v1/TransportService';
import type { TransportServiceSolveBatchRequest as _tuneforge_v1_TransportServiceSolveBatchRequest, TransportServiceSolveBatchRequest__Output as _tuneforge_v1_TransportServiceSolveBatchRequest__Output } from './tuneforge/v1/TransportServiceSolveBatchRequest';
import type { TransportServiceSolveBatchResponse as _tuneforge_v1_TransportServiceSolveBatchResponse, TransportServiceSolveBatchResponse__Output as _tuneforge_v1_TransportServiceSolveBatchResponse__Output } from './tuneforge/v1/TransportServiceSolveBatchResponse';
import type { TransportServiceSolveRequest as _tuneforge_v1_TransportServiceSolveRequest, TransportServiceSolveRequest__Output as _tuneforge_v1_TransportServiceSolveRequest__Output } from './tuneforge/v1/TransportServiceSolveRequest';
import type { TransportServiceSolveResponse as _tuneforge_v1_TransportServiceSolveResponse, TransportServiceSolveResponse__Output as _tuneforge_v1_TransportServiceSolveResponse__Output } from './tuneforge/v1/TransportServiceSolveResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tuneforge: {
    v1: {
      CategoricalChoices: MessageTypeDefinition<_tuneforge_v1_CategoricalChoices, _tuneforge_v1_CategoricalChoices__Output>
      CostMetric: EnumTypeDefinition
      CsrMatrix: MessageTypeDefinition<_tuneforge_v1_CsrMatrix, _tuneforge_v1_CsrMatrix__Output>
      DenseMatrix: MessageTypeDefinition<_tuneforge_v1_DenseMatrix, _tuneforge_v1_DenseMatrix__Output>
      Direction: EnumTypeDefinition
      FloatRange: MessageTypeDefinition<_tuneforge_v1_FloatRange, _tuneforge_v1_FloatRange__Output>
      IntRange: MessageTypeDefinition<_tuneforge_v1_IntRange, _tuneforge_v1_IntRange__Output>
      PageRequest: MessageTypeDefinition<_tuneforge_v1_PageRequest, _tuneforge_v1_PageRequest__Output>
      ParameterCondition: MessageTypeDefinition<_tuneforge_v1_ParameterCondition, _tuneforge_v1_ParameterCondition__Output>
      ParameterSpec: MessageTypeDefinition<_tuneforge_v1_ParameterSpec, _tuneforge_v1_ParameterSpec__Output>
      ParameterValue: MessageTypeDefinition<_tuneforge_v1_ParameterValue, _tuneforge_v1_ParameterValue__Output>
      PlanFormat: EnumTypeDefinition
      PointClouds: MessageTypeDefinition<_tuneforge_v1_PointClouds, _tuneforge_v1_PointClouds__Output>
      SparsePlan: MessageTypeDefinition<_tuneforge_v1_SparsePlan, _tuneforge_v1_SparsePlan__Output>
      TransportMethod: EnumTypeDefinition
      TransportOptions: MessageTypeDefinition<_tuneforge_v1_TransportOptions, _tuneforge_v1_TransportOptions__Output>
      TransportResult: MessageTypeDefinition<_tuneforge_v1_TransportResult, _tuneforge_v1_TransportResult__Output>
      /**
       * Entropic optimal transport between two histograms: log-domain Sinkhorn and
       * Sinkhorn-Newton-Sparse (Tang, Shavlovsky, Rahmanian, Tardini, Thekumparampil,
       * Xiao & Ying, "Accelerating Sinkhorn Algorithm with Sparse Newton Iterations", ICLR 2024).
       */
      TransportService: SubtypeConstructor<typeof grpc.Client, _tuneforge_v1_TransportServiceClient> & { service: _tuneforge_v1_TransportServiceDefinition }
      TransportServiceSolveBatchRequest: MessageTypeDefinition<_tuneforge_v1_TransportServiceSolveBatchRequest, _tuneforge_v1_TransportServiceSolveBatchRequest__Output>
      TransportServiceSolveBatchResponse: MessageTypeDefinition<_tuneforge_v1_TransportServiceSolveBatchResponse, _tuneforge_v1_TransportServiceSolveBatchResponse__Output>
      TransportServiceSolveRequest: MessageTypeDefinition<_tuneforge_v1_TransportServiceSolveRequest, _tuneforge_v1_TransportServiceSolveRequest__Output>
      TransportServiceSolveResponse: MessageTypeDefinition<_tuneforge_v1_TransportServiceSolveResponse, _tuneforge_v1_TransportServiceSolveResponse__Output>
    }
  }
}

