"""Array backends for the transport solvers: numpy (CPU) and torch (CPU or CUDA).

The solvers are written once against this small interface. Arithmetic, ``@``,
broadcasting and indexing are shared by numpy arrays and torch tensors; only
the calls whose spelling differs live here. Every kernel works on whole
arrays: no per-element Python loops.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

Array = Any  # np.ndarray or torch.Tensor, depending on the backend

# Exponents are clamped here before exp: e^-500 ~ 7e-218 is nothing next to any
# tolerance, but stays far from subnormal numbers, whose arithmetic is ~100x slower
# on x86 (an unclamped exp(-C / eps) at small eps is full of them).
EXP_FLOOR = -500.0


class Backend(ABC):
    """The operations the solvers need beyond shared arithmetic."""

    name: str
    device: str

    @abstractmethod
    def asarray(self, x: np.ndarray) -> Array: ...

    @abstractmethod
    def to_numpy(self, x: Array) -> np.ndarray: ...

    @abstractmethod
    def empty(self, n: int, m: int) -> Array: ...

    @abstractmethod
    def ones(self, n: int) -> Array: ...

    @abstractmethod
    def zeros(self, n: int) -> Array: ...

    @abstractmethod
    def exp(self, x: Array) -> Array: ...

    @abstractmethod
    def log(self, x: Array) -> Array: ...

    @abstractmethod
    def concat(self, x: Array, y: Array) -> Array: ...

    @abstractmethod
    def plan_into(self, alpha: Array, beta: Array, ce: Array, out: Array) -> Array:
        """``out = exp(alpha_i + beta_j - ce_ij)``, in place (no n-by-m temporaries)."""

    @abstractmethod
    def lse_rows(self, beta: Array, ce: Array, out: Array) -> Array:
        """``log sum_j exp(beta_j - ce_ij)`` per row, max-shifted; ``out`` is scratch."""

    @abstractmethod
    def lse_cols(self, alpha: Array, ce: Array, out: Array) -> Array:
        """``log sum_i exp(alpha_i - ce_ij)`` per column, max-shifted; ``out`` is scratch."""

    @abstractmethod
    def row_sums(self, p: Array) -> Array: ...

    @abstractmethod
    def col_sums(self, p: Array) -> Array: ...

    @abstractmethod
    def vdot(self, x: Array, y: Array) -> float:
        """Sum of the elementwise product (any shape), as a Python float."""

    @abstractmethod
    def l1(self, x: Array) -> float: ...

    @abstractmethod
    def within(self, x: Array, low: float, high: float) -> bool:
        """All entries strictly inside (low, high); False on NaN."""

    @abstractmethod
    def top_k_flat(self, p: Array, k: int) -> Array:
        """Flat indices of the k largest entries of p (any order)."""

    @abstractmethod
    def sparse(self, rows: Array, cols: Array, values: Array, n: int, m: int) -> tuple[Any, Any]:
        """The n-by-m sparse S given by COO triplets, and S^T; both support ``@ vector``."""


class NumpyBackend(Backend):
    """numpy on the CPU: BLAS matrix-vector products, in-place ufuncs."""

    name = "numpy"
    device = "cpu"

    def asarray(self, x: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(x, dtype=np.float64)

    def to_numpy(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(x)

    def empty(self, n: int, m: int) -> np.ndarray:
        return np.empty((n, m))

    def ones(self, n: int) -> np.ndarray:
        return np.ones(n)

    def zeros(self, n: int) -> np.ndarray:
        return np.zeros(n)

    def exp(self, x: np.ndarray) -> np.ndarray:
        return np.exp(x)

    def log(self, x: np.ndarray) -> np.ndarray:
        return np.log(x)

    def concat(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.concatenate((x, y))

    def plan_into(
        self, alpha: np.ndarray, beta: np.ndarray, ce: np.ndarray, out: np.ndarray
    ) -> np.ndarray:
        np.add(alpha[:, None], beta[None, :], out=out)
        np.subtract(out, ce, out=out)
        np.maximum(out, EXP_FLOOR, out=out)
        return np.exp(out, out=out)

    def lse_rows(self, beta: np.ndarray, ce: np.ndarray, out: np.ndarray) -> np.ndarray:
        np.subtract(beta[None, :], ce, out=out)
        top = out.max(axis=1)
        out -= top[:, None]
        np.maximum(out, EXP_FLOOR, out=out)
        np.exp(out, out=out)
        return np.log(out.sum(axis=1)) + top

    def lse_cols(self, alpha: np.ndarray, ce: np.ndarray, out: np.ndarray) -> np.ndarray:
        np.subtract(alpha[:, None], ce, out=out)
        top = out.max(axis=0)
        out -= top[None, :]
        np.maximum(out, EXP_FLOOR, out=out)
        np.exp(out, out=out)
        return np.log(out.sum(axis=0)) + top

    def row_sums(self, p: np.ndarray) -> np.ndarray:
        return p.sum(axis=1)

    def col_sums(self, p: np.ndarray) -> np.ndarray:
        return p.sum(axis=0)

    def vdot(self, x: np.ndarray, y: np.ndarray) -> float:
        return float(np.vdot(x, y))

    def l1(self, x: np.ndarray) -> float:
        return float(np.abs(x).sum())

    def within(self, x: np.ndarray, low: float, high: float) -> bool:
        return bool(low < x.min() and x.max() < high)

    def top_k_flat(self, p: np.ndarray, k: int) -> np.ndarray:
        flat = p.reshape(-1)
        if k >= flat.size:
            return np.arange(flat.size)
        return np.argpartition(flat, flat.size - k)[flat.size - k :]

    def sparse(
        self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray, n: int, m: int
    ) -> tuple[Any, Any]:
        s = csr_matrix((values, (rows, cols)), shape=(n, m))
        return s, s.T


class TorchBackend(Backend):
    """torch on CPU or CUDA, float64 throughout (the tolerances need it)."""

    name = "torch"

    def __init__(self, device: str | None = None) -> None:
        import torch

        self._torch = torch
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self._dev = torch.device(self.device)

    def asarray(self, x: np.ndarray) -> Any:
        return self._torch.as_tensor(np.ascontiguousarray(x, dtype=np.float64), device=self._dev)

    def to_numpy(self, x: Any) -> np.ndarray:
        return np.asarray(x.detach().cpu().numpy())

    def empty(self, n: int, m: int) -> Any:
        return self._torch.empty((n, m), dtype=self._torch.float64, device=self._dev)

    def ones(self, n: int) -> Any:
        return self._torch.ones(n, dtype=self._torch.float64, device=self._dev)

    def zeros(self, n: int) -> Any:
        return self._torch.zeros(n, dtype=self._torch.float64, device=self._dev)

    def exp(self, x: Any) -> Any:
        return self._torch.exp(x)

    def log(self, x: Any) -> Any:
        return self._torch.log(x)

    def concat(self, x: Any, y: Any) -> Any:
        return self._torch.cat((x, y))

    def plan_into(self, alpha: Any, beta: Any, ce: Any, out: Any) -> Any:
        self._torch.add(alpha[:, None], beta[None, :], out=out)
        out.sub_(ce)
        return out.clamp_(min=EXP_FLOOR).exp_()

    def lse_rows(self, beta: Any, ce: Any, out: Any) -> Any:
        self._torch.sub(beta[None, :], ce, out=out)
        return self._torch.logsumexp(out, dim=1)

    def lse_cols(self, alpha: Any, ce: Any, out: Any) -> Any:
        self._torch.sub(alpha[:, None], ce, out=out)
        return self._torch.logsumexp(out, dim=0)

    def row_sums(self, p: Any) -> Any:
        return p.sum(dim=1)

    def col_sums(self, p: Any) -> Any:
        return p.sum(dim=0)

    def vdot(self, x: Any, y: Any) -> float:
        return float(self._torch.dot(x.reshape(-1), y.reshape(-1)))

    def l1(self, x: Any) -> float:
        return float(x.abs().sum())

    def within(self, x: Any, low: float, high: float) -> bool:
        lo, hi = self._torch.aminmax(x)
        return bool(low < float(lo) and float(hi) < high)

    def top_k_flat(self, p: Any, k: int) -> Any:
        flat = p.reshape(-1)
        if k >= flat.numel():
            return self._torch.arange(flat.numel(), device=self._dev)
        return self._torch.topk(flat, k, sorted=False).indices

    def sparse(self, rows: Any, cols: Any, values: Any, n: int, m: int) -> tuple[Any, Any]:
        def csr(i: Any, j: Any, shape: tuple[int, int]) -> Any:
            coo = self._torch.sparse_coo_tensor(
                self._torch.stack((i, j)), values, shape, check_invariants=False
            )
            return coo.coalesce().to_sparse_csr()

        return csr(rows, cols, (n, m)), csr(cols, rows, (m, n))


def make_backend(name: str = "auto", device: str | None = None) -> Backend:
    """``auto``: torch when CUDA is present (or a device is named), else numpy."""
    if name == "numpy":
        return NumpyBackend()
    if name == "torch":
        return TorchBackend(device)
    if device is not None and device != "cpu":
        return TorchBackend(device)
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a server dependency
        return NumpyBackend()
    return TorchBackend("cuda") if torch.cuda.is_available() else NumpyBackend()
