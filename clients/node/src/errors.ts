import { Metadata, status as Status, type ServiceError } from '@grpc/grpc-js';

import { DEFAULT_PROTO_DIR } from './config';
import { errorRoot, statusDetails, type RpcFieldViolation } from './wellknown';

export { Status };

/**
 * One bad field: `field` is the request's field path in proto names
 * (`spec.optimizer.hyperparameters.lr`, `targets[2]`); `reason` a machine-readable
 * code (`INVALID`, `OUT_OF_RANGE`, `UNKNOWN_ENUM_VALUE`...).
 */
export type FieldViolation = RpcFieldViolation;

const REQUEST_ID_KEY = 'x-request-id';
const DETAILS_KEY = 'grpc-status-details-bin';

/**
 * A failed RPC: its gRPC status `code` (compare with `Status.INVALID_ARGUMENT`...),
 * the server's `message`, the field violations of its `google.rpc.BadRequest`
 * detail and the request id (the `x-request-id` trailer, else the
 * `google.rpc.RequestInfo` detail) that the server's log line carries too.
 */
export class TuneforgeError extends Error {
  readonly code: Status;
  readonly fieldViolations: readonly FieldViolation[];
  readonly requestId: string;

  constructor(code: Status, message: string, fieldViolations: readonly FieldViolation[] = [], requestId = '') {
    super(message);
    this.code = code;
    this.fieldViolations = fieldViolations;
    this.requestId = requestId;
  }

  /** The status code's name: `INVALID_ARGUMENT`. */
  get codeName(): string {
    return Status[this.code] ?? String(this.code);
  }

  /** The violation of `field`, if the server named it. */
  violation(field: string): FieldViolation | undefined {
    return this.fieldViolations.find((v) => v.field === field);
  }

  override toString(): string {
    const violations = this.fieldViolations.map((v) => `${v.field}: ${v.description}`).join('; ');
    return `${this.name}: ${this.codeName}: ${this.message}${violations ? ` [${violations}]` : ''}`;
  }

  /**
   * The error of a failed call, decoded from its status and trailers (the details
   * with proto/google/rpc of `protoDir`).
   */
  static fromServiceError(err: ServiceError, protoDir: string = DEFAULT_PROTO_DIR): TuneforgeError {
    const trailers = err.metadata instanceof Metadata ? err.metadata : new Metadata();
    let requestId = String(trailers.get(REQUEST_ID_KEY)[0] ?? '');
    let fieldViolations: FieldViolation[] = [];
    const [details] = trailers.get(DETAILS_KEY);
    if (details instanceof Buffer) {
      const root = errorRoot(protoDir);
      try {
        const decoded = statusDetails(details, root);
        fieldViolations = decoded.fieldViolations;
        requestId ||= decoded.requestId;
      } catch {
        // Undecodable details: the code and message still say what failed.
      }
    }
    return new TuneforgeError(err.code, err.details ?? '', fieldViolations, requestId);
  }
}
TuneforgeError.prototype.name = 'TuneforgeError';

function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === 'number' && 'details' in err;
}

/** `err` as a TuneforgeError when it is a gRPC call's error; anything else unchanged. */
export function toTuneforgeError(err: unknown, protoDir?: string): unknown {
  return err instanceof TuneforgeError || !isServiceError(err) ? err : TuneforgeError.fromServiceError(err, protoDir);
}
