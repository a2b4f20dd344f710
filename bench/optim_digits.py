"""Short real training run: every tuneforge optimizer vs torch Adam and SGD on sklearn digits.

An MLP 64-64-10 (tanh) is trained on 70% of ``sklearn.datasets.load_digits`` (1797
8x8 images) at a fixed budget of ``EPOCHS`` passes over the training set
(batch 64; AdAdaGrad-Norm spends the same number of *samples* with its growing
batch, CBO and SSO take the same number of steps), then scored on the held-out
30%. Mean over seeds. Learning rates are hand-set once per optimizer (a few
values tried on seed 0, the best kept), never per seed.

Prints one JSON object per case and metric (``bench/harness.py``: the anchor is
torch Adam, or SGD for ``test_accuracy_vs_sgd``; ratio > 1 means more accurate or
faster than the anchor) and markdown tables. ``--quick`` runs one seed for one epoch
on a subset.

Run from the repository root: ``.venv/bin/python -m bench.optim_digits [--quick]
[--seeds N] [--epochs N]``
"""

from __future__ import annotations

import importlib
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from bench.harness import Better, Report, parser
from tuneforge.optim.adagradnorm import AdaGradNorm
from tuneforge.optim.adaptive_batch import AdaptiveBatchSize
from tuneforge.optim.cbo import CBO
from tuneforge.optim.sso import SSO
from tuneforge.optim.trp import TrainedRankPruning, factorize, trp_param_groups

BENCH = "optim_digits"
BATCH = 64


@dataclass
class Data:
    x_train: Tensor
    y_train: Tensor
    x_test: Tensor
    y_test: Tensor


@dataclass
class Result:
    accuracy: float
    wall_s: float
    steps: int
    note: str = ""


def load(quick: bool) -> Data:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    x, y = load_digits(return_X_y=True)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.3, random_state=0, stratify=y)
    if quick:
        x_tr, y_tr = x_tr[:256], y_tr[:256]
    mean, std = x_tr.mean(0), x_tr.std(0) + 1e-6

    def t(a: Any) -> Tensor:
        return torch.tensor((a - mean) / std, dtype=torch.float32)

    return Data(
        t(x_tr), torch.tensor(y_tr), t(x_te), torch.tensor(y_te)
    )  # standardised with train statistics


def mlp(seed: int) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 10))


def accuracy(model: nn.Module, data: Data) -> float:
    with torch.no_grad():
        return float((model(data.x_test).argmax(1) == data.y_test).float().mean())


def batches(data: Data, epochs: int, seed: int) -> list[Tensor]:
    gen = torch.Generator().manual_seed(seed)
    n = data.x_train.shape[0]
    out = []
    for _ in range(epochs):
        perm = torch.randperm(n, generator=gen)
        out += [perm[i : i + BATCH] for i in range(0, n - BATCH + 1, BATCH)]
    return out


def run_standard(make: Callable[[nn.Module], torch.optim.Optimizer]) -> Callable[..., Result]:
    def run(data: Data, epochs: int, seed: int) -> Result:
        model = mlp(seed)
        idx = batches(data, epochs, seed)
        t0 = time.perf_counter()
        opt = make(model)
        for b in idx:
            opt.zero_grad()
            F.cross_entropy(model(data.x_train[b]), data.y_train[b]).backward()
            opt.step()
        wall = time.perf_counter() - t0
        return Result(accuracy(model, data), wall, len(idx))

    return run


def run_trp(data: Data, epochs: int, seed: int) -> Result:
    model = mlp(seed)
    idx = batches(data, epochs, seed)
    t0 = time.perf_counter()
    opt = TrainedRankPruning(
        trp_param_groups(model), lr=0.05, momentum=0.9, weight_decay=1e-4,
        energy_threshold=0.95, nuclear_weight=3e-4,
    )  # fmt: skip
    for b in idx:
        opt.zero_grad()
        F.cross_entropy(model(data.x_train[b]), data.y_train[b]).backward()
        opt.step()
    wall = time.perf_counter() - t0
    small, report = factorize(model, example_input=data.x_test[:1])
    ranks = "/".join(str(layer.rank) for layer in report.layers)
    flops = report.flop_reduction or 1.0
    note = (
        f"factorised (ranks {ranks}): acc {accuracy(small, data):.4f}, "
        f"{report.param_reduction:.2f}x fewer params, {flops:.2f}x fewer MACs"
    )
    return Result(accuracy(model, data), wall, len(idx), note)


def run_adadagrad_norm(data: Data, epochs: int, seed: int) -> Result:
    """AdaGrad-Norm with the norm test growing the batch; budget = epochs * n samples."""
    model = mlp(seed)
    n = data.x_train.shape[0]
    budget = epochs * n
    gen = torch.Generator().manual_seed(seed)
    t0 = time.perf_counter()
    opt = AdaGradNorm(model.parameters(), lr=1.0)
    sizer = AdaptiveBatchSize(
        model, F.cross_entropy, test="norm", eta=1.0, initial_batch_size=16, max_batch_size=n
    )
    seen = steps = 0
    perm, pos = torch.randperm(n, generator=gen), 0
    while seen < budget:
        b = min(sizer.batch_size, budget - seen)
        if pos + b > n:
            perm, pos = torch.randperm(n, generator=gen), 0
        idx = perm[pos : pos + b]
        pos, seen, steps = pos + b, seen + b, steps + 1
        opt.zero_grad()
        F.cross_entropy(model(data.x_train[idx]), data.y_train[idx]).backward()
        opt.step()
        sizer.update(data.x_train[idx], data.y_train[idx])
    wall = time.perf_counter() - t0
    return Result(accuracy(model, data), wall, steps, f"final batch {sizer.batch_size}")


def run_cbo(data: Data, epochs: int, seed: int) -> Result:
    model = mlp(seed)
    idx = batches(data, epochs, seed)
    t0 = time.perf_counter()
    opt = CBO(
        model.parameters(), lr=0.1, num_particles=128, alpha=1e3, sigma=1.0, lamda=1.0,
        noise="anisotropic", init_std=0.3, generator=torch.Generator().manual_seed(seed),
    )  # fmt: skip
    for b in idx:
        opt.step(opt.model_closure(model, F.cross_entropy, data.x_train[b], data.y_train[b]))
    wall = time.perf_counter() - t0
    return Result(accuracy(model, data), wall, len(idx), "128 particles, no gradients")


def run_sso(data: Data, epochs: int, seed: int) -> Result:
    model = mlp(seed)
    idx = batches(data, epochs, seed)
    t0 = time.perf_counter()
    opt = SSO(model.parameters(), m=5, eta=0.01, inner_lr=0.5)
    for b in idx:
        xb, yb = data.x_train[b], data.y_train[b]

        def forward(xb: Tensor = xb) -> Tensor:
            return model(xb)

        def target_loss(z: Tensor, yb: Tensor = yb) -> Tensor:
            return F.cross_entropy(z, yb)

        opt.step(forward, target_loss)
    wall = time.perf_counter() - t0
    return Result(accuracy(model, data), wall, len(idx), "m=5 inner SGD steps")


def guarded(module: str, cls: str, **kw: Any) -> Callable[..., Result] | None:
    """A runner for the other optimizers, or None when their module is not there yet."""
    try:
        klass = getattr(importlib.import_module(f"tuneforge.optim.{module}"), cls)
    except (ImportError, AttributeError):
        return None
    if cls == "FRUGAL":
        # State-full subspace on the hidden Linear weights, as frugal_param_groups would.
        def make(model: nn.Module) -> torch.optim.Optimizer:
            hidden = [m.weight for m in model.modules() if isinstance(m, nn.Linear)][:-1]
            ids = {id(p) for p in hidden}
            rest = [p for p in model.parameters() if id(p) not in ids]
            groups = [{"params": rest, "proj": False}, {"params": hidden, "proj": True}]
            opt: torch.optim.Optimizer = klass(groups, **kw)
            return opt

        return run_standard(make)
    return run_standard(lambda m: klass(m.parameters(), **kw))


def cases() -> dict[str, Callable[..., Result] | None]:
    return {
        "torch.optim.Adam": run_standard(lambda m: torch.optim.Adam(m.parameters(), lr=3e-3)),
        "torch.optim.SGD": run_standard(
            lambda m: torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9)
        ),
        "DiffGrad": guarded("diffgrad", "DiffGrad", lr=3e-3),
        "AdaBelief": guarded("adabelief", "AdaBelief", lr=3e-3),
        # damp 1e-5 (official default) at any lr tried (1e-7..3e-6) left MFAC at chance here
        "MFAC": guarded("mfac", "MFAC", lr=0.03, ngrads=32, damp=0.1),
        "FRUGAL": guarded("frugal", "FRUGAL", lr=3e-3, update_gap=50),
        "TrainedRankPruning": run_trp,
        "AdaGradNorm": run_standard(lambda m: AdaGradNorm(m.parameters(), lr=1.0)),
        "AdAdaGrad-Norm (AdaptiveBatchSize)": run_adadagrad_norm,
        "CBO": run_cbo,
        "SSO": run_sso,
    }


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=20)
    args = ap.parse_args()
    seeds = 1 if args.quick else args.seeds
    epochs = 1 if args.quick else args.epochs
    torch.set_num_threads(1)  # tiny model: threads only add contention noise
    data = load(args.quick)
    rows: dict[str, list[Result]] = {}
    missing = []
    for name, run in cases().items():
        if run is None:
            missing.append(name)
            continue
        run(data, 1, 0)  # warm-up: first-call costs (lazy imports, compilation) are not timed
        rows[name] = [run(data, epochs, seed) for seed in range(seeds)]

    def mean(name: str, attr: str) -> float:
        return statistics.fmean(getattr(r, attr) for r in rows[name])

    adam_acc, sgd_acc = mean("torch.optim.Adam", "accuracy"), mean("torch.optim.SGD", "accuracy")
    adam_wall = mean("torch.optim.Adam", "wall_s")
    report = Report(BENCH)
    for name in rows:
        acc, wall = mean(name, "accuracy"), mean(name, "wall_s")
        metrics: tuple[tuple[str, float, float, Better], ...] = (
            ("test_accuracy", acc, adam_acc, "higher"),
            ("test_accuracy_vs_sgd", acc, sgd_acc, "higher"),
            ("wall_s", wall, adam_wall, "lower"),
        )
        for metric, ours, anchor, better in metrics:
            report.emit(name, metric, ours, anchor, better)
    print()
    print(f"digits MLP 64-64-10, {epochs} epochs, batch {BATCH}, {seeds} seed(s), 1 thread")
    print()
    print("| optimizer | test acc (mean) | min-max | acc / Adam | wall s | Adam wall / wall |"
          " steps | note (seed 0) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, res in rows.items():
        accs = [r.accuracy for r in res]
        acc, wall = statistics.fmean(accs), mean(name, "wall_s")
        print(
            f"| {name} | {acc:.4f} | {min(accs):.4f}-{max(accs):.4f} | {acc / adam_acc:.3f} | "
            f"{wall:.2f} | {adam_wall / wall:.2f} | {res[0].steps} | {res[0].note} |"
        )
    if missing:
        print(f"\nnot available yet: {', '.join(missing)}")
    report.table("torch Adam (SGD for test_accuracy_vs_sgd)")


if __name__ == "__main__":
    main()
