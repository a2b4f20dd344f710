// Original file: tuneforge/v1/relaxation_service.proto

/**
 * The iterative method whose iterations are counted.
 */
export const Solver = {
  /**
   * SOR.
   */
  SOLVER_UNSPECIFIED: 'SOLVER_UNSPECIFIED',
  /**
   * Successive over-relaxation, forward sweep, x0 = 0.
   */
  SOLVER_SOR: 'SOLVER_SOR',
  /**
   * Conjugate gradient preconditioned by SSOR(omega); the matrix must be SPD.
   */
  SOLVER_SSOR_CG: 'SOLVER_SSOR_CG',
} as const;

/**
 * The iterative method whose iterations are counted.
 */
export type Solver =
  /**
   * SOR.
   */
  | 'SOLVER_UNSPECIFIED'
  | 0
  /**
   * Successive over-relaxation, forward sweep, x0 = 0.
   */
  | 'SOLVER_SOR'
  | 1
  /**
   * Conjugate gradient preconditioned by SSOR(omega); the matrix must be SPD.
   */
  | 'SOLVER_SSOR_CG'
  | 2

/**
 * The iterative method whose iterations are counted.
 */
export type Solver__Output = typeof Solver[keyof typeof Solver]
