// Original file: tuneforge/v1/transport_service.proto

import type { Long } from '@grpc/proto-loader';

export interface SparsePlan {
  'rows'?: (number | string | Long);
  'cols'?: (number | string | Long);
  'rowIndices'?: (number | string | Long)[];
  'colIndices'?: (number | string | Long)[];
  'values'?: (number | string)[];
  /**
   * More entries were above the threshold than the server returns.
   */
  'truncated'?: (boolean);
}

export interface SparsePlan__Output {
  'rows': (string);
  'cols': (string);
  'rowIndices': (string)[];
  'colIndices': (string)[];
  'values': (number)[];
  /**
   * More entries were above the threshold than the server returns.
   */
  'truncated': (boolean);
}
