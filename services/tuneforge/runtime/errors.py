"""The one error-mapping layer: core exceptions to gRPC statuses with google.rpc details."""

from __future__ import annotations

import logging

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from tuneforge import errors

log = logging.getLogger("tuneforge.rpc")

_CODES: tuple[tuple[type[Exception], int], ...] = (
    (errors.ValidationError, code_pb2.INVALID_ARGUMENT),
    (errors.NotFoundError, code_pb2.NOT_FOUND),
    (errors.AlreadyExistsError, code_pb2.ALREADY_EXISTS),
    (errors.FailedPreconditionError, code_pb2.FAILED_PRECONDITION),
    (errors.ResourceExhaustedError, code_pb2.RESOURCE_EXHAUSTED),
    (errors.DeadlineExceededError, code_pb2.DEADLINE_EXCEEDED),
    (errors.CancelledError, code_pb2.CANCELLED),
)


def to_status(exc: BaseException, request_id: str) -> grpc.Status:
    """The status a client sees for ``exc``; unexpected errors reveal nothing internal."""
    details: list[any_pb2.Any] = [_request_info(request_id)]
    code = next((c for kind, c in _CODES if isinstance(exc, kind)), code_pb2.INTERNAL)
    if code == code_pb2.INTERNAL:
        message = f"internal error (request id {request_id})"
    elif isinstance(exc, errors.ValidationError):
        details.insert(0, _bad_request(exc))
        message = f"invalid request: {exc}"
    else:
        message = str(exc)
    return rpc_status.to_status(status_pb2.Status(code=code, message=message, details=details))


def _bad_request(exc: errors.ValidationError) -> any_pb2.Any:
    detail = any_pb2.Any()
    detail.Pack(
        error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(
                    field=v.field, description=v.description, reason=v.reason
                )
                for v in exc.violations
            ]
        )
    )
    return detail


def _request_info(request_id: str) -> any_pb2.Any:
    detail = any_pb2.Any()
    detail.Pack(error_details_pb2.RequestInfo(request_id=request_id))
    return detail
