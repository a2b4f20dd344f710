// Original file: tuneforge/v1/transport_service.proto

import type { TransportResult as _tuneforge_v1_TransportResult, TransportResult__Output as _tuneforge_v1_TransportResult__Output } from '../../tuneforge/v1/TransportResult';

export interface TransportServiceSolveResponse {
  'result'?: (_tuneforge_v1_TransportResult | null);
}

export interface TransportServiceSolveResponse__Output {
  'result': (_tuneforge_v1_TransportResult__Output | null);
}
