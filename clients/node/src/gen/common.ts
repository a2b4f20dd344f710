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

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tuneforge: {
    v1: {
      CategoricalChoices: MessageTypeDefinition<_tuneforge_v1_CategoricalChoices, _tuneforge_v1_CategoricalChoices__Output>
      CsrMatrix: MessageTypeDefinition<_tuneforge_v1_CsrMatrix, _tuneforge_v1_CsrMatrix__Output>
      DenseMatrix: MessageTypeDefinition<_tuneforge_v1_DenseMatrix, _tuneforge_v1_DenseMatrix__Output>
      Direction: EnumTypeDefinition
      FloatRange: MessageTypeDefinition<_tuneforge_v1_FloatRange, _tuneforge_v1_FloatRange__Output>
      IntRange: MessageTypeDefinition<_tuneforge_v1_IntRange, _tuneforge_v1_IntRange__Output>
      PageRequest: MessageTypeDefinition<_tuneforge_v1_PageRequest, _tuneforge_v1_PageRequest__Output>
      ParameterCondition: MessageTypeDefinition<_tuneforge_v1_ParameterCondition, _tuneforge_v1_ParameterCondition__Output>
      ParameterSpec: MessageTypeDefinition<_tuneforge_v1_ParameterSpec, _tuneforge_v1_ParameterSpec__Output>
      ParameterValue: MessageTypeDefinition<_tuneforge_v1_ParameterValue, _tuneforge_v1_ParameterValue__Output>
    }
  }
}

