// Original file: tuneforge/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A sparse matrix in compressed sparse row form (the SciPy/CSR convention):
 * row i holds data[indptr[i]:indptr[i+1]] at columns indices[indptr[i]:indptr[i+1]].
 */
export interface CsrMatrix {
  /**
   * Number of rows.
   */
  'rows'?: (number | string | Long);
  /**
   * Number of columns.
   */
  'cols'?: (number | string | Long);
  /**
   * Row pointers, length rows + 1, non-decreasing, indptr[0] == 0.
   */
  'indptr'?: (number | string | Long)[];
  /**
   * Column indices, length nnz, in [0, cols), sorted within each row.
   */
  'indices'?: (number | string | Long)[];
  /**
   * Non-zero values, length nnz, finite.
   */
  'data'?: (number | string)[];
}

/**
 * A sparse matrix in compressed sparse row form (the SciPy/CSR convention):
 * row i holds data[indptr[i]:indptr[i+1]] at columns indices[indptr[i]:indptr[i+1]].
 */
export interface CsrMatrix__Output {
  /**
   * Number of rows.
   */
  'rows': (string);
  /**
   * Number of columns.
   */
  'cols': (string);
  /**
   * Row pointers, length rows + 1, non-decreasing, indptr[0] == 0.
   */
  'indptr': (string)[];
  /**
   * Column indices, length nnz, in [0, cols), sorted within each row.
   */
  'indices': (string)[];
  /**
   * Non-zero values, length nnz, finite.
   */
  'data': (number)[];
}
