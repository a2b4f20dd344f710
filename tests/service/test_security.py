"""Bearer tokens with scopes, TLS and mutual TLS, through a real server on loopback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import grpc
import pytest
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tests.conftest import Certs, ServerThread
from tuneforge.runtime.auth import Scope
from tuneforge.runtime.server import ServiceSpec
from tuneforge.schedules.service import SCOPES, ScheduleServicer
from tuneforge.v1 import schedule_service_pb2 as pb
from tuneforge.v1 import schedule_service_pb2_grpc as pb_grpc
from tuneforge_client import Client, TuneforgeError

Start = Callable[..., ServerThread]
READER = "reader-token-0123456789abcdef"
ADMIN = "admin-token-0123456789abcdef"


@pytest.fixture
def tokens(tmp_path: Path) -> Path:
    path = tmp_path / "tokens.csv"
    path.write_text(f"{READER},dashboard,read\n{ADMIN},ops,admin\n")
    return path


def scale(tf: Client) -> float:
    return tf.scale_learning_rate(0.1, 32, [64], "sgd").results[0].learning_rate


@pytest.mark.parametrize(
    ("token", "code"),
    [
        (None, grpc.StatusCode.UNAUTHENTICATED),
        ("wrong-token-0123456789abcdef", grpc.StatusCode.UNAUTHENTICATED),
        (READER, None),
        (ADMIN, None),
    ],
)
def test_bearer_tokens(
    start_server: Start, tokens: Path, token: str | None, code: grpc.StatusCode | None
) -> None:
    st = start_server(token_file=tokens)
    with Client(st.target, token=token) as tf:
        if code is None:
            assert scale(tf) == pytest.approx(0.2)
        else:
            with pytest.raises(TuneforgeError) as err:
                scale(tf)
            assert err.value.code is code
            assert "token" in err.value.message
            assert "0123456789" not in err.value.message  # tokens never echoed


def test_wrong_scope_is_permission_denied(start_server: Start, tokens: Path) -> None:
    servicer = ScheduleServicer()
    needs_write = ServiceSpec(
        descriptor=pb.DESCRIPTOR.services_by_name["ScheduleService"],
        servicer=servicer,
        add_to_server=pb_grpc.add_ScheduleServiceServicer_to_server,
        scopes=dict.fromkeys(SCOPES, Scope.WRITE),
    )
    st = start_server([needs_write], token_file=tokens)
    with Client(st.target, token=READER) as tf, pytest.raises(TuneforgeError) as err:
        scale(tf)
    assert err.value.code is grpc.StatusCode.PERMISSION_DENIED
    assert "write" in err.value.message
    with Client(st.target, token=ADMIN) as tf:
        assert scale(tf) == pytest.approx(0.2)  # admin includes write


def test_malformed_authorization_header(start_server: Start, tokens: Path) -> None:
    st = start_server(token_file=tokens)
    with grpc.insecure_channel(st.target) as ch:
        stub = pb_grpc.ScheduleServiceStub(ch)
        with pytest.raises(grpc.RpcError) as err:
            stub.ScaleLearningRate(
                pb.ScaleLearningRateRequest(), metadata=(("authorization", f"Basic {READER}"),)
            )
    assert err.value.code() is grpc.StatusCode.UNAUTHENTICATED


def test_health_and_reflection_stay_open(start_server: Start, tokens: Path) -> None:
    st = start_server(token_file=tokens)
    with Client(st.target) as tf:
        assert tf.health("readiness") == "SERVING"
    with grpc.insecure_channel(st.target) as ch:
        stub = reflection_pb2_grpc.ServerReflectionStub(ch)
        [resp] = stub.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5
        )
    assert resp.list_services_response.service


def test_tls(start_server: Start, certs: Certs) -> None:
    st = start_server(tls_cert=certs.server_cert, tls_key=certs.server_key)
    with Client(st.target, root_certificates=certs.ca) as tf:
        assert scale(tf) == pytest.approx(0.2)
    # A client that does not trust the server's CA cannot connect.
    with (
        Client(st.target, root_certificates=certs.other_ca, retries=0, timeout=2) as tf,
        pytest.raises(TuneforgeError) as err,
    ):
        scale(tf)
    assert err.value.code is grpc.StatusCode.UNAVAILABLE
    # Nor can a plaintext client.
    with Client(st.target, retries=0, timeout=2) as tf, pytest.raises(TuneforgeError):
        scale(tf)


def test_tls_with_tokens(start_server: Start, certs: Certs, tokens: Path) -> None:
    st = start_server(tls_cert=certs.server_cert, tls_key=certs.server_key, token_file=tokens)
    with Client(st.target, root_certificates=certs.ca, token=READER) as tf:
        assert scale(tf) == pytest.approx(0.2)
    with (
        Client(st.target, root_certificates=certs.ca) as tf,
        pytest.raises(TuneforgeError) as err,
    ):
        scale(tf)
    assert err.value.code is grpc.StatusCode.UNAUTHENTICATED


def test_mutual_tls(start_server: Start, certs: Certs) -> None:
    st = start_server(tls_cert=certs.server_cert, tls_key=certs.server_key, tls_client_ca=certs.ca)
    with Client(
        st.target,
        root_certificates=certs.ca,
        client_cert=certs.client_cert,
        client_key=certs.client_key,
    ) as tf:
        assert scale(tf) == pytest.approx(0.2)
    # Without a client certificate the handshake fails.
    with (
        Client(st.target, root_certificates=certs.ca, retries=0, timeout=2) as tf,
        pytest.raises(TuneforgeError) as err,
    ):
        scale(tf)
    assert err.value.code is grpc.StatusCode.UNAVAILABLE


def test_tls_allows_non_loopback_bind(start_server: Start, certs: Certs) -> None:
    """With TLS configured the server may bind every interface (no allow_insecure needed;
    without tokens or mTLS, allow_unauthenticated says so explicitly)."""
    st = start_server(
        host="0.0.0.0",
        tls_cert=certs.server_cert,
        tls_key=certs.server_key,
        allow_unauthenticated=True,
    )
    with Client(f"localhost:{st.port}", root_certificates=certs.ca) as tf:
        assert scale(tf) == pytest.approx(0.2)
