"""Python values <-> ``tuneforge.v1`` messages, one encoding for both sides of the wire.

The SDK and the server both encode and decode ``ParameterValue`` here (the
server wraps :func:`decode` to name the offending field), so a value means the
same thing whoever sends it. :func:`csr` and :func:`dense` build the matrix
messages from numpy/scipy objects by duck typing: only the base install is needed.
"""

from __future__ import annotations

from typing import Any

from tuneforge.v1 import common_pb2

Value = float | int | str | bool


def encode(x: Value) -> common_pb2.ParameterValue:
    """A ``ParameterValue``; ``bool`` is tested first, since it is a subclass of ``int``."""
    if isinstance(x, bool):
        return common_pb2.ParameterValue(bool_value=x)
    if isinstance(x, int):
        return common_pb2.ParameterValue(int_value=x)
    if isinstance(x, float):
        return common_pb2.ParameterValue(double_value=x)
    if isinstance(x, str):
        return common_pb2.ParameterValue(string_value=x)
    raise TypeError(f"a parameter value is a float, int, str or bool, not {type(x).__name__}")


def decode(v: common_pb2.ParameterValue) -> Value:
    """The Python value of a ``ParameterValue``; ``ValueError`` if it sets no kind."""
    kind = v.WhichOneof("kind")
    if kind is None:
        raise ValueError("a value must set one of its kinds")
    value: Value = getattr(v, kind)
    return value


def csr(matrix: Any) -> common_pb2.CsrMatrix:
    """A ``CsrMatrix`` from anything CSR-shaped (``scipy.sparse`` CSR, or the message itself)."""
    if isinstance(matrix, common_pb2.CsrMatrix):
        return matrix
    if hasattr(matrix, "tocsr"):
        matrix = matrix.tocsr()
    rows, cols = (int(n) for n in matrix.shape)
    return common_pb2.CsrMatrix(
        rows=rows,
        cols=cols,
        indptr=[int(i) for i in matrix.indptr],
        indices=[int(i) for i in matrix.indices],
        data=[float(v) for v in matrix.data],
    )


def dense(matrix: Any) -> common_pb2.DenseMatrix:
    """A row-major ``DenseMatrix`` from a 2-D array-like (numpy array or list of rows)."""
    if isinstance(matrix, common_pb2.DenseMatrix):
        return matrix
    if hasattr(matrix, "shape") and hasattr(matrix, "ravel"):
        rows, cols = (int(n) for n in matrix.shape)
        values = [float(v) for v in matrix.ravel()]
    else:
        table = [list(row) for row in matrix]
        rows, cols = len(table), len(table[0]) if table else 0
        values = [float(v) for row in table for v in row]
    return common_pb2.DenseMatrix(rows=rows, cols=cols, values=values)
