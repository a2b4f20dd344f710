// Original file: tuneforge/v1/trainer_service.proto

import type { Task as _tuneforge_v1_Task, Task__Output as _tuneforge_v1_Task__Output } from '../../tuneforge/v1/Task';

/**
 * A model of the registry (its ModelSpec field name).
 */
export interface CatalogModel {
  'name'?: (string);
  'summary'?: (string);
  /**
   * The tasks it trains on.
   */
  'tasks'?: (_tuneforge_v1_Task)[];
}

/**
 * A model of the registry (its ModelSpec field name).
 */
export interface CatalogModel__Output {
  'name': (string);
  'summary': (string);
  /**
   * The tasks it trains on.
   */
  'tasks': (_tuneforge_v1_Task__Output)[];
}
