"""``tuneforge serve|migrate|demo|jobs|sweeps|studies|sequences|transport|dashboards|version``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from tuneforge import __version__
from tuneforge.runtime import config, logs


def _serve(args: argparse.Namespace) -> int:
    from tuneforge.roles import Resources, services_for
    from tuneforge.runtime.server import BindError, serve

    settings = config.from_args(args)
    logs.configure(settings.log_level)
    settings.home.mkdir(parents=True, exist_ok=True)
    resources = Resources(settings)
    try:
        asyncio.run(serve(settings, services_for(args.role, resources), resources))
    except BindError as e:
        print(f"tuneforge: {e}", file=sys.stderr)
        return 2
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from tuneforge.storage import migrate, open_database

    settings = config.from_args(args)
    logs.configure(settings.log_level)
    settings.home.mkdir(parents=True, exist_ok=True)
    engine = open_database(settings.db_url)
    try:
        report = migrate.upgrade(engine)
    finally:
        engine.dispose()
    state = f"{report.before or 'empty'} -> {report.after}" if report.changed else "up to date"
    print(f"tuneforge migrate: schema {state} (Optuna schema checked)")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from tuneforge.demo import run

    return run(keep_home=args.home)


def _version(args: argparse.Namespace) -> int:
    print(f"tuneforge {__version__}")
    return 0


def parser() -> argparse.ArgumentParser:
    from tuneforge.client_cli import add_commands as add_clients
    from tuneforge.dashboards import add_command as add_dashboards
    from tuneforge.trainer.cli import add_commands
    from tuneforge.trainer.remote import add_command as add_worker

    p = argparse.ArgumentParser(prog="tuneforge", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve one role, or every service on one port")
    serve.add_argument("role", choices=["tuner", "trainer", "tracker", "all"])
    config.add_flags(serve)
    serve.set_defaults(func=_serve)

    migrate = sub.add_parser(
        "migrate", help="create or upgrade the state database's schema, then exit"
    )
    config.add_flags(migrate)
    migrate.set_defaults(func=_migrate)

    demo = sub.add_parser("demo", help="start 'serve all' on a free port and walk through it")
    demo.add_argument("--home", default=None, help="state directory to keep (default: temporary)")
    demo.set_defaults(func=_demo)

    add_commands(sub)  # jobs, sweeps: client commands
    add_clients(sub)  # studies, sequences, transport: client commands
    add_worker(sub)  # a training pod of the Kubernetes backend
    add_dashboards(sub)  # optuna-dashboard and the MLflow UI over this home's stores

    version = sub.add_parser("version", help="print the version")
    version.set_defaults(func=_version)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except config.ConfigError as e:
        print(f"tuneforge: configuration error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
