"""Every failed call raises :class:`TuneforgeError`, with the server's field violations.

:class:`FieldViolation` is also the server's own (``tuneforge.errors`` re-exports
it), so this module imports neither grpc nor protobuf until an error is decoded:
the server's pure cores import it and stay free of both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import grpc


@dataclass(frozen=True, slots=True)
class FieldViolation:
    """One bad field: ``field`` is the request's field path (``targets[2]``); ``reason``
    a machine-readable code (``INVALID``, ``OUT_OF_RANGE``, ``UNKNOWN_ENUM_VALUE``...)."""

    field: str
    description: str
    reason: str = "INVALID"


class TuneforgeError(Exception):
    """A failed RPC: its status code, message, field violations and request id."""

    def __init__(
        self,
        code: grpc.StatusCode,
        message: str,
        field_violations: tuple[FieldViolation, ...] = (),
        request_id: str = "",
    ) -> None:
        self.code = code
        self.message = message
        self.field_violations = field_violations
        self.request_id = request_id
        text = f"{code.name}: {message}"
        if field_violations:
            text += " [" + "; ".join(f"{v.field}: {v.description}" for v in field_violations) + "]"
        super().__init__(text)

    def violation(self, field: str) -> FieldViolation | None:
        """The violation of ``field``, if the server named it."""
        return next((v for v in self.field_violations if v.field == field), None)

    @classmethod
    def from_rpc_error(cls, err: grpc.RpcError) -> TuneforgeError:
        from google.rpc import error_details_pb2  # here, not at the top: see the module doc
        from grpc_status import rpc_status

        call: grpc.Call = err
        violations: list[FieldViolation] = []
        request_id = ""
        for key, value in call.trailing_metadata() or ():
            if key == "x-request-id":
                request_id = str(value)
        status = rpc_status.from_call(call)  # None when the server sent no details
        if status is not None:
            for detail in status.details:
                if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                    bad = error_details_pb2.BadRequest()
                    detail.Unpack(bad)
                    violations += [
                        FieldViolation(v.field, v.description, v.reason)
                        for v in bad.field_violations
                    ]
                elif detail.Is(error_details_pb2.RequestInfo.DESCRIPTOR):
                    info = error_details_pb2.RequestInfo()
                    detail.Unpack(info)
                    request_id = request_id or info.request_id
        return cls(call.code(), call.details() or "", tuple(violations), request_id)
