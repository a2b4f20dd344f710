// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

/**
 * When and how the model is evaluated on the held-out data.
 */
export interface EvaluationSpec {
  /**
   * Every interval_steps steps and at the end; 0 means 10 evaluations over the budget.
   */
  'intervalSteps'?: (number | string | Long);
  /**
   * The metric a sweep optimises and the summary leads with: "accuracy" or "loss"
   * (classification), "loss" (regression), "perplexity" or "loss" (language
   * models). Empty means the first of those for the task.
   */
  'metric'?: (string);
}

/**
 * When and how the model is evaluated on the held-out data.
 */
export interface EvaluationSpec__Output {
  /**
   * Every interval_steps steps and at the end; 0 means 10 evaluations over the budget.
   */
  'intervalSteps': (string);
  /**
   * The metric a sweep optimises and the summary leads with: "accuracy" or "loss"
   * (classification), "loss" (regression), "perplexity" or "loss" (language
   * models). Empty means the first of those for the task.
   */
  'metric': (string);
}
