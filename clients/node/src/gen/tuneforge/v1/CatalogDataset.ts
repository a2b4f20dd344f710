// Original file: tuneforge/v1/trainer_service.proto

import type { Task as _tuneforge_v1_Task, Task__Output as _tuneforge_v1_Task__Output } from '../../tuneforge/v1/Task';

/**
 * A dataset kind (its DatasetSpec field name).
 */
export interface CatalogDataset {
  'name'?: (string);
  'summary'?: (string);
  /**
   * The task it poses (UNSPECIFIED: given by the data, for path).
   */
  'task'?: (_tuneforge_v1_Task);
}

/**
 * A dataset kind (its DatasetSpec field name).
 */
export interface CatalogDataset__Output {
  'name': (string);
  'summary': (string);
  /**
   * The task it poses (UNSPECIFIED: given by the data, for path).
   */
  'task': (_tuneforge_v1_Task__Output);
}
