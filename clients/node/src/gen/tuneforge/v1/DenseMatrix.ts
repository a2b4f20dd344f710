// Original file: tuneforge/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A dense matrix in row-major order: values[i * cols + j] is entry (i, j).
 */
export interface DenseMatrix {
  'rows'?: (number | string | Long);
  'cols'?: (number | string | Long);
  /**
   * rows * cols values.
   */
  'values'?: (number | string)[];
}

/**
 * A dense matrix in row-major order: values[i * cols + j] is entry (i, j).
 */
export interface DenseMatrix__Output {
  'rows': (string);
  'cols': (string);
  /**
   * rows * cols values.
   */
  'values': (number)[];
}
