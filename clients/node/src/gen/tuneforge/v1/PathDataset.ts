// Original file: tuneforge/v1/trainer_service.proto

import type { Task as _tuneforge_v1_Task, Task__Output as _tuneforge_v1_Task__Output } from '../../tuneforge/v1/Task';

/**
 * Arrays on the worker's file system (a mounted volume): an .npz file with x and y
 * (and optionally x_val, y_val), or a directory holding x.npy and y.npy (and
 * optionally x_val.npy, y_val.npy).
 */
export interface PathDataset {
  'path'?: (string);
  'task'?: (_tuneforge_v1_Task);
}

/**
 * Arrays on the worker's file system (a mounted volume): an .npz file with x and y
 * (and optionally x_val, y_val), or a directory holding x.npy and y.npy (and
 * optionally x_val.npy, y_val.npy).
 */
export interface PathDataset__Output {
  'path': (string);
  'task': (_tuneforge_v1_Task__Output);
}
