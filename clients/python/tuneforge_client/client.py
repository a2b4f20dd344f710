"""Synchronous client with default deadlines, TLS/mTLS, bearer tokens and retries."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tuneforge.v1 import schedule_service_pb2 as schedule_pb
from tuneforge.v1 import schedule_service_pb2_grpc as schedule_grpc
from tuneforge_client.errors import TuneforgeError

T = TypeVar("T")
Pem = bytes | str | Path


def _pem(value: Pem | None) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    return Path(value).read_bytes()


def _enum(enum: Any, prefix: str, value: str | int | None) -> Any:
    """Accept ``"adaptive"``, ``"OPTIMIZER_FAMILY_ADAPTIVE"`` or the enum number."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    name = value.upper()
    return enum.Value(name if name.startswith(prefix) else prefix + name)


class Client:
    """A connection to a tuneforge server.

    ``tls=True`` (or any certificate argument) uses TLS; ``root_certificates``
    trusts a private CA; ``client_cert``/``client_key`` enable mutual TLS.
    ``token`` is sent as ``authorization: Bearer <token>``. Every call gets
    ``timeout`` seconds unless given its own, and is retried with exponential
    backoff and jitter on ``UNAVAILABLE`` only (at most ``retries`` times): that
    code means the server did not take the request, so a retry is safe.
    """

    def __init__(
        self,
        target: str = "127.0.0.1:50051",
        *,
        token: str | None = None,
        tls: bool = False,
        root_certificates: Pem | None = None,
        client_cert: Pem | None = None,
        client_key: Pem | None = None,
        server_name: str | None = None,
        timeout: float = 10.0,
        retries: int = 4,
        backoff: float = 0.1,
        max_backoff: float = 2.0,
        options: Sequence[tuple[str, Any]] = (),
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._metadata: tuple[tuple[str, str], ...] = (
            (("authorization", f"Bearer {token}"),) if token else ()
        )
        opts = [
            ("grpc.max_receive_message_length", 64 * 1024 * 1024),
            ("grpc.keepalive_time_ms", 30_000),
            *options,
        ]
        if server_name:
            opts.append(("grpc.ssl_target_name_override", server_name))
        if tls or root_certificates or client_cert:
            creds = grpc.ssl_channel_credentials(
                root_certificates=_pem(root_certificates),
                private_key=_pem(client_key),
                certificate_chain=_pem(client_cert),
            )
            self._channel = grpc.secure_channel(target, creds, options=opts)
        else:
            self._channel = grpc.insecure_channel(target, options=opts)
        self._schedule = schedule_grpc.ScheduleServiceStub(self._channel)
        self._health = health_pb2_grpc.HealthStub(self._channel)

    # -- plumbing ------------------------------------------------------------------

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: Callable[..., T], request: Any, timeout: float | None) -> T:
        metadata = (*self._metadata, ("x-request-id", uuid.uuid4().hex))
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                return method(request, timeout=timeout or self.timeout, metadata=metadata)
            except grpc.RpcError as err:
                code = err.code()
                if code is not grpc.StatusCode.UNAVAILABLE or attempt == self.retries:
                    raise TuneforgeError.from_rpc_error(err) from None
            time.sleep(random.uniform(0, delay))  # full jitter
            delay = min(delay * 2, self.max_backoff)
        raise AssertionError("unreachable")

    # -- health --------------------------------------------------------------------

    def health(self, service: str = "", timeout: float | None = None) -> str:
        """``SERVING``/``NOT_SERVING`` of ``service`` ("" = the server, "readiness")."""
        resp = self._call(
            self._health.Check, health_pb2.HealthCheckRequest(service=service), timeout
        )
        return str(health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status))

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Block until the server's ``readiness`` service is SERVING."""
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            try:
                if self.health("readiness", timeout=1.0) == "SERVING":
                    return
            except TuneforgeError as e:
                last = e
            time.sleep(0.05)
        raise TimeoutError(f"server not ready after {timeout} s: {last}")

    # -- ScheduleService -----------------------------------------------------------

    def scale_learning_rate(
        self,
        base_learning_rate: float,
        base_batch_size: int,
        target_batch_sizes: Sequence[int],
        optimizer_family: str | int | None = None,
        *,
        rule: str | int | None = None,
        warmup_steps: int = 0,
        max_trusted_scale: float = 0.0,
        timeout: float | None = None,
    ) -> schedule_pb.ScaleLearningRateResponse:
        """Scaled learning rates: linear for ``"sgd"``, square root for ``"adaptive"``."""
        request = schedule_pb.ScaleLearningRateRequest(
            base_learning_rate=base_learning_rate,
            base_batch_size=base_batch_size,
            target_batch_sizes=list(target_batch_sizes),
            optimizer_family=_enum(
                schedule_pb.OptimizerFamily, "OPTIMIZER_FAMILY_", optimizer_family
            ),
            rule=_enum(schedule_pb.ScalingRule, "SCALING_RULE_", rule),
            warmup_steps=warmup_steps,
            max_trusted_scale=max_trusted_scale,
        )
        return self._call(self._schedule.ScaleLearningRate, request, timeout)
