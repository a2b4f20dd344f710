// Original file: tuneforge/v1/relaxation_service.proto

import type { Long } from '@grpc/proto-loader';

export interface SolveResponse {
  /**
   * The solution, unless omit_solution.
   */
  'x'?: (number | string)[];
  'iterations'?: (number | string | Long);
  'omega'?: (number | string);
  /**
   * Final relative residual ||b - Ax|| / ||b||.
   */
  'residualNorm'?: (number | string);
  'converged'?: (boolean);
  'suggestionId'?: (string);
  /**
   * Young's omega when asked for (0 otherwise).
   */
  'youngOmega'?: (number | string);
  /**
   * Wall time of the solve on the server.
   */
  'solveSeconds'?: (number | string);
}

export interface SolveResponse__Output {
  /**
   * The solution, unless omit_solution.
   */
  'x': (number)[];
  'iterations': (string);
  'omega': (number);
  /**
   * Final relative residual ||b - Ax|| / ||b||.
   */
  'residualNorm': (number);
  'converged': (boolean);
  'suggestionId': (string);
  /**
   * Young's omega when asked for (0 otherwise).
   */
  'youngOmega': (number);
  /**
   * Wall time of the solve on the server.
   */
  'solveSeconds': (number);
}
