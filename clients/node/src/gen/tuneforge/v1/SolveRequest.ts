// Original file: tuneforge/v1/relaxation_service.proto

import type { CsrMatrix as _tuneforge_v1_CsrMatrix, CsrMatrix__Output as _tuneforge_v1_CsrMatrix__Output } from '../../tuneforge/v1/CsrMatrix';

export interface SolveRequest {
  /**
   * Id or name.
   */
  'sequence'?: (string);
  /**
   * Square, with a non-zero diagonal; SPD for SSOR_CG.
   */
  'matrix'?: (_tuneforge_v1_CsrMatrix | null);
  /**
   * Right-hand side, one value per row.
   */
  'rhs'?: (number | string)[];
  'context'?: (number | string)[];
  /**
   * Do not send x back (large systems).
   */
  'omitSolution'?: (boolean);
  /**
   * Also compute Young's optimal omega from the Jacobi spectral radius (an eigen-solve).
   */
  'youngOmega'?: (boolean);
}

export interface SolveRequest__Output {
  /**
   * Id or name.
   */
  'sequence': (string);
  /**
   * Square, with a non-zero diagonal; SPD for SSOR_CG.
   */
  'matrix': (_tuneforge_v1_CsrMatrix__Output | null);
  /**
   * Right-hand side, one value per row.
   */
  'rhs': (number)[];
  'context': (number)[];
  /**
   * Do not send x back (large systems).
   */
  'omitSolution': (boolean);
  /**
   * Also compute Young's optimal omega from the Jacobi spectral radius (an eigen-solve).
   */
  'youngOmega': (boolean);
}
