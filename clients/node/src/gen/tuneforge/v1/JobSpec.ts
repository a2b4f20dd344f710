// Original file: tuneforge/v1/trainer_service.proto

import type { ModelSpec as _tuneforge_v1_ModelSpec, ModelSpec__Output as _tuneforge_v1_ModelSpec__Output } from '../../tuneforge/v1/ModelSpec';
import type { DatasetSpec as _tuneforge_v1_DatasetSpec, DatasetSpec__Output as _tuneforge_v1_DatasetSpec__Output } from '../../tuneforge/v1/DatasetSpec';
import type { OptimizerSpec as _tuneforge_v1_OptimizerSpec, OptimizerSpec__Output as _tuneforge_v1_OptimizerSpec__Output } from '../../tuneforge/v1/OptimizerSpec';
import type { ScheduleSpec as _tuneforge_v1_ScheduleSpec, ScheduleSpec__Output as _tuneforge_v1_ScheduleSpec__Output } from '../../tuneforge/v1/ScheduleSpec';
import type { BatchSizeSpec as _tuneforge_v1_BatchSizeSpec, BatchSizeSpec__Output as _tuneforge_v1_BatchSizeSpec__Output } from '../../tuneforge/v1/BatchSizeSpec';
import type { Budget as _tuneforge_v1_Budget, Budget__Output as _tuneforge_v1_Budget__Output } from '../../tuneforge/v1/Budget';
import type { EvaluationSpec as _tuneforge_v1_EvaluationSpec, EvaluationSpec__Output as _tuneforge_v1_EvaluationSpec__Output } from '../../tuneforge/v1/EvaluationSpec';
import type { Precision as _tuneforge_v1_Precision, Precision__Output as _tuneforge_v1_Precision__Output } from '../../tuneforge/v1/Precision';
import type { JobResources as _tuneforge_v1_JobResources, JobResources__Output as _tuneforge_v1_JobResources__Output } from '../../tuneforge/v1/JobResources';
import type { CheckpointSpec as _tuneforge_v1_CheckpointSpec, CheckpointSpec__Output as _tuneforge_v1_CheckpointSpec__Output } from '../../tuneforge/v1/CheckpointSpec';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { PodPlacement as _tuneforge_v1_PodPlacement, PodPlacement__Output as _tuneforge_v1_PodPlacement__Output } from '../../tuneforge/v1/PodPlacement';
import type { Long } from '@grpc/proto-loader';

/**
 * One training job.
 */
export interface JobSpec {
  /**
   * A label for people (1-128 characters); need not be unique.
   */
  'name'?: (string);
  /**
   * Keys and values: letters, digits, '.', '_', '-', '/' (1-63 characters).
   */
  'labels'?: ({[key: string]: string});
  'model'?: (_tuneforge_v1_ModelSpec | null);
  /**
   * Required for registry models; optional for an entry point.
   */
  'dataset'?: (_tuneforge_v1_DatasetSpec | null);
  'optimizer'?: (_tuneforge_v1_OptimizerSpec | null);
  'schedule'?: (_tuneforge_v1_ScheduleSpec | null);
  'batchSize'?: (_tuneforge_v1_BatchSizeSpec | null);
  'budget'?: (_tuneforge_v1_Budget | null);
  'evaluation'?: (_tuneforge_v1_EvaluationSpec | null);
  /**
   * Seeds model initialisation, data order and synthetic data: equal seeds train equally on CPU.
   */
  'seed'?: (number | string | Long);
  /**
   * "auto" (empty: CUDA when the server has it, else CPU), "cpu", "cuda", "cuda:N".
   */
  'device'?: (string);
  'precision'?: (_tuneforge_v1_Precision);
  'resources'?: (_tuneforge_v1_JobResources | null);
  'checkpoint'?: (_tuneforge_v1_CheckpointSpec | null);
  /**
   * Progress is reported every report_interval_steps steps; 0 means 10.
   */
  'reportIntervalSteps'?: (number | string | Long);
  /**
   * Wall time allowed once running (resumes included); unset means the server's
   * max_job_seconds. A job past it fails with that reason.
   */
  'maxDuration'?: (_google_protobuf_Duration | null);
  /**
   * Where the pods of a job on the Kubernetes backend run; the local backend refuses it.
   */
  'placement'?: (_tuneforge_v1_PodPlacement | null);
}

/**
 * One training job.
 */
export interface JobSpec__Output {
  /**
   * A label for people (1-128 characters); need not be unique.
   */
  'name': (string);
  /**
   * Keys and values: letters, digits, '.', '_', '-', '/' (1-63 characters).
   */
  'labels': ({[key: string]: string});
  'model': (_tuneforge_v1_ModelSpec__Output | null);
  /**
   * Required for registry models; optional for an entry point.
   */
  'dataset': (_tuneforge_v1_DatasetSpec__Output | null);
  'optimizer': (_tuneforge_v1_OptimizerSpec__Output | null);
  'schedule': (_tuneforge_v1_ScheduleSpec__Output | null);
  'batchSize': (_tuneforge_v1_BatchSizeSpec__Output | null);
  'budget': (_tuneforge_v1_Budget__Output | null);
  'evaluation': (_tuneforge_v1_EvaluationSpec__Output | null);
  /**
   * Seeds model initialisation, data order and synthetic data: equal seeds train equally on CPU.
   */
  'seed': (string);
  /**
   * "auto" (empty: CUDA when the server has it, else CPU), "cpu", "cuda", "cuda:N".
   */
  'device': (string);
  'precision': (_tuneforge_v1_Precision__Output);
  'resources': (_tuneforge_v1_JobResources__Output | null);
  'checkpoint': (_tuneforge_v1_CheckpointSpec__Output | null);
  /**
   * Progress is reported every report_interval_steps steps; 0 means 10.
   */
  'reportIntervalSteps': (string);
  /**
   * Wall time allowed once running (resumes included); unset means the server's
   * max_job_seconds. A job past it fails with that reason.
   */
  'maxDuration': (_google_protobuf_Duration__Output | null);
  /**
   * Where the pods of a job on the Kubernetes backend run; the local backend refuses it.
   */
  'placement': (_tuneforge_v1_PodPlacement__Output | null);
}
