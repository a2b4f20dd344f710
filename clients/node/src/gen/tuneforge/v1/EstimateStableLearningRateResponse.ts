// Original file: tuneforge/v1/schedule_service.proto

import type { CurvatureEstimate as _tuneforge_v1_CurvatureEstimate, CurvatureEstimate__Output as _tuneforge_v1_CurvatureEstimate__Output } from '../../tuneforge/v1/CurvatureEstimate';
import type { StableLearningRate as _tuneforge_v1_StableLearningRate, StableLearningRate__Output as _tuneforge_v1_StableLearningRate__Output } from '../../tuneforge/v1/StableLearningRate';
import type { Long } from '@grpc/proto-loader';

export interface EstimateStableLearningRateResponse {
  'lambdaMax'?: (_tuneforge_v1_CurvatureEstimate | null);
  'trace'?: (_tuneforge_v1_CurvatureEstimate | null);
  /**
   * 2 / lambda_max.
   */
  'gdBound'?: (number | string);
  /**
   * One per batch size, in request order.
   */
  'rates'?: (_tuneforge_v1_StableLearningRate)[];
  /**
   * True: these are necessary conditions (Wu & Su), not guarantees.
   */
  'necessary'?: (boolean);
  'hvps'?: (number | string | Long);
  /**
   * Trainable parameters of the model.
   */
  'parameters'?: (number | string | Long);
  /**
   * The checkpoint's step the parameters came from; 0 for initialisation.
   */
  'checkpointStep'?: (number | string | Long);
  'sampleSize'?: (number | string | Long);
}

export interface EstimateStableLearningRateResponse__Output {
  'lambdaMax': (_tuneforge_v1_CurvatureEstimate__Output | null);
  'trace': (_tuneforge_v1_CurvatureEstimate__Output | null);
  /**
   * 2 / lambda_max.
   */
  'gdBound': (number);
  /**
   * One per batch size, in request order.
   */
  'rates': (_tuneforge_v1_StableLearningRate__Output)[];
  /**
   * True: these are necessary conditions (Wu & Su), not guarantees.
   */
  'necessary': (boolean);
  'hvps': (string);
  /**
   * Trainable parameters of the model.
   */
  'parameters': (string);
  /**
   * The checkpoint's step the parameters came from; 0 for initialisation.
   */
  'checkpointStep': (string);
  'sampleSize': (string);
}
