// Original file: tuneforge/v1/trainer_service.proto

import type { DigitsDataset as _tuneforge_v1_DigitsDataset, DigitsDataset__Output as _tuneforge_v1_DigitsDataset__Output } from '../../tuneforge/v1/DigitsDataset';
import type { SyntheticClassificationDataset as _tuneforge_v1_SyntheticClassificationDataset, SyntheticClassificationDataset__Output as _tuneforge_v1_SyntheticClassificationDataset__Output } from '../../tuneforge/v1/SyntheticClassificationDataset';
import type { SyntheticRegressionDataset as _tuneforge_v1_SyntheticRegressionDataset, SyntheticRegressionDataset__Output as _tuneforge_v1_SyntheticRegressionDataset__Output } from '../../tuneforge/v1/SyntheticRegressionDataset';
import type { SyntheticTokensDataset as _tuneforge_v1_SyntheticTokensDataset, SyntheticTokensDataset__Output as _tuneforge_v1_SyntheticTokensDataset__Output } from '../../tuneforge/v1/SyntheticTokensDataset';
import type { SyntheticImagesDataset as _tuneforge_v1_SyntheticImagesDataset, SyntheticImagesDataset__Output as _tuneforge_v1_SyntheticImagesDataset__Output } from '../../tuneforge/v1/SyntheticImagesDataset';
import type { PathDataset as _tuneforge_v1_PathDataset, PathDataset__Output as _tuneforge_v1_PathDataset__Output } from '../../tuneforge/v1/PathDataset';

/**
 * The training data. Without x_val/y_val, validation_fraction of it is held out.
 */
export interface DatasetSpec {
  'digits'?: (_tuneforge_v1_DigitsDataset | null);
  'syntheticClassification'?: (_tuneforge_v1_SyntheticClassificationDataset | null);
  'syntheticRegression'?: (_tuneforge_v1_SyntheticRegressionDataset | null);
  'syntheticTokens'?: (_tuneforge_v1_SyntheticTokensDataset | null);
  'syntheticImages'?: (_tuneforge_v1_SyntheticImagesDataset | null);
  'path'?: (_tuneforge_v1_PathDataset | null);
  /**
   * Held out for evaluation, in [0, 1); unset means 0.2.
   */
  'validationFraction'?: (number | string);
  'kind'?: "digits"|"syntheticClassification"|"syntheticRegression"|"syntheticTokens"|"syntheticImages"|"path";
  '_validationFraction'?: "validationFraction";
}

/**
 * The training data. Without x_val/y_val, validation_fraction of it is held out.
 */
export interface DatasetSpec__Output {
  'digits'?: (_tuneforge_v1_DigitsDataset__Output | null);
  'syntheticClassification'?: (_tuneforge_v1_SyntheticClassificationDataset__Output | null);
  'syntheticRegression'?: (_tuneforge_v1_SyntheticRegressionDataset__Output | null);
  'syntheticTokens'?: (_tuneforge_v1_SyntheticTokensDataset__Output | null);
  'syntheticImages'?: (_tuneforge_v1_SyntheticImagesDataset__Output | null);
  'path'?: (_tuneforge_v1_PathDataset__Output | null);
  /**
   * Held out for evaluation, in [0, 1); unset means 0.2.
   */
  'validationFraction'?: (number);
  'kind'?: "digits"|"syntheticClassification"|"syntheticRegression"|"syntheticTokens"|"syntheticImages"|"path";
  '_validationFraction'?: "validationFraction";
}
