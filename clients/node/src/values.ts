// Plain JavaScript values <-> the value messages of the contract.
import type { Struct__Output } from './gen/google/protobuf/Struct';
import type { Timestamp__Output } from './gen/google/protobuf/Timestamp';
import type { Value, Value__Output } from './gen/google/protobuf/Value';
import type { ParameterValue__Output } from './gen/tuneforge/v1/ParameterValue';
import type { Trial__Output } from './gen/tuneforge/v1/Trial';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A `google.protobuf.Value` from a JSON value: `toValue(0.01)` is `{numberValue: 0.01}`. */
export function toValue(x: Json): Value {
  if (x === null) return { nullValue: 'NULL_VALUE' };
  if (typeof x === 'number') return { numberValue: x };
  if (typeof x === 'string') return { stringValue: x };
  if (typeof x === 'boolean') return { boolValue: x };
  if (Array.isArray(x)) return { listValue: { values: x.map(toValue) } };
  return { structValue: { fields: toStruct(x) } };
}

/**
 * A `map<string, google.protobuf.Value>` field (optimizer hyperparameters, entry
 * point arguments) from a plain object: `toStruct({lr: 0.01, betas: [0.9, 0.999]})`.
 */
export function toStruct(obj: { [key: string]: Json }): Record<string, Value> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toValue(v)]));
}

/** The JSON value of a `google.protobuf.Value`. */
export function fromValue(v: Value__Output): Json {
  switch (v.kind) {
    case 'numberValue':
      return v.numberValue ?? 0;
    case 'stringValue':
      return v.stringValue ?? '';
    case 'boolValue':
      return v.boolValue ?? false;
    case 'listValue':
      return (v.listValue?.values ?? []).map(fromValue);
    case 'structValue':
      return fromStruct(v.structValue?.fields ?? {});
    default:
      return null;
  }
}

export function fromStruct(fields: Struct__Output['fields']): { [key: string]: Json } {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fromValue(v)]));
}

/**
 * The value of a `ParameterValue`. An `intValue` (int64, a decimal string on the
 * wire object) becomes a number: exact up to 2^53, read `intValue` itself beyond.
 */
export function parameterValue(v: ParameterValue__Output): number | string | boolean {
  switch (v.kind) {
    case 'doubleValue':
      return v.doubleValue ?? 0;
    case 'intValue':
      return Number(v.intValue ?? 0);
    case 'stringValue':
      return v.stringValue ?? '';
    case 'boolValue':
      return v.boolValue ?? false;
    default:
      throw new TypeError('a ParameterValue must set one of its kinds');
  }
}

/** A trial's parameters as plain values (the Python SDK's `params_of`). */
export function paramsOf(trial: Trial__Output): Record<string, number | string | boolean> {
  return Object.fromEntries(Object.entries(trial.params).map(([k, v]) => [k, parameterValue(v)]));
}

/** A `google.protobuf.Timestamp` as a Date (millisecond precision). */
export function toDate(ts: Timestamp__Output): Date {
  return new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6));
}
