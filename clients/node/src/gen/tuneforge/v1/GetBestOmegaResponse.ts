// Original file: tuneforge/v1/relaxation_service.proto

import type { ArmEvidence as _tuneforge_v1_ArmEvidence, ArmEvidence__Output as _tuneforge_v1_ArmEvidence__Output } from '../../tuneforge/v1/ArmEvidence';
import type { Long } from '@grpc/proto-loader';

export interface GetBestOmegaResponse {
  'omega'?: (number | string);
  'arm'?: (number);
  'instancesSeen'?: (number | string | Long);
  /**
   * Predicted iterations at omega for this context; NaN when the policy has no model.
   */
  'predictedIterations'?: (number | string);
  'arms'?: (_tuneforge_v1_ArmEvidence)[];
}

export interface GetBestOmegaResponse__Output {
  'omega': (number);
  'arm': (number);
  'instancesSeen': (string);
  /**
   * Predicted iterations at omega for this context; NaN when the policy has no model.
   */
  'predictedIterations': (number);
  'arms': (_tuneforge_v1_ArmEvidence__Output)[];
}
