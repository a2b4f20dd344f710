"""Optimizer benchmark: step time, M-FAC scaling, FRUGAL state memory.

Run ``.venv/bin/python -m bench.optim`` from the repository root (``--quick`` for a
seconds-long smoke run).

* ``step``: one ``step()`` on 50 x ``nn.Linear(316, 316)`` (100 tensors, 5,008,600
  parameters) with fixed synthetic gradients, on CPU (and CUDA when present).
  Ours (diffGrad, AdaBelief) side by side, in one process and timed
  round-robin, with ``Adam(foreach=True)``, ``Adam(fused=True)``,
  ``torch-optimizer`` and ``pytorch-optimizer`` (default = foreach, and
  ``foreach=False``) versions of the same algorithm (AdaBelief: 0.2.1
  semantics everywhere, plus the official ``adabelief-pytorch``). Medians of 30
  steps; the headline ratio to ``Adam(fused=True)`` is also given on minima,
  which preemption on a shared host cannot inflate.
* ``mfac``: ms per M-FAC step (minimum, round-robin) for m in {16, 64, 256} on
  a 1M-parameter model; the ratio (m=16's time over m's) shows the growth in m.
* ``frugal``: optimizer-state bytes on the projected (2-D) layers at density
  0.25 against AdamW on the same layers, and FRUGAL's step time against
  ``AdamW(fused=True)`` (informational: FRUGAL is not a fused kernel).

Prints one JSON object per case, then a markdown table (``bench/harness.py``:
ratio > 1 means ours is faster / smaller). Ratios are the figures to quote; the
host is shared and noisy.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import time
import warnings
from collections.abc import Callable

import torch
from torch import nn

from bench.harness import Report, parser
from tuneforge.optim import FRUGAL, MFAC, AdaBelief, DiffGrad

warnings.filterwarnings("ignore")
REPORT = Report("optim")


def emit(case: str, metric: str, ours: float, anchor: float) -> None:
    """Every metric here (ms per step, bytes of state) is better lower."""
    REPORT.emit(case, metric, ours, anchor, better="lower")


def model_params(layers: int, width: int, device: str) -> list[nn.Parameter]:
    torch.manual_seed(0)
    net = nn.Sequential(*[nn.Linear(width, width) for _ in range(layers)]).to(device)
    params = list(net.parameters())
    gen = torch.Generator().manual_seed(1)
    for p in params:
        p.grad = (torch.randn(p.shape, generator=gen) * 1e-2).to(device)
    return params


def step_cases() -> dict[str, Callable[[list[nn.Parameter]], torch.optim.Optimizer]]:
    cases: dict[str, Callable[[list[nn.Parameter]], torch.optim.Optimizer]] = {
        "Adam(foreach=True)": lambda ps: torch.optim.Adam(ps, foreach=True),
        "Adam(fused=True)": lambda ps: torch.optim.Adam(ps, fused=True),
        "ours DiffGrad": lambda ps: DiffGrad(ps),
        "ours AdaBelief": lambda ps: AdaBelief(ps),
        "ours DiffGrad(fused=False)": lambda ps: DiffGrad(ps, fused=False),
        "ours AdaBelief(fused=False)": lambda ps: AdaBelief(ps, fused=False),
    }
    try:
        import torch_optimizer as to

        cases["torch-optimizer DiffGrad"] = lambda ps: to.DiffGrad(ps)
        cases["torch-optimizer AdaBelief"] = lambda ps: to.AdaBelief(
            ps, eps=1e-16, weight_decouple=True, rectify=True
        )
    except ImportError:
        print("torch-optimizer not installed: skipped", file=sys.stderr)
    try:
        import pytorch_optimizer as po

        cases["pytorch-optimizer DiffGrad"] = lambda ps: po.DiffGrad(ps, weight_decouple=False)
        cases["pytorch-optimizer DiffGrad(foreach=False)"] = lambda ps: po.DiffGrad(
            ps, weight_decouple=False, foreach=False
        )
        cases["pytorch-optimizer AdaBelief"] = lambda ps: po.AdaBelief(ps, rectify=True)
        cases["pytorch-optimizer AdaBelief(foreach=False)"] = lambda ps: po.AdaBelief(
            ps, rectify=True, foreach=False
        )
    except ImportError:
        print("pytorch-optimizer not installed: skipped", file=sys.stderr)
    try:
        import adabelief_pytorch

        def official(ps: list[nn.Parameter]) -> torch.optim.Optimizer:
            with contextlib.redirect_stdout(io.StringIO()):
                return adabelief_pytorch.AdaBelief(ps)

        cases["adabelief-pytorch 0.2.1 AdaBelief"] = official
    except ImportError:
        print("adabelief-pytorch not installed: skipped", file=sys.stderr)
    return cases


def bench_step(device: str, layers: int, width: int, warmup: int, iters: int) -> None:
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    opts = {name: make(model_params(layers, width, device)) for name, make in step_cases().items()}
    times: dict[str, list[float]] = {name: [] for name in opts}
    for r in range(warmup + iters):
        for name, opt in opts.items():  # round-robin: drift hits every optimizer alike
            sync()
            t0 = time.perf_counter()
            opt.step()
            sync()
            if r >= warmup:
                times[name].append(time.perf_counter() - t0)
    ms = {name: 1e3 * statistics.median(ts) for name, ts in times.items()}
    best = {name: 1e3 * min(ts) for name, ts in times.items()}
    n = sum(p.numel() for p in model_params(layers, width, "cpu"))
    print(f"# step on {device}: {2 * layers} tensors, {n} params, median of {iters}", flush=True)
    for algo in ("DiffGrad", "AdaBelief"):
        ours = ms[f"ours {algo}"]
        emit(f"{device}/{algo} vs ours {algo}(fused=False)", "ms_per_step", ours,
             ms[f"ours {algo}(fused=False)"])  # fmt: skip
        for anchor in ("Adam(fused=True)", "Adam(foreach=True)"):
            emit(f"{device}/{algo} vs {anchor}", "ms_per_step", ours, ms[anchor])
        emit(f"{device}/{algo} vs Adam(fused=True)", "ms_per_step_min", best[f"ours {algo}"],
             best["Adam(fused=True)"])  # fmt: skip
        for name in ms:
            if algo in name and not name.startswith("ours"):  # the ports
                emit(f"{device}/{algo} vs {name}", "ms_per_step", ours, ms[name])


def round_robin(
    steps: dict[str, Callable[[], object]], warmup: int, iters: int
) -> dict[str, list[float]]:
    """Seconds per call of each step, interleaved so that host drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    for r in range(warmup + iters):
        for name, step in steps.items():
            t0 = time.perf_counter()
            step()
            if r >= warmup:
                times[name].append(time.perf_counter() - t0)
    return times


def bench_mfac(layers: int, width: int, ms_: tuple[int, ...], iters: int) -> None:
    """Reports the minimum over steps: on a shared 2-core host a multi-threaded step's
    median is dominated by preemption (multiples of the scheduler tick)."""
    params = {m: model_params(layers, width, "cpu") for m in ms_}
    opts = {m: MFAC(params[m], lr=1e-6, ngrads=m) for m in ms_}
    times = round_robin({str(m): opt.step for m, opt in opts.items()}, warmup=2, iters=iters)
    d = sum(p.numel() for p in params[ms_[0]])
    base = 1e3 * min(times[str(ms_[0])])
    for m in ms_:
        emit(f"cpu/MFAC m={m} (d={d}) vs m={ms_[0]}", "ms_per_step_min",
             1e3 * min(times[str(m)]), base)  # fmt: skip


def state_bytes(opt: torch.optim.Optimizer, params: list[nn.Parameter]) -> int:
    return sum(
        t.numel() * t.element_size()
        for p in params
        for t in opt.state[p].values()
        if isinstance(t, torch.Tensor)
    )


def bench_frugal(layers: int, width: int, warmup: int, iters: int) -> None:
    adamw = torch.optim.AdamW(model_params(layers, width, "cpu"), fused=True)
    steps: dict[str, Callable[[], object]] = {"AdamW(fused=True)": adamw.step}
    adamw.step()
    proj = [p for p in adamw.param_groups[0]["params"] if p.ndim == 2]
    anchor = state_bytes(adamw, proj)
    for projection in ("block", "columns", "svd"):
        opt = FRUGAL(model_params(layers, width, "cpu"), density=0.25, projection=projection)
        opt.step()
        proj = [p for p in opt.param_groups[0]["params"] if p.ndim == 2]
        emit(f"cpu/FRUGAL({projection}, density=0.25) state on projected layers vs AdamW",
             "bytes", state_bytes(opt, proj), anchor)  # fmt: skip
        steps[projection] = opt.step
    ms = {k: 1e3 * statistics.median(v) for k, v in round_robin(steps, warmup, iters).items()}
    for projection in ("block", "columns", "svd"):
        emit(f"cpu/FRUGAL({projection}) vs AdamW(fused=True)", "ms_per_step",
             ms[projection], ms["AdamW(fused=True)"])  # fmt: skip


def main() -> None:
    args = parser(__doc__).parse_args()
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}", flush=True)
    if args.quick:
        bench_step("cpu", 5, 64, warmup=2, iters=10)
        bench_mfac(2, 64, (4, 8, 16), iters=2)
        bench_frugal(5, 64, warmup=1, iters=2)
    else:
        bench_step("cpu", 50, 316, warmup=5, iters=30)
        if torch.cuda.is_available():
            bench_step("cuda", 50, 316, warmup=5, iters=30)
        bench_mfac(10, 316, (16, 64, 256), iters=10)
        bench_frugal(50, 316, warmup=2, iters=15)
    REPORT.table()


if __name__ == "__main__":
    main()
