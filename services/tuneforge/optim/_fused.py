"""Fused CPU kernels (numba) for the elementwise optimizers.

On CPU, ``torch._foreach_*`` ops are per-tensor loops that allocate list-wide
temporaries and make one memory pass per op; only ``Adam(fused=True)`` runs in
a single pass. These kernels do the same for diffGrad and AdaBelief: one
parallel numba call per step for every float32/float64 CPU tensor of the
optimizer. Tensors are passed as raw data pointers (a table of ``int64``), so
the whole multi-tensor update is one call without per-tensor dispatch, and
the learning rate and bias corrections are runtime values in a coefficient
table: changing them never recompiles.

The arithmetic is plain IEEE (no fastmath) and follows the reference ports'
operation order, so that results agree with the eager foreach path to
rounding. ``exp`` is computed by a branch-free polynomial that LLVM can
vectorize (numba has no vector libm here), in the tensor's precision; its
error is at most 2 ulp (torch's is 1).
"""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import torch

try:  # numba is a hard dependency of the project, but keep the eager path importable
    from llvmlite import ir
    from numba import carray, njit, prange, types
    from numba.extending import intrinsic

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover - exercised only without numba
    HAVE_NUMBA = False

# Elements per work item: small enough to balance the threads over many
# tensors and to keep a chunk of each operand in L2 between the passes.
CHUNK = 1 << 14
# Below this many elements a step runs on one thread: waking the pool costs more.
PARALLEL_MIN = 1 << 18
# numba's thread pool (GNU OpenMP here) aborts a forked child that uses it, and its
# workqueue layer aborts on concurrent launches: parallel kernels run only in the
# process that first used them, one launch at a time; elsewhere the serial kernel runs.
_POOL_PID: int | None = None
_POOL_LOCK = threading.Lock()
DTYPES = (torch.float32, torch.float64)

# AdaBelief parameter-update modes (see adabelief.py).
MODE_ADAPTIVE, MODE_RECTIFIED, MODE_SGD, MODE_NONE = 0, 1, 2, 3


def fusable(row: Sequence[torch.Tensor]) -> bool:
    """Whether the kernels can update ``row = (p, grad, state...)`` in place."""
    p = row[0]
    return (
        HAVE_NUMBA
        and p.device.type == "cpu"
        and p.dtype in DTYPES
        and all(
            t.dtype == p.dtype and t.device == p.device and t.is_contiguous() and not t.is_sparse
            for t in row
        )
    )


@lru_cache(maxsize=64)
def _plan(numels: tuple[int, ...]) -> np.ndarray:
    """Work items ``(tensor, start, stop)`` covering every element once."""
    rows = [(i, lo, min(n, lo + CHUNK)) for i, n in enumerate(numels) for lo in range(0, n, CHUNK)]
    return np.asarray(rows, dtype=np.int64).reshape(-1, 3)


def launch(
    kernel: str,
    tensors: Sequence[Sequence[torch.Tensor]],
    coef: Sequence[Sequence[float]],
    flags: Sequence[Sequence[int]] | None = None,
) -> None:
    """Run ``kernel`` (``"diffgrad"``, ``"adabelief"``) over rows of same-dtype
    tensors ``(p, grad, state...)`` with one coefficient row per tensor."""
    dtype = tensors[0][0].dtype
    like = np.empty(0, dtype=np.float32 if dtype == torch.float32 else np.float64)
    ptrs = np.array([[t.data_ptr() for t in row] for row in tensors], dtype=np.int64)
    numels = tuple(row[0].numel() for row in tensors)
    table = np.array(coef, dtype=like.dtype)
    flag_table = np.zeros((len(tensors), 2), np.int64) if flags is None else np.array(flags)
    parallel, serial = KERNELS[kernel]
    args = (ptrs, table, flag_table.astype(np.int64), _plan(numels), like)
    if sum(numels) >= PARALLEL_MIN and _pool_usable():
        with _POOL_LOCK:
            parallel(*args)
    else:
        serial(*args)


class Queue:
    """The fusable rows of one step, launched at its end: one call per dtype."""

    def __init__(self, kernel: str) -> None:
        self.kernel = kernel
        self._rows: dict[torch.dtype, list[Sequence[torch.Tensor]]] = defaultdict(list)
        self._coef: dict[torch.dtype, list[Sequence[float]]] = defaultdict(list)
        self._flags: dict[torch.dtype, list[Sequence[int]]] = defaultdict(list)

    def add(
        self,
        columns: Sequence[Sequence[torch.Tensor]],
        coef: Sequence[Sequence[float]],
        flags: Sequence[Sequence[int]] | None = None,
    ) -> list[int]:
        """Queue the rows ``(p, grad, state...)`` of parallel ``columns`` that the
        kernel can update, each with its coefficients; the indices of the others."""
        others = []
        for i, row in enumerate(zip(*columns, strict=True)):
            if not fusable(row):
                others.append(i)
                continue
            dtype = row[0].dtype
            self._rows[dtype].append(row)
            self._coef[dtype].append(coef[i])
            if flags is not None:
                self._flags[dtype].append(flags[i])
        return others

    def launch(self) -> None:
        for dtype, rows in self._rows.items():
            launch(self.kernel, rows, self._coef[dtype], self._flags.get(dtype))


def _pool_usable() -> bool:
    global _POOL_PID
    if _POOL_PID is None:
        _POOL_PID = os.getpid()
    return os.getpid() == _POOL_PID


def compiled_signatures() -> int:
    """How many machine-code specialisations exist (a test checks LR changes add none)."""
    return sum(len(k.signatures) for pair in KERNELS.values() for k in pair)


KERNELS: dict[str, tuple[Any, Any]] = {}

if HAVE_NUMBA:

    def _ptr_typing(typingctx: Any, addr: Any, like: Any) -> Any:
        """``addr`` (int64) as a pointer to ``like``'s dtype."""
        ptr_t = types.CPointer(like.dtype)

        def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
            return builder.inttoptr(args[0], context.get_value_type(ptr_t))

        return ptr_t(addr, like), codegen

    def _f64_from_bits_typing(typingctx: Any, bits: Any) -> Any:
        def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
            return builder.bitcast(args[0], ir.DoubleType())

        return types.float64(types.int64), codegen

    def _f32_from_bits_typing(typingctx: Any, bits: Any) -> Any:
        def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
            return builder.bitcast(args[0], ir.FloatType())

        return types.float32(types.int32), codegen

    _ptr: Any = intrinsic(_ptr_typing)
    _f64_from_bits: Any = intrinsic(_f64_from_bits_typing)
    _f32_from_bits: Any = intrinsic(_f32_from_bits_typing)
    _jit = njit(inline="always", error_model="numpy")

    @_jit
    def _exp_neg(x: float) -> float:
        """``exp(-x)`` for ``x >= 0`` (Cody-Waite reduction, degree-13 Taylor)."""
        x = min(x, 700.0)  # exp(-700) ~ 1e-304: beyond it sigmoid(x) rounds to 1 anyway
        n = np.int64(x * 1.4426950408889634 + 0.5)
        r = (n * 0.6931471803691238 - x) + n * 1.9082149292705877e-10  # r = n ln2 - x
        q = 1.0 / 479001600.0 + r / 6227020800.0  # Horner on sum r^k / k!, k <= 13
        q = 1.0 / 39916800.0 + r * q
        q = 1.0 / 3628800.0 + r * q
        q = 1.0 / 362880.0 + r * q
        q = 1.0 / 40320.0 + r * q
        q = 1.0 / 5040.0 + r * q
        q = 1.0 / 720.0 + r * q
        q = 1.0 / 120.0 + r * q
        q = 1.0 / 24.0 + r * q
        q = 1.0 / 6.0 + r * q
        q = 0.5 + r * q
        q = 1.0 + r * q
        q = 1.0 + r * q
        return q * _f64_from_bits((1023 - n) << 52)

    @_jit
    def _exp_neg32(x: Any) -> Any:
        """float32 ``exp(-x)`` for ``x >= 0`` (degree-7 Taylor; within 2 ulp)."""
        x = min(x, np.float32(87.0))  # exp(-87) ~ 1.6e-38, still a normal float32
        n = np.int32(x * np.float32(1.442695) + np.float32(0.5))
        nf = np.float32(n)
        r = (nf * np.float32(0.693359375) - x) + nf * np.float32(-2.12194440e-4)
        q = np.float32(1.0 / 5040.0) + r * np.float32(1.0 / 40320.0)
        q = np.float32(1.0 / 720.0) + r * q
        q = np.float32(1.0 / 120.0) + r * q
        q = np.float32(1.0 / 24.0) + r * q
        q = np.float32(1.0 / 6.0) + r * q
        q = np.float32(0.5) + r * q
        q = np.float32(1.0) + r * q
        q = np.float32(1.0) + r * q
        return q * _f32_from_bits((np.int32(127) - n) << np.int32(23))

    @_jit
    def _friction(d: Any, like: Any) -> Any:
        """``sigmoid(d) = 1 / (1 + exp(-d))`` for ``d >= 0``, in ``like``'s precision."""
        if like.itemsize == 4:
            one = np.float32(1.0)
            return one / (one + _exp_neg32(np.float32(d)))
        return 1.0 / (1.0 + _exp_neg(np.float64(d)))

    @_jit
    def _view(ptrs: Any, plan: Any, c: int, k: int, like: Any) -> Any:
        """Chunk ``c`` of operand ``k``, as an array starting at index 0.

        Zero-based views of known non-negative length let LLVM drop the
        negative-index wraparound and vectorise the loops.
        """
        i, lo, hi = plan[c, 0], plan[c, 1], plan[c, 2]
        return carray(_ptr(ptrs[i, k] + lo * like.itemsize, like), hi - lo)

    @_jit
    def _diffgrad_chunk(ptrs: Any, coef: Any, flags: Any, plan: Any, c: int, like: Any) -> None:
        """Rows ``(p, grad, exp_avg, exp_avg_sq, previous_grad)``; ``coef`` rows
        ``beta1, 1-beta1, beta2, 1-beta2, eps, step_size, wd``."""
        p, g = _view(ptrs, plan, c, 0, like), _view(ptrs, plan, c, 1, like)
        m, v = _view(ptrs, plan, c, 2, like), _view(ptrs, plan, c, 3, like)
        prev = _view(ptrs, plan, c, 4, like)
        i = plan[c, 0]
        b1, c1, b2, c2 = coef[i, 0], coef[i, 1], coef[i, 2], coef[i, 3]
        eps, step, wd = coef[i, 4], coef[i, 5], coef[i, 6]
        for j in range(p.size):
            gj = g[j] + wd * p[j]
            mj = m[j] * b1 + c1 * gj
            vj = v[j] * b2 + c2 * gj * gj
            xi = like.dtype.type(_friction(abs(prev[j] - gj), like))
            m[j] = mj
            v[j] = vj
            prev[j] = gj
            p[j] = p[j] - step * ((mj * xi) / (np.sqrt(vj) + eps))

    @_jit
    def _adabelief_chunk(ptrs: Any, coef: Any, flags: Any, plan: Any, c: int, like: Any) -> None:
        """Rows ``(p, grad, exp_avg, exp_avg_var, max_exp_avg_var)``; ``coef``
        rows ``beta1, 1-beta1, beta2, 1-beta2, eps, wd (coupled), decay
        (decoupled factor), step, sqrt(bias_correction2)``; ``flags`` rows
        ``mode, amsgrad``."""
        p, g = _view(ptrs, plan, c, 0, like), _view(ptrs, plan, c, 1, like)
        m, s = _view(ptrs, plan, c, 2, like), _view(ptrs, plan, c, 3, like)
        smax = _view(ptrs, plan, c, 4, like)
        i = plan[c, 0]
        b1, c1, b2, c2 = coef[i, 0], coef[i, 1], coef[i, 2], coef[i, 3]
        eps, wd, decay, step, bc2 = coef[i, 4], coef[i, 5], coef[i, 6], coef[i, 7], coef[i, 8]
        mode, amsgrad = flags[i, 0], flags[i, 1]
        if not amsgrad and mode == MODE_RECTIFIED:  # the common cases in one pass
            for j in range(p.size):
                pj = p[j] * decay
                gj = g[j] + wd * pj
                mj = m[j] * b1 + c1 * gj
                r = gj - mj
                sj = (s[j] * b2 + c2 * r * r) + eps
                m[j] = mj
                s[j] = sj
                p[j] = pj - step * (mj / (np.sqrt(sj) + eps))
            return
        if not amsgrad and mode == MODE_ADAPTIVE:
            for j in range(p.size):
                pj = p[j] * decay
                gj = g[j] + wd * pj
                mj = m[j] * b1 + c1 * gj
                r = gj - mj
                sj = (s[j] * b2 + c2 * r * r) + eps
                m[j] = mj
                s[j] = sj
                p[j] = pj - step * (mj / (np.sqrt(sj) / bc2 + eps))
            return
        for j in range(p.size):
            pj = p[j] * decay
            gj = g[j] + wd * pj
            mj = m[j] * b1 + c1 * gj
            r = gj - mj
            sj = (s[j] * b2 + c2 * r * r) + eps
            m[j] = mj
            s[j] = sj
            p[j] = pj
        if amsgrad:
            for j in range(p.size):
                if s[j] > smax[j] or s[j] != s[j]:  # torch.max propagates NaN
                    smax[j] = s[j]
        if mode == MODE_ADAPTIVE:
            den = smax if amsgrad else s
            for j in range(p.size):
                p[j] = p[j] - step * (m[j] / (np.sqrt(den[j]) / bc2 + eps))
        elif mode == MODE_RECTIFIED:
            for j in range(p.size):
                p[j] = p[j] - step * (m[j] / (np.sqrt(s[j]) + eps))
        elif mode == MODE_SGD:
            for j in range(p.size):
                p[j] = p[j] - step * m[j]

    _kw: dict[str, Any] = {"cache": True, "error_model": "numpy"}

    @njit(parallel=True, **_kw)
    def _diffgrad_parallel(ptrs: Any, coef: Any, flags: Any, plan: Any, like: Any) -> None:
        for c in prange(plan.shape[0]):
            _diffgrad_chunk(ptrs, coef, flags, plan, c, like)

    @njit(**_kw)
    def _diffgrad_serial(ptrs: Any, coef: Any, flags: Any, plan: Any, like: Any) -> None:
        for c in range(plan.shape[0]):
            _diffgrad_chunk(ptrs, coef, flags, plan, c, like)

    @njit(parallel=True, **_kw)
    def _adabelief_parallel(ptrs: Any, coef: Any, flags: Any, plan: Any, like: Any) -> None:
        for c in prange(plan.shape[0]):
            _adabelief_chunk(ptrs, coef, flags, plan, c, like)

    @njit(**_kw)
    def _adabelief_serial(ptrs: Any, coef: Any, flags: Any, plan: Any, like: Any) -> None:
        for c in range(plan.shape[0]):
            _adabelief_chunk(ptrs, coef, flags, plan, c, like)

    KERNELS["diffgrad"] = (_diffgrad_parallel, _diffgrad_serial)
    KERNELS["adabelief"] = (_adabelief_parallel, _adabelief_serial)
