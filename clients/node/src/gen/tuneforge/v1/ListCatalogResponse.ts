// Original file: tuneforge/v1/trainer_service.proto

import type { CatalogOptimizer as _tuneforge_v1_CatalogOptimizer, CatalogOptimizer__Output as _tuneforge_v1_CatalogOptimizer__Output } from '../../tuneforge/v1/CatalogOptimizer';
import type { CatalogModel as _tuneforge_v1_CatalogModel, CatalogModel__Output as _tuneforge_v1_CatalogModel__Output } from '../../tuneforge/v1/CatalogModel';
import type { CatalogDataset as _tuneforge_v1_CatalogDataset, CatalogDataset__Output as _tuneforge_v1_CatalogDataset__Output } from '../../tuneforge/v1/CatalogDataset';

export interface ListCatalogResponse {
  'optimizers'?: (_tuneforge_v1_CatalogOptimizer)[];
  'models'?: (_tuneforge_v1_CatalogModel)[];
  'datasets'?: (_tuneforge_v1_CatalogDataset)[];
  /**
   * Devices a job may name on this server ("cpu", "cuda:0", ...).
   */
  'devices'?: (string)[];
  /**
   * Backends this server runs jobs on ("local", "kubernetes").
   */
  'backends'?: (string)[];
}

export interface ListCatalogResponse__Output {
  'optimizers': (_tuneforge_v1_CatalogOptimizer__Output)[];
  'models': (_tuneforge_v1_CatalogModel__Output)[];
  'datasets': (_tuneforge_v1_CatalogDataset__Output)[];
  /**
   * Devices a job may name on this server ("cpu", "cuda:0", ...).
   */
  'devices': (string)[];
  /**
   * Backends this server runs jobs on ("local", "kubernetes").
   */
  'backends': (string)[];
}
