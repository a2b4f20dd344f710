// Original file: tuneforge/v1/common.proto


/**
 * A float parameter in [low, high]. log samples on a log scale (low > 0);
 * step > 0 makes it discrete (low, low + step, ...); log and step exclude each other.
 */
export interface FloatRange {
  'low'?: (number | string);
  'high'?: (number | string);
  'log'?: (boolean);
  'step'?: (number | string);
}

/**
 * A float parameter in [low, high]. log samples on a log scale (low > 0);
 * step > 0 makes it discrete (low, low + step, ...); log and step exclude each other.
 */
export interface FloatRange__Output {
  'low': (number);
  'high': (number);
  'log': (boolean);
  'step': (number);
}
