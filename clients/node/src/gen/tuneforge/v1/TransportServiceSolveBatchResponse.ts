// Original file: tuneforge/v1/transport_service.proto

import type { TransportResult as _tuneforge_v1_TransportResult, TransportResult__Output as _tuneforge_v1_TransportResult__Output } from '../../tuneforge/v1/TransportResult';

export interface TransportServiceSolveBatchResponse {
  /**
   * One result per row of a, in order.
   */
  'results'?: (_tuneforge_v1_TransportResult)[];
}

export interface TransportServiceSolveBatchResponse__Output {
  /**
   * One result per row of a, in order.
   */
  'results': (_tuneforge_v1_TransportResult__Output)[];
}
