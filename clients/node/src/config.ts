// Where the client finds what it shares with the rest of the repository, and the
// gRPC service config (retry policy) every tuneforge client uses.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** This package's root (the compiled files live in dist/src). */
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
const REPO_ROOT = path.resolve(PACKAGE_ROOT, '..', '..');

/** The contract: proto/ of the tuneforge repository this package sits in. */
export const DEFAULT_PROTO_DIR = path.join(REPO_ROOT, 'proto');

/**
 * The one service config of all tuneforge clients, whatever their language: the
 * Python SDK's packaged file, read as it is (never copied).
 */
export const DEFAULT_SERVICE_CONFIG_FILE = path.join(REPO_ROOT, 'clients/python/tuneforge_client/service_config.json');

/** gRPC clamps a retry policy's maxAttempts to 5. */
export const MAX_ATTEMPTS = 5;

export interface RetryPolicy {
  maxAttempts: number;
  initialBackoff: string;
  maxBackoff: string;
  backoffMultiplier: number;
  retryableStatusCodes: string[];
}

export interface MethodConfig {
  name: { service?: string; method?: string }[];
  retryPolicy?: RetryPolicy;
  [key: string]: unknown;
}

export interface ServiceConfig {
  methodConfig: MethodConfig[];
  [key: string]: unknown;
}

export interface RetryOverrides {
  /** Retries after the first attempt (0 drops the policy; at most 4). */
  retries?: number | undefined;
  /** The first backoff, in seconds. */
  backoff?: number | undefined;
  /** The backoff's cap, in seconds. */
  maxBackoff?: number | undefined;
}

export function readServiceConfig(file: string = DEFAULT_SERVICE_CONFIG_FILE): ServiceConfig {
  return JSON.parse(readFileSync(file, 'utf8')) as ServiceConfig;
}

/** A protobuf JSON Duration (`"0.1s"`), rounded to whole nanoseconds. */
export function duration(seconds: number): string {
  if (!(seconds > 0)) throw new RangeError(`a backoff must be > 0 seconds, not ${seconds}`);
  const ns = Math.max(1, Math.round(seconds * 1e9));
  const text = `${Math.floor(ns / 1e9)}.${String(ns % 1e9).padStart(9, '0')}`;
  return `${text.replace(/0+$/, '').replace(/\.$/, '')}s`;
}

/**
 * `config` with its retry policies tuned as the Python SDK's `service_config()`
 * does; an override left undefined keeps the file's value.
 */
export function serviceConfig(config: ServiceConfig, { retries, backoff, maxBackoff }: RetryOverrides = {}): ServiceConfig {
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    throw new RangeError(`retries must be an integer >= 0, not ${retries}`);
  }
  const out = structuredClone(config);
  for (const method of out.methodConfig) {
    const policy = method.retryPolicy;
    if (policy === undefined) continue;
    if (retries === 0) {
      delete method.retryPolicy; // maxAttempts 1 is not a valid policy: no policy is
      continue;
    }
    if (retries !== undefined) policy.maxAttempts = Math.min(retries + 1, MAX_ATTEMPTS);
    if (backoff !== undefined) policy.initialBackoff = duration(backoff);
    if (maxBackoff !== undefined) policy.maxBackoff = duration(maxBackoff);
  }
  return out;
}
