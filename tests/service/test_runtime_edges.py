"""What an outside client can do to the runtime itself: bad payloads, huge echoes, probes."""

from __future__ import annotations

import asyncio
import dataclasses
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status

from tests.conftest import ServerThread
from tests.service.test_runtime import Misbehaving, misbehaving_spec
from tuneforge import errors
from tuneforge.runtime.config import Settings
from tuneforge.runtime.server import Server, ServiceSpec
from tuneforge.v1 import (
    relaxation_service_pb2,
    schedule_service_pb2,
    study_service_pb2,
    tracker_service_pb2,
    trainer_service_pb2,
    transport_service_pb2,
)
from tuneforge_client import Client, TuneforgeError

Start = Callable[..., ServerThread]
_MODULES = (
    schedule_service_pb2,
    relaxation_service_pb2,
    transport_service_pb2,
    study_service_pb2,
    tracker_service_pb2,
    trainer_service_pb2,
)
METHODS = [
    f"/{service.full_name}/{method.name}"
    for module in _MODULES
    for service in module.DESCRIPTOR.services_by_name.values()
    for method in service.methods
]
UNDECODABLE = b"\xff\xff\xff\xff"  # a field tag with an invalid wire type


def _trailer(err: grpc.RpcError, key: str) -> str | None:
    return next((str(v) for k, v in err.trailing_metadata() or () if k == key), None)


def test_every_rpc_refuses_an_undecodable_payload_as_invalid_argument(
    start_server: Start, caplog: pytest.LogCaptureFixture
) -> None:
    assert len(METHODS) >= 34
    st = start_server()
    with grpc.insecure_channel(st.target) as channel:
        for method in METHODS:
            call = channel.unary_unary(method)  # raw bytes in and out
            with pytest.raises(grpc.RpcError) as exc:
                call(UNDECODABLE, timeout=10)
            err = exc.value
            assert err.code() is grpc.StatusCode.INVALID_ARGUMENT, (method, err.details())
            status = rpc_status.from_call(err)
            assert status is not None
            bad = error_details_pb2.BadRequest()
            assert status.details[0].Unpack(bad)
            assert bad.field_violations[0].reason == "UNDECODABLE"
            assert "not a valid tuneforge.v1." in bad.field_violations[0].description
            assert _trailer(err, "x-request-id")
        health = health_pb2_grpc.HealthStub(channel)
        assert health.Check(health_pb2.HealthCheckRequest()).status == 1  # SERVING


def test_error_responses_carry_the_request_id_trailer(start_server: Start) -> None:
    st = start_server()
    with grpc.insecure_channel(st.target) as channel:
        stub = channel.unary_unary(
            "/tuneforge.v1.RelaxationService/GetSequence",
            request_serializer=relaxation_service_pb2.GetSequenceRequest.SerializeToString,
            response_deserializer=relaxation_service_pb2.GetSequenceResponse.FromString,
        )
        for request in (
            relaxation_service_pb2.GetSequenceRequest(sequence=""),  # INVALID_ARGUMENT
            relaxation_service_pb2.GetSequenceRequest(sequence="nope"),  # NOT_FOUND
        ):
            with pytest.raises(grpc.RpcError) as exc:
                stub(request, timeout=10, metadata=(("x-request-id", "req-42"),))
            assert _trailer(exc.value, "x-request-id") == "req-42"


def test_a_huge_echoed_value_is_clipped_not_a_broken_stream(start_server: Start) -> None:
    """A 9 KB bad input must come back as its own error, not "Stream removed"."""
    st = start_server()
    huge = "x" * 9000
    with Client(st.target) as tf, pytest.raises(TuneforgeError) as exc:
        tf.get_sequence(huge)
    assert exc.value.code is grpc.StatusCode.NOT_FOUND
    assert len(exc.value.message) < 1000 and "9" in exc.value.message

    servicer = Misbehaving()
    servicer.raise_ = errors.ValidationError(
        errors.FieldViolation(f"params[{huge}]", f"got {huge!r}") for _ in range(50)
    )
    st2 = start_server([misbehaving_spec(servicer)])
    with Client(st2.target) as tf, pytest.raises(TuneforgeError) as exc:
        tf.scale_learning_rate(0.1, 32, [64], "sgd")
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    violations = exc.value.field_violations
    assert 1 < len(violations) <= 11
    assert all(len(v.field) <= 200 and len(v.description) <= 200 for v in violations)
    assert violations[-1].description == "this and 39 more violation(s)"  # 50 - 10 sent


def test_health_list_answers_every_service(start_server: Start) -> None:
    st = start_server()
    with grpc.insecure_channel(st.target) as channel:
        listed = health_pb2_grpc.HealthStub(channel).List(health_pb2.HealthListRequest())
    serving = health_pb2.HealthCheckResponse.SERVING
    assert {"", "readiness", "tuneforge.v1.StudyService", "tuneforge.v1.TrackerService"} <= set(
        listed.statuses
    )
    assert all(s.status == serving for s in listed.statuses.values())


def test_serve_on_a_port_in_use_is_one_line_and_exit_code_2(
    start_server: Start, tmp_path: object
) -> None:
    st = start_server()
    proc = subprocess.run(
        [sys.executable, "-m", "tuneforge.cli", "serve", "all", "--port", str(st.port)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"TUNEFORGE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("tuneforge: cannot listen on 127.0.0.1:") and str(st.port) in last


def test_a_server_without_migration_refuses_an_unmigrated_database(start_server: Start) -> None:
    with pytest.raises(RuntimeError, match="tuneforge migrate"):
        start_server(migrate_on_start=False)


class _Owner:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    def prepare(self) -> None:
        self.log.append("prepare")

    def close(self) -> None:
        self.log.append("close")


def _hooked(log: list[str], name: str, fail: bool = False) -> ServiceSpec:
    async def start() -> None:  # a coroutine hook
        if fail:
            raise RuntimeError(f"{name} cannot start")
        log.append(f"start {name}")

    def stop() -> None:  # a blocking hook, run off the loop
        log.append(f"stop {name}")

    spec = misbehaving_spec(Misbehaving())
    return dataclasses.replace(spec, start=start, stop=stop)


def test_lifecycle_hooks_run_in_order_and_the_owner_closes_last(tmp_path: Path) -> None:
    settings = Settings.load({}, port=0, home=tmp_path)
    log: list[str] = []

    async def run() -> None:
        server = Server(settings, [_hooked(log, "a")], _Owner(log))
        await server.start()
        log.append("serving")
        await server.stop(0.1)

    asyncio.run(run())
    assert log == ["prepare", "start a", "serving", "stop a", "close"]

    log.clear()

    async def failing() -> None:
        server = Server(settings, [_hooked(log, "a"), _hooked(log, "b", fail=True)], _Owner(log))
        with pytest.raises(RuntimeError, match="b cannot start"):
            await server.start()
        # The port it had bound is released: a new server takes it.
        again = Server(settings.replace(port=server.port), [_hooked([], "c")])
        assert await again.start() == server.port
        await again.stop(0.1)

    asyncio.run(failing())
    assert log == ["prepare", "start a", "stop a", "close"]  # what started is stopped


def test_a_nul_character_in_any_string_is_a_field_violation(
    start_server: Start, database_url: str
) -> None:
    """PostgreSQL's text cannot hold NUL: it used to surface as INTERNAL on ids and tokens."""
    st = start_server(database_url=database_url, study_tracking=False)
    with Client(st.target) as tf:
        tf.create_sequence("ok")
        for call, field in (
            (lambda: tf.get_sequence("a\x00b"), "sequence"),
            (lambda: tf.list_sequences(page_token="x\x00"), "page.page_token"),
            (lambda: tf.get_study("s\x00"), "study"),
            (lambda: tf.create_experiment("e", tags={"k\x00": "v"}), "tags[k?]"),
        ):
            with pytest.raises(TuneforgeError) as exc:
                call()
            assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT, exc.value
            assert [v.field for v in exc.value.field_violations] == [field]
            assert exc.value.field_violations[0].reason == "NUL_CHARACTER"
        assert tf.get_sequence("ok").name == "ok"  # nothing else was harmed
