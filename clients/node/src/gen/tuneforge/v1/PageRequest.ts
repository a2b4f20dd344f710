// Original file: tuneforge/v1/common.proto


/**
 * Cursor pagination (AIP-158): pass next_page_token back as page_token.
 */
export interface PageRequest {
  /**
   * Maximum number of items to return; 0 means the server default (50), capped at 1000.
   */
  'pageSize'?: (number);
  /**
   * Opaque token from a previous response; empty for the first page.
   */
  'pageToken'?: (string);
}

/**
 * Cursor pagination (AIP-158): pass next_page_token back as page_token.
 */
export interface PageRequest__Output {
  /**
   * Maximum number of items to return; 0 means the server default (50), capped at 1000.
   */
  'pageSize': (number);
  /**
   * Opaque token from a previous response; empty for the first page.
   */
  'pageToken': (string);
}
