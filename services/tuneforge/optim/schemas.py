"""Every optimizer's hyperparameter declaration: the torch-free half of the catalogue.

The control plane validates jobs against these without importing torch; each
optimizer module imports its declaration from here (as ``HYPERPARAMS``) and its
constructor checks its arguments against it, so this is the one source of truth.
torch's SGD, Adam and AdamW are declared here too, with torch's defaults and the
ranges their constructors accept.
"""

from __future__ import annotations

from tuneforge.optim._spec import HParam

# choice values, shared with the modules that branch on them
SCOPES = ("group", "tensor", "row")  # adagrad_norm
TESTS = ("norm", "inner_product", "augmented")  # adaptive_batch
NOISES = ("isotropic", "anisotropic")  # cbo
GALORE = ("svd", "random", "randperm")  # frugal projections ...
COORDINATES = ("columns", "rows", "randk")
PROJECTIONS = (*GALORE, *COORDINATES, "block")
BLOCK_ORDERS = ("random", "ascending", "descending", "mirror")
PROJ_SIDES = ("std", "reverse_std", "left", "right")
STATE_FULL = ("adamw", "adam")
STATE_FREE = ("sign_sgd", "sgd", "none")
ETA_SCHEDULES = ("constant", "stochastic", "exponential")  # sso
DECOMPOSITIONS = ("channel", "spatial", "filter")  # trp

# tuneforge.optim.diffgrad
DIFFGRAD: tuple[HParam, ...] = (
    HParam("lr", "float", 1e-3, "learning rate", low=0.0, open_low=True, log=True),
    HParam("betas", "float_pair", (0.9, 0.999), "moment decay rates", low=0.0, high=1.0,
           open_high=True),
    HParam("eps", "float", 1e-8, "added to sqrt(v)", low=0.0, log=True),
    HParam("weight_decay", "float", 0.0, "L2 penalty added to the gradient", low=0.0),
)  # fmt: skip

# tuneforge.optim.adabelief
ADABELIEF: tuple[HParam, ...] = (
    HParam("lr", "float", 1e-3, "learning rate", low=0.0, open_low=True, log=True),
    HParam("betas", "float_pair", (0.9, 0.999), "moment decay rates", low=0.0, high=1.0,
           open_high=True),
    HParam("eps", "float", 1e-16, "added into the second moment and the denominator", low=0.0,
           log=True),
    HParam("weight_decay", "float", 0.0, "weight decay", low=0.0),
    HParam("amsgrad", "bool", False, "use the running maximum of the second moment"),
    HParam("weight_decouple", "bool", True, "decoupled (AdamW-style) weight decay"),
    HParam("fixed_decay", "bool", False, "decay by weight_decay, not lr * weight_decay"),
    HParam("rectify", "bool", True, "RAdam rectification of the step"),
    HParam("degenerated_to_sgd", "bool", True, "SGD step while the variance is intractable"),
)  # fmt: skip

# tuneforge.optim.mfac
MFAC: tuple[HParam, ...] = (
    HParam("lr", "float", 1e-3, "learning rate", low=0.0, open_low=True, log=True),
    HParam("momentum", "float", 0.0, "momentum on the preconditioned step", low=0.0, high=1.0,
           open_high=True),
    HParam("weight_decay", "float", 0.0, "L2 penalty added to the gradient", low=0.0),
    HParam("ngrads", "int", 1024, "gradient window m", low=1, high=4096),
    HParam("damp", "float", 1e-5, "Fisher damping lambda", low=0.0, open_low=True, log=True),
)  # fmt: skip

# tuneforge.optim.frugal
FRUGAL: tuple[HParam, ...] = (
    HParam("lr", "float", 1e-3, "learning rate", low=0.0, open_low=True, log=True),
    HParam("betas", "float_pair", (0.9, 0.999), "Adam moment decay rates", low=0.0, high=1.0,
           open_high=True),
    HParam("eps", "float", 1e-8, "Adam denominator epsilon", low=0.0, log=True),
    HParam("weight_decay", "float", 0.01, "weight decay", low=0.0),
    HParam("density", "float", 0.25, "fraction rho of the state-full subspace", low=0.0,
           high=1.0),
    HParam("update_gap", "int", 200, "steps between projector refreshes", low=1),
    HParam("projection", "choice", "block", "how the subspace is chosen", choices=PROJECTIONS),
    HParam("block_order", "choice", "descending", "block projection order",
           choices=BLOCK_ORDERS),
    HParam("proj_side", "choice", "std", "GaLore projection side", choices=PROJ_SIDES),
    HParam("state_full", "choice", "adamw", "state-full optimizer", choices=STATE_FULL),
    HParam("state_free", "choice", "sign_sgd", "state-free update rule", choices=STATE_FREE),
    HParam("inactive_lr_scale", "float", 1.0, "state-free lr multiplier", low=0.0),
    HParam("proj_lr_scale", "float", 1.0, "lr multiplier on projected params", low=0.0),
    HParam("reset_statistics", "bool", True, "zero the Adam state at each refresh"),
)  # fmt: skip

# tuneforge.optim.trp
TRP: tuple[HParam, ...] = (
    HParam("lr", "float", 0.1, "SGD learning rate", low=0.0, open_low=True, log=True),
    HParam("momentum", "float", 0.9, "SGD momentum", low=0.0, high=1.0, open_high=True),
    HParam("weight_decay", "float", 1e-4, "L2 penalty (coupled, as torch SGD)", low=0.0),
    HParam("dampening", "float", 0.0, "SGD dampening", low=0.0, high=1.0),
    HParam(
        "nesterov",
        "bool",
        False,
        "Nesterov momentum",
        requires=(
            lambda c: not c["nesterov"] or (c["momentum"] > 0 and c["dampening"] == 0),
            "needs momentum > 0 and dampening 0",
        ),
    ),
    HParam(
        "energy_threshold",
        "float",
        0.9,
        "kept fraction of sum(sigma^2) per layer",
        low=0.0,
        high=1.0,
        open_low=True,
        open_high=True,
    ),
    HParam("period", "int", 1, "project every this many steps (official -dp)", low=1),
    HParam(
        "nuclear_weight",
        "float",
        0.0,
        "lambda of the nuclear-norm sub-gradient (README 3e-4)",
        low=0.0,
    ),
    HParam("project", "bool", True, "replace weights by their low-rank projection (--trp)"),
    HParam(
        "decomposition",
        "choice",
        "channel",
        "matrix view of a conv kernel: channel (N, C*kh*kw) or spatial (C*kh, N*kw)",
        choices=DECOMPOSITIONS,
    ),
)

# tuneforge.optim.adagradnorm
ADAGRAD_NORM: tuple[HParam, ...] = (
    HParam("lr", "float", 1.0, "step size eta (x -= eta g / b)", low=0.0, open_low=True, log=True),
    HParam(
        "initial_accumulator_value",
        "float",
        1e-2,
        "b_0^2, the initial value of the sum of squared gradient norms",
        low=0.0,
    ),
    HParam(
        "eps",
        "float",
        1e-10,
        "added to b = sqrt(sum) before dividing",
        low=0.0,
        requires=(
            lambda c: c["eps"] > 0 or c["initial_accumulator_value"] > 0,
            "eps or initial_accumulator_value must be > 0",
        ),
    ),
    HParam("weight_decay", "float", 0.0, "L2 penalty added to the gradient", low=0.0),
    HParam(
        "momentum",
        "float",
        0.0,
        "EMA factor of the gradient (repo option)",
        low=0.0,
        high=1.0,
        open_high=True,
    ),
    HParam(
        "scope",
        "choice",
        "group",
        "one accumulator per group (paper), per tensor, or per output row (official repo)",
        choices=SCOPES,
    ),
)

# tuneforge.optim.cbo
CBO: tuple[HParam, ...] = (
    HParam("lr", "float", 0.01, "time step dt", low=0.0, open_low=True, log=True),
    HParam("num_particles", "int", 20, "N, particles (model copies) evaluated per step", low=2),
    HParam(
        "alpha",
        "float",
        1.0,
        "inverse temperature of the consensus weights",
        low=0.0,
        open_low=True,
        log=True,
    ),
    HParam("sigma", "float", 5.1, "noise strength", low=0.0),
    HParam("lamda", "float", 1.0, "drift strength towards the consensus", low=0.0),
    HParam(
        "noise",
        "choice",
        "isotropic",
        "isotropic ||x-c|| xi or anisotropic (x-c)*xi",
        choices=NOISES,
    ),
    HParam("init_std", "float", 1.0, "std of the initial particles around the parameters", low=0.0),
)

# tuneforge.optim.sso
SSO: tuple[HParam, ...] = (
    HParam("m", "int", 1, "inner steps on the surrogate per outer step", low=1),
    HParam(
        "eta",
        "float",
        1e3,
        "surrogate scale: surr = mean(a*f/eta + (f-z)^2)",
        low=0.0,
        open_low=True,
        log=True,
    ),
    HParam(
        "eta_schedule",
        "choice",
        "constant",
        "eta, eta*sqrt(t) or eta*T^(t/T)",
        choices=ETA_SCHEDULES,
    ),
    HParam("total_steps", "int", 1000, "T of the exponential schedule", low=1),
    HParam(
        "inner_lr",
        "float",
        0.1,
        "learning rate of the default inner SGD",
        low=0.0,
        open_low=True,
        log=True,
    ),
    HParam("reset_inner", "bool", True, "clear the inner optimizer's state every outer step"),
)

# tuneforge.optim.adaptive_batch
ADAPTIVE_BATCH: tuple[HParam, ...] = (
    HParam("test", "choice", "norm", "which adaptive-sampling test grows the batch", choices=TESTS),
    HParam(
        "eta",
        "float",
        0.1,
        "norm-test constant (paper: 0.1 MNIST, 0.25/0.5 ResNets)",
        low=0.0,
        open_low=True,
    ),
    HParam("theta", "float", 0.5, "inner-product-test constant", low=0.0, open_low=True),
    HParam(
        "nu", "float", 1.0, "orthogonality-test constant (augmented test)", low=0.0, open_low=True
    ),
    HParam("initial_batch_size", "int", 2, "b_0", low=2),
    HParam(
        "max_batch_size",
        "int",
        50000,
        "b_max (the batch never grows past it)",
        low=2,
        requires=(
            lambda c: c["max_batch_size"] >= c["initial_batch_size"],
            "must be >= initial_batch_size",
        ),
    ),
    HParam("max_test_samples", "int", 2000, "samples used for per-sample gradients", low=2),
    HParam("test_interval", "int", 1, "run the test every this many updates", low=1),
)

# torch.optim, as torch 2.x constructs them (their ValueError checks, made declarative)
SGD: tuple[HParam, ...] = (
    HParam("lr", "float", 1e-3, "learning rate", low=0.0, log=True),
    HParam("momentum", "float", 0.0, "momentum factor", low=0.0),
    HParam("dampening", "float", 0.0, "dampening of the momentum", low=0.0, high=1.0),
    HParam("weight_decay", "float", 0.0, "L2 penalty added to the gradient", low=0.0),
    HParam(
        "nesterov",
        "bool",
        False,
        "Nesterov momentum",
        requires=(
            lambda c: not c["nesterov"] or (c["momentum"] > 0 and c["dampening"] == 0),
            "needs momentum > 0 and dampening 0",
        ),
    ),
)


def _adam(weight_decay: float, decay_help: str) -> tuple[HParam, ...]:
    return (
        HParam("lr", "float", 1e-3, "learning rate", low=0.0, log=True),
        HParam("betas", "float_pair", (0.9, 0.999), "moment decay rates", low=0.0, high=1.0,
               open_high=True),
        HParam("eps", "float", 1e-8, "added to sqrt(v)", low=0.0, log=True),
        HParam("weight_decay", "float", weight_decay, decay_help, low=0.0),
        HParam("amsgrad", "bool", False, "use the running maximum of the second moment"),
    )  # fmt: skip


ADAM = _adam(0.0, "L2 penalty added to the gradient")
ADAMW = _adam(1e-2, "decoupled weight decay")

# by catalogue name (tuneforge.optim.registry.SPECS)
BY_NAME: dict[str, tuple[HParam, ...]] = {
    "diffgrad": DIFFGRAD,
    "adabelief": ADABELIEF,
    "mfac": MFAC,
    "frugal": FRUGAL,
    "trp": TRP,
    "adagrad_norm": ADAGRAD_NORM,
    "cbo": CBO,
    "sso": SSO,
    "adaptive_batch": ADAPTIVE_BATCH,
    "sgd": SGD,
    "adam": ADAM,
    "adamw": ADAMW,
}
