"""Trained Rank Pruning (TRP): low-rank projection and nuclear regularisation during training.

Xu et al., "Trained Rank Pruning for Efficient Deep Neural Networks" (arXiv
1812.02402, IJCAI 2020); official code ``yuhuixu1993/Trained-Rank-Pruning``
(``cifar-TRP.py``: ``low_rank_approx``, ``train``; ``decompose.py``:
``EnergyThreshold``, ``channel_decompose``, ``VH_decompose_model``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import torch
from torch import Tensor, nn

from tuneforge.errors import ValidationError
from tuneforge.optim._base import BaseOptimizer, GroupGrads, advance, new_step
from tuneforge.optim.schemas import DECOMPOSITIONS
from tuneforge.optim.schemas import TRP as HYPERPARAMS

__all__ = [
    "DECOMPOSITIONS",
    "HYPERPARAMS",
    "FactorizationReport",
    "LayerFactorization",
    "TrainedRankPruning",
    "energy_rank",
    "factorize",
    "trp_param_groups",
]

FACTORIZATIONS = ("channel", "spatial")


def _energy_ranks(sigma: Tensor, threshold: float) -> Tensor:
    """Per row of ``sigma`` (descending singular values), the energy-threshold rank; 0 if all 0."""
    energy = sigma.double().square()
    total = energy.sum(-1, keepdim=True)
    ratio = energy.cumsum(-1) / total  # NaN on an all-zero row: no index passes below
    ranks = ((ratio < threshold).sum(-1) + 1).clamp(max=sigma.shape[-1])
    return torch.where(total.squeeze(-1) > 0, ranks, torch.zeros_like(ranks))


def energy_rank(sigma: Tensor, threshold: float) -> int:
    """Smallest ``k`` with ``sum(sigma[:k]^2) / sum(sigma^2) >= threshold``.

    This is the official ``EnergyThreshold`` criterion. Returns 0 when ``sigma``
    is all zeros (the official code then fails and skips the layer).
    """
    return int(_energy_ranks(sigma.reshape(1, -1), threshold)[0])


def _to_matrices(w: Tensor, decomposition: str) -> Tensor:
    """The batch of matrices TRP factors: one for channel/spatial, one per filter for filter."""
    if w.dim() == 4 and decomposition == "spatial":
        n, c, kh, kw = w.shape
        return w.permute(1, 2, 0, 3).reshape(1, c * kh, n * kw)
    if w.dim() == 4 and decomposition == "filter":
        return w.reshape(w.shape[0], w.shape[1], -1)
    return w.reshape(1, w.shape[0], -1)  # Linear weights use their own matrix in every view


def _from_matrices(m: Tensor, like: Tensor, decomposition: str) -> Tensor:
    if like.dim() == 4 and decomposition == "spatial":
        n, c, kh, kw = like.shape
        return m.reshape(c, kh, n, kw).permute(2, 0, 1, 3)
    return m.reshape(like.shape)


def _svd(m: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    # LAPACK/cuSOLVER have no bf16/fp16 SVD: factor in float32, cast back by the caller.
    work = m if m.dtype in (torch.float32, torch.float64) else m.float()
    u, s, vh = torch.linalg.svd(work, full_matrices=False)
    return u, s, vh


def trp_param_groups(
    model: nn.Module, include_linear: bool = True, skip_first_conv: bool = True
) -> list[dict[str, Any]]:
    """Split a model's parameters into TRP targets and the rest (official ``get_look_up_table``).

    Targets: weights of every ``Conv2d`` with a kernel other than 1x1 except the
    first such conv, and (``include_linear``; the official CIFAR code leaves FC
    layers untouched) every ``nn.Linear`` weight. Returns two groups with
    ``low_rank`` True/False, ready for :class:`TrainedRankPruning`.
    """
    targets: list[Tensor] = []
    first = skip_first_conv
    for module in model.modules():
        if isinstance(module, nn.Conv2d) and module.kernel_size != (1, 1):
            if first:
                first = False
                continue
            targets.append(module.weight)
        elif include_linear and isinstance(module, nn.Linear):
            targets.append(module.weight)
    ids = {id(t) for t in targets}
    rest = [p for p in model.parameters() if id(p) not in ids]
    return [{"params": targets, "low_rank": True}, {"params": rest, "low_rank": False}]


class TrainedRankPruning(BaseOptimizer):
    """SGD with Trained Rank Pruning (Xu et al.; official ``cifar-TRP.py``).

    Every ``period`` iterations, *before* the forward pass, each low-rank weight
    ``W`` (a tensor of >= 2 dims in a group with ``low_rank=True``, the default)
    is viewed as a matrix (official ``--type``: ``channel`` = NC,
    ``(N, C*kh*kw)``; ``spatial`` = VH, ``(C*kh, N*kw)``; ``filter`` = ND, one
    ``(C, kh*kw)`` matrix per output filter; a Linear weight is its own matrix
    in every view), factored ``U S V^T`` and, with ``project=True`` (``--trp``),
    replaced by ``U_r S_r V_r^T`` where ``r`` is the smallest rank keeping
    ``energy_threshold`` of ``sum(sigma^2)``. The truncated nuclear-norm
    sub-gradient ``U_r V_r^T`` is kept and, in that same iteration, added to
    the gradient with weight ``nuclear_weight``. The update is then torch's SGD
    (momentum, dampening, Nesterov, coupled weight decay). The momentum buffer
    is not projected, as in the official code.

    To project before the forward pass without a hook, the optimizer projects
    at construction (iteration 0) and at the end of every :meth:`step` after
    which the next iteration is a projection iteration. Use
    :func:`trp_param_groups` to select the official layer set and
    :func:`factorize` after training to split layers into two smaller ones.
    Defaults: the official CIFAR script (SGD lr 0.1, momentum 0.9, wd 1e-4,
    EnergyThreshold 0.9, period 1, ``--type NC``); the README trains with
    nuclear weight 3e-4.

    Deviations: the period counts optimizer steps globally (the official loop
    uses the batch index, which restarts each epoch); ``p.grad`` is left
    untouched (the official code adds the sub-gradient into it); an all-zero
    weight or filter is left as is with a zero sub-gradient (the official code
    reaches the same through an exception); low-precision weights are factored
    in float32.
    """

    HYPERPARAMS = HYPERPARAMS
    GROUP_KEYS: ClassVar[Mapping[str, object]] = {"low_rank": True}

    def __init__(
        self,
        params: Iterable[Tensor] | Iterable[dict[str, Any]],
        lr: float = 0.1,
        momentum: float = 0.9,
        weight_decay: float = 1e-4,
        dampening: float = 0.0,
        nesterov: bool = False,
        energy_threshold: float = 0.9,
        period: int = 1,
        nuclear_weight: float = 0.0,
        project: bool = True,
        decomposition: str = "channel",
        low_rank: bool = True,
    ) -> None:
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "weight_decay": weight_decay,
            "dampening": dampening,
            "nesterov": nesterov,
            "energy_threshold": energy_threshold,
            "period": period,
            "nuclear_weight": nuclear_weight,
            "project": project,
            "decomposition": decomposition,
            "low_rank": low_rank,
        }
        super().__init__(params, defaults)
        self.low_rank_project()

    @torch.no_grad()
    def low_rank_project(self) -> dict[Tensor, int]:
        """Project every low-rank weight now; return the kept rank per weight.

        In the ``filter`` view the rank reported is the largest over the filters.

        Stores the nuclear sub-gradient for the next :meth:`step` when
        ``nuclear_weight > 0``.
        """
        ranks: dict[Tensor, int] = {}
        for group in self.param_groups:
            self._check(group)
            if not group["low_rank"] or not (group["project"] or group["nuclear_weight"] > 0):
                continue
            dec = group["decomposition"]
            for p in group["params"]:
                if p.dim() < 2:
                    continue
                u, s, vh = _svd(_to_matrices(p, dec))
                r = _energy_ranks(s, group["energy_threshold"])
                ranks[p] = int(r.max())
                if ranks[p] == 0:  # all-zero weight: nothing to project, no sub-gradient
                    continue
                # Truncation as a 0/1 mask, so one batched product serves every filter.
                keep = (torch.arange(s.shape[-1], device=s.device) < r[:, None]).to(s.dtype)
                if group["project"]:
                    low = (u * (s * keep)[:, None, :]) @ vh
                    p.copy_(_from_matrices(low, p, dec))
                if group["nuclear_weight"] > 0:
                    sub = _from_matrices((u * keep[:, None, :]) @ vh, p, dec)
                    self.state[p]["nuclear_subgrad"] = sub.to(p.dtype).contiguous()
        return ranks

    def _update(self, groups: list[GroupGrads]) -> None:
        due = False
        for group, params, grads in groups:
            self._check(group)  # groups may have been edited since the last step
            lr, mu, wd = group["lr"], group["momentum"], group["weight_decay"]
            subgrads = {p: self.state[p].pop("nuclear_subgrad", None) for p in group["params"]}
            states = [self.state[p] for p in group["params"]]
            for state in states:  # every parameter counts steps, with a gradient or not
                if "step" not in state:
                    state["step"] = new_step()
            steps = advance([state["step"] for state in states])
            due = due or (group["low_rank"] and any(t % group["period"] == 0 for t in steps))
            for p, d in zip(params, grads, strict=True):
                state = self.state[p]
                sub = subgrads[p]
                if sub is not None:
                    d = d.add(sub, alpha=group["nuclear_weight"])
                if wd != 0:
                    d = d.add(p, alpha=wd)
                if mu != 0:
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = torch.clone(d).detach()
                        state["momentum_buffer"] = buf
                    else:
                        buf.mul_(mu).add_(d, alpha=1 - group["dampening"])
                    d = d.add(buf, alpha=mu) if group["nesterov"] else buf
                p.add_(d, alpha=-lr)
        if due:
            self.low_rank_project()


# --------------------------------------------------------------------------- factorisation


@dataclass(frozen=True, slots=True)
class LayerFactorization:
    """One layer: its kept rank and its cost before/after (MACs per sample when measured)."""

    name: str
    kind: str
    rank: int
    full_rank: int
    params_before: int
    params_after: int
    flops_before: int | None = None
    flops_after: int | None = None


@dataclass(frozen=True, slots=True)
class FactorizationReport:
    """Whole-model parameter counts and multiply-accumulates (MACs) per sample."""

    layers: tuple[LayerFactorization, ...]
    params_before: int
    params_after: int
    flops_before: int | None = None
    flops_after: int | None = None

    @property
    def param_reduction(self) -> float:
        """params_before / params_after (> 1 means smaller)."""
        return self.params_before / max(self.params_after, 1)

    @property
    def flop_reduction(self) -> float | None:
        if self.flops_before is None or self.flops_after is None:
            return None
        return self.flops_before / max(self.flops_after, 1)


def _rank_for(s: Tensor, energy: float | None, value: float | None, rtol: float) -> int:
    if energy is not None:
        return energy_rank(s, energy)
    if value is not None:
        return int((s >= value).sum())
    return int((s > rtol * s.max()).sum()) if s.numel() and s.max() > 0 else 0


def _split_linear(m: nn.Linear, r: int, u: Tensor, s: Tensor, vh: Tensor) -> nn.Sequential:
    root = s[:r].sqrt()
    first = nn.Linear(m.in_features, r, bias=False, device=m.weight.device, dtype=m.weight.dtype)
    second = nn.Linear(
        r, m.out_features, bias=m.bias is not None, device=m.weight.device, dtype=m.weight.dtype
    )
    first.weight.data.copy_(root[:, None] * vh[:r])
    second.weight.data.copy_(u[:, :r] * root)
    if m.bias is not None and second.bias is not None:
        second.bias.data.copy_(m.bias.data)
    return nn.Sequential(first, second)


def _split_conv(
    m: nn.Conv2d, r: int, u: Tensor, s: Tensor, vh: Tensor, decomposition: str
) -> nn.Sequential:
    n, c, kh, kw = m.weight.shape
    kw_args: dict[str, Any] = {"device": m.weight.device, "dtype": m.weight.dtype}
    has_bias = m.bias is not None
    st = (int(m.stride[0]), int(m.stride[1]))
    dil = (int(m.dilation[0]), int(m.dilation[1]))
    pad_full: str | tuple[int, int]
    pad_h: str | tuple[int, int]
    pad_w: str | tuple[int, int]
    if isinstance(m.padding, str):  # "same"/"valid" apply to each factor as well
        pad_full = pad_h = pad_w = m.padding
    else:
        pad_full = (int(m.padding[0]), int(m.padding[1]))
        pad_h, pad_w = (pad_full[0], 0), (0, pad_full[1])
    if decomposition == "spatial":
        # W[n,c,y,x] = sum_r V[(c,y),r] s_r H[r,(n,x)]: a (kh x 1) conv then a (1 x kw) conv.
        first = nn.Conv2d(
            c,
            r,
            (kh, 1),
            stride=(st[0], 1),
            padding=pad_h,
            dilation=(dil[0], 1),
            bias=False,
            **kw_args,
        )
        second = nn.Conv2d(
            r,
            n,
            (1, kw),
            stride=(1, st[1]),
            padding=pad_w,
            dilation=(1, dil[1]),
            bias=has_bias,
            **kw_args,
        )
        first.weight.data.copy_(u[:, :r].reshape(c, kh, r).permute(2, 0, 1).unsqueeze(-1))
        h = s[:r, None] * vh[:r]
        second.weight.data.copy_(h.reshape(r, n, kw).permute(1, 0, 2).unsqueeze(2))
    else:
        # W[n,:] = sum_r N[n,r] sqrt(s_r) sqrt(s_r) C[r,:]: a full conv to r channels, then 1x1.
        root = s[:r].sqrt()
        first = nn.Conv2d(
            c, r, (kh, kw), stride=st, padding=pad_full, dilation=dil, bias=False, **kw_args
        )
        second = nn.Conv2d(r, n, 1, bias=has_bias, **kw_args)
        first.weight.data.copy_((root[:, None] * vh[:r]).reshape(r, c, kh, kw))
        second.weight.data.copy_((u[:, :r] * root).reshape(n, r, 1, 1))
    if m.bias is not None and second.bias is not None:
        second.bias.data.copy_(m.bias.data)
    return nn.Sequential(first, second)


def _set_module(root: nn.Module, name: str, new: nn.Module) -> None:
    parent_name, _, leaf = name.rpartition(".")
    parent = root.get_submodule(parent_name) if parent_name else root
    setattr(parent, leaf, new)


def _macs(model: nn.Module, example_input: Tensor) -> dict[str, int]:
    """Multiply-accumulates per sample of every Linear/Conv2d, measured with forward hooks."""
    out: dict[str, int] = {}
    batch = example_input.shape[0]
    handles = []

    def hook(name: str) -> Callable[[nn.Module, Any, Tensor], None]:
        def fn(mod: nn.Module, _inp: Any, y: Tensor) -> None:
            if isinstance(mod, nn.Conv2d):
                per_out = (mod.in_channels // mod.groups) * mod.kernel_size[0] * mod.kernel_size[1]
            else:
                assert isinstance(mod, nn.Linear)
                per_out = mod.in_features
            out[name] = out.get(name, 0) + per_out * y.numel() // batch

        return fn

    for name, mod in model.named_modules():
        if isinstance(mod, nn.Linear | nn.Conv2d):
            handles.append(mod.register_forward_hook(hook(name)))
    try:
        with torch.no_grad():
            model(example_input)
    finally:
        for h in handles:
            h.remove()
    return out


@torch.no_grad()
def factorize(
    model: nn.Module,
    *,
    energy_threshold: float | None = None,
    value_threshold: float | None = None,
    rtol: float = 1e-6,
    decomposition: str = "channel",
    include_linear: bool = True,
    skip_first_conv: bool = True,
    only_if_smaller: bool = True,
    example_input: Tensor | None = None,
) -> tuple[nn.Module, FactorizationReport]:
    """Split each TRP layer of a trained model into two smaller layers (``decompose.py``).

    Returns a factorised deep copy (``model`` is untouched) and a report.
    Selection follows :func:`trp_param_groups`. The rank of a layer is chosen
    by ``energy_threshold`` (``EnergyThreshold``), else ``value_threshold``
    (keep ``sigma >= value``: the intent of the official ``ValueThreshold``,
    whose loop returns the last index below the value), else the numerical
    rank ``sigma > rtol * sigma_max`` (lossless on a TRP-projected weight).
    Linear: ``Linear(in, r) -> Linear(r, out)``; Conv2d ``channel``:
    ``Conv(C, r, k) -> Conv(r, N, 1x1)``; ``spatial``: ``Conv(C, r, kh x 1) ->
    Conv(r, N, 1 x kw)``. Pass ``example_input`` to measure MACs per sample.

    Deviations: stride, padding and dilation of the original conv are carried
    over (the official code splits only stride-1 convs, with padding 1);
    grouped convs are skipped; the ``filter`` (ND, network decoupling)
    factorisation is not offered; with ``only_if_smaller`` a layer is kept whole
    when the split would not have fewer parameters.
    """
    if decomposition not in FACTORIZATIONS:
        raise ValidationError.single(
            "decomposition", f"must be one of {', '.join(FACTORIZATIONS)} to factorise"
        )
    new = copy.deepcopy(model)
    groups = trp_param_groups(new, include_linear=include_linear, skip_first_conv=skip_first_conv)
    targets = {id(p) for p in groups[0]["params"]}
    names = [
        (name, mod)
        for name, mod in new.named_modules()
        if isinstance(mod, nn.Linear | nn.Conv2d) and id(mod.weight) in targets
    ]
    macs_before = _macs(new, example_input) if example_input is not None else None
    layers = []
    for name, mod in names:
        if isinstance(mod, nn.Conv2d) and mod.groups != 1:
            continue
        w = mod.weight
        mat = _to_matrices(w, decomposition)[0]
        u, s, vh = _svd(mat)
        r = max(_rank_for(s, energy_threshold, value_threshold, rtol), 1)
        before = w.numel()
        rows, cols = mat.shape
        after = r * (rows + cols)  # both factors, either view
        if only_if_smaller and after >= before:
            continue
        u, s, vh = u.to(w.dtype), s.to(w.dtype), vh.to(w.dtype)
        if isinstance(mod, nn.Linear):
            split = _split_linear(mod, r, u, s, vh)
        else:
            split = _split_conv(mod, r, u, s, vh, decomposition)
        _set_module(new, name, split)
        layers.append((name, type(mod).__name__, r, min(rows, cols), before, after))
    macs_after = _macs(new, example_input) if example_input is not None else None

    def total(x: dict[str, int] | None) -> int | None:
        return None if x is None else sum(x.values())

    report_layers = []
    for name, kind, r, full, before, after in layers:
        fb = macs_before.get(name) if macs_before is not None else None
        fa = None
        if macs_after is not None:
            fa = macs_after.get(f"{name}.0", 0) + macs_after.get(f"{name}.1", 0)
        report_layers.append(LayerFactorization(name, kind, r, full, before, after, fb, fa))
    report = FactorizationReport(
        layers=tuple(report_layers),
        params_before=sum(p.numel() for p in model.parameters()),
        params_after=sum(p.numel() for p in new.parameters()),
        flops_before=total(macs_before),
        flops_after=total(macs_after),
    )
    return new, report
