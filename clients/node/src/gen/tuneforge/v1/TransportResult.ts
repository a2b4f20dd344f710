// Original file: tuneforge/v1/transport_service.proto

import type { TransportMethod as _tuneforge_v1_TransportMethod, TransportMethod__Output as _tuneforge_v1_TransportMethod__Output } from '../../tuneforge/v1/TransportMethod';
import type { DenseMatrix as _tuneforge_v1_DenseMatrix, DenseMatrix__Output as _tuneforge_v1_DenseMatrix__Output } from '../../tuneforge/v1/DenseMatrix';
import type { SparsePlan as _tuneforge_v1_SparsePlan, SparsePlan__Output as _tuneforge_v1_SparsePlan__Output } from '../../tuneforge/v1/SparsePlan';
import type { Long } from '@grpc/proto-loader';

export interface TransportResult {
  /**
   * The method that produced the result (TRANSPORT_METHOD_AUTO resolved).
   */
  'method'?: (_tuneforge_v1_TransportMethod);
  /**
   * "numpy" or "torch:<device>".
   */
  'backend'?: (string);
  /**
   * Dual potentials.
   */
  'f'?: (number | string)[];
  'g'?: (number | string)[];
  /**
   * <C, P> in the caller's cost units.
   */
  'cost'?: (number | string);
  /**
   * <C, P> + epsilon * sum P log P (POT's objective).
   */
  'entropicCost'?: (number | string);
  /**
   * Achieved marginal violation.
   */
  'violation'?: (number | string);
  /**
   * violation <= tolerance within the caps.
   */
  'converged'?: (boolean);
  'scalingIterations'?: (number | string | Long);
  'sinkhornIterations'?: (number | string | Long);
  'newtonIterations'?: (number | string | Long);
  'cgIterations'?: (number | string | Long);
  /**
   * Plan entries kept in the sparsified Hessian.
   */
  'hessianNnz'?: (number | string | Long);
  'wallSeconds'?: (number | string);
  /**
   * Dense plan, when asked for.
   */
  'plan'?: (_tuneforge_v1_DenseMatrix | null);
  /**
   * Sparse plan, when asked for.
   */
  'planSupport'?: (_tuneforge_v1_SparsePlan | null);
  /**
   * With record_history: iteration counts and the violation there.
   */
  'historyIterations'?: (number | string | Long)[];
  'historyViolations'?: (number | string)[];
}

export interface TransportResult__Output {
  /**
   * The method that produced the result (TRANSPORT_METHOD_AUTO resolved).
   */
  'method': (_tuneforge_v1_TransportMethod__Output);
  /**
   * "numpy" or "torch:<device>".
   */
  'backend': (string);
  /**
   * Dual potentials.
   */
  'f': (number)[];
  'g': (number)[];
  /**
   * <C, P> in the caller's cost units.
   */
  'cost': (number);
  /**
   * <C, P> + epsilon * sum P log P (POT's objective).
   */
  'entropicCost': (number);
  /**
   * Achieved marginal violation.
   */
  'violation': (number);
  /**
   * violation <= tolerance within the caps.
   */
  'converged': (boolean);
  'scalingIterations': (string);
  'sinkhornIterations': (string);
  'newtonIterations': (string);
  'cgIterations': (string);
  /**
   * Plan entries kept in the sparsified Hessian.
   */
  'hessianNnz': (string);
  'wallSeconds': (number);
  /**
   * Dense plan, when asked for.
   */
  'plan': (_tuneforge_v1_DenseMatrix__Output | null);
  /**
   * Sparse plan, when asked for.
   */
  'planSupport': (_tuneforge_v1_SparsePlan__Output | null);
  /**
   * With record_history: iteration counts and the violation there.
   */
  'historyIterations': (string)[];
  'historyViolations': (number)[];
}
