"""Trained Rank Pruning against the official training loop (``cifar-TRP.py``) written out here."""

from __future__ import annotations

import copy

import pytest
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from tuneforge.errors import ValidationError
from tuneforge.optim.trp import (
    TrainedRankPruning,
    energy_rank,
    factorize,
    trp_param_groups,
)

STEPS = 300


def _net(dtype: torch.dtype = torch.float64) -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),  # first conv: never projected (official look-up table)
        nn.ReLU(),
        nn.Conv2d(4, 6, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(6, 6, 1),  # 1x1: never projected
        nn.Flatten(),
        nn.Linear(6 * 5 * 5, 8),
        nn.Tanh(),
        nn.Linear(8, 3),
    ).to(dtype)


def _data(dtype: torch.dtype = torch.float64) -> tuple[Tensor, Tensor]:
    g = torch.Generator().manual_seed(1)
    x = torch.randn(64, 1, 5, 5, generator=g).to(dtype)
    y = torch.randint(0, 3, (64,), generator=g)
    return x, y


def _batch(x: Tensor, y: Tensor, i: int) -> tuple[Tensor, Tensor]:
    idx = (torch.arange(16) + 16 * i) % 64
    return x[idx], y[idx]


def _official_energy_rank(sigma: Tensor, t: float) -> int:
    energy = sigma**2
    total = torch.sum(energy)
    for i in range(energy.size(0)):
        if energy[: (i + 1)].sum() / total >= t:
            return i + 1
    raise AssertionError("unreachable for t < 1")


def _official_low_rank_approx(
    model: nn.Module, names: list[str], t: float, kind: str
) -> dict[str, Tensor]:
    """``low_rank_approx(..., use_trp=True)`` for the NC, VH and ND views; nn.Linear as NC."""
    sub = {}
    with torch.no_grad():
        for name in names:
            w = model.get_parameter(name)
            dim = w.shape
            if kind == "filter" and w.dim() == 4:  # ND: every output filter on its own
                tmp, tmp_sub = w.clone(), w.clone()
                for i in range(dim[0]):
                    u, s, vh = torch.linalg.svd(w[i].reshape(dim[1], -1), full_matrices=False)
                    r = _official_energy_rank(s, t)
                    u, s, vh = u[:, :r], s[:r], vh[:r]
                    tmp[i] = ((u @ torch.diag(s)) @ vh).reshape(dim[1], dim[2], dim[3])
                    tmp_sub[i] = (u @ vh).reshape(dim[1], dim[2], dim[3])
                w.copy_(tmp)
                sub[name] = tmp_sub
                continue
            if kind == "spatial" and w.dim() == 4:
                mat = w.permute(1, 2, 0, 3).reshape(dim[1] * dim[2], -1)
            else:
                mat = w.reshape(dim[0], -1)
            u, s, vh = torch.linalg.svd(mat, full_matrices=False)
            r = _official_energy_rank(s, t)
            u, s, vh = u[:, :r], s[:r], vh[:r]
            low, grad = (u @ torch.diag(s)) @ vh, u @ vh
            if kind == "spatial" and w.dim() == 4:
                low = low.reshape(dim[1], dim[2], dim[0], dim[3]).permute(2, 0, 1, 3)
                grad = grad.reshape(dim[1], dim[2], dim[0], dim[3]).permute(2, 0, 1, 3)
            w.copy_(low.reshape(dim))
            sub[name] = grad.reshape(dim)
    return sub


TARGETS = ["2.weight", "6.weight", "8.weight"]


@pytest.mark.parametrize(
    ("kind", "period", "nuclear"),
    [("channel", 1, 3e-4), ("spatial", 2, 1e-2), ("channel", 3, 0.0), ("filter", 1, 1e-3)],
)
def test_trajectory_matches_official_loop(kind: str, period: int, nuclear: float) -> None:
    x, y = _data()
    ref = _net()
    # lr 0.01: at 0.05 this net's TRP training is chaotic (1e-13 perturbations grow to O(1))
    opt_ref = torch.optim.SGD(ref.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    model = _net()
    opt = TrainedRankPruning(
        trp_param_groups(model),
        lr=0.01,
        momentum=0.9,
        weight_decay=1e-4,
        energy_threshold=0.9,
        period=period,
        nuclear_weight=nuclear,
        decomposition=kind,
    )
    sub: dict[str, Tensor] = {}
    for i in range(STEPS):
        xb, yb = _batch(x, y, i)
        # official: project before the forward pass every `period` batches
        if i % period == 0:
            sub = _official_low_rank_approx(ref, TARGETS, 0.9, kind)
        opt_ref.zero_grad()
        F.cross_entropy(ref(xb), yb).backward()
        if nuclear and i % period == 0:
            for name in TARGETS:
                grad = ref.get_parameter(name).grad
                assert grad is not None
                grad.add_(nuclear * sub[name])
        opt_ref.step()

        opt.zero_grad()
        F.cross_entropy(model(xb), yb).backward()
        opt.step()
    # Ours projects at the end of a step, the official loop before the next forward.
    if STEPS % period == 0:
        _official_low_rank_approx(ref, TARGETS, 0.9, kind)
    a = torch.cat([p.detach().reshape(-1) for p in model.parameters()])
    b = torch.cat([p.detach().reshape(-1) for p in ref.parameters()])
    start = torch.cat([p.detach().reshape(-1) for p in _net().parameters()])
    assert float((a - b).norm() / b.norm()) <= 1e-10
    assert float((a - start).norm() / start.norm()) > 1e-2  # it trained


@pytest.mark.parametrize("threshold", [0.5, 0.9, 0.99])
def test_kept_rank_satisfies_the_energy_threshold(threshold: float) -> None:
    torch.manual_seed(2)
    w = nn.Parameter(torch.randn(12, 5, 3, 3, dtype=torch.float64))
    lin = nn.Parameter(
        torch.randn(7, 20, dtype=torch.float64)
        @ torch.diag(torch.rand(20, dtype=torch.float64) * 3)
    )
    before = {id(w): w.detach().clone(), id(lin): lin.detach().clone()}
    opt = TrainedRankPruning([w, lin], energy_threshold=threshold)  # projects at construction
    kept: dict[int, int] = {}
    for p in (w, lin):
        s0 = torch.linalg.svdvals(before[id(p)].reshape(p.shape[0], -1))
        energy = (s0**2).cumsum(0) / (s0**2).sum()
        s1 = torch.linalg.svdvals(p.detach().reshape(p.shape[0], -1))
        r = int((s1 > 1e-9 * s1[0]).sum())  # the rank actually kept
        assert energy[r - 1] >= threshold
        assert r == 1 or energy[r - 2] < threshold
        torch.testing.assert_close(s1[:r], s0[:r], rtol=1e-10, atol=0)
        assert r == energy_rank(s0, threshold)
        kept[id(p)] = r
    # Projecting again keeps at most that rank (it drops further once energy is lost).
    ranks = opt.low_rank_project()
    assert all(0 < ranks[p] <= kept[id(p)] for p in (w, lin))


def test_energy_rank_edges() -> None:
    assert energy_rank(torch.zeros(4), 0.9) == 0
    assert energy_rank(torch.tensor([3.0, 0.0, 0.0]), 0.99) == 1
    assert energy_rank(torch.tensor([1.0, 1.0, 1.0, 1.0]), 0.5) == 2  # exactly on the threshold


def test_factorize_after_trp_is_lossless_and_smaller() -> None:
    x, y = _data()
    model = _net()
    opt = TrainedRankPruning(trp_param_groups(model), lr=0.05, energy_threshold=0.8)
    for i in range(20):
        xb, yb = _batch(x, y, i)
        opt.zero_grad()
        F.cross_entropy(model(xb), yb).backward()
        opt.step()  # period 1: the weights are low rank after every step
    small, report = factorize(model, example_input=x[:2])
    with torch.no_grad():
        torch.testing.assert_close(small(x), model(x), rtol=1e-9, atol=1e-10)
    assert report.params_after == sum(p.numel() for p in small.parameters())
    assert report.params_after < report.params_before
    assert report.flops_after is not None and report.flops_before is not None
    assert report.flops_after < report.flops_before
    assert {layer.name for layer in report.layers} <= {"2", "6", "8"}
    for layer in report.layers:
        assert layer.params_after < layer.params_before
        assert layer.flops_after is not None and layer.flops_after < (layer.flops_before or 0)
        if layer.name == "6":  # Linear(150, 8): r * (150 + 8) MACs
            assert layer.flops_after == layer.rank * (150 + 8)
        if layer.name == "2":  # Conv 4->r (3x3) then r->6 (1x1) on 5x5 outputs
            assert layer.flops_after == layer.rank * (4 * 9 + 6) * 25


@pytest.mark.parametrize(("stride", "padding"), [(1, 1), (2, 1), (1, "same")])
def test_factorize_spatial_conv_exactly(stride: int, padding: int | str) -> None:
    torch.manual_seed(3)
    conv = nn.Conv2d(5, 8, 3, stride=stride, padding=padding).double()
    model = nn.Sequential(
        nn.Conv2d(2, 5, 3).double(), conv
    )  # first conv skipped, second factorised
    opt = TrainedRankPruning([conv.weight], energy_threshold=0.6, decomposition="spatial")
    assert opt.low_rank_project()[conv.weight] >= 1
    small, report = factorize(model, decomposition="spatial")
    x = torch.randn(3, 2, 11, 11, dtype=torch.float64)
    with torch.no_grad():
        torch.testing.assert_close(small(x), model(x), rtol=1e-9, atol=1e-10)
    (layer,) = report.layers
    assert layer.kind == "Conv2d" and layer.params_after == layer.rank * (5 * 3 + 8 * 3)


def test_state_dict_keeps_the_pending_subgradient() -> None:
    x, y = _data()
    model = _net()
    kw = {"lr": 0.05, "nuclear_weight": 1e-2, "period": 2}
    opt = TrainedRankPruning(trp_param_groups(model), **kw)  # type: ignore[arg-type]
    for i in range(4):  # after 4 steps a projection happened: a sub-gradient is pending
        xb, yb = _batch(x, y, i)
        opt.zero_grad()
        F.cross_entropy(model(xb), yb).backward()
        opt.step()
    assert any("nuclear_subgrad" in s for s in opt.state.values())
    twin = copy.deepcopy(model)
    opt2 = TrainedRankPruning(trp_param_groups(twin), **kw)  # type: ignore[arg-type]
    twin.load_state_dict(model.state_dict())
    opt2.load_state_dict(copy.deepcopy(opt.state_dict()))
    for i in range(4, 8):
        xb, yb = _batch(x, y, i)
        for m, o in ((model, opt), (twin, opt2)):
            o.zero_grad()
            F.cross_entropy(m(xb), yb).backward()
            o.step()
    for a, b in zip(model.parameters(), twin.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=0, atol=0)


def test_bf16_runs() -> None:
    x, y = _data(torch.bfloat16)
    model = _net(torch.bfloat16)
    opt = TrainedRankPruning(trp_param_groups(model), lr=0.05, nuclear_weight=1e-3)
    for i in range(3):
        xb, yb = _batch(x, y, i)
        opt.zero_grad()
        F.cross_entropy(model(xb).float(), yb).backward()
        opt.step()
    assert all(p.dtype == torch.bfloat16 and bool(torch.isfinite(p).all())
               for p in model.parameters())  # fmt: skip


def test_validation_names_fields() -> None:
    with pytest.raises(ValidationError) as err:
        TrainedRankPruning([nn.Parameter(torch.zeros(2, 2))], energy_threshold=1.0, period=0,
                           decomposition="tucker")  # fmt: skip
    assert {v.field for v in err.value.violations} == {"energy_threshold", "period",
                                                       "decomposition"}  # fmt: skip


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_matches_cpu() -> None:
    x, y = _data()
    model = _net()
    twin = copy.deepcopy(model).cuda()
    kw = {"lr": 0.01, "nuclear_weight": 1e-3, "decomposition": "spatial"}
    opt = TrainedRankPruning(trp_param_groups(model), **kw)  # type: ignore[arg-type]
    opt_c = TrainedRankPruning(trp_param_groups(twin), **kw)  # type: ignore[arg-type]
    for i in range(10):
        xb, yb = _batch(x, y, i)
        for m, o, xx, yy in ((model, opt, xb, yb), (twin, opt_c, xb.cuda(), yb.cuda())):
            o.zero_grad()
            F.cross_entropy(m(xx), yy).backward()
            o.step()
    for a, b in zip(model.parameters(), twin.parameters(), strict=True):
        torch.testing.assert_close(b.cpu(), a, rtol=1e-8, atol=1e-10)


def test_filter_view_keeps_the_energy_rank_of_every_filter() -> None:
    torch.manual_seed(4)
    w = nn.Parameter(torch.randn(6, 5, 3, 3, dtype=torch.float64))
    before = w.detach().clone()
    w.data[2] = 0.0  # an all-zero filter stays zero
    before[2] = 0.0
    TrainedRankPruning([w], energy_threshold=0.7, decomposition="filter")
    for i in range(6):
        s0 = torch.linalg.svdvals(before[i].reshape(5, 9))
        s1 = torch.linalg.svdvals(w.detach()[i].reshape(5, 9))
        r = int((s1 > 1e-9 * max(float(s1[0]), 1e-300)).sum())
        assert r == energy_rank(s0, 0.7)
        if r:
            torch.testing.assert_close(s1[:r], s0[:r], rtol=1e-10, atol=0)
    assert not bool(w.detach()[2].any())
    with pytest.raises(ValidationError):
        factorize(nn.Sequential(nn.Linear(3, 3)), decomposition="filter")


def test_hyperparams_match_constructor_defaults() -> None:
    import inspect

    from tuneforge.optim.trp import HYPERPARAMS

    sig = inspect.signature(TrainedRankPruning)
    assert HYPERPARAMS
    for hp in HYPERPARAMS:
        assert sig.parameters[hp.name].default == hp.default, hp.name
