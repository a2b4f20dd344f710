// Original file: tuneforge/v1/trainer_service.proto

/**
 * How a warm-up-stable-decay schedule decays; p is the share of the decay phase done.
 */
export const DecayShape = {
  /**
   * Means DECAY_SHAPE_LINEAR.
   */
  DECAY_SHAPE_UNSPECIFIED: 'DECAY_SHAPE_UNSPECIFIED',
  /**
   * 1 - p.
   */
  DECAY_SHAPE_LINEAR: 'DECAY_SHAPE_LINEAR',
  /**
   * (1 + cos(pi p)) / 2.
   */
  DECAY_SHAPE_COSINE: 'DECAY_SHAPE_COSINE',
  /**
   * 1 - sqrt(p) (Hagele et al. 2024 found it the best cool-down).
   */
  DECAY_SHAPE_SQRT: 'DECAY_SHAPE_SQRT',
} as const;

/**
 * How a warm-up-stable-decay schedule decays; p is the share of the decay phase done.
 */
export type DecayShape =
  /**
   * Means DECAY_SHAPE_LINEAR.
   */
  | 'DECAY_SHAPE_UNSPECIFIED'
  | 0
  /**
   * 1 - p.
   */
  | 'DECAY_SHAPE_LINEAR'
  | 1
  /**
   * (1 + cos(pi p)) / 2.
   */
  | 'DECAY_SHAPE_COSINE'
  | 2
  /**
   * 1 - sqrt(p) (Hagele et al. 2024 found it the best cool-down).
   */
  | 'DECAY_SHAPE_SQRT'
  | 3

/**
 * How a warm-up-stable-decay schedule decays; p is the share of the decay phase done.
 */
export type DecayShape__Output = typeof DecayShape[keyof typeof DecayShape]
