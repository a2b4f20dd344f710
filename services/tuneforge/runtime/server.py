"""Server bootstrap shared by every tuneforge service (grpc.aio).

Health (with a separate ``readiness`` service that flips to NOT_SERVING first on
shutdown), reflection, TLS/mTLS, bearer tokens, message limits, keepalive, and a
graceful SIGTERM/SIGINT shutdown: readiness off, optional drain delay, refuse
new RPCs, let in-flight ones finish within the grace period, then the services'
stop hooks (in reverse order) and the shared resources' close.

Start-up order: the shared resources prepare (the database schema is
migrated), each service's start hook runs (background work: lease sweeper,
tracking outbox drain, ...), and only then does the port serve.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import signal
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import grpc
from google.protobuf.descriptor import ServiceDescriptor
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2, reflection_pb2_grpc

from tuneforge.runtime.auth import Scope, TokenStore
from tuneforge.runtime.config import Settings
from tuneforge.runtime.interceptor import RpcInterceptor

log = logging.getLogger("tuneforge.server")

READINESS = "readiness"


#: A lifecycle hook: plain (blocking: run off the event loop) or a coroutine function.
Hook = Callable[[], Awaitable[None] | None]


@dataclass(frozen=True)
class ServiceSpec:
    """One gRPC service to host: its descriptor, servicer and the scope of each method.

    ``start`` runs before the port serves and ``stop`` after in-flight RPCs
    ended (or the grace period passed): background work of the service (a
    sweeper thread, a queue drain) starts and stops there, never in a
    servicer's constructor. A service stops only what it started; the shared
    resources it was given are closed by their owner.
    """

    descriptor: ServiceDescriptor
    servicer: object
    add_to_server: Callable[[Any, grpc.aio.Server], None]
    scopes: Mapping[str, Scope] = field(default_factory=dict)
    start: Hook | None = None
    stop: Hook | None = None

    def __post_init__(self) -> None:
        methods = {m.name for m in self.descriptor.methods}
        if missing := methods - set(self.scopes):
            raise ValueError(f"{self.descriptor.full_name}: no scope for {sorted(missing)}")
        if extra := set(self.scopes) - methods:
            raise ValueError(f"{self.descriptor.full_name}: scopes for unknown {sorted(extra)}")

    def full_scopes(self) -> dict[str, Scope]:
        return {f"/{self.descriptor.full_name}/{m}": s for m, s in self.scopes.items()}


class Owner(Protocol):
    """The owner of a server's shared resources (:class:`tuneforge.roles.Resources`)."""

    def prepare(self) -> None:
        """Make shared state ready before any service starts (migrate the schema)."""

    def close(self) -> None:
        """Close engines, pools and clients, after every service stopped."""


async def _run(hook: Hook) -> None:
    if inspect.iscoroutinefunction(hook):
        await hook()
        return
    result = await asyncio.to_thread(hook)
    if inspect.isawaitable(result):
        await result


REFLECTION_V1 = "grpc.reflection.v1.ServerReflection"


def redacted(url: str) -> str:
    """``url`` with the password of its user info replaced by ``***`` (for logs)."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def _enable_reflection(server: grpc.aio.Server, names: Sequence[str]) -> None:
    """Server reflection in both protocols. grpcio-reflection implements only v1alpha;
    ``grpc.reflection.v1`` has the same messages under a new package name (the same
    bytes on the wire), so one servicer answers both. v1 is served, not listed: its
    descriptor is not in this process's pool, and a listed name should describe."""
    servicer = reflection.aio.ReflectionServicer(
        [*names, health.SERVICE_NAME, reflection.SERVICE_NAME]
    )
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(servicer, server)
    v1 = grpc.stream_stream_rpc_method_handler(
        servicer.ServerReflectionInfo,
        request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
        response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString,
    )
    server.add_generic_rpc_handlers(
        [grpc.method_handlers_generic_handler(REFLECTION_V1, {"ServerReflectionInfo": v1})]
    )


class _Health(health.aio.HealthServicer):
    """gRPC's health servicer plus ``List`` (reflection advertises it; grpcio's lacks it)."""

    def __init__(self) -> None:
        super().__init__()
        self._statuses: dict[str, int] = {"": health_pb2.HealthCheckResponse.SERVING}
        self._closing = False

    async def set(self, service: str, status: int) -> None:
        await super().set(service, status)
        if not self._closing:  # as the base class: no changes after graceful shutdown
            self._statuses[service] = status

    async def enter_graceful_shutdown(self) -> None:
        await super().enter_graceful_shutdown()
        self._closing = True
        for name in self._statuses:
            self._statuses[name] = health_pb2.HealthCheckResponse.NOT_SERVING

    async def List(
        self, request: health_pb2.HealthListRequest, context: grpc.aio.ServicerContext
    ) -> health_pb2.HealthListResponse:
        return health_pb2.HealthListResponse(
            statuses={
                name: health_pb2.HealthCheckResponse(status=status)
                for name, status in self._statuses.items()
            }
        )


def _read(path: Any) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def server_options(settings: Settings) -> list[tuple[str, int]]:
    return [
        ("grpc.max_receive_message_length", settings.max_message_bytes),
        ("grpc.max_send_message_length", settings.max_message_bytes),
        ("grpc.keepalive_time_ms", 30_000),
        ("grpc.keepalive_timeout_ms", 10_000),
        ("grpc.http2.min_ping_interval_without_data_ms", 10_000),
        ("grpc.keepalive_permit_without_calls", 1),
        # Recycle connections so that replicas behind a ClusterIP rebalance.
        ("grpc.max_connection_age_ms", 1_800_000),
        ("grpc.max_connection_age_grace_ms", 30_000),
        # Default 1 lets a second server bind the same port silently.
        ("grpc.so_reuseport", 0),
    ]


class Server:
    """A started-on-demand aio server hosting ``specs`` under ``settings``.

    ``resources``, when given, is prepared before the services start and closed
    after they stopped: the server then owns it.
    """

    def __init__(
        self, settings: Settings, specs: Sequence[ServiceSpec], resources: Owner | None = None
    ) -> None:
        self.settings = settings
        self.specs = list(specs)
        self.resources = resources
        self._started: list[ServiceSpec] = []
        self.port: int | None = None
        tokens = TokenStore(settings.token_file) if settings.token_file else None
        scopes: dict[str, Scope] = {}
        for spec in self.specs:
            scopes.update(spec.full_scopes())
        self._grpc = grpc.aio.server(
            interceptors=[RpcInterceptor(tokens, scopes)], options=server_options(settings)
        )
        self.health = _Health()
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self._grpc)
        for spec in self.specs:
            spec.add_to_server(spec.servicer, self._grpc)
        _enable_reflection(self._grpc, [s.descriptor.full_name for s in self.specs])
        self._stopped = asyncio.Event()

    async def start(self) -> int:
        """Bind, prepare the resources, run the start hooks, then serve; the port.

        If any step fails, what was started is stopped, the resources are closed
        and the port is released before the error propagates.
        """
        try:
            self.port = self._bind()
            if self.resources is not None:
                await asyncio.to_thread(self.resources.prepare)
            for spec in self.specs:
                if spec.start is not None:
                    await _run(spec.start)
                self._started.append(spec)
        except BaseException:
            if self.port is not None:
                # grpc releases a bound port only by shutting a started server down.
                await self._grpc.start()
                await self._grpc.stop(None)
            await self._close_services()
            raise
        await self._grpc.start()
        s = self.settings
        serving = health_pb2.HealthCheckResponse.SERVING
        for name in ["", READINESS, *(spec.descriptor.full_name for spec in self.specs)]:
            await self.health.set(name, serving)
        log.info(
            "serving",
            extra={
                "address": f"{s.host}:{self.port}",
                "services": [spec.descriptor.full_name for spec in self.specs],
                "tls": s.tls,
                "mtls": s.tls_client_ca is not None,
                "auth": s.token_file is not None,
                "home": str(s.home),
                "database": redacted(s.db_url),
                "tracking_uri": redacted(s.mlflow_uri),
            },
        )
        return self.port

    def _bind(self) -> int:
        s = self.settings
        try:
            if s.tls:
                creds = grpc.ssl_server_credentials(
                    [(_read(s.tls_key), _read(s.tls_cert))],
                    root_certificates=_read(s.tls_client_ca) if s.tls_client_ca else None,
                    require_client_auth=s.tls_client_ca is not None,
                )
                port = self._grpc.add_secure_port(s.address, creds)
            else:
                port = self._grpc.add_insecure_port(s.address)
        except RuntimeError as e:  # grpc's answer for an address in use
            raise BindError(f"cannot listen on {s.address}: {e}") from None
        if port == 0:
            raise BindError(f"cannot listen on {s.address} (in use, or not an address here)")
        return port

    async def stop(self, grace: float | None = None) -> None:
        """Readiness off, drain delay, refuse new RPCs, wait ``grace`` for in-flight ones."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        grace = self.settings.grace_seconds if grace is None else grace
        log.info("shutting down", extra={"grace_seconds": grace})
        await self.health.set(READINESS, health_pb2.HealthCheckResponse.NOT_SERVING)
        if self.settings.drain_delay_seconds:
            await asyncio.sleep(self.settings.drain_delay_seconds)
        await self.health.enter_graceful_shutdown()
        await self._grpc.stop(grace)
        await self._close_services()
        log.info("stopped")

    async def _close_services(self) -> None:
        """Stop hooks of the started services (reverse order), then the resources' close."""
        while self._started:
            spec = self._started.pop()
            if spec.stop is not None:
                try:
                    await _run(spec.stop)
                except Exception:
                    log.exception("stop hook failed", extra={"service": spec.descriptor.full_name})
        if self.resources is not None:
            await asyncio.to_thread(self.resources.close)


class BindError(OSError):
    """The address cannot be served (in use, or not local); ``serve`` exits with 2."""


async def serve(
    settings: Settings, specs: Sequence[ServiceSpec], resources: Owner | None = None
) -> None:
    """Run until SIGTERM or SIGINT, then shut down gracefully."""
    server = Server(settings, specs, resources)
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await server.stop()
