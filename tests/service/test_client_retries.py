"""The SDK's retries through a real server on loopback.

The channel retries, by the ``retryPolicy`` of the packaged service_config.json
(see ``tuneforge_client.client``), not a loop of the client's own: these tests
count the attempts the server actually saw.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import grpc
import pytest

from tests.conftest import ServerThread
from tuneforge.runtime.server import ServiceSpec
from tuneforge.schedules.service import SCOPES, ScheduleServicer
from tuneforge.v1 import schedule_service_pb2 as pb
from tuneforge.v1 import schedule_service_pb2_grpc as pb_grpc
from tuneforge_client import Client, TuneforgeError

Start = Callable[..., ServerThread]


class Flaky(ScheduleServicer):
    """Fails its first ``failures`` calls with ``code``, then serves them for real."""

    def __init__(self, failures: int, code: grpc.StatusCode = grpc.StatusCode.UNAVAILABLE) -> None:
        self.failures = failures
        self.code = code
        self.calls = 0

    async def ScaleLearningRate(
        self, request: pb.ScaleLearningRateRequest, context: grpc.aio.ServicerContext
    ) -> pb.ScaleLearningRateResponse:
        self.calls += 1
        if self.calls <= self.failures:
            await context.abort(self.code, f"attempt {self.calls} fails on purpose")
        return await super().ScaleLearningRate(request, context)


def serve(start_server: Start, servicer: Flaky) -> str:
    spec = ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["ScheduleService"],
        servicer=servicer,
        add_to_server=pb_grpc.add_ScheduleServiceServicer_to_server,
        scopes=SCOPES,
    )
    return start_server([spec]).target


def test_unavailable_twice_then_ok_is_retried_by_the_channel(start_server: Start) -> None:
    flaky = Flaky(failures=2)
    with Client(serve(start_server, flaky), backoff=0.01) as tf:
        resp = tf.scale_learning_rate(0.1, 32, [64], "sgd")
    assert resp.results[0].learning_rate == pytest.approx(0.2)
    assert flaky.calls == 3


def test_a_request_larger_than_grpcs_default_retry_buffer_is_retried(
    start_server: Start,
) -> None:
    flaky = Flaky(failures=2)
    targets = [2**40 + i for i in range(50_000)]  # ~300 KiB > gRPC's 256 KiB default
    with (
        Client(serve(start_server, flaky), backoff=0.01) as tf,
        pytest.raises(TuneforgeError) as err,
    ):
        tf.scale_learning_rate(0.1, 32, targets, "sgd")
    assert flaky.calls == 3  # two retries, then the core's own answer: too many targets
    assert err.value.code is grpc.StatusCode.INVALID_ARGUMENT
    assert err.value.violation("target_batch_sizes") is not None


@pytest.mark.parametrize(
    "code",
    [
        grpc.StatusCode.INTERNAL,
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        grpc.StatusCode.ABORTED,
        grpc.StatusCode.UNKNOWN,
        grpc.StatusCode.DEADLINE_EXCEEDED,
    ],
)
def test_other_codes_are_not_retried(start_server: Start, code: grpc.StatusCode) -> None:
    flaky = Flaky(failures=1, code=code)
    with (
        Client(serve(start_server, flaky), backoff=0.01) as tf,
        pytest.raises(TuneforgeError) as err,
    ):
        tf.scale_learning_rate(0.1, 32, [64], "sgd")
    assert err.value.code is code
    assert flaky.calls == 1


@pytest.mark.parametrize(("retries", "attempts"), [(0, 1), (1, 2), (3, 4), (99, 5)])
def test_retries_bound_the_attempts(
    start_server: Start, capfd: pytest.CaptureFixture[str], retries: int, attempts: int
) -> None:
    flaky = Flaky(failures=10)
    with (
        Client(serve(start_server, flaky), retries=retries, backoff=0.01) as tf,
        pytest.raises(TuneforgeError) as err,
    ):
        tf.scale_learning_rate(0.1, 32, [64], "sgd")
    assert err.value.code is grpc.StatusCode.UNAVAILABLE
    assert flaky.calls == attempts  # at most 5: gRPC's own limit, which the client applies
    assert "clamped" not in capfd.readouterr().err  # so gRPC never has to clamp (and log)


def test_one_deadline_covers_every_attempt(start_server: Start) -> None:
    flaky = Flaky(failures=10)
    with Client(serve(start_server, flaky), backoff=5.0, max_backoff=5.0) as tf:
        t0 = time.monotonic()
        with pytest.raises(TuneforgeError) as err:
            tf.scale_learning_rate(0.1, 32, [64], "sgd", timeout=0.5)
    assert err.value.code is grpc.StatusCode.DEADLINE_EXCEEDED
    assert time.monotonic() - t0 < 2.5
    assert flaky.calls == 1
