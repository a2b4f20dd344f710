"""The runtime through a real server on loopback: health, reflection, errors, limits, deadlines."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator

import grpc
import pytest
from google.protobuf import descriptor_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tests.conftest import ServerThread
from tuneforge import errors
from tuneforge.runtime.server import ServiceSpec
from tuneforge.schedules.service import SCOPES, ScheduleServicer
from tuneforge.schedules.service import spec as schedule_spec
from tuneforge.v1 import schedule_service_pb2 as pb
from tuneforge.v1 import schedule_service_pb2_grpc as pb_grpc
from tuneforge_client import Client, TuneforgeError

Start = Callable[..., ServerThread]


class Misbehaving(ScheduleServicer):
    """A ScheduleService whose core raises what the test asks for (the error-path probe)."""

    def __init__(self) -> None:
        self.raise_: BaseException | None = None
        self.sleep = 0.0
        self.started = threading.Event()

    async def ScaleLearningRate(
        self, request: pb.ScaleLearningRateRequest, context: grpc.aio.ServicerContext
    ) -> pb.ScaleLearningRateResponse:
        self.started.set()
        if self.sleep:
            await asyncio.sleep(self.sleep)
        if self.raise_ is not None:
            raise self.raise_
        return await super().ScaleLearningRate(request, context)


def misbehaving_spec(servicer: Misbehaving) -> ServiceSpec:
    return ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["ScheduleService"],
        servicer=servicer,
        add_to_server=pb_grpc.add_ScheduleServiceServicer_to_server,
        scopes=SCOPES,
    )


def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


@pytest.fixture
def rpc_log() -> Iterator[list[dict[str, object]]]:
    """The JSON objects the runtime logs for each RPC."""
    from tuneforge.runtime.logs import JsonFormatter

    records: list[dict[str, object]] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(json.loads(JsonFormatter().format(record)))

    logger = logging.getLogger("tuneforge.rpc")
    handler = Capture()
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(old)


def test_scale_learning_rate_round_trip(start_server: Start) -> None:
    st = start_server()
    with Client(st.target) as tf:
        resp = tf.scale_learning_rate(3e-4, 256, [1024, 64], "adaptive", warmup_steps=100)
    assert resp.rule == pb.SCALING_RULE_SQRT
    assert [r.learning_rate for r in resp.results] == pytest.approx([6e-4, 1.5e-4])
    assert [r.warmup_steps for r in resp.results] == [25, 400]


def test_health_and_readiness(start_server: Start) -> None:
    st = start_server()
    with Client(st.target) as tf:
        assert tf.health() == "SERVING"
        assert tf.health("readiness") == "SERVING"
        for name in ("ScheduleService", "RelaxationService", "TrainerService", "TrackerService"):
            assert tf.health(f"tuneforge.v1.{name}") == "SERVING"
        with pytest.raises(TuneforgeError) as exc:
            tf.health("no.such.Service")
        assert exc.value.code is grpc.StatusCode.NOT_FOUND


def test_reflection_lists_and_describes_every_service(start_server: Start) -> None:
    st = start_server()
    with grpc.insecure_channel(st.target) as channel:
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        [listing] = stub.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5
        )
        names = {s.name for s in listing.list_services_response.service}
        [described] = stub.ServerReflectionInfo(
            iter(
                [
                    reflection_pb2.ServerReflectionRequest(
                        file_containing_symbol="tuneforge.v1.ScheduleService"
                    )
                ]
            ),
            timeout=5,
        )
    expected = {
        f"tuneforge.v1.{n}"
        for n in (
            "ScheduleService",
            "RelaxationService",
            "TransportService",
            "StudyService",
            "TrainerService",
            "TrackerService",
        )
    }
    assert expected | {"grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"} <= names
    fdp = descriptor_pb2.FileDescriptorProto.FromString(
        described.file_descriptor_response.file_descriptor_proto[0]
    )
    assert [m.name for m in fdp.service[0].method] == list(
        pb.DESCRIPTOR.services_by_name["ScheduleService"].methods_by_name
    )


def test_reflection_v1_answers_like_v1alpha(start_server: Start) -> None:
    """Clients that speak grpc.reflection.v1 (grpcurl >= 1.9, Postman, grpc-js tools)."""
    st = start_server()
    with grpc.insecure_channel(st.target) as channel:
        v1 = channel.stream_stream(
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
            request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
            response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
        )
        requests = [
            reflection_pb2.ServerReflectionRequest(list_services=""),
            reflection_pb2.ServerReflectionRequest(
                file_containing_symbol="tuneforge.v1.ScheduleService"
            ),
        ]
        listing, described = list(v1(iter(requests), timeout=5))
    names = {s.name for s in listing.list_services_response.service}
    assert "tuneforge.v1.ScheduleService" in names
    fdp = descriptor_pb2.FileDescriptorProto.FromString(
        described.file_descriptor_response.file_descriptor_proto[0]
    )
    assert fdp.package == "tuneforge.v1" and fdp.service[0].name == "ScheduleService"


def test_invalid_argument_carries_field_violations(start_server: Start) -> None:
    st = start_server()
    with Client(st.target) as tf, pytest.raises(TuneforgeError) as exc:
        tf.scale_learning_rate(float("nan"), 0, [8, -1])
    err = exc.value
    assert err.code is grpc.StatusCode.INVALID_ARGUMENT
    assert {v.field for v in err.field_violations} == {
        "base_learning_rate",
        "base_batch_size",
        "target_batch_sizes[1]",
        "optimizer_family",
    }
    assert all(v.description for v in err.field_violations)
    assert len(err.request_id) == 32


def test_unknown_enum_value_is_a_field_violation(start_server: Start) -> None:
    st = start_server()
    with Client(st.target) as tf, pytest.raises(TuneforgeError) as exc:
        tf.scale_learning_rate(0.1, 32, [64], 7)  # a family this server does not know
    assert exc.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert exc.value.violation("optimizer_family") is not None


def test_oversized_request_is_resource_exhausted(start_server: Start) -> None:
    st = start_server(max_message_bytes=4096)
    with Client(st.target) as tf:
        with pytest.raises(TuneforgeError) as exc:
            tf.scale_learning_rate(0.1, 32, [64] * 1000, "sgd")  # ~2 KB: fine
            tf.scale_learning_rate(0.1, 32, [64] * 5000, "sgd")
        assert exc.value.code is grpc.StatusCode.RESOURCE_EXHAUSTED
        assert tf.health() == "SERVING"  # the server is unharmed


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (errors.NotFoundError("study 'x' not found"), grpc.StatusCode.NOT_FOUND),
        (errors.AlreadyExistsError("name taken"), grpc.StatusCode.ALREADY_EXISTS),
        (errors.FailedPreconditionError("already reported"), grpc.StatusCode.FAILED_PRECONDITION),
        (errors.ResourceExhaustedError("matrix too large"), grpc.StatusCode.RESOURCE_EXHAUSTED),
    ],
)
def test_core_errors_map_to_codes(
    start_server: Start, exc: Exception, code: grpc.StatusCode
) -> None:
    servicer = Misbehaving()
    servicer.raise_ = exc
    st = start_server([misbehaving_spec(servicer)])
    with Client(st.target) as tf, pytest.raises(TuneforgeError) as err:
        tf.scale_learning_rate(0.1, 32, [64], "sgd")
    assert err.value.code is code
    assert err.value.message == str(exc)


def test_unexpected_error_is_internal_without_leaking(
    start_server: Start, rpc_log: list[dict[str, object]]
) -> None:
    servicer = Misbehaving()
    servicer.raise_ = RuntimeError("secret database password in a traceback")
    st = start_server([misbehaving_spec(servicer)])
    with Client(st.target) as tf:
        with pytest.raises(TuneforgeError) as err:
            tf.scale_learning_rate(0.1, 32, [64], "sgd")
        assert tf.health() == "SERVING"
    assert err.value.code is grpc.StatusCode.INTERNAL
    assert "secret" not in err.value.message
    assert err.value.request_id in err.value.message

    def logged() -> list[dict[str, object]]:
        return [r for r in rpc_log if r.get("request_id") == err.value.request_id]

    eventually(lambda: any(r["msg"] == "rpc" for r in logged()))
    assert any("secret database password" in str(r.get("exc")) for r in logged())
    assert any(r["msg"] == "rpc" and r["code"] == "INTERNAL" for r in logged())


def test_one_json_log_line_per_rpc(start_server: Start, rpc_log: list[dict[str, object]]) -> None:
    st = start_server()
    with Client(st.target) as tf:
        tf.scale_learning_rate(0.1, 32, [64], "sgd")
        with pytest.raises(TuneforgeError):
            tf.scale_learning_rate(0.1, 32, [], "sgd")

    def lines() -> list[dict[str, object]]:
        return [r for r in rpc_log if r["msg"] == "rpc" and "ScaleLearningRate" in str(r["method"])]

    eventually(lambda: len(lines()) == 2)  # the server logs after the client has its answer
    assert [r["code"] for r in lines()] == ["OK", "INVALID_ARGUMENT"]
    for r in lines():
        assert r["method"] == "/tuneforge.v1.ScheduleService/ScaleLearningRate"
        assert isinstance(r["latency_ms"], float) and r["latency_ms"] >= 0
        assert r["request_id"]


def test_client_request_id_is_echoed(start_server: Start) -> None:
    st = start_server()
    with grpc.insecure_channel(st.target) as channel:
        stub = pb_grpc.ScheduleServiceStub(channel)
        _, call = stub.ScaleLearningRate.with_call(
            pb.ScaleLearningRateRequest(
                base_learning_rate=0.1,
                base_batch_size=8,
                target_batch_sizes=[16],
                optimizer_family=pb.OPTIMIZER_FAMILY_SGD,
            ),
            metadata=(("x-request-id", "trace-42"),),
            timeout=5,
        )
    assert ("x-request-id", "trace-42") in call.trailing_metadata()


def test_deadline_is_honoured(start_server: Start) -> None:
    servicer = Misbehaving()
    servicer.sleep = 2.0
    st = start_server([misbehaving_spec(servicer)])
    with Client(st.target) as tf:
        t0 = time.monotonic()
        with pytest.raises(TuneforgeError) as err:
            tf.scale_learning_rate(0.1, 32, [64], "sgd", timeout=0.2)
        assert err.value.code is grpc.StatusCode.DEADLINE_EXCEEDED
        assert time.monotonic() - t0 < 1.5


def test_graceful_shutdown_drains_in_flight_calls(start_server: Start) -> None:
    servicer = Misbehaving()
    servicer.sleep = 0.8
    st = start_server([misbehaving_spec(servicer)], grace_seconds=5.0)
    results: list[object] = []
    with Client(st.target) as tf:

        def call() -> None:
            results.append(tf.scale_learning_rate(0.1, 32, [64], "sgd", timeout=10))

        worker = threading.Thread(target=call)
        worker.start()
        assert servicer.started.wait(5)
        stopping = st.submit(st.server.stop())
        # Readiness flips first, so a load balancer stops routing here.
        with grpc.insecure_channel(st.target) as ch:
            deadline = time.monotonic() + 2
            status = None
            while time.monotonic() < deadline:
                try:
                    status = (
                        health_pb2_grpc.HealthStub(ch)
                        .Check(health_pb2.HealthCheckRequest(service="readiness"), timeout=0.5)
                        .status
                    )
                except grpc.RpcError:
                    break  # the listener is closed already: also not ready
                if status == health_pb2.HealthCheckResponse.NOT_SERVING:
                    break
        stopping.result(10)
        worker.join(10)
    assert len(results) == 1  # the in-flight call finished successfully
    assert status in (None, health_pb2.HealthCheckResponse.NOT_SERVING)


def test_client_retries_unavailable_until_the_server_is_up(tmp_path: object) -> None:
    from tests.conftest import ServerThread
    from tuneforge.demo import free_port
    from tuneforge.runtime.config import Settings

    port = free_port()
    later: list[ServerThread] = []
    timer = threading.Timer(
        0.4,
        lambda: later.append(
            ServerThread(Settings.load({}, port=port, home=tmp_path), [schedule_spec()])
        ),
    )
    timer.start()
    try:
        with Client(f"127.0.0.1:{port}", retries=8, backoff=0.2, timeout=10) as tf:
            resp = tf.scale_learning_rate(0.1, 32, [64], "sgd")
        assert resp.results[0].learning_rate == pytest.approx(0.2)
    finally:
        timer.join()
        for st in later:
            st.stop(0.1)


def test_client_gives_up_after_retries() -> None:
    from tuneforge.demo import free_port

    with Client(f"127.0.0.1:{free_port()}", retries=2, backoff=0.01, timeout=1) as tf:
        t0 = time.monotonic()
        with pytest.raises(TuneforgeError) as err:
            tf.scale_learning_rate(0.1, 32, [64], "sgd")
    assert err.value.code is grpc.StatusCode.UNAVAILABLE
    assert time.monotonic() - t0 < 5


def test_second_server_cannot_bind_the_same_port(start_server: Start) -> None:
    st = start_server()
    with pytest.raises((OSError, RuntimeError)):
        start_server(port=st.port)
