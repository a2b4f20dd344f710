import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { ArmEvidence as _tuneforge_v1_ArmEvidence, ArmEvidence__Output as _tuneforge_v1_ArmEvidence__Output } from './tuneforge/v1/ArmEvidence';
import type { CategoricalChoices as _tuneforge_v1_CategoricalChoices, CategoricalChoices__Output as _tuneforge_v1_CategoricalChoices__Output } from './tuneforge/v1/CategoricalChoices';
import type { CreateSequenceRequest as _tuneforge_v1_CreateSequenceRequest, CreateSequenceRequest__Output as _tuneforge_v1_CreateSequenceRequest__Output } from './tuneforge/v1/CreateSequenceRequest';
import type { CreateSequenceResponse as _tuneforge_v1_CreateSequenceResponse, CreateSequenceResponse__Output as _tuneforge_v1_CreateSequenceResponse__Output } from './tuneforge/v1/CreateSequenceResponse';
import type { CsrMatrix as _tuneforge_v1_CsrMatrix, CsrMatrix__Output as _tuneforge_v1_CsrMatrix__Output } from './tuneforge/v1/CsrMatrix';
import type { DeleteSequenceRequest as _tuneforge_v1_DeleteSequenceRequest, DeleteSequenceRequest__Output as _tuneforge_v1_DeleteSequenceRequest__Output } from './tuneforge/v1/DeleteSequenceRequest';
import type { DeleteSequenceResponse as _tuneforge_v1_DeleteSequenceResponse, DeleteSequenceResponse__Output as _tuneforge_v1_DeleteSequenceResponse__Output } from './tuneforge/v1/DeleteSequenceResponse';
import type { DenseMatrix as _tuneforge_v1_DenseMatrix, DenseMatrix__Output as _tuneforge_v1_DenseMatrix__Output } from './tuneforge/v1/DenseMatrix';
import type { FloatRange as _tuneforge_v1_FloatRange, FloatRange__Output as _tuneforge_v1_FloatRange__Output } from './tuneforge/v1/FloatRange';
import type { GetBestOmegaRequest as _tuneforge_v1_GetBestOmegaRequest, GetBestOmegaRequest__Output as _tuneforge_v1_GetBestOmegaRequest__Output } from './tuneforge/v1/GetBestOmegaRequest';
import type { GetBestOmegaResponse as _tuneforge_v1_GetBestOmegaResponse, GetBestOmegaResponse__Output as _tuneforge_v1_GetBestOmegaResponse__Output } from './tuneforge/v1/GetBestOmegaResponse';
import type { GetSequenceRequest as _tuneforge_v1_GetSequenceRequest, GetSequenceRequest__Output as _tuneforge_v1_GetSequenceRequest__Output } from './tuneforge/v1/GetSequenceRequest';
import type { GetSequenceResponse as _tuneforge_v1_GetSequenceResponse, GetSequenceResponse__Output as _tuneforge_v1_GetSequenceResponse__Output } from './tuneforge/v1/GetSequenceResponse';
import type { IntRange as _tuneforge_v1_IntRange, IntRange__Output as _tuneforge_v1_IntRange__Output } from './tuneforge/v1/IntRange';
import type { ListSequencesRequest as _tuneforge_v1_ListSequencesRequest, ListSequencesRequest__Output as _tuneforge_v1_ListSequencesRequest__Output } from './tuneforge/v1/ListSequencesRequest';
import type { ListSequencesResponse as _tuneforge_v1_ListSequencesResponse, ListSequencesResponse__Output as _tuneforge_v1_ListSequencesResponse__Output } from './tuneforge/v1/ListSequencesResponse';
import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from './tuneforge/v1/PageRequest';
import type { ParameterCondition as _tuneforge_v1_ParameterCondition, ParameterCondition__Output as _tuneforge_v1_ParameterCondition__Output } from './tuneforge/v1/ParameterCondition';
import type { ParameterSpec as _tuneforge_v1_ParameterSpec, ParameterSpec__Output as _tuneforge_v1_ParameterSpec__Output } from './tuneforge/v1/ParameterSpec';
import type { ParameterValue as _tuneforge_v1_ParameterValue, ParameterValue__Output as _tuneforge_v1_ParameterValue__Output } from './tuneforge/v1/ParameterValue';
import type { RelaxationServiceClient as _tuneforge_v1_RelaxationServiceClient, RelaxationServiceDefinition as _tuneforge_v1_RelaxationServiceDefinition } from './tuneforge/v1/RelaxationService';
import type { ReportOutcomeRequest as _tuneforge_v1_ReportOutcomeRequest, ReportOutcomeRequest__Output as _tuneforge_v1_ReportOutcomeRequest__Output } from './tuneforge/v1/ReportOutcomeRequest';
import type { ReportOutcomeResponse as _tuneforge_v1_ReportOutcomeResponse, ReportOutcomeResponse__Output as _tuneforge_v1_ReportOutcomeResponse__Output } from './tuneforge/v1/ReportOutcomeResponse';
import type { Sequence as _tuneforge_v1_Sequence, Sequence__Output as _tuneforge_v1_Sequence__Output } from './tuneforge/v1/Sequence';
import type { SolveRequest as _tuneforge_v1_SolveRequest, SolveRequest__Output as _tuneforge_v1_SolveRequest__Output } from './tuneforge/v1/SolveRequest';
import type { SolveResponse as _tuneforge_v1_SolveResponse, SolveResponse__Output as _tuneforge_v1_SolveResponse__Output } from './tuneforge/v1/SolveResponse';
import type { SuggestOmegaRequest as _tuneforge_v1_SuggestOmegaRequest, SuggestOmegaRequest__Output as _tuneforge_v1_SuggestOmegaRequest__Output } from './tuneforge/v1/SuggestOmegaRequest';
import type { SuggestOmegaResponse as _tuneforge_v1_SuggestOmegaResponse, SuggestOmegaResponse__Output as _tuneforge_v1_SuggestOmegaResponse__Output } from './tuneforge/v1/SuggestOmegaResponse';

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
      ArmEvidence: MessageTypeDefinition<_tuneforge_v1_ArmEvidence, _tuneforge_v1_ArmEvidence__Output>
      CategoricalChoices: MessageTypeDefinition<_tuneforge_v1_CategoricalChoices, _tuneforge_v1_CategoricalChoices__Output>
      CreateSequenceRequest: MessageTypeDefinition<_tuneforge_v1_CreateSequenceRequest, _tuneforge_v1_CreateSequenceRequest__Output>
      CreateSequenceResponse: MessageTypeDefinition<_tuneforge_v1_CreateSequenceResponse, _tuneforge_v1_CreateSequenceResponse__Output>
      CsrMatrix: MessageTypeDefinition<_tuneforge_v1_CsrMatrix, _tuneforge_v1_CsrMatrix__Output>
      DeleteSequenceRequest: MessageTypeDefinition<_tuneforge_v1_DeleteSequenceRequest, _tuneforge_v1_DeleteSequenceRequest__Output>
      DeleteSequenceResponse: MessageTypeDefinition<_tuneforge_v1_DeleteSequenceResponse, _tuneforge_v1_DeleteSequenceResponse__Output>
      DenseMatrix: MessageTypeDefinition<_tuneforge_v1_DenseMatrix, _tuneforge_v1_DenseMatrix__Output>
      Direction: EnumTypeDefinition
      FloatRange: MessageTypeDefinition<_tuneforge_v1_FloatRange, _tuneforge_v1_FloatRange__Output>
      GetBestOmegaRequest: MessageTypeDefinition<_tuneforge_v1_GetBestOmegaRequest, _tuneforge_v1_GetBestOmegaRequest__Output>
      GetBestOmegaResponse: MessageTypeDefinition<_tuneforge_v1_GetBestOmegaResponse, _tuneforge_v1_GetBestOmegaResponse__Output>
      GetSequenceRequest: MessageTypeDefinition<_tuneforge_v1_GetSequenceRequest, _tuneforge_v1_GetSequenceRequest__Output>
      GetSequenceResponse: MessageTypeDefinition<_tuneforge_v1_GetSequenceResponse, _tuneforge_v1_GetSequenceResponse__Output>
      IntRange: MessageTypeDefinition<_tuneforge_v1_IntRange, _tuneforge_v1_IntRange__Output>
      ListSequencesRequest: MessageTypeDefinition<_tuneforge_v1_ListSequencesRequest, _tuneforge_v1_ListSequencesRequest__Output>
      ListSequencesResponse: MessageTypeDefinition<_tuneforge_v1_ListSequencesResponse, _tuneforge_v1_ListSequencesResponse__Output>
      PageRequest: MessageTypeDefinition<_tuneforge_v1_PageRequest, _tuneforge_v1_PageRequest__Output>
      ParameterCondition: MessageTypeDefinition<_tuneforge_v1_ParameterCondition, _tuneforge_v1_ParameterCondition__Output>
      ParameterSpec: MessageTypeDefinition<_tuneforge_v1_ParameterSpec, _tuneforge_v1_ParameterSpec__Output>
      ParameterValue: MessageTypeDefinition<_tuneforge_v1_ParameterValue, _tuneforge_v1_ParameterValue__Output>
      RelaxationPolicy: EnumTypeDefinition
      /**
       * Chooses the SOR relaxation factor omega across a sequence of linear systems
       * (Khodak, Chow, Balcan & Talwalkar, "Learning to Relax", ICLR 2024), learning
       * from iteration counts alone (optionally with a context per system).
       */
      RelaxationService: SubtypeConstructor<typeof grpc.Client, _tuneforge_v1_RelaxationServiceClient> & { service: _tuneforge_v1_RelaxationServiceDefinition }
      ReportOutcomeRequest: MessageTypeDefinition<_tuneforge_v1_ReportOutcomeRequest, _tuneforge_v1_ReportOutcomeRequest__Output>
      ReportOutcomeResponse: MessageTypeDefinition<_tuneforge_v1_ReportOutcomeResponse, _tuneforge_v1_ReportOutcomeResponse__Output>
      Sequence: MessageTypeDefinition<_tuneforge_v1_Sequence, _tuneforge_v1_Sequence__Output>
      SolveRequest: MessageTypeDefinition<_tuneforge_v1_SolveRequest, _tuneforge_v1_SolveRequest__Output>
      SolveResponse: MessageTypeDefinition<_tuneforge_v1_SolveResponse, _tuneforge_v1_SolveResponse__Output>
      Solver: EnumTypeDefinition
      SuggestOmegaRequest: MessageTypeDefinition<_tuneforge_v1_SuggestOmegaRequest, _tuneforge_v1_SuggestOmegaRequest__Output>
      SuggestOmegaResponse: MessageTypeDefinition<_tuneforge_v1_SuggestOmegaResponse, _tuneforge_v1_SuggestOmegaResponse__Output>
    }
  }
}

