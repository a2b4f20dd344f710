// Original file: tuneforge/v1/transport_service.proto

import type { TransportMethod as _tuneforge_v1_TransportMethod, TransportMethod__Output as _tuneforge_v1_TransportMethod__Output } from '../../tuneforge/v1/TransportMethod';
import type { PlanFormat as _tuneforge_v1_PlanFormat, PlanFormat__Output as _tuneforge_v1_PlanFormat__Output } from '../../tuneforge/v1/PlanFormat';

/**
 * Solver options; zero values take the defaults in brackets.
 */
export interface TransportOptions {
  'method'?: (_tuneforge_v1_TransportMethod);
  /**
   * Target marginal violation ||P1 - a||_1 + ||P^T 1 - b||_1 [1e-9].
   */
  'tolerance'?: (number | string);
  /**
   * Cap on Sinkhorn sweeps, all stages together [100000].
   */
  'maxIterations'?: (number);
  /**
   * Cap on Newton steps of SNS [500].
   */
  'maxNewtonIterations'?: (number);
  /**
   * Fraction of the plan's entries kept in the sparsified Hessian, in (0, 1]
   * [0: adaptive, keeping 99.9% of the plan's mass].
   */
  'sparsity'?: (number | string);
  /**
   * Anneal epsilon from a large value down to the target (for very small epsilon).
   */
  'epsilonScaling'?: (boolean);
  'plan'?: (_tuneforge_v1_PlanFormat);
  /**
   * Sparse plan: keep entries above this [0].
   */
  'planThreshold'?: (number | string);
  /**
   * Divide the cost by its maximum before solving (epsilon is then relative to it).
   */
  'normalizeCost'?: (boolean);
  /**
   * Return the marginal violation after each iteration.
   */
  'recordHistory'?: (boolean);
}

/**
 * Solver options; zero values take the defaults in brackets.
 */
export interface TransportOptions__Output {
  'method': (_tuneforge_v1_TransportMethod__Output);
  /**
   * Target marginal violation ||P1 - a||_1 + ||P^T 1 - b||_1 [1e-9].
   */
  'tolerance': (number);
  /**
   * Cap on Sinkhorn sweeps, all stages together [100000].
   */
  'maxIterations': (number);
  /**
   * Cap on Newton steps of SNS [500].
   */
  'maxNewtonIterations': (number);
  /**
   * Fraction of the plan's entries kept in the sparsified Hessian, in (0, 1]
   * [0: adaptive, keeping 99.9% of the plan's mass].
   */
  'sparsity': (number);
  /**
   * Anneal epsilon from a large value down to the target (for very small epsilon).
   */
  'epsilonScaling': (boolean);
  'plan': (_tuneforge_v1_PlanFormat__Output);
  /**
   * Sparse plan: keep entries above this [0].
   */
  'planThreshold': (number);
  /**
   * Divide the cost by its maximum before solving (epsilon is then relative to it).
   */
  'normalizeCost': (boolean);
  /**
   * Return the marginal violation after each iteration.
   */
  'recordHistory': (boolean);
}
