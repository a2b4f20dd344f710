// Original file: tuneforge/v1/relaxation_service.proto

import type { Solver as _tuneforge_v1_Solver, Solver__Output as _tuneforge_v1_Solver__Output } from '../../tuneforge/v1/Solver';
import type { RelaxationPolicy as _tuneforge_v1_RelaxationPolicy, RelaxationPolicy__Output as _tuneforge_v1_RelaxationPolicy__Output } from '../../tuneforge/v1/RelaxationPolicy';
import type { Long } from '@grpc/proto-loader';

export interface CreateSequenceRequest {
  /**
   * Unique name: 1 to 128 characters of letters, digits, '.', '_', '-'.
   */
  'name'?: (string);
  'solver'?: (_tuneforge_v1_Solver);
  'policy'?: (_tuneforge_v1_RelaxationPolicy);
  /**
   * Omega interval, 0 < omega_min <= omega_max < 2; 0 means the default [1, 1.95].
   */
  'omegaMin'?: (number | string);
  'omegaMax'?: (number | string);
  /**
   * Grid points in the interval, 1 to 1000; 0 means 20.
   */
  'gridSize'?: (number);
  /**
   * Context bounds (same length, lower < upper); empty for no context.
   */
  'contextLower'?: (number | string)[];
  'contextUpper'?: (number | string)[];
  /**
   * In (0, 1); 0 means 1e-8.
   */
  'tolerance'?: (number | string);
  /**
   * >= 1; 0 means 10000.
   */
  'maxIterations'?: (number);
  'seed'?: (number | string | Long);
  /**
   * FIXED policy only: in (0, 2); 0 means 1.0 (Gauss-Seidel).
   */
  'fixedOmega'?: (number | string);
  /**
   * Return the existing sequence of that name instead of ALREADY_EXISTS
   * (its settings must match).
   */
  'loadIfExists'?: (boolean);
}

export interface CreateSequenceRequest__Output {
  /**
   * Unique name: 1 to 128 characters of letters, digits, '.', '_', '-'.
   */
  'name': (string);
  'solver': (_tuneforge_v1_Solver__Output);
  'policy': (_tuneforge_v1_RelaxationPolicy__Output);
  /**
   * Omega interval, 0 < omega_min <= omega_max < 2; 0 means the default [1, 1.95].
   */
  'omegaMin': (number);
  'omegaMax': (number);
  /**
   * Grid points in the interval, 1 to 1000; 0 means 20.
   */
  'gridSize': (number);
  /**
   * Context bounds (same length, lower < upper); empty for no context.
   */
  'contextLower': (number)[];
  'contextUpper': (number)[];
  /**
   * In (0, 1); 0 means 1e-8.
   */
  'tolerance': (number);
  /**
   * >= 1; 0 means 10000.
   */
  'maxIterations': (number);
  'seed': (string);
  /**
   * FIXED policy only: in (0, 2); 0 means 1.0 (Gauss-Seidel).
   */
  'fixedOmega': (number);
  /**
   * Return the existing sequence of that name instead of ALREADY_EXISTS
   * (its settings must match).
   */
  'loadIfExists': (boolean);
}
