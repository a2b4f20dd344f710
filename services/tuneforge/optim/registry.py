"""The optimizer catalogue: names, classes, hyperparameters, and config validation.

Services validate a job's ``optimizer`` block with :func:`validate_config`
(every bad field is reported at once, as
``optimizer.hyperparameters.<name>``), build the optimizer with
:func:`build`, and publish :func:`catalogue` (plain JSON-able dicts).

Entries name their class by import path and are resolved on use (by
:func:`build`, in the worker). Everything else reads the declarations of
:mod:`tuneforge.optim.schemas`, so this module imports without torch: the
control plane validates jobs and publishes the catalogue on a torch-free
install. An entry without a declaration, or whose tuneforge module is missing
from this build, is reported unavailable instead of breaking the catalogue.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tuneforge.errors import ValidationError, Violations
from tuneforge.optim import schemas
from tuneforge.optim._spec import HParam, collect


@dataclass(frozen=True, slots=True)
class OptimizerSpec:
    """One catalogue entry; ``kind`` is ``optimizer`` or ``batch_controller``.

    ``family`` is the geometry of the update, which decides the rules built on it:
    ``sgd`` (the raw gradient; l2 norms are refined, the linear batch rule, the
    stability bound of SGD applies), ``adaptive`` (a preconditioned or normalised
    gradient; l1 norms, the square-root rule) or ``derivative_free`` (no gradient).
    """

    name: str
    module: str
    cls: str
    paper: str
    summary: str
    kind: str = "optimizer"
    family: str = "adaptive"

    def load(self) -> Any:
        """The class (imports its module)."""
        return getattr(importlib.import_module(self.module), self.cls)

    @property
    def hyperparams(self) -> tuple[HParam, ...]:
        """The declaration (:mod:`~tuneforge.optim.schemas`); ImportError if unavailable."""
        params = schemas.BY_NAME.get(self.name)
        if params is None:
            raise ImportError(f"no hyperparameters declared for {self.name!r}")
        # Our own modules are located, not imported (that would import torch); torch's
        # are the worker's dependency and never looked at here.
        if self.module.startswith(_P) and importlib.util.find_spec(self.module) is None:
            raise ImportError(f"no module named {self.module!r}")
        return params


_P = "tuneforge.optim."
_TORCH = "torch.optim"
SPECS: dict[str, OptimizerSpec] = {
    s.name: s
    for s in (
        OptimizerSpec("diffgrad", _P + "diffgrad", "DiffGrad",
                      "Dubey et al., diffGrad (IEEE TNNLS 2020)",
                      "Adam with a per-coordinate friction sigmoid(|g_prev - g|)"),
        OptimizerSpec("adabelief", _P + "adabelief", "AdaBelief",
                      "Zhuang et al., AdaBelief (NeurIPS 2020)",
                      "Adam with the belief (g - m)^2 as second moment; rectified, decoupled"),
        OptimizerSpec("mfac", _P + "mfac", "MFAC",
                      "Frantar, Kurtic, Alistarh, M-FAC (NeurIPS 2021)",
                      "inverse empirical Fisher of the last m gradients times the gradient"),
        OptimizerSpec("frugal", _P + "frugal", "FRUGAL",
                      "Zmushko et al., FRUGAL (ICML 2025)",
                      "Adam(W) on a rho-dense subspace, signSGD on the rest: low state memory"),
        OptimizerSpec("trp", _P + "trp", "TrainedRankPruning",
                      "Xu et al., Trained Rank Pruning (IJCAI 2020)",
                      "SGD with periodic energy-threshold low-rank projection of layers",
                      family="sgd"),
        OptimizerSpec("adagrad_norm", _P + "adagradnorm", "AdaGradNorm",
                      "Lau et al., AdAdaGrad (2024); Ward et al., AdaGrad-Norm",
                      "scalar AdaGrad step eta / sqrt(sum ||g||^2)"),
        OptimizerSpec("cbo", _P + "cbo", "CBO",
                      "Riedl et al., Gradient is All You Need? (2023)",
                      "derivative-free consensus-based optimisation over particles",
                      family="derivative_free"),
        OptimizerSpec("sso", _P + "sso", "SSO",
                      "Lavington et al., target-based surrogates (ICML 2023)",
                      "one target-space gradient, then m cheap steps on a surrogate",
                      family="sgd"),
        OptimizerSpec("sgd", _TORCH, "SGD",
                      "Robbins & Monro (1951); Nesterov momentum as in Sutskever et al. (2013)",
                      "torch's stochastic gradient descent with (Nesterov) momentum",
                      family="sgd"),
        OptimizerSpec("adam", _TORCH, "Adam",
                      "Kingma & Ba, Adam (ICLR 2015); AMSGrad: Reddi et al. (ICLR 2018)",
                      "torch's Adam: bias-corrected first and second moment estimates"),
        OptimizerSpec("adamw", _TORCH, "AdamW",
                      "Loshchilov & Hutter, Decoupled Weight Decay Regularization (ICLR 2019)",
                      "torch's AdamW: Adam with weight decay decoupled from the gradient"),
        OptimizerSpec("adaptive_batch", _P + "adaptive_batch", "AdaptiveBatchSize",
                      "Lau et al., AdAdaGrad (2024)",
                      "norm / inner-product tests that grow the batch size",
                      kind="batch_controller"),
    )
}  # fmt: skip


def names(kind: str = "optimizer", *, with_torch: bool = True) -> tuple[str, ...]:
    """Catalogue names of one kind, in catalogue order; ``with_torch=False`` leaves out
    torch.optim's entries (tuneforge's own, whose constructors share the declarations)."""
    return tuple(
        n for n, s in SPECS.items() if s.kind == kind and (with_torch or s.module != _TORCH)
    )


def available(kind: str = "optimizer") -> tuple[str, ...]:
    """The names whose module imports in this build."""
    out = []
    for n in names(kind):
        try:
            _ = SPECS[n].hyperparams
        except ImportError:
            continue
        out.append(n)
    return tuple(out)


def get(name: str, field: str = "optimizer.name") -> OptimizerSpec:
    """The spec of ``name``; ValidationError (on ``field``) if unknown."""
    spec = SPECS.get(name)
    if spec is None:
        raise ValidationError.single(
            field, f"unknown optimizer {name!r}; one of {', '.join(SPECS)}", "UNKNOWN_OPTIMIZER"
        )
    return spec


def validate_config(
    name: str, hyperparameters: Mapping[str, object] | None = None, prefix: str = "optimizer"
) -> dict[str, object]:
    """The full hyperparameter dict (defaults filled in) of a valid config.

    Raises :class:`~tuneforge.errors.ValidationError` listing every bad field:
    ``{prefix}.name`` for an unknown or unavailable optimizer,
    ``{prefix}.hyperparameters.{key}`` (``...betas[1]`` inside pairs) for
    unknown keys, wrong types, out-of-range values and broken relations
    between values; the constructors apply the same declarations
    (:func:`~tuneforge.optim._spec.check_hyperparams`).
    """
    spec = get(name, f"{prefix}.name")
    try:
        params = spec.hyperparams
    except ImportError as exc:
        raise ValidationError.single(
            f"{prefix}.name", f"optimizer {name!r} is not available: {exc}", "UNAVAILABLE"
        ) from exc
    given = dict(hyperparameters or {})
    v = Violations()
    known = {h.name for h in params}
    for key in given:
        v.check(key in known, f"{prefix}.hyperparameters.{key}", f"unknown for {name}", "UNKNOWN")
    config = {h.name: given.get(h.name, h.default) for h in params}
    out = collect(params, config, v, f"{prefix}.hyperparameters.")
    v.raise_if_any()
    return out


def build(
    name: str, params: Iterable[Any], hyperparameters: Mapping[str, object] | None = None
) -> Any:
    """Validate and construct ``name`` over ``params`` (tensors or param groups)."""
    config = validate_config(name, hyperparameters)
    return get(name).load()(params, **config)


def _hparam_dict(h: HParam) -> dict[str, object]:
    default = list(h.default) if isinstance(h.default, tuple) else h.default
    return {
        "name": h.name,
        "kind": h.kind,
        "default": default,
        "help": h.help,
        "low": h.low,
        "high": h.high,
        "open_low": h.open_low,
        "open_high": h.open_high,
        "log": h.log,
        "choices": list(h.choices),
    }


def catalogue() -> list[dict[str, object]]:
    """Every available entry as a JSON-able dict, for services to publish."""
    out: list[dict[str, object]] = []
    for spec in SPECS.values():
        try:
            params = spec.hyperparams
        except ImportError:
            continue
        out.append(
            {
                "name": spec.name,
                "kind": spec.kind,
                "class": f"{spec.module}.{spec.cls}",
                "paper": spec.paper,
                "summary": spec.summary,
                "hyperparameters": [_hparam_dict(h) for h in params],
            }
        )
    return out
