// Original file: tuneforge/v1/relaxation_service.proto

import type { Solver as _tuneforge_v1_Solver, Solver__Output as _tuneforge_v1_Solver__Output } from '../../tuneforge/v1/Solver';
import type { RelaxationPolicy as _tuneforge_v1_RelaxationPolicy, RelaxationPolicy__Output as _tuneforge_v1_RelaxationPolicy__Output } from '../../tuneforge/v1/RelaxationPolicy';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface Sequence {
  /**
   * Server-assigned id ("seq-...").
   */
  'id'?: (string);
  /**
   * Unique, user-chosen name.
   */
  'name'?: (string);
  'solver'?: (_tuneforge_v1_Solver);
  'policy'?: (_tuneforge_v1_RelaxationPolicy);
  /**
   * The omega grid: grid_size points equally spaced in [omega_min, omega_max].
   */
  'omegaMin'?: (number | string);
  'omegaMax'?: (number | string);
  'gridSize'?: (number);
  /**
   * Context bounds; the context dimension is their length (0: no context).
   */
  'contextLower'?: (number | string)[];
  'contextUpper'?: (number | string)[];
  /**
   * Relative residual ||b - Ax|| / ||b|| at which a solve stops.
   */
  'tolerance'?: (number | string);
  /**
   * Iteration cap of a solve.
   */
  'maxIterations'?: (number);
  'seed'?: (number | string | Long);
  /**
   * The omega of the FIXED policy.
   */
  'fixedOmega'?: (number | string);
  /**
   * Reported outcomes so far.
   */
  'instances'?: (number | string | Long);
  /**
   * Sum of the reported iterations.
   */
  'totalIterations'?: (number | string | Long);
  /**
   * Suggestions not reported yet.
   */
  'pendingSuggestions'?: (number | string | Long);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
}

export interface Sequence__Output {
  /**
   * Server-assigned id ("seq-...").
   */
  'id': (string);
  /**
   * Unique, user-chosen name.
   */
  'name': (string);
  'solver': (_tuneforge_v1_Solver__Output);
  'policy': (_tuneforge_v1_RelaxationPolicy__Output);
  /**
   * The omega grid: grid_size points equally spaced in [omega_min, omega_max].
   */
  'omegaMin': (number);
  'omegaMax': (number);
  'gridSize': (number);
  /**
   * Context bounds; the context dimension is their length (0: no context).
   */
  'contextLower': (number)[];
  'contextUpper': (number)[];
  /**
   * Relative residual ||b - Ax|| / ||b|| at which a solve stops.
   */
  'tolerance': (number);
  /**
   * Iteration cap of a solve.
   */
  'maxIterations': (number);
  'seed': (string);
  /**
   * The omega of the FIXED policy.
   */
  'fixedOmega': (number);
  /**
   * Reported outcomes so far.
   */
  'instances': (string);
  /**
   * Sum of the reported iterations.
   */
  'totalIterations': (string);
  /**
   * Suggestions not reported yet.
   */
  'pendingSuggestions': (string);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
}
