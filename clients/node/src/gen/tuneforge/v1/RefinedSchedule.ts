// Original file: tuneforge/v1/trainer_service.proto


/**
 * The refined schedule of an earlier job's gradient norms (Defazio, Cutkosky, Mehta &
 * Mishchenko 2023; ScheduleService.RefineSchedule): its peak is the optimizer's lr.
 */
export interface RefinedSchedule {
  /**
   * The trainer job whose recorded per-step gradient norms are refined; it must have
   * recorded them (FAILED_PRECONDITION otherwise). Empty: factors must be given.
   */
  'refineFrom'?: (string);
  /**
   * The median filter's width as a share of that run, in [0, 1]; 0 means 0.1.
   */
  'tau'?: (number | string);
  /**
   * The factors (peak 1, each in [0, 1]) at evenly spaced points of the post-warm-up
   * budget, linearly interpolated in between: 2 to 10,000 values. With refine_from the
   * server computes them (the refined schedule resampled to at most 10,000 points).
   */
  'factors'?: (number | string)[];
  /**
   * Set by the server with refine_from: the norm refined, "l2" for SGD-like optimizers
   * (weights 1/G^2) or "l1" for adaptive ones (weights 1/G), after this job's optimizer.
   */
  'norm'?: (string);
}

/**
 * The refined schedule of an earlier job's gradient norms (Defazio, Cutkosky, Mehta &
 * Mishchenko 2023; ScheduleService.RefineSchedule): its peak is the optimizer's lr.
 */
export interface RefinedSchedule__Output {
  /**
   * The trainer job whose recorded per-step gradient norms are refined; it must have
   * recorded them (FAILED_PRECONDITION otherwise). Empty: factors must be given.
   */
  'refineFrom': (string);
  /**
   * The median filter's width as a share of that run, in [0, 1]; 0 means 0.1.
   */
  'tau': (number);
  /**
   * The factors (peak 1, each in [0, 1]) at evenly spaced points of the post-warm-up
   * budget, linearly interpolated in between: 2 to 10,000 values. With refine_from the
   * server computes them (the refined schedule resampled to at most 10,000 points).
   */
  'factors': (number)[];
  /**
   * Set by the server with refine_from: the norm refined, "l2" for SGD-like optimizers
   * (weights 1/G^2) or "l1" for adaptive ones (weights 1/G), after this job's optimizer.
   */
  'norm': (string);
}
