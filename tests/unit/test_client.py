"""The SDK's pieces that need no server: the shared value encoding, FieldViolation, and
the service config (retry policy) its channel is built with."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources

import grpc
import numpy as np
import pytest
import scipy.sparse as sp

from tuneforge import errors as server_errors
from tuneforge.studies.service import value_from, value_pb
from tuneforge.v1 import common_pb2
from tuneforge_client import Client, FieldViolation, errors, values
from tuneforge_client.client import MAX_ATTEMPTS, SERVICE_CONFIG, service_config
from tuneforge_client.studies import categorical, params_of, value_message, value_of

# -- values ---------------------------------------------------------------------------

_PYTHON_TYPE = {"bool_value": bool, "int_value": int, "double_value": float, "string_value": str}


@pytest.mark.parametrize(
    ("x", "kind"),
    [
        (True, "bool_value"),
        (False, "bool_value"),
        (0, "int_value"),
        (1, "int_value"),
        (-(2**62), "int_value"),
        (0.5, "double_value"),
        (1.0, "double_value"),
        (np.float64(0.25), "double_value"),
        ("", "string_value"),
        ("adam", "string_value"),
    ],
)
def test_values_round_trip_with_their_own_kind(x: values.Value, kind: str) -> None:
    msg = values.encode(x)
    assert msg.WhichOneof("kind") == kind
    back = values.decode(msg)
    assert back == x
    assert type(back) is _PYTHON_TYPE[kind]  # a plain Python value, of the kind sent


def test_bool_is_not_encoded_as_int_by_either_side() -> None:
    # bool is a subclass of int: True must not come back as 1 (nor 1 as True).
    for encode in (values.encode, value_message, value_pb):
        assert encode(True).WhichOneof("kind") == "bool_value"
        assert encode(1).WhichOneof("kind") == "int_value"
    spec = categorical("flag", [True, 1, False, 0])
    decoded = [value_from(c, f"choices[{i}]") for i, c in enumerate(spec.categorical.choices)]
    assert [type(v) for v in decoded] == [bool, int, bool, int]


def test_client_and_server_share_one_encoding() -> None:
    for x in (True, 3, 2.5, "sgd"):
        assert value_pb(x).SerializeToString() == value_message(x).SerializeToString()
        assert value_of(value_pb(x)) == value_from(value_message(x), "f") == x


@pytest.mark.parametrize("x", [None, b"raw", [1], {"a": 1}])
def test_encode_rejects_what_is_not_a_parameter_value(x: object) -> None:
    with pytest.raises(TypeError, match="float, int, str or bool"):
        values.encode(x)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        value_pb(x)  # type: ignore[arg-type]


def test_an_empty_value_is_a_plain_error_in_the_client_and_a_field_violation_in_the_server() -> (
    None
):
    empty = common_pb2.ParameterValue()
    with pytest.raises(ValueError, match="must set one of its kinds"):
        values.decode(empty)
    with pytest.raises(server_errors.ValidationError) as err:
        value_from(empty, "params[lr]")
    assert err.value.violations == (
        FieldViolation("params[lr]", "a value must set one of its kinds", "INVALID"),
    )


def test_params_of_decodes_every_parameter() -> None:
    from tuneforge.v1 import study_service_pb2 as study_pb

    trial = study_pb.Trial(params={"lr": values.encode(0.1), "opt": values.encode("sgd")})
    trial.params["nesterov"].CopyFrom(values.encode(True))
    assert params_of(trial) == {"lr": 0.1, "opt": "sgd", "nesterov": True}
    assert type(params_of(trial)["nesterov"]) is bool


def test_matrices_from_numpy_scipy_and_lists_agree() -> None:
    a = np.array([[4.0, -1.0, 0.0], [-1.0, 4.0, -1.0]])
    assert values.dense(a) == values.dense(a.tolist())
    assert values.dense(a) == common_pb2.DenseMatrix(rows=2, cols=3, values=a.ravel().tolist())
    assert values.dense([]) == common_pb2.DenseMatrix(rows=0, cols=0)
    m = sp.csr_matrix(a)
    msg = values.csr(m)
    assert (msg.rows, msg.cols) == (2, 3)
    back = sp.csr_matrix((msg.data, msg.indices, msg.indptr), shape=(msg.rows, msg.cols))
    assert np.array_equal(back.toarray(), a)
    assert values.csr(sp.coo_matrix(a)) == msg  # anything with .tocsr()
    assert values.csr(msg) is msg and values.dense(values.dense(a)) == values.dense(a)


# -- FieldViolation ---------------------------------------------------------------------


def test_one_field_violation_for_client_and_server() -> None:
    assert server_errors.FieldViolation is errors.FieldViolation is FieldViolation
    assert FieldViolation("f", "bad").reason == "INVALID"  # the server cores' default
    v = server_errors.Violations()
    v.add("a", "bad")
    v.check(False, "b", "worse", "OUT_OF_RANGE")
    with pytest.raises(server_errors.ValidationError) as err:
        v.raise_if_any()
    assert err.value.violations == (
        FieldViolation("a", "bad", "INVALID"),
        FieldViolation("b", "worse", "OUT_OF_RANGE"),
    )
    assert err.value.remap(lambda f: "options." + f).violations[1] == FieldViolation(
        "options.b", "worse", "OUT_OF_RANGE"
    )


def test_the_cores_errors_still_import_neither_grpc_nor_protobuf() -> None:
    code = (
        "import sys, tuneforge.errors, tuneforge_client.errors;"
        "loaded = {'grpc', 'google.protobuf', 'tuneforge.v1'} & set(sys.modules);"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- service config ----------------------------------------------------------------------

_DURATION = re.compile(r"^\d+(\.\d{1,9})?s$")


def test_the_packaged_service_config_is_standard_grpc_syntax() -> None:
    text = resources.files("tuneforge_client").joinpath("service_config.json").read_text()
    assert json.loads(text) == SERVICE_CONFIG
    (method,) = SERVICE_CONFIG["methodConfig"]
    assert method["name"] == [{}]  # every method of every service
    policy = method["retryPolicy"]
    assert set(policy) == {
        "maxAttempts",
        "initialBackoff",
        "maxBackoff",
        "backoffMultiplier",
        "retryableStatusCodes",
    }
    assert 2 <= policy["maxAttempts"] <= MAX_ATTEMPTS
    assert _DURATION.match(policy["initialBackoff"]) and _DURATION.match(policy["maxBackoff"])
    assert policy["backoffMultiplier"] > 0
    assert policy["retryableStatusCodes"] == ["UNAVAILABLE"]
    assert all(hasattr(grpc.StatusCode, c) for c in policy["retryableStatusCodes"])


def test_the_default_client_uses_the_file_as_it_is() -> None:
    assert service_config() == SERVICE_CONFIG
    with Client("127.0.0.1:1") as tf:
        assert tf.service_config == SERVICE_CONFIG


@pytest.mark.parametrize(
    ("retries", "backoff", "max_backoff", "expected"),
    [
        (2, None, None, {"maxAttempts": 3}),
        (4, None, None, {"maxAttempts": 5}),
        (99, None, None, {"maxAttempts": 5}),  # gRPC's limit
        (None, 0.25, 3.0, {"initialBackoff": "0.25s", "maxBackoff": "3s"}),
        (None, 1e-5, 120, {"initialBackoff": "0.00001s", "maxBackoff": "120s"}),
        (None, 1e-12, None, {"initialBackoff": "0.000000001s"}),  # 1 ns, not an invalid "0s"
    ],
)
def test_client_arguments_override_the_files_policy(
    retries: int | None, backoff: float | None, max_backoff: float | None, expected: dict
) -> None:
    policy = service_config(retries, backoff, max_backoff)["methodConfig"][0]["retryPolicy"]
    assert policy == {**SERVICE_CONFIG["methodConfig"][0]["retryPolicy"], **expected}
    assert _DURATION.match(policy["initialBackoff"]) and _DURATION.match(policy["maxBackoff"])


def test_no_retries_drops_the_policy_and_leaves_the_file_alone() -> None:
    before = json.dumps(SERVICE_CONFIG)
    config = service_config(retries=0)
    assert all("retryPolicy" not in m for m in config["methodConfig"])
    assert config["methodConfig"][0]["name"] == [{}]
    assert json.dumps(SERVICE_CONFIG) == before


@pytest.mark.parametrize(
    "kw", [{"retries": -1}, {"backoff": 0.0}, {"max_backoff": -1.0}, {"backoff": float("nan")}]
)
def test_impossible_policies_are_refused_before_grpc_sees_them(kw: dict) -> None:
    with pytest.raises(ValueError):
        Client("127.0.0.1:1", **kw)
