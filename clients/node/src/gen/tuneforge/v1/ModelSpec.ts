// Original file: tuneforge/v1/trainer_service.proto

import type { LogisticRegressionModel as _tuneforge_v1_LogisticRegressionModel, LogisticRegressionModel__Output as _tuneforge_v1_LogisticRegressionModel__Output } from '../../tuneforge/v1/LogisticRegressionModel';
import type { MlpModel as _tuneforge_v1_MlpModel, MlpModel__Output as _tuneforge_v1_MlpModel__Output } from '../../tuneforge/v1/MlpModel';
import type { CnnModel as _tuneforge_v1_CnnModel, CnnModel__Output as _tuneforge_v1_CnnModel__Output } from '../../tuneforge/v1/CnnModel';
import type { ResNet20Model as _tuneforge_v1_ResNet20Model, ResNet20Model__Output as _tuneforge_v1_ResNet20Model__Output } from '../../tuneforge/v1/ResNet20Model';
import type { TransformerLmModel as _tuneforge_v1_TransformerLmModel, TransformerLmModel__Output as _tuneforge_v1_TransformerLmModel__Output } from '../../tuneforge/v1/TransformerLmModel';
import type { EntryPointModel as _tuneforge_v1_EntryPointModel, EntryPointModel__Output as _tuneforge_v1_EntryPointModel__Output } from '../../tuneforge/v1/EntryPointModel';

/**
 * What is trained: a model of the registry, or a user entry point.
 */
export interface ModelSpec {
  'logisticRegression'?: (_tuneforge_v1_LogisticRegressionModel | null);
  'mlp'?: (_tuneforge_v1_MlpModel | null);
  'cnn'?: (_tuneforge_v1_CnnModel | null);
  'resnet20'?: (_tuneforge_v1_ResNet20Model | null);
  'transformerLm'?: (_tuneforge_v1_TransformerLmModel | null);
  'entryPoint'?: (_tuneforge_v1_EntryPointModel | null);
  'kind'?: "logisticRegression"|"mlp"|"cnn"|"resnet20"|"transformerLm"|"entryPoint";
}

/**
 * What is trained: a model of the registry, or a user entry point.
 */
export interface ModelSpec__Output {
  'logisticRegression'?: (_tuneforge_v1_LogisticRegressionModel__Output | null);
  'mlp'?: (_tuneforge_v1_MlpModel__Output | null);
  'cnn'?: (_tuneforge_v1_CnnModel__Output | null);
  'resnet20'?: (_tuneforge_v1_ResNet20Model__Output | null);
  'transformerLm'?: (_tuneforge_v1_TransformerLmModel__Output | null);
  'entryPoint'?: (_tuneforge_v1_EntryPointModel__Output | null);
  'kind'?: "logisticRegression"|"mlp"|"cnn"|"resnet20"|"transformerLm"|"entryPoint";
}
