// Original file: tuneforge/v1/transport_service.proto

export const TransportMethod = {
  /**
   * Means TRANSPORT_METHOD_AUTO.
   */
  TRANSPORT_METHOD_UNSPECIFIED: 'TRANSPORT_METHOD_UNSPECIFIED',
  /**
   * Sinkhorn until it stalls, then Sinkhorn-Newton-Sparse (see the README for the rule).
   */
  TRANSPORT_METHOD_AUTO: 'TRANSPORT_METHOD_AUTO',
  /**
   * Log-domain Sinkhorn.
   */
  TRANSPORT_METHOD_SINKHORN: 'TRANSPORT_METHOD_SINKHORN',
  /**
   * Sinkhorn warm start, then sparse Newton steps on the dual potential.
   */
  TRANSPORT_METHOD_SNS: 'TRANSPORT_METHOD_SNS',
} as const;

export type TransportMethod =
  /**
   * Means TRANSPORT_METHOD_AUTO.
   */
  | 'TRANSPORT_METHOD_UNSPECIFIED'
  | 0
  /**
   * Sinkhorn until it stalls, then Sinkhorn-Newton-Sparse (see the README for the rule).
   */
  | 'TRANSPORT_METHOD_AUTO'
  | 1
  /**
   * Log-domain Sinkhorn.
   */
  | 'TRANSPORT_METHOD_SINKHORN'
  | 2
  /**
   * Sinkhorn warm start, then sparse Newton steps on the dual potential.
   */
  | 'TRANSPORT_METHOD_SNS'
  | 3

export type TransportMethod__Output = typeof TransportMethod[keyof typeof TransportMethod]
