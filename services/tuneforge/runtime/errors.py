"""The one error-mapping layer: core exceptions to gRPC statuses with google.rpc details.

Every error status carries the ``x-request-id`` trailer and a ``RequestInfo``
detail. Text echoed from the request (field paths, descriptions that quote a
bad value) is clipped, so that a huge bad input cannot push the status past
the client's metadata limit and hide the real error behind "Stream removed".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from tuneforge import errors

log = logging.getLogger("tuneforge.rpc")

REQUEST_ID_KEY = "x-request-id"
MAX_TEXT = 200  # characters of one echoed field path or description
MAX_MESSAGE = 400  # characters of the status message
MAX_VIOLATIONS = 10  # violations sent; a last one says how many were left out

_CODES: tuple[tuple[type[Exception], int], ...] = (
    (errors.ValidationError, code_pb2.INVALID_ARGUMENT),
    (errors.NotFoundError, code_pb2.NOT_FOUND),
    (errors.AlreadyExistsError, code_pb2.ALREADY_EXISTS),
    (errors.FailedPreconditionError, code_pb2.FAILED_PRECONDITION),
    (errors.ResourceExhaustedError, code_pb2.RESOURCE_EXHAUSTED),
    (errors.DeadlineExceededError, code_pb2.DEADLINE_EXCEEDED),
    (errors.CancelledError, code_pb2.CANCELLED),
)


@dataclass(frozen=True)
class _Status(grpc.Status):
    code: grpc.StatusCode
    details: str
    trailing_metadata: tuple[tuple[str, str | bytes], ...]


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut to ``limit`` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 24]}... ({len(text)} characters)"


def to_status(exc: BaseException, request_id: str) -> grpc.Status:
    """The status a client sees for ``exc``; unexpected errors reveal nothing internal."""
    details: list[any_pb2.Any] = [_request_info(request_id)]
    code = next((c for kind, c in _CODES if isinstance(exc, kind)), code_pb2.INTERNAL)
    if code == code_pb2.INTERNAL:
        message = f"internal error (request id {request_id})"
    elif isinstance(exc, errors.ValidationError):
        violations = _clipped(exc.violations)
        details.insert(0, _bad_request(violations))
        message = "invalid request: " + "; ".join(f"{v.field}: {v.description}" for v in violations)
    else:
        message = str(exc)
        if isinstance(exc, errors.FailedPreconditionError) and exc.violations:
            details.insert(0, _bad_request(_clipped(exc.violations)))
    status = rpc_status.to_status(
        status_pb2.Status(code=code, message=clip(message, MAX_MESSAGE), details=details)
    )
    return _Status(
        status.code, status.details, (*status.trailing_metadata, (REQUEST_ID_KEY, request_id))
    )


def _clipped(violations: tuple[errors.FieldViolation, ...]) -> list[errors.FieldViolation]:
    out = [
        errors.FieldViolation(clip(v.field), clip(v.description), v.reason)
        for v in violations[:MAX_VIOLATIONS]
    ]
    if len(violations) > MAX_VIOLATIONS:
        rest = len(violations) - MAX_VIOLATIONS
        first = violations[MAX_VIOLATIONS]
        out.append(
            errors.FieldViolation(clip(first.field), f"this and {rest - 1} more violation(s)")
        )
    return out


def _bad_request(violations: list[errors.FieldViolation]) -> any_pb2.Any:
    detail = any_pb2.Any()
    detail.Pack(
        error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(
                    field=v.field, description=v.description, reason=v.reason
                )
                for v in violations
            ]
        )
    )
    return detail


def _request_info(request_id: str) -> any_pb2.Any:
    detail = any_pb2.Any()
    detail.Pack(error_details_pb2.RequestInfo(request_id=request_id))
    return detail
