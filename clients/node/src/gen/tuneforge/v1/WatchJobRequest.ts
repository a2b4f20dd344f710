// Original file: tuneforge/v1/trainer_service.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchJobRequest {
  'jobId'?: (string);
  /**
   * The first event to send (1 = all; 0 means 1). A client that reconnects passes its
   * last sequence + 1 and misses nothing.
   */
  'fromSequence'?: (number | string | Long);
}

export interface WatchJobRequest__Output {
  'jobId': (string);
  /**
   * The first event to send (1 = all; 0 means 1). A client that reconnects passes its
   * last sequence + 1 and misses nothing.
   */
  'fromSequence': (string);
}
