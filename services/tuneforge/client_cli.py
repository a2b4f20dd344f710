"""``tuneforge studies|sequences|transport ...``: the tuner's services from a shell.

Client commands, like ``jobs`` and ``sweeps`` (:mod:`tuneforge.trainer.cli`): they
talk to a server through the SDK (``--server``, the TLS and token flags, or
``TUNEFORGE_SERVER``/``TUNEFORGE_TOKEN``), print a table, or with ``--json``
protobuf's JSON mapping (field names as in the ``.proto``, every field present;
a list prints as a JSON array). Exit codes: 0 done, 1 the server refused the call
(``tuneforge: <CODE>: <message>``, then one line per bad field), 2 a bad file or flag.

StudyService (ask/tell hyperparameter search)::

    tuneforge studies create study.yaml               # a CreateStudyRequest, .yaml/.json
    tuneforge studies create --name mlp --float lr=1e-5:0.1:log --categorical opt=sgd,adam
    tuneforge studies ask mlp --count 2 --client-id w1
    tuneforge studies tell mlp 0 0.37                 # or: tell mlp 1 --state pruned
    tuneforge studies best mlp                        # the best trial, or the Pareto front
    tuneforge studies list

RelaxationService (the SOR omega of a sequence of linear systems)::

    tuneforge sequences create heat --context-lower 0 --context-upper 1
    tuneforge sequences suggest heat --context 0.3    # prints the suggestion id
    tuneforge sequences report heat sug-... 118       # iterations; --not-converged
    tuneforge sequences best heat --context 0.3       # recommendation and evidence
    tuneforge sequences list

TransportService (entropic optimal transport)::

    tuneforge transport solve --npz problem.npz --epsilon 0.1   # arrays a, b, cost (or x, y)
    tuneforge transport solve --a a.npy --b b.npy --cost C.npy --epsilon 0.05 \\
        --method sns --tolerance 1e-9 --plan plan.npy

``transport solve`` reads ``.npy``/``.npz`` files with numpy (the server extra);
on a terminal it shows a spinner with the elapsed time on stderr while it waits.
"""

from __future__ import annotations

import argparse
import math
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

from tuneforge.trainer.cli import (
    Command,
    HelpFormatter,
    _number,
    _run,
    _table,
    add_client_flags,
    as_dict,
    print_json,
)

if TYPE_CHECKING:
    from tuneforge.v1 import common_pb2
    from tuneforge.v1 import relaxation_service_pb2 as relax_pb
    from tuneforge.v1 import study_service_pb2 as study_pb
    from tuneforge_client import Client

SAMPLERS = ("tpe", "gp", "cmaes", "nsga2", "qmc", "random", "grid")
PRUNERS = ("median", "percentile", "successive_halving", "hyperband", "none")
TELL_STATES = {"complete": "complete", "pruned": "pruned", "fail": "fail", "failed": "fail"}


# -- output -----------------------------------------------------------------------------


def _fields(pairs: list[tuple[str, str]]) -> str:
    """``key  value`` lines, the values aligned."""
    width = max(len(k) for k, _ in pairs)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in pairs)


def _created(seconds: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))


def _floats(values: Any) -> str:
    return " ".join(_number(v) for v in values) or "-"


def _spinner_frames() -> Iterator[str]:
    while True:
        yield from "|/-\\"


class Spinner:
    """``| solving  1.2 s`` redrawn on ``out`` while a call runs, only on a terminal."""

    def __init__(self, out: TextIO, what: str, interval: float = 0.1) -> None:
        self.out, self.what, self.interval = out, what, interval
        self.live = out.isatty()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._spin, daemon=True)
        self._start = time.monotonic()

    def __enter__(self) -> Spinner:
        if self.live:
            self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.live:
            self._done.set()
            self._thread.join()

    def _spin(self) -> None:
        width = 0
        for frame in _spinner_frames():
            if self._done.wait(self.interval):
                break
            line = f"{frame} {self.what}  {time.monotonic() - self._start:.1f} s"
            width = max(width, len(line))
            self.out.write("\r" + line)
            self.out.flush()
        self.out.write("\r" + " " * width + "\r")
        self.out.flush()


# -- studies ----------------------------------------------------------------------------


def _value(text: str) -> bool | int | float | str:
    """A categorical choice: ``true``/``false``, an int, a float, or else the string."""
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _named(text: str) -> tuple[str, str]:
    name, eq, rest = text.partition("=")
    if not eq or not name or not rest:
        raise argparse.ArgumentTypeError(f"expected NAME=..., not {text!r}")
    return name, rest


def _range_param(kind: str) -> Callable[[str], common_pb2.ParameterSpec]:
    """An argparse type: ``NAME=LOW:HIGH[:log][:step=S]`` as a float or int ParameterSpec."""

    def parse(text: str) -> common_pb2.ParameterSpec:
        from tuneforge_client.studies import float_param, int_param

        name, rest = _named(text)
        low, high, *extra = [*rest.split(":"), ""] if ":" not in rest else rest.split(":")
        number = float if kind == "float" else int
        try:  # no ":" leaves HIGH empty: a ValueError
            bounds = number(low), number(high)
            steps = [number(e.removeprefix("step=")) for e in extra if e.startswith("step=")]
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r}: expected NAME=LOW:HIGH[:log][:step=S] with {kind} bounds"
            ) from None
        if unknown := [e for e in extra if e != "log" and not e.startswith("step=")]:
            raise argparse.ArgumentTypeError(f"{text!r}: unknown option {unknown[0]!r}")
        log, step = "log" in extra, steps[-1] if steps else 0
        if kind == "float":
            return float_param(name, float(bounds[0]), float(bounds[1]), log=log, step=step)
        return int_param(name, int(bounds[0]), int(bounds[1]), log=log, step=int(step))

    return parse


def _categorical(text: str) -> common_pb2.ParameterSpec:
    from tuneforge_client.studies import categorical

    name, rest = _named(text)
    return categorical(name, [_value(c) for c in rest.split(",")])


def _objective(text: str) -> tuple[str, str]:
    """``[NAME=]minimize|maximize``."""
    name, eq, direction = text.rpartition("=")
    if direction.lower() not in ("minimize", "maximize", "min", "max"):
        raise argparse.ArgumentTypeError(f"{text!r}: expected [NAME=]minimize or [NAME=]maximize")
    if eq and not name:
        raise argparse.ArgumentTypeError(f"{text!r}: an empty objective name")
    return name, "maximize" if direction.lower().startswith("max") else "minimize"


def _tell_state(text: str) -> str:
    if text.lower() not in TELL_STATES:
        raise argparse.ArgumentTypeError(f"{text!r}: choose from complete, pruned, failed")
    return TELL_STATES[text.lower()]


def study_request(args: argparse.Namespace) -> study_pb.CreateStudyRequest:
    """The file's CreateStudyRequest (or an empty one) with the flags applied on top."""
    from tuneforge.v1 import common_pb2
    from tuneforge.v1 import study_service_pb2 as study_pb
    from tuneforge_client.trainer import message_of

    request = study_pb.CreateStudyRequest()
    if args.file:
        message_of(args.file, request)
    if args.name:
        request.name = args.name
    request.search_space.extend(args.params)
    if args.objectives:
        del request.objectives[:]
        for name, direction in args.objectives:
            value = common_pb2.Direction.Value("DIRECTION_" + direction.upper())
            request.objectives.append(study_pb.Objective(name=name, direction=value))
    elif not request.objectives:
        request.objectives.append(study_pb.Objective(direction=common_pb2.DIRECTION_MINIMIZE))
    if args.sampler:
        getattr(request.sampler, args.sampler).SetInParent()
    if args.seed is not None:
        request.sampler.seed = args.seed
    if args.pruner:
        getattr(request.pruner, args.pruner).SetInParent()
    request.constraints.extend(args.constraint)
    if args.load_if_exists:
        request.load_if_exists = True
    return request


def _params(trial: study_pb.Trial) -> str:
    from tuneforge_client.studies import params_of

    return " ".join(f"{k}={v}" for k, v in sorted(params_of(trial).items())) or "-"


def _trial_name(trial: study_pb.Trial) -> str:
    return str(trial.number) + (
        f" (retry of {trial.retried_trial})" if trial.HasField("retried_trial") else ""
    )


def _trial_state(trial: study_pb.Trial) -> str:
    from tuneforge.v1 import study_service_pb2 as study_pb

    return study_pb.TrialState.Name(trial.state).removeprefix("TRIAL_STATE_")


def _studies_table(studies: list[study_pb.Study]) -> str:
    from tuneforge.v1 import common_pb2

    def objectives(s: study_pb.Study) -> str:
        return " ".join(
            (f"{o.name}:" if o.name else "")
            + ("max" if o.direction == common_pb2.DIRECTION_MAXIMIZE else "min")
            for o in s.objectives
        )

    def trials(s: study_pb.Study) -> str:
        c = s.trial_counts
        counts = [
            ("complete", c.complete),
            ("running", c.running),
            ("waiting", c.waiting),
            ("pruned", c.pruned),
            ("fail", c.fail),
        ]
        return ", ".join(f"{n} {k}" for k, n in counts if n) or "0"

    rows = [
        [
            s.name,
            str(s.id),
            objectives(s),
            str(len(s.search_space)),
            trials(s),
            _created(s.create_time.seconds),
        ]
        for s in studies
    ]
    return _table(["NAME", "ID", "OBJECTIVES", "PARAMS", "TRIALS", "CREATED"], rows)


def _studies_create(tf: Client, args: argparse.Namespace) -> int:
    request = study_request(args)
    study = tf.create_study_from(request)  # the whole request: every sampler option
    if args.json:
        print_json(as_dict(study))
    else:
        print(_studies_table([study]))
    return 0


def _studies_ask(tf: Client, args: argparse.Namespace) -> int:
    trials = tf.ask(args.study, count=args.count, client_id=args.client_id)
    if args.json:
        print_json([as_dict(t) for t in trials])
    elif trials:
        print(_table(["TRIAL", "PARAMS"], [[_trial_name(t), _params(t)] for t in trials]))
    return 0


def _studies_tell(tf: Client, args: argparse.Namespace) -> int:
    trial = tf.tell(
        args.study,
        args.trial,
        args.values,
        state=args.state,
        constraint_values=args.constraint_values,
    )
    if args.json:
        print_json(as_dict(trial))
    else:
        values = f"  values {_floats(trial.values)}" if trial.values else ""
        print(f"trial {trial.number} {_trial_state(trial)}{values}")
    return 0


def _studies_best(tf: Client, args: argparse.Namespace) -> int:
    trials = tf.get_best_trials(args.study)
    if args.json:
        print_json([as_dict(t) for t in trials])
    elif trials:
        rows = [[str(t.number), _floats(t.values), _params(t)] for t in trials]
        print(_table(["TRIAL", "VALUES", "PARAMS"], rows))
    return 0


def _studies_list(tf: Client, args: argparse.Namespace) -> int:
    studies: list[study_pb.Study] = []
    token = ""
    while True:
        page = tf.list_studies(page_token=token)
        studies += page.studies
        if not (token := page.next_page_token):
            break
    if args.json:
        print_json([as_dict(s) for s in studies])
    elif studies:
        print(_studies_table(studies))
    return 0


# -- sequences --------------------------------------------------------------------------


def _enum_name(enum: Any, prefix: str, value: int, unset: str) -> str:
    return enum.Name(value).removeprefix(prefix).lower() if value else unset


def _sequences_table(sequences: list[relax_pb.Sequence]) -> str:
    from tuneforge.v1 import relaxation_service_pb2 as relax_pb

    def context(s: relax_pb.Sequence) -> str:
        bounds = zip(s.context_lower, s.context_upper, strict=False)
        return " ".join(f"[{_number(lo)}, {_number(hi)}]" for lo, hi in bounds) or "-"

    rows = [
        [
            s.name,
            s.id,
            _enum_name(relax_pb.Solver, "SOLVER_", s.solver, "sor"),
            _enum_name(relax_pb.RelaxationPolicy, "RELAXATION_POLICY_", s.policy, "auto"),
            f"[{_number(s.omega_min)}, {_number(s.omega_max)}] x {s.grid_size}",
            context(s),
            str(s.instances),
            str(s.pending_suggestions),
            _created(s.create_time.seconds),
        ]
        for s in sequences
    ]
    headers = ["NAME", "ID", "SOLVER", "POLICY", "OMEGA", "CONTEXT", "INSTANCES", "PENDING"]
    return _table([*headers, "CREATED"], rows)


def _sequences_create(tf: Client, args: argparse.Namespace) -> int:
    if len(args.context_lower) != len(args.context_upper):
        print("tuneforge: --context-lower and --context-upper differ in length", file=sys.stderr)
        return 2
    sequence = tf.create_sequence(
        args.name,
        solver=args.solver,
        policy=args.policy,
        omega_min=args.omega_min,
        omega_max=args.omega_max,
        grid_size=args.grid_size,
        context_lower=args.context_lower,
        context_upper=args.context_upper,
        tolerance=args.tolerance,
        max_iterations=args.max_iterations,
        seed=args.seed,
        fixed_omega=args.fixed_omega,
        load_if_exists=args.load_if_exists,
    )
    if args.json:
        print_json(as_dict(sequence))
    else:
        print(_sequences_table([sequence]))
    return 0


def _sequences_suggest(tf: Client, args: argparse.Namespace) -> int:
    s = tf.suggest_omega(args.sequence, args.context)
    if args.json:
        print_json(as_dict(s))
    else:
        row = [s.suggestion_id, f"{s.omega:.6g}", str(s.arm), f"{s.probability:.4g}"]
        print(_table(["SUGGESTION", "OMEGA", "ARM", "PROBABILITY"], [row]))
    return 0


def _sequences_report(tf: Client, args: argparse.Namespace) -> int:
    sequence = tf.report_outcome(
        args.sequence, args.suggestion_id, args.iterations, converged=not args.not_converged
    )
    if args.json:
        print_json(as_dict(sequence))
    else:
        print(_sequences_table([sequence]))
    return 0


def _sequences_best(tf: Client, args: argparse.Namespace) -> int:
    best = tf.get_best_omega(args.sequence, args.context)
    if args.json:
        print_json(as_dict(best))
        return 0
    predicted = best.predicted_iterations
    head = f"best omega {best.omega:.6g} (arm {best.arm}), {best.instances_seen} instances seen"
    if not math.isnan(predicted):
        head += f", predicted iterations {_number(predicted)}"
    rows = [
        [
            ("*" if i == best.arm else "") + str(i),
            f"{a.omega:.6g}",
            _number(a.mean_iterations),
            _number(a.count),
        ]
        for i, a in enumerate(best.arms)
    ]
    print(head)
    if rows:
        print(_table(["ARM", "OMEGA", "MEAN_ITERATIONS", "COUNT"], rows))
    return 0


def _sequences_list(tf: Client, args: argparse.Namespace) -> int:
    sequences: list[relax_pb.Sequence] = []
    token = ""
    while True:
        page = tf.list_sequences(page_token=token)
        sequences += page.sequences
        if not (token := page.next_page_token):
            break
    if args.json:
        print_json([as_dict(s) for s in sequences])
    elif sequences:
        print(_sequences_table(sequences))
    return 0


# -- transport --------------------------------------------------------------------------


def _load_arrays(args: argparse.Namespace) -> dict[str, Any]:
    """``a``, ``b`` and ``cost`` (or ``x``, ``y``) from ``--npz`` and the ``.npy`` flags."""
    from tuneforge_client.trainer import SpecError

    try:
        import numpy as np
    except ImportError:  # pragma: no cover (numpy comes with the server extra)
        raise SpecError("reading .npy/.npz files needs numpy (pip install numpy)") from None

    def load(path: str) -> Any:
        try:
            return np.load(path, allow_pickle=False)
        except OSError as e:
            raise SpecError(f"{path}: {e.strerror or e}") from None
        except Exception as e:  # a corrupt or foreign file: numpy raises many kinds
            raise SpecError(f"{path}: not a .npy/.npz file: {e}") from None

    arrays: dict[str, Any] = {}
    if args.npz:
        archive = load(args.npz)
        if not isinstance(archive, Mapping):
            raise SpecError(f"{args.npz}: not an .npz archive (use --a, --b, --cost for .npy)")
        arrays.update({k: archive[k] for k in ("a", "b", "cost", "x", "y") if k in archive})
    for key in ("a", "b", "cost", "x", "y"):
        if (path := getattr(args, key)) is not None:
            array = load(path)
            if isinstance(array, Mapping):
                raise SpecError(f"{path}: an .npz archive: pass it with --npz")
            arrays[key] = array
    source = f"{args.npz}: " if args.npz else ""
    for key in ("a", "b"):
        if key not in arrays:
            raise SpecError(f"{source}no {key!r} array (--{key} or an .npz with {key!r})")
        if np.ndim(arrays[key]) != 1:
            raise SpecError(f"{key!r} must be 1-D, not of shape {np.shape(arrays[key])}")
    if "cost" in arrays:
        if np.ndim(arrays["cost"]) != 2:
            raise SpecError(f"'cost' must be 2-D, not of shape {np.shape(arrays['cost'])}")
        arrays.pop("x", None)
        arrays.pop("y", None)
    elif not ("x" in arrays and "y" in arrays):
        raise SpecError(f"{source}no ground cost: a 'cost' array, or 'x' and 'y' point clouds")
    return arrays


def _transport_solve(tf: Client, args: argparse.Namespace) -> int:
    from tuneforge.v1 import transport_service_pb2 as transport_pb

    arrays = _load_arrays(args)
    start = time.monotonic()
    with Spinner(sys.stderr, "solving"):
        result = tf.solve_transport(
            arrays["a"],
            arrays["b"],
            args.epsilon,
            cost=arrays.get("cost"),
            x=arrays.get("x"),
            y=arrays.get("y"),
            metric=args.metric,
            method=args.method,
            tolerance=args.tolerance,
            max_iterations=args.max_iterations,
            max_newton_iterations=args.max_newton_iterations,
            sparsity=args.sparsity,
            epsilon_scaling=args.epsilon_scaling,
            normalize_cost=args.normalize_cost,
            plan="dense" if args.plan else None,
        )
    elapsed = time.monotonic() - start
    if args.plan:
        _save_plan(result.plan, args.plan)
    if args.json:
        out = as_dict(result)
        out.pop("plan", None)  # it went to its file
        out.pop("plan_support", None)
        print_json(out)
        return 0
    method = transport_pb.TransportMethod.Name(result.method).removeprefix("TRANSPORT_METHOD_")
    iterations = f"sinkhorn {result.sinkhorn_iterations}"
    if result.newton_iterations:
        iterations += f", newton {result.newton_iterations} (cg {result.cg_iterations})"
    pairs = [
        ("converged", "yes" if result.converged else "no"),
        ("violation", f"{result.violation:.3g}"),
        ("cost", f"{result.cost:.8g}"),
        ("entropic cost", f"{result.entropic_cost:.8g}"),
        ("iterations", iterations),
        ("method", f"{method.lower()} on {result.backend}"),
        ("time", f"{result.wall_seconds:.3f} s solving, {elapsed:.3f} s in all"),
    ]
    if args.plan:
        pairs.append(("plan", f"{args.plan} ({result.plan.rows} x {result.plan.cols})"))
    print(_fields(pairs))
    return 0


def _save_plan(plan: common_pb2.DenseMatrix, path: str) -> None:
    import numpy as np

    from tuneforge_client.trainer import SpecError

    matrix = np.asarray(plan.values, dtype=np.float64).reshape(plan.rows, plan.cols)
    try:
        with Path(path).open("wb") as f:  # np.save(path) would append .npy to other names
            np.save(f, matrix)
    except OSError as e:
        raise SpecError(f"{path}: {e.strerror or e}") from None


# -- wiring -----------------------------------------------------------------------------


def _command(parent: Any, name: str, fn: Command, help: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = parent.add_parser(
        name, help=help, description=help, formatter_class=HelpFormatter
    )
    add_client_flags(p)
    p.add_argument("--json", action="store_true", help="print protobuf's JSON mapping, not a table")
    p.set_defaults(func=_run(fn))
    return p


def _group(sub: Any, name: str, help: str) -> Any:
    p = sub.add_parser(name, help=help, description=help, formatter_class=HelpFormatter)
    return p.add_subparsers(dest=f"{name}_command", required=True)


def _add_studies(sub: Any) -> None:
    s = _group(sub, "studies", "ask/tell hyperparameter studies (StudyService)")

    p = _command(s, "create", _studies_create, "create a study from a file and/or flags")
    p.add_argument(
        "file",
        nargs="?",
        help="a CreateStudyRequest (protobuf JSON mapping), .yaml or .json; flags add to it",
    )
    p.add_argument("--name", help="the study's name (replaces the file's)")
    p.add_argument(
        "--float",
        dest="params",
        action="append",
        type=_range_param("float"),
        default=[],
        metavar="NAME=LOW:HIGH[:log][:step=S]",
        help="a float parameter (repeatable)",
    )
    p.add_argument(
        "--int",
        dest="params",
        action="append",
        type=_range_param("int"),
        metavar="NAME=LOW:HIGH[:log][:step=S]",
        help="an int parameter (repeatable)",
    )
    p.add_argument(
        "--categorical",
        dest="params",
        action="append",
        type=_categorical,
        metavar="NAME=A,B,...",
        help="a categorical parameter; true/false and numbers are typed (repeatable)",
    )
    p.add_argument(
        "--objective",
        dest="objectives",
        action="append",
        type=_objective,
        default=[],
        metavar="[NAME=]minimize|maximize",
        help="an objective, replacing the file's (repeatable; none anywhere: one, minimized)",
    )
    p.add_argument("--constraint", action="append", default=[], help="a constraint's name")
    p.add_argument("--sampler", choices=SAMPLERS, help="the sampler (unset: TPE, or NSGA-II)")
    p.add_argument("--seed", type=int, help="the sampler's seed (unset: random per server)")
    p.add_argument("--pruner", choices=PRUNERS, help="the pruner (unset: median)")
    p.add_argument(
        "--load-if-exists",
        action="store_true",
        help="return an existing study with the same settings",
    )

    p = _command(s, "ask", _studies_ask, "hand out trials: numbers and parameters")
    p.add_argument("study", help="the study's name")
    p.add_argument("--count", type=int, default=1, help="trials, distinct configurations")
    p.add_argument(
        "--client-id",
        default="",
        help="the worker's id: its running trials come back first (unset: none)",
    )

    p = _command(s, "tell", _studies_tell, "finish a trial: its value(s), or pruned/failed")
    p.add_argument("study", help="the study's name")
    p.add_argument("trial", type=int, help="the trial's number")
    p.add_argument("values", nargs="*", type=float, help="one value per objective")
    p.add_argument(
        "--state",
        type=_tell_state,
        default="complete",
        help="complete, pruned or failed",
    )
    p.add_argument(
        "--constraint-values",
        nargs="+",
        type=float,
        default=[],
        metavar="C",
        help="one per constraint (<= 0 is feasible)",
    )

    p = _command(s, "best", _studies_best, "the best trial, or the Pareto front")
    p.add_argument("study", help="the study's name")
    _command(s, "list", _studies_list, "list the studies")


def _add_sequences(sub: Any) -> None:
    s = _group(sub, "sequences", "learn SOR's omega over sequences of systems (RelaxationService)")

    p = _command(s, "create", _sequences_create, "create a sequence")
    p.add_argument("name", help="the sequence's unique name")
    p.add_argument("--solver", choices=["sor", "ssor_cg"], default="sor", help="the solver")
    p.add_argument(
        "--policy",
        choices=["auto", "tsallis_inf", "chebcb", "fixed"],
        default="auto",
        help="how omega is chosen",
    )
    p.add_argument("--omega-min", type=float, default=0.0, help="grid's low end (0 means 1)")
    p.add_argument("--omega-max", type=float, default=0.0, help="grid's high end (0 means 1.95)")
    p.add_argument("--grid-size", type=int, default=0, help="grid points (0 means 20)")
    p.add_argument(
        "--context-lower",
        nargs="+",
        type=float,
        default=[],
        metavar="X",
        help="lower context bounds, one per dimension (unset: no context)",
    )
    p.add_argument(
        "--context-upper", nargs="+", type=float, default=[], metavar="X", help="upper bounds"
    )
    p.add_argument("--tolerance", type=float, default=0.0, help="relative residual (0 means 1e-8)")
    p.add_argument("--max-iterations", type=int, default=0, help="iteration cap (0 means 10000)")
    p.add_argument("--seed", type=int, default=0, help="the policy's seed")
    p.add_argument(
        "--fixed-omega", type=float, default=0.0, help="the fixed policy's omega (0 means 1)"
    )
    p.add_argument(
        "--load-if-exists",
        action="store_true",
        help="return an existing sequence with the same settings",
    )

    p = _command(s, "suggest", _sequences_suggest, "the omega for the next system")
    p.add_argument("sequence", help="the sequence's id or name")
    p.add_argument(
        "--context", nargs="+", type=float, default=[], metavar="X", help="this system's context"
    )

    p = _command(s, "report", _sequences_report, "the iterations a suggested omega took")
    p.add_argument("sequence", help="the sequence's id or name")
    p.add_argument("suggestion_id", help="from suggest")
    p.add_argument("iterations", type=int, help="iterations the solve took")
    p.add_argument("--not-converged", action="store_true", help="the solve hit its iteration cap")

    p = _command(s, "best", _sequences_best, "the recommended omega and each arm's evidence")
    p.add_argument("sequence", help="the sequence's id or name")
    p.add_argument(
        "--context", nargs="+", type=float, default=[], metavar="X", help="the next system's"
    )
    _command(s, "list", _sequences_list, "list the sequences")


def _add_transport(sub: Any) -> None:
    s = _group(sub, "transport", "entropic optimal transport (TransportService)")
    p = _command(s, "solve", _transport_solve, "solve one problem from .npy/.npz files")
    p.add_argument("--npz", help="an .npz with arrays a, b and cost (or x and y)")
    p.add_argument("--a", help="source weights, a 1-D .npy")
    p.add_argument("--b", help="target weights, a 1-D .npy")
    p.add_argument("--cost", help="the n x m cost matrix, a .npy")
    p.add_argument("--x", help="source points (n x d .npy), with --y instead of --cost")
    p.add_argument("--y", help="target points (m x d .npy)")
    p.add_argument(
        "--metric",
        choices=["sqeuclidean", "euclidean", "l1"],
        default="sqeuclidean",
        help="the cost of point clouds",
    )
    p.add_argument("--epsilon", type=float, required=True, help="entropic regularisation")
    p.add_argument(
        "--method", choices=["auto", "sinkhorn", "sns"], default="auto", help="the solver"
    )
    p.add_argument("--tolerance", type=float, default=0.0, help="marginal violation (0 means 1e-9)")
    p.add_argument("--max-iterations", type=int, default=0, help="Sinkhorn sweeps (0 means 100000)")
    p.add_argument(
        "--max-newton-iterations", type=int, default=0, help="SNS Newton steps (0 means 500)"
    )
    p.add_argument(
        "--sparsity", type=float, default=0.0, help="Hessian fraction kept (0: adaptive)"
    )
    p.add_argument("--epsilon-scaling", action="store_true", help="anneal epsilon to its target")
    p.add_argument("--normalize-cost", action="store_true", help="divide the cost by its max")
    p.add_argument("--plan", metavar="OUT.npy", help="write the dense plan there")


def add_commands(sub: Any) -> None:
    """``studies``, ``sequences`` and ``transport`` under the top-level subcommands."""
    _add_studies(sub)
    _add_sequences(sub)
    _add_transport(sub)
