/**
 * The tuneforge Node/TypeScript client: one {@link TuneforgeClient}, a method per RPC.
 *
 *     import { TuneforgeClient } from '@tuneforge/client';
 *     const tf = new TuneforgeClient('127.0.0.1:50051', { token: process.env.TUNEFORGE_TOKEN });
 *     const res = await tf.scaleLearningRate({
 *       baseLearningRate: 3e-4, baseBatchSize: 256, targetBatchSizes: [512, 4096],
 *       optimizerFamily: 'OPTIMIZER_FAMILY_ADAPTIVE',
 *     });
 *
 * Every message type of the contract is exported under its proto name (`JobSpec`
 * to send, `JobSpec__Output` as received).
 */
export {
  FINAL_JOB_STATES,
  FINAL_SWEEP_STATES,
  MAX_MESSAGE_BYTES,
  TuneforgeClient,
  type CallOptions,
  type Pem,
  type TuneforgeClientOptions,
  type WatchOptions,
} from './client';
export {
  DEFAULT_PROTO_DIR,
  DEFAULT_SERVICE_CONFIG_FILE,
  MAX_ATTEMPTS,
  duration,
  readServiceConfig,
  serviceConfig,
  type RetryOverrides,
  type ServiceConfig,
} from './config';
export { Status, TuneforgeError, type FieldViolation } from './errors';
export { fromStruct, fromValue, paramsOf, parameterValue, toDate, toStruct, toValue, type Json } from './values';
export type { ServingStatus } from './wellknown';
export * from './gen';
