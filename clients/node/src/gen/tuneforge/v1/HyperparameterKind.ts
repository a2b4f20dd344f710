// Original file: tuneforge/v1/trainer_service.proto

/**
 * The type of a hyperparameter.
 */
export const HyperparameterKind = {
  HYPERPARAMETER_KIND_UNSPECIFIED: 'HYPERPARAMETER_KIND_UNSPECIFIED',
  HYPERPARAMETER_KIND_FLOAT: 'HYPERPARAMETER_KIND_FLOAT',
  HYPERPARAMETER_KIND_INT: 'HYPERPARAMETER_KIND_INT',
  HYPERPARAMETER_KIND_BOOL: 'HYPERPARAMETER_KIND_BOOL',
  /**
   * One of choices.
   */
  HYPERPARAMETER_KIND_CHOICE: 'HYPERPARAMETER_KIND_CHOICE',
  /**
   * A list of two numbers (e.g. betas).
   */
  HYPERPARAMETER_KIND_FLOAT_PAIR: 'HYPERPARAMETER_KIND_FLOAT_PAIR',
} as const;

/**
 * The type of a hyperparameter.
 */
export type HyperparameterKind =
  | 'HYPERPARAMETER_KIND_UNSPECIFIED'
  | 0
  | 'HYPERPARAMETER_KIND_FLOAT'
  | 1
  | 'HYPERPARAMETER_KIND_INT'
  | 2
  | 'HYPERPARAMETER_KIND_BOOL'
  | 3
  /**
   * One of choices.
   */
  | 'HYPERPARAMETER_KIND_CHOICE'
  | 4
  /**
   * A list of two numbers (e.g. betas).
   */
  | 'HYPERPARAMETER_KIND_FLOAT_PAIR'
  | 5

/**
 * The type of a hyperparameter.
 */
export type HyperparameterKind__Output = typeof HyperparameterKind[keyof typeof HyperparameterKind]
