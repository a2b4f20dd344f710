// Original file: tuneforge/v1/trainer_service.proto

import type { DecayShape as _tuneforge_v1_DecayShape, DecayShape__Output as _tuneforge_v1_DecayShape__Output } from '../../tuneforge/v1/DecayShape';

/**
 * Warm-up-stable-decay (Hu et al., MiniCPM, 2024; Hagele et al., "Scaling Laws and
 * Compute-Optimal Training Beyond Fixed Training Durations", NeurIPS 2024): lr stays
 * constant after the warm-up and decays to final_factor x lr over the last
 * decay_fraction of the post-warm-up steps.
 */
export interface WarmupStableDecaySchedule {
  /**
   * In (0, 1]; 0 means 0.2.
   */
  'decayFraction'?: (number | string);
  /**
   * In [0, 1].
   */
  'finalFactor'?: (number | string);
  'shape'?: (_tuneforge_v1_DecayShape);
}

/**
 * Warm-up-stable-decay (Hu et al., MiniCPM, 2024; Hagele et al., "Scaling Laws and
 * Compute-Optimal Training Beyond Fixed Training Durations", NeurIPS 2024): lr stays
 * constant after the warm-up and decays to final_factor x lr over the last
 * decay_fraction of the post-warm-up steps.
 */
export interface WarmupStableDecaySchedule__Output {
  /**
   * In (0, 1]; 0 means 0.2.
   */
  'decayFraction': (number);
  /**
   * In [0, 1].
   */
  'finalFactor': (number);
  'shape': (_tuneforge_v1_DecayShape__Output);
}
