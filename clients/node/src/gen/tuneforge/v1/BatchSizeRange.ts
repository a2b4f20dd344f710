// Original file: tuneforge/v1/schedule_service.proto


/**
 * Batch sizes lo .. hi (inclusive, within the measured ones).
 */
export interface BatchSizeRange {
  'lo'?: (number | string);
  'hi'?: (number | string);
}

/**
 * Batch sizes lo .. hi (inclusive, within the measured ones).
 */
export interface BatchSizeRange__Output {
  'lo': (number);
  'hi': (number);
}
