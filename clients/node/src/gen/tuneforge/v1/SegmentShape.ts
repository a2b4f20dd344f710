// Original file: tuneforge/v1/schedule_service.proto

/**
 * How the learning rate moves inside a segment.
 */
export const SegmentShape = {
  SEGMENT_SHAPE_UNSPECIFIED: 'SEGMENT_SHAPE_UNSPECIFIED',
  SEGMENT_SHAPE_CONSTANT: 'SEGMENT_SHAPE_CONSTANT',
  SEGMENT_SHAPE_LINEAR: 'SEGMENT_SHAPE_LINEAR',
  /**
   * start + (end - start) (1 - cos(pi p)) / 2 over the segment's share p.
   */
  SEGMENT_SHAPE_COSINE: 'SEGMENT_SHAPE_COSINE',
  /**
   * start + (end - start) sqrt(p).
   */
  SEGMENT_SHAPE_SQRT: 'SEGMENT_SHAPE_SQRT',
} as const;

/**
 * How the learning rate moves inside a segment.
 */
export type SegmentShape =
  | 'SEGMENT_SHAPE_UNSPECIFIED'
  | 0
  | 'SEGMENT_SHAPE_CONSTANT'
  | 1
  | 'SEGMENT_SHAPE_LINEAR'
  | 2
  /**
   * start + (end - start) (1 - cos(pi p)) / 2 over the segment's share p.
   */
  | 'SEGMENT_SHAPE_COSINE'
  | 3
  /**
   * start + (end - start) sqrt(p).
   */
  | 'SEGMENT_SHAPE_SQRT'
  | 4

/**
 * How the learning rate moves inside a segment.
 */
export type SegmentShape__Output = typeof SegmentShape[keyof typeof SegmentShape]
