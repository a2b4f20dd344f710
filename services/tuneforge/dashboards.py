"""``tuneforge dashboards``: where to browse a server's studies and runs.

A server's studies live in its state database (Optuna's schema: optuna-dashboard reads
it as it is) and its trials, jobs and decisions in MLflow. This prints the two
commands for the stores of the given settings (the same flags and ``TUNEFORGE_*``
variables as ``serve``), with absolute URIs: a relative SQLite URL breaks as soon as
``TUNEFORGE_HOME`` or the working directory differs. MLflow 3's UI opens on its GenAI
view; the experiments, where tuneforge's runs are, are at ``#/experiments``.
``--serve optuna|mlflow`` runs one of them on loopback. Passwords in URLs are shown
redacted; ``--serve`` passes the real ones.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from tuneforge.runtime import config
from tuneforge.runtime.server import redacted

OPTUNA_PORT = 8080
MLFLOW_PORT = 5000


@dataclass(frozen=True)
class Dashboard:
    name: str
    argv: list[str]  # empty when there is nothing to start (a remote MLflow server)
    url: str  # where to point the browser


def dashboards(
    settings: config.Settings, optuna_port: int = OPTUNA_PORT, mlflow_port: int = MLFLOW_PORT
) -> list[Dashboard]:
    """optuna-dashboard over the state database, the MLflow UI over the tracking store."""
    bin_dir = Path(sys.executable).parent
    optuna = Dashboard(
        "optuna",
        [str(bin_dir / "optuna-dashboard"), settings.db_url, "--host", "127.0.0.1",
         "--port", str(optuna_port)],
        f"http://127.0.0.1:{optuna_port}/dashboard",
    )  # fmt: skip
    uri = settings.mlflow_uri
    if uri.startswith(("http://", "https://")):  # an MLflow server: its UI is already up
        mlflow = Dashboard("mlflow", [], uri.rstrip("/") + "/#/experiments")
    else:
        argv = [str(bin_dir / "mlflow"), "ui", "--backend-store-uri", uri]
        if settings.mlflow_artifact_root:
            argv += ["--default-artifact-root", settings.mlflow_artifact_root]
        argv += ["--host", "127.0.0.1", "--port", str(mlflow_port)]
        mlflow = Dashboard("mlflow", argv, f"http://127.0.0.1:{mlflow_port}/#/experiments")
    return [optuna, mlflow]


def _shown(argv: list[str]) -> str:
    return " ".join(redacted(a) if "://" in a else a for a in argv)


def _run(args: argparse.Namespace) -> int:
    settings = config.from_args(args)
    boards = {d.name: d for d in dashboards(settings, args.optuna_port, args.mlflow_port)}
    if args.serve is None:
        for d in boards.values():
            how = _shown(d.argv) if d.argv else "(served by the MLflow server)"
            print(f"{d.name}:\n  {how}\n  then open {d.url}")
        return 0
    d = boards[args.serve]
    if not d.argv:
        print(f"tuneforge: the MLflow server serves its own UI: open {d.url}", file=sys.stderr)
        return 2
    if shutil.which(d.argv[0]) is None:
        print(f"tuneforge: {d.argv[0]} is not installed (pip install 'tuneforge[server]')",
              file=sys.stderr)  # fmt: skip
        return 2
    print(f"serving {d.name} on {d.url}", flush=True)
    os.execv(d.argv[0], d.argv)  # the dashboard's own process from here on


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "dashboards",
        help="print (or --serve) optuna-dashboard and the MLflow UI over this home's stores",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--serve", choices=["optuna", "mlflow"], default=None,
                   help="run this dashboard on loopback instead of printing both")  # fmt: skip
    p.add_argument("--optuna-port", type=int, default=OPTUNA_PORT,
                   help=f"optuna-dashboard's port (default {OPTUNA_PORT})")  # fmt: skip
    p.add_argument("--mlflow-port", type=int, default=MLFLOW_PORT,
                   help=f"the MLflow UI's port (default {MLFLOW_PORT})")  # fmt: skip
    config.add_flags(p)
    p.set_defaults(func=_run)
