"""``tuneforge jobs ...`` and ``tuneforge sweeps ...``: the trainer through the SDK.

Client commands: they talk to a server (``--server``, TLS and token flags, or
``TUNEFORGE_SERVER``/``TUNEFORGE_TOKEN``), never to the state database. Spec
files are YAML or JSON in protobuf's JSON mapping (``examples/*.yaml``).
Exit codes: 0 done (a watched job SUCCEEDED), 1 the job or sweep did not
succeed or the server refused the call, 2 a bad spec file or flag.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from tuneforge.v1 import trainer_service_pb2 as pb
    from tuneforge_client import Client

DEFAULT_SERVER = "127.0.0.1:50051"


# -- connection -------------------------------------------------------------------------


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """``--help`` with each option's default, unless its help already names it (or the
    environment: a token's value is never shown), and without ``None``/``False`` noise."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text, default = action.help or "", action.default
        blank = (
            default is None or default is False or (isinstance(default, str | list) and not default)
        )
        if blank or "default" in text or "[env " in text:
            return text
        return super()._get_help_string(action)


def add_client_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--server",
        default=os.environ.get("TUNEFORGE_SERVER", DEFAULT_SERVER),
        help=f"host:port of the server [env TUNEFORGE_SERVER, default {DEFAULT_SERVER}]",
    )
    p.add_argument("--tls", action="store_true", help="use TLS (implied by --ca or --cert)")
    p.add_argument("--ca", default=None, help="CA bundle (PEM) that signed the server's cert")
    p.add_argument("--cert", default=None, help="client certificate (PEM), for mTLS")
    p.add_argument("--key", default=None, help="client private key (PEM), for mTLS")
    p.add_argument("--server-name", default=None, help="TLS name to expect from the server")
    p.add_argument(
        "--token",
        default=os.environ.get("TUNEFORGE_TOKEN"),
        help="bearer token [env TUNEFORGE_TOKEN]",
    )
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per unary call")


def connect(args: argparse.Namespace) -> Client:
    from tuneforge_client import Client

    return Client(
        args.server,
        token=args.token or None,
        tls=args.tls,
        root_certificates=args.ca,
        client_cert=args.cert,
        client_key=args.key,
        server_name=args.server_name,
        timeout=args.timeout,
    )


# -- progress lines ---------------------------------------------------------------------


def _number(x: float) -> str:
    if math.isnan(x):
        return "-"
    if abs(x) >= 1e4:
        return f"{x / 1e3:.1f}k"
    return f"{x:.4g}"


class ProgressView:
    """Renders a job's events: one live line on a terminal, one line per event elsewhere."""

    def __init__(self, job: pb.Job, out: TextIO, live: bool) -> None:
        budget = job.spec.budget
        self.total_steps = budget.steps if budget.WhichOneof("kind") == "steps" else 0
        self.total_epochs = budget.epochs if budget.WhichOneof("kind") == "epochs" else 0
        metric = job.spec.evaluation.metric
        self.metric = f"eval_{metric}" if metric else ""
        self.metric_value = math.nan
        self.out, self.live = out, live
        self._open = False  # a live line is on screen

    def bar(self, p: pb.JobProgress) -> str:
        if self.total_steps:
            done, where = p.step / self.total_steps, f"step {p.step}/{self.total_steps}"
        elif self.total_epochs:
            done, where = p.epoch / self.total_epochs, f"epoch {p.epoch:.2f}/{self.total_epochs}"
        else:
            done, where = math.nan, f"step {p.step}"
        parts = [where, f"loss {_number(p.loss)}"]
        if self.metric and self.metric in p.metrics:
            self.metric_value = p.metrics[self.metric]
        if self.metric:
            parts.append(f"{self.metric} {_number(self.metric_value)}")
        parts.append(f"{_number(p.samples_per_second)} samples/s")
        text = "  ".join(parts)
        if self.live and not math.isnan(done):
            width = 24
            filled = round(max(0.0, min(done, 1.0)) * width)
            text = f"[{'#' * filled}{'.' * (width - filled)}] {text}"
        return text

    def event(self, e: pb.JobEvent) -> None:
        from tuneforge_client.trainer import state_name

        if e.HasField("progress"):
            line = self.bar(e.progress)
            if self.live:
                cols = shutil.get_terminal_size((100, 20)).columns
                self.out.write("\r" + line[: cols - 1].ljust(cols - 1))
                self._open = True
            else:
                self.out.write(line + "\n")
        else:
            s = e.state_change
            self.close()
            reason = f": {s.reason}" if s.reason else ""
            code = f" (exit code {s.exit_code})" if s.HasField("exit_code") else ""
            self.out.write(f"{state_name(s.state)}{code}{reason}\n")
        self.out.flush()

    def close(self) -> None:
        if self._open:
            self.out.write("\n")
            self._open = False


def _summary(job: pb.Job) -> str:
    from tuneforge_client.trainer import state_name

    metrics = "  ".join(f"{k} {_number(v)}" for k, v in sorted(job.final_metrics.items()))
    return f"job {job.id} {state_name(job.state)}" + (f"  {metrics}" if metrics else "")


def watch(tf: Client, job_id: str, out: TextIO) -> int:
    """Follow a job to its end; 0 when it SUCCEEDED."""
    from tuneforge.v1 import trainer_service_pb2 as pb

    job = tf.get_job(job_id)
    view = ProgressView(job, out, live=out.isatty())
    try:
        for e in tf.watch_job(job_id):
            view.event(e)
    finally:
        view.close()
    job = tf.get_job(job_id)
    out.write(_summary(job) + "\n")
    return 0 if job.state == pb.JOB_STATE_SUCCEEDED else 1


# -- jobs -------------------------------------------------------------------------------


def as_dict(message: Any) -> dict[str, Any]:
    """A message in protobuf's JSON mapping, every field present, int64 as numbers."""
    from google.protobuf import json_format

    return json_format.MessageToDict(
        message,
        always_print_fields_with_no_presence=True,
        preserving_proto_field_name=True,
        unquote_int64_if_possible=True,
    )


def print_json(value: Any) -> None:
    print(json.dumps(value, indent=2))


def _jobs_submit(tf: Client, args: argparse.Namespace) -> int:
    from tuneforge_client.trainer import job_spec

    spec = job_spec(args.file)
    job = tf.submit_job(spec, args.idempotency_key)
    print(job.id, flush=True)
    return watch(tf, job.id, sys.stdout) if args.watch else 0


def _jobs_watch(tf: Client, args: argparse.Namespace) -> int:
    return watch(tf, args.job_id, sys.stdout)


def _jobs_get(tf: Client, args: argparse.Namespace) -> int:
    print_json(as_dict(tf.get_job(args.job_id)))
    return 0


def _label(text: str) -> tuple[str, str]:
    key, eq, value = text.partition("=")
    if not eq or not key:
        raise argparse.ArgumentTypeError(f"a label is key=value, not {text!r}")
    return key, value


def _state(kind: str) -> Callable[[str], str]:
    """An argparse type: a state name the server knows (``running``, ``JOB_STATE_RUNNING``)."""
    from tuneforge.v1 import trainer_service_pb2 as pb

    enum, prefix = (pb.JobState, "JOB_STATE_") if kind == "job" else (pb.SweepState, "SWEEP_STATE_")

    def check(text: str) -> str:
        name = text.upper()
        known = enum.DESCRIPTOR.values_by_name
        if (name if name.startswith(prefix) else prefix + name) not in known:
            names = [n.removeprefix(prefix).lower() for n in known][1:]
            raise argparse.ArgumentTypeError(f"{text!r}: choose from {', '.join(names)}")
        return text

    return check


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def _jobs_list(tf: Client, args: argparse.Namespace) -> int:
    from tuneforge_client.trainer import state_name

    jobs = list(tf.list_jobs(args.state, dict(args.label), args.sweep))
    if args.json:
        print_json([as_dict(job) for job in jobs])
        return 0
    rows = []
    for job in jobs:
        metric = f"eval_{job.spec.evaluation.metric}"
        value = job.final_metrics.get(metric, job.progress.metrics.get(metric, math.nan))
        created = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(job.create_time.seconds))
        rows.append(
            [
                job.id,
                job.spec.name,
                state_name(job.state),
                str(job.progress.step),
                f"{metric} {_number(value)}",
                created,
            ]
        )
    if rows:
        print(_table(["ID", "NAME", "STATE", "STEP", "METRIC", "CREATED"], rows))
    return 0


def _jobs_logs(tf: Client, args: argparse.Namespace) -> int:
    for line in tf.job_logs(args.job_id, tail=args.tail, follow=args.follow):
        print(line, flush=args.follow)
    return 0


def _jobs_cancel(tf: Client, args: argparse.Namespace) -> int:
    from tuneforge_client.trainer import state_name

    job = tf.cancel_job(args.job_id, args.reason)
    print(f"job {job.id} {state_name(job.state)}")
    return 0


# -- sweeps -----------------------------------------------------------------------------


def _sweep_lines(sweep: pb.Sweep) -> str:
    from tuneforge.v1 import trainer_service_pb2 as pb
    from tuneforge_client.trainer import state_name
    from tuneforge_client.values import decode

    def params(t: pb.SweepTrial) -> str:
        return " ".join(f"{k}={decode(v)}" for k, v in sorted(t.params.items()))

    rows = [
        [
            str(t.number),
            t.job_id,
            state_name(t.job_state),
            _number(t.value) if t.HasField("value") else "-",
            params(t),
        ]
        for t in sweep.trials
    ]
    state = pb.SweepState.Name(sweep.state).removeprefix("SWEEP_STATE_")
    head = f"sweep {sweep.id} {state}" + (f": {sweep.state_reason}" if sweep.state_reason else "")
    if sweep.HasField("best_trial"):
        b = sweep.best_trial
        head += f"\nbest trial {b.number} (job {b.job_id}): {_number(b.value)}  {params(b)}"
    if not rows:
        return head
    return head + "\n" + _table(["TRIAL", "JOB", "STATE", "VALUE", "PARAMS"], rows)


def watch_sweep(tf: Client, sweep_id: str, out: TextIO, poll: float = 1.0) -> int:
    """Print the sweep whenever it changed, until it ended; 0 when it SUCCEEDED."""
    from tuneforge.v1 import trainer_service_pb2 as pb
    from tuneforge_client.trainer import SWEEP_FINAL_STATES

    last = ""
    while True:
        sweep = tf.get_sweep(sweep_id)
        text = _sweep_lines(sweep)
        if text != last:
            out.write(text + "\n\n")
            out.flush()
            last = text
        if sweep.state in SWEEP_FINAL_STATES:
            return 0 if sweep.state == pb.SWEEP_STATE_SUCCEEDED else 1
        time.sleep(poll)


def _sweeps_submit(tf: Client, args: argparse.Namespace) -> int:
    from tuneforge_client.trainer import sweep_spec

    sweep = tf.submit_sweep(sweep_spec(args.file), args.idempotency_key)
    print(sweep.id, flush=True)
    return watch_sweep(tf, sweep.id, sys.stdout) if args.watch else 0


def _sweeps_watch(tf: Client, args: argparse.Namespace) -> int:
    return watch_sweep(tf, args.sweep_id, sys.stdout)


def _sweeps_get(tf: Client, args: argparse.Namespace) -> int:
    print_json(as_dict(tf.get_sweep(args.sweep_id)))
    return 0


def _sweeps_list(tf: Client, args: argparse.Namespace) -> int:
    from tuneforge.v1 import trainer_service_pb2 as pb

    sweeps = list(tf.list_sweeps(args.state))
    if args.json:
        print_json([as_dict(s) for s in sweeps])
        return 0
    rows = [
        [
            s.id,
            s.spec.name,
            pb.SweepState.Name(s.state).removeprefix("SWEEP_STATE_"),
            s.study,
            time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(s.create_time.seconds)),
        ]
        for s in sweeps
    ]
    if rows:
        print(_table(["ID", "NAME", "STATE", "STUDY", "CREATED"], rows))
    return 0


def _sweeps_cancel(tf: Client, args: argparse.Namespace) -> int:
    from tuneforge.v1 import trainer_service_pb2 as pb

    sweep = tf.cancel_sweep(args.sweep_id, args.reason)
    print(f"sweep {sweep.id} {pb.SweepState.Name(sweep.state).removeprefix('SWEEP_STATE_')}")
    return 0


# -- wiring -----------------------------------------------------------------------------

Command = Callable[["Client", argparse.Namespace], int]


def _run(command: Command) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from tuneforge_client import TuneforgeError
        from tuneforge_client.trainer import SpecError

        try:
            with connect(args) as tf:
                return command(tf, args)
        except SpecError as e:
            print(f"tuneforge: {e}", file=sys.stderr)
            return 2
        except TuneforgeError as e:
            print(f"tuneforge: {e.code.name}: {e.message}", file=sys.stderr)
            for v in e.field_violations:
                print(f"  {v.field}: {v.description}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130

    return run


def add_commands(sub: Any) -> None:
    """``jobs`` and ``sweeps`` under the top-level parser's subcommands."""
    jobs = sub.add_parser(
        "jobs", help="submit, watch and manage training jobs", formatter_class=HelpFormatter
    )
    jsub = jobs.add_subparsers(dest="jobs_command", required=True)

    def command(
        parent: Any, name: str, fn: Command, help: str, ident: str | None = None
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(
            name, help=help, formatter_class=HelpFormatter
        )
        if ident:
            p.add_argument(ident)
        add_client_flags(p)
        p.set_defaults(func=_run(fn))
        return p

    p = command(jsub, "submit", _jobs_submit, "queue a job from a YAML or JSON JobSpec")
    p.add_argument("file", help="the JobSpec (protobuf JSON mapping), .yaml or .json")
    p.add_argument("--watch", action="store_true", help="then follow it to its end")
    p.add_argument("--idempotency-key", default=None, help="retries with it return the job")
    command(jsub, "watch", _jobs_watch, "follow a job's progress to its end", "job_id")
    command(jsub, "get", _jobs_get, "print a job as JSON", "job_id")
    p = command(jsub, "list", _jobs_list, "list jobs, oldest first")
    p.add_argument(
        "--state", action="append", type=_state("job"), default=[], help="only this state"
    )
    p.add_argument("--label", action="append", type=_label, default=[], help="only with key=value")
    p.add_argument("--sweep", default="", help="only the trials of this sweep")
    p.add_argument("--json", action="store_true", help="the jobs as a JSON array")
    p = command(jsub, "logs", _jobs_logs, "print a job's output", "job_id")
    p.add_argument("--follow", "-f", action="store_true", help="until the job ends")
    p.add_argument("--tail", type=int, default=0, help="only the last N lines (0: all)")
    p = command(jsub, "cancel", _jobs_cancel, "cancel a job", "job_id")
    p.add_argument("--reason", default="", help="recorded as the job's state reason")

    sweeps = sub.add_parser(
        "sweeps", help="submit, watch and manage sweeps", formatter_class=HelpFormatter
    )
    ssub = sweeps.add_subparsers(dest="sweeps_command", required=True)
    p = command(ssub, "submit", _sweeps_submit, "start a sweep from a YAML or JSON SweepSpec")
    p.add_argument("file", help="the SweepSpec (protobuf JSON mapping), .yaml or .json")
    p.add_argument("--watch", action="store_true", help="then follow it to its end")
    p.add_argument("--idempotency-key", default=None, help="retries with it return the sweep")
    command(ssub, "watch", _sweeps_watch, "print a sweep's trials until it ends", "sweep_id")
    command(ssub, "get", _sweeps_get, "print a sweep as JSON", "sweep_id")
    p = command(ssub, "list", _sweeps_list, "list sweeps, oldest first")
    p.add_argument("--json", action="store_true", help="the sweeps as a JSON array")
    p.add_argument(
        "--state", action="append", type=_state("sweep"), default=[], help="only this state"
    )
    p = command(ssub, "cancel", _sweeps_cancel, "cancel a sweep and its running trials", "sweep_id")
    p.add_argument("--reason", default="", help="recorded as the sweep's state reason")
