// The messages outside proto/tuneforge that the client decodes or sends.
//
// google.rpc's Status, BadRequest and RequestInfo (the details every tuneforge
// error carries in its `grpc-status-details-bin` trailer) are read with protobufjs
// from the contract's vendored proto/google/rpc/{status,error_details}.proto.
// grpc.health.v1's Check is not vendored: its two messages are declared below,
// field numbers as in grpc's health/v1/health.proto.
import * as path from 'node:path';

import * as protobuf from 'protobufjs';

const TYPE_PREFIX = 'type.googleapis.com/';

export interface RpcFieldViolation {
  field: string;
  description: string;
  reason: string;
}

/** What a `google.rpc.Status` (snake_case, as loaded with keepCase) holds. */
interface RpcStatus {
  details: { type_url: string; value: Uint8Array }[];
}

const decoded: protobuf.IConversionOptions = { defaults: true, arrays: true, enums: String, longs: String };
const errorTypes = new Map<string, protobuf.Root>();

/** google/rpc/{status,error_details}.proto of `protoDir` (loaded once). */
export function errorRoot(protoDir: string): protobuf.Root {
  let root = errorTypes.get(protoDir);
  if (root === undefined) {
    const files = ['status.proto', 'error_details.proto'].map((f) => path.join(protoDir, 'google/rpc', f));
    root = new protobuf.Root().loadSync(files, { keepCase: true });
    errorTypes.set(protoDir, root);
  }
  return root;
}

function decode<T>(root: protobuf.Root, name: string, bytes: Uint8Array): T {
  const type = root.lookupType(name);
  return type.toObject(type.decode(bytes), decoded) as T;
}

/** The field violations and request id of an encoded `google.rpc.Status`'s details. */
export function statusDetails(status: Uint8Array, root: protobuf.Root): { fieldViolations: RpcFieldViolation[]; requestId: string } {
  const fieldViolations: RpcFieldViolation[] = [];
  let requestId = '';
  for (const detail of decode<RpcStatus>(root, 'google.rpc.Status', status).details) {
    const url = detail.type_url;
    const type = url.startsWith(TYPE_PREFIX) ? url.slice(TYPE_PREFIX.length) : url;
    if (type === 'google.rpc.BadRequest') {
      const bad = decode<{ field_violations: RpcFieldViolation[] }>(root, type, detail.value);
      fieldViolations.push(...bad.field_violations.map(({ field, description, reason }) => ({ field, description, reason })));
    } else if (type === 'google.rpc.RequestInfo') {
      requestId ||= decode<{ request_id: string }>(root, type, detail.value).request_id;
    }
  }
  return { fieldViolations, requestId };
}

const health = protobuf.Root.fromJSON({
  nested: {
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
                HealthCheckResponse: {
                  fields: { status: { type: 'ServingStatus', id: 1 } },
                  nested: {
                    ServingStatus: { values: { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
});

export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

const healthRequest = health.lookupType('grpc.health.v1.HealthCheckRequest');

/** grpc.health.v1.Health/Check, as a method definition of the generic client. */
export const healthCheck = {
  path: '/grpc.health.v1.Health/Check',
  requestSerialize: (request: { service: string }): Buffer =>
    Buffer.from(healthRequest.encode(healthRequest.fromObject(request)).finish()),
  responseDeserialize: (bytes: Buffer) => decode<{ status: ServingStatus }>(health, 'grpc.health.v1.HealthCheckResponse', bytes),
};
