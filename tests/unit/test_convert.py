"""Proto-to-core conversions refuse what numpy cannot hold, as field violations."""

from __future__ import annotations

import pytest

from tuneforge.errors import ValidationError
from tuneforge.runtime.convert import dense
from tuneforge.v1 import common_pb2


@pytest.mark.parametrize(
    ("rows", "cols", "field"),
    [(2**62, 0, "m.rows"), (0, 2**62, "m.cols"), (-1, 0, "m.rows"), (2, 2, "m.values")],
)
def test_dense_refuses_impossible_shapes(rows: int, cols: int, field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        dense(common_pb2.DenseMatrix(rows=rows, cols=cols, values=[1.0]), "m")
    assert [v.field for v in exc.value.violations] == [field]


def test_dense_keeps_valid_shapes() -> None:
    assert dense(common_pb2.DenseMatrix(rows=0, cols=5), "m").shape == (0, 5)
    m = dense(common_pb2.DenseMatrix(rows=2, cols=1, values=[1.0, 2.0]), "m")
    assert m.tolist() == [[1.0], [2.0]]


def test_enum_map_matches_by_name_and_refuses_drift() -> None:
    from enum import Enum

    from tuneforge.runtime.convert import enum_map
    from tuneforge.v1 import transport_service_pb2 as pb

    class Plan(Enum):
        NONE = "none"
        DENSE = "dense"
        SPARSE = "sparse"

    got = enum_map(pb.PlanFormat, "PLAN_FORMAT_", Plan)
    assert got == {pb.PLAN_FORMAT_NONE: Plan.NONE, pb.PLAN_FORMAT_DENSE: Plan.DENSE,
                   pb.PLAN_FORMAT_SPARSE: Plan.SPARSE}  # fmt: skip
    with pytest.raises(RuntimeError, match="PLAN_FORMAT_SPARSE"):  # a proto value the core lacks
        enum_map(pb.PlanFormat, "PLAN_FORMAT_", ("none", "dense"))
    with pytest.raises(ValueError):  # a core value the contract lacks
        enum_map(pb.PlanFormat, "PLAN_FORMAT_", ("none", "dense", "sparse", "csc"))


def test_an_unknown_enum_value_names_the_wire_names() -> None:
    from tuneforge.runtime.convert import enum_field, enum_map
    from tuneforge.v1 import transport_service_pb2 as pb

    plans = enum_map(pb.PlanFormat, "PLAN_FORMAT_", ("none", "dense", "sparse"))
    assert enum_field(pb.PLAN_FORMAT_DENSE, plans, "plan_format") == "dense"
    assert enum_field(0, plans, "plan_format") is None
    with pytest.raises(ValidationError) as exc:
        enum_field(42, plans, "plan_format")
    [v] = exc.value.violations
    assert (v.field, v.reason) == ("plan_format", "UNKNOWN_ENUM_VALUE")
    assert v.description == (
        "unknown value 42; one of PLAN_FORMAT_NONE, PLAN_FORMAT_DENSE, PLAN_FORMAT_SPARSE"
    )


def test_urls_in_logs_hide_their_password() -> None:
    from tuneforge.runtime.server import redacted

    assert redacted("postgresql+psycopg://tf:s3cret@db:5432/tf") == (
        "postgresql+psycopg://tf:***@db:5432/tf"
    )
    assert redacted("https://u:p@mlflow.example.com/") == "https://u:***@mlflow.example.com/"
    assert redacted("sqlite:////var/lib/tf.db") == "sqlite:////var/lib/tf.db"
