// Original file: tuneforge/v1/tracker_service.proto

import type { PageRequest as _tuneforge_v1_PageRequest, PageRequest__Output as _tuneforge_v1_PageRequest__Output } from '../../tuneforge/v1/PageRequest';

export interface SearchRunsRequest {
  /**
   * Ids or names; at least one.
   */
  'experiments'?: (string)[];
  /**
   * MLflow filter syntax, e.g. "metrics.loss < 0.1 and params.optimizer = 'adam'".
   */
  'filter'?: (string);
  /**
   * MLflow order_by clauses, e.g. "metrics.loss ASC".
   */
  'orderBy'?: (string)[];
  'page'?: (_tuneforge_v1_PageRequest | null);
}

export interface SearchRunsRequest__Output {
  /**
   * Ids or names; at least one.
   */
  'experiments': (string)[];
  /**
   * MLflow filter syntax, e.g. "metrics.loss < 0.1 and params.optimizer = 'adam'".
   */
  'filter': (string);
  /**
   * MLflow order_by clauses, e.g. "metrics.loss ASC".
   */
  'orderBy': (string)[];
  'page': (_tuneforge_v1_PageRequest__Output | null);
}
