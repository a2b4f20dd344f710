"""The RPC pipeline every call goes through: request id, auth, error mapping, one log line."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any

import grpc
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from tuneforge.errors import ValidationError
from tuneforge.runtime.auth import Identity, Scope, TokenStore
from tuneforge.runtime.errors import REQUEST_ID_KEY, to_status

log = logging.getLogger("tuneforge.rpc")

# Health and reflection answer without a token (probes, grpcurl list/describe).
OPEN_PREFIXES = (
    "/grpc.health.v1.Health/",
    "/grpc.reflection.v1alpha.ServerReflection/",
    "/grpc.reflection.v1.ServerReflection/",
)
#: Training pods' calls: the servicer checks the job's own token (trainer/worker_service.py);
#: the server's token file does not apply, so no pod needs a user's token.
JOB_TOKEN_PREFIXES = ("/tuneforge.v1.WorkerService/",)
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

#: The authenticated caller of the current RPC (None when auth is off or the method is open).
current_identity: contextvars.ContextVar[Identity | None] = contextvars.ContextVar(
    "tuneforge_identity", default=None
)


class _Denied(Exception):
    def __init__(self, code: grpc.StatusCode, message: str) -> None:
        super().__init__(message)
        self.code = code


class _Undecodable:
    """What a request that is not a valid protobuf message decodes to.

    gRPC would answer UNKNOWN, with no request id and no log line, if the
    deserializer raised; the handler wrapper turns this into INVALID_ARGUMENT.
    """

    __slots__ = ("message_type",)

    def __init__(self, message_type: str) -> None:
        self.message_type = message_type

    def error(self) -> ValidationError:
        # The whole request is bad, not one field of it: the violation's path is empty.
        return ValidationError.single(
            "", f"the payload is not a valid {self.message_type} message", "UNDECODABLE"
        )


def _tolerant(deserializer: Callable[[bytes], Any] | None) -> Callable[[bytes], Any] | None:
    if deserializer is None:
        return None
    owner = getattr(deserializer, "__self__", None)  # Message.FromString is a classmethod
    descriptor = getattr(owner, "DESCRIPTOR", None)
    name = getattr(descriptor, "full_name", "request")

    def decode(data: bytes) -> Any:
        try:
            return deserializer(data)
        except Exception:
            return _Undecodable(name)

    return decode


def nul_field(message: Message, prefix: str = "") -> str | None:
    """The path of the first string field holding a NUL character, else None.

    No store can keep one (PostgreSQL's text refuses it, and it would surface as
    INTERNAL), and no name needs one: refused once, here, for every RPC.
    """
    for fd, value in message.ListFields():
        path = f"{prefix}{fd.name}"
        if fd.type == FieldDescriptor.TYPE_STRING:
            items = value if fd.is_repeated else [value]
            if any("\x00" in x for x in items):
                return path
        elif fd.type == FieldDescriptor.TYPE_MESSAGE:
            if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
                for k, v in value.items():
                    if "\x00" in str(k) or (isinstance(v, str) and "\x00" in v):
                        return f"{path}[{str(k).replace(chr(0), '?')}]"
                    if isinstance(v, Message) and (found := nul_field(v, f"{path}[{k}].")):
                        return found
            elif fd.is_repeated:
                for i, item in enumerate(value):
                    if found := nul_field(item, f"{path}[{i}]."):
                        return found
            elif found := nul_field(value, f"{path}."):
                return found
    return None


def _valid(request: Any) -> Any:
    if isinstance(request, _Undecodable):
        raise request.error()
    if isinstance(request, Message) and (path := nul_field(request)) is not None:
        raise ValidationError.single(path, "must not contain a NUL character", "NUL_CHARACTER")
    return request


async def _checked_stream(requests: AsyncIterator[Any]) -> AsyncIterator[Any]:
    async for request in requests:
        yield _valid(request)


def _checked(request: Any) -> Any:
    """A checked request or request stream; undecodable or NUL-holding ones raise."""
    if hasattr(request, "__aiter__"):
        return _checked_stream(request)
    return _valid(request)


class RpcInterceptor(grpc.aio.ServerInterceptor):
    """Wraps every handler so that errors, auth and logging live in one place.

    ``scopes`` maps full method names (``/pkg.Service/Method``) to the scope they
    need; a method missing from it needs ``admin`` (fail closed).
    """

    def __init__(self, tokens: TokenStore | None, scopes: Mapping[str, Scope]) -> None:
        self._tokens = tokens
        self._scopes = dict(scopes)

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(details)
        if handler is None:
            return None
        method: str = details.method
        kw = {
            "request_deserializer": _tolerant(handler.request_deserializer),
            "response_serializer": handler.response_serializer,
        }
        if handler.unary_unary:
            return grpc.unary_unary_rpc_method_handler(
                self._wrap_unary(method, handler.unary_unary), **kw
            )
        if handler.stream_unary:
            return grpc.stream_unary_rpc_method_handler(
                self._wrap_unary(method, handler.stream_unary), **kw
            )
        if handler.unary_stream:
            return grpc.unary_stream_rpc_method_handler(
                self._wrap_stream(method, handler.unary_stream), **kw
            )
        return grpc.stream_stream_rpc_method_handler(
            self._wrap_stream(method, handler.stream_stream), **kw
        )

    # -- per-call steps -------------------------------------------------------------

    @staticmethod
    def _request_id(context: grpc.aio.ServicerContext) -> str:
        """The caller's ``x-request-id`` when well-formed, else a fresh one; echoed back."""
        rid = str(dict(context.invocation_metadata() or ()).get(REQUEST_ID_KEY, ""))
        if not _REQUEST_ID_OK.match(rid):
            rid = uuid.uuid4().hex
        context.set_trailing_metadata(((REQUEST_ID_KEY, rid),))
        return rid

    def _authorize(self, method: str, context: grpc.aio.ServicerContext) -> Identity | None:
        if self._tokens is None or method.startswith(OPEN_PREFIXES + JOB_TOKEN_PREFIXES):
            return None
        metadata = dict(context.invocation_metadata() or ())
        header = str(metadata.get("authorization", ""))
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _Denied(grpc.StatusCode.UNAUTHENTICATED, "missing bearer token")
        identity = self._tokens.authenticate(token.strip())
        if identity is None:
            raise _Denied(grpc.StatusCode.UNAUTHENTICATED, "invalid bearer token")
        needed = self._scopes.get(method, Scope.ADMIN)
        if identity.scope < needed:
            raise _Denied(
                grpc.StatusCode.PERMISSION_DENIED,
                f"{method} needs scope '{needed.name.lower()}'",
            )
        return identity

    async def _fail(
        self, exc: BaseException, rid: str, method: str, context: grpc.aio.ServicerContext
    ) -> None:
        if isinstance(exc, _Denied):
            await context.abort(exc.code, str(exc), ((REQUEST_ID_KEY, rid),))
        status = to_status(exc, rid)
        if status.code is grpc.StatusCode.INTERNAL:
            log.error(
                "unhandled error",
                exc_info=exc,
                extra={"method": method, "request_id": rid},
            )
        await context.abort_with_status(status)

    def _log(
        self, method: str, rid: str, start: float, context: grpc.aio.ServicerContext, code: Any
    ) -> None:
        code = context.code() or code
        name = code.name if isinstance(code, grpc.StatusCode) else str(code)
        identity = current_identity.get()
        log.info(
            "rpc",
            extra={
                "method": method,
                "code": name,
                "latency_ms": round((time.perf_counter() - start) * 1e3, 3),
                "request_id": rid,
                "peer": context.peer(),
                "caller": identity.name if identity else None,
            },
        )

    def _wrap_unary(self, method: str, inner: Callable[..., Any]) -> Callable[..., Any]:
        async def behavior(request: Any, context: grpc.aio.ServicerContext) -> Any:
            start, rid, code = time.perf_counter(), "-", grpc.StatusCode.OK
            try:
                rid = self._request_id(context)
                current_identity.set(self._authorize(method, context))
                return await inner(_checked(request), context)
            except asyncio.CancelledError:
                code = grpc.StatusCode.CANCELLED
                raise
            except grpc.aio.AbortError:
                raise
            except Exception as exc:
                await self._fail(exc, rid, method, context)
            finally:
                self._log(method, rid, start, context, code)

        return behavior

    def _wrap_stream(self, method: str, inner: Callable[..., Any]) -> Callable[..., Any]:
        async def behavior(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator[Any]:
            start, rid, code = time.perf_counter(), "-", grpc.StatusCode.OK
            try:
                rid = self._request_id(context)
                current_identity.set(self._authorize(method, context))
                result = inner(_checked(request), context)
                if hasattr(result, "__aiter__"):
                    async for item in result:
                        yield item
                else:
                    await result
            except asyncio.CancelledError:
                code = grpc.StatusCode.CANCELLED
                raise
            except grpc.aio.AbortError:
                raise
            except Exception as exc:
                await self._fail(exc, rid, method, context)
            finally:
                self._log(method, rid, start, context, code)

        return behavior
