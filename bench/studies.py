"""Ask+tell throughput and latency: StudyService (sampling on the server) versus Optuna's
gRPC storage proxy (``optuna.storages.run_grpc_proxy_server``, clients sampling locally),
both with the same TPE sampler, 1 / 8 / 32 concurrent clients, on SQLite and PostgreSQL;
then the tracker's overhead: metrics per second through ``LogMetrics`` versus
``MlflowClient.log_batch`` writing to the same kind of store directly.

Both servers run as separate processes; the clients are threads of this process
(the proxy's clients run TPE here, as its users' workers would). A case stops
after ``--case-seconds`` (2.25x that with 32 clients) even when not every client
finished its trials (throughput = completed trials / elapsed). Targets (issue 6): at
32 clients at least 10x the proxy's throughput with p99 under 2 s; at 1 client no worse than
the proxy; tracker >= 0.8x MLflow direct. JSON lines as in ``bench/harness.py``:
``ratio`` > 1 means ours is better (ours/anchor for rates, anchor/ours for latencies).

Run from the repository root: ``.venv/bin/python -m bench.studies [--quick]``
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from bench.harness import ROOT, Report, free_port, parser
from tuneforge_client import Client
from tuneforge_client.studies import float_param, int_param, params_of

SPACE = [float_param("x", -10, 10), float_param("lr", 1e-3, 1.0, log=True), int_param("k", 1, 10)]


def objective(p: dict[str, Any]) -> float:
    return (float(p["x"]) - 2) ** 2 + abs(np.log10(float(p["lr"])) + 2) + 0.1 * int(p["k"])


def _wait_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    import socket

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError("server did not start")


@contextmanager
def in_process(url: str, home: Path) -> Iterator[str]:
    """``--quick``: our server on an event loop in a thread of this process."""
    import asyncio

    from tuneforge.roles import server_for
    from tuneforge.runtime.config import Settings
    from tuneforge.runtime.server import Server

    settings = Settings.load(
        {}, port=0, home=home, database_url=url, study_tracking=False, log_level="WARNING"
    )
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()

    async def make() -> Server:
        return server_for("all", settings)

    server = asyncio.run_coroutine_threadsafe(make(), loop).result()
    port = asyncio.run_coroutine_threadsafe(server.start(), loop).result()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(0.5), loop).result()
        loop.call_soon_threadsafe(loop.stop)


@contextmanager
def ours(url: str, home: Path, tracking: bool = False, quick: bool = False) -> Iterator[str]:
    if quick:
        with in_process(url, home) as target:
            yield target
        return
    port = free_port()
    env = {
        **os.environ,
        "TUNEFORGE_HOME": str(home),
        "TUNEFORGE_DATABASE_URL": url,
        "TUNEFORGE_LOG_LEVEL": "WARNING",
        "TUNEFORGE_STUDY_TRACKING": "1" if tracking else "0",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "tuneforge.cli", "serve", "all", "--port", str(port)], env=env
    )
    try:
        with Client(f"127.0.0.1:{port}") as tf:
            tf.wait_ready(120)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(60)


_PROXY = (
    "import sys, optuna; optuna.logging.set_verbosity(optuna.logging.WARNING); "
    "optuna.storages.run_grpc_proxy_server(optuna.storages.get_storage(sys.argv[1]), "
    "host='127.0.0.1', port=int(sys.argv[2]))"
)


@contextmanager
def proxy(url: str, quick: bool = False) -> Iterator[int]:
    port = free_port()
    if quick:  # in a daemon thread of this process
        import optuna

        storage = optuna.storages.get_storage(url)
        threading.Thread(
            target=optuna.storages.run_grpc_proxy_server,
            args=(storage,),
            kwargs={"host": "127.0.0.1", "port": port},
            daemon=True,
        ).start()
        optuna.storages.GrpcStorageProxy(host="127.0.0.1", port=port).wait_server_ready(60)
        yield port
        return
    proc = subprocess.Popen([sys.executable, "-c", _PROXY, url, str(port)])
    try:
        _wait_port(port, proc)
        yield port
    finally:
        proc.terminate()
        proc.wait(60)


def _drive(
    n_clients: int, trials: int, seconds: float, worker: Callable[[int, list[float]], Any]
) -> dict[str, float]:
    lat: list[list[float]] = [[] for _ in range(n_clients)]
    stop = time.monotonic() + seconds
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            step = worker(i, lat[i])
            for _ in range(trials):
                if time.monotonic() > stop:
                    return
                step()
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n_clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise errors[0]
    ms = np.asarray([x for per in lat for x in per]) * 1e3
    return {
        "trials": float(ms.size),
        "throughput": ms.size / elapsed,
        "p50_ms": float(np.median(ms)),
        "p99_ms": float(np.quantile(ms, 0.99)),
    }


def run_ours(target: str, n: int, trials: int, seconds: float) -> dict[str, float]:
    study = f"bench-{uuid.uuid4().hex[:8]}"
    with Client(target, timeout=120) as tf:
        tf.create_study(study, SPACE, sampler="tpe")

    def worker(i: int, lat: list[float]) -> Callable[[], None]:
        tf = Client(target, timeout=120)

        def step() -> None:
            t0 = time.perf_counter()
            (t,) = tf.ask(study, client_id=f"c{i}")
            tf.tell(study, t, objective(params_of(t)))
            lat.append(time.perf_counter() - t0)

        return step

    return _drive(n, trials, seconds, worker)


def run_proxy(port: int, n: int, trials: int, seconds: float) -> dict[str, float]:
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = f"bench-{uuid.uuid4().hex[:8]}"
    storage = optuna.storages.GrpcStorageProxy(host="127.0.0.1", port=port)
    storage.wait_server_ready(60)
    optuna.create_study(storage=storage, study_name=study)
    dists = {
        "x": optuna.distributions.FloatDistribution(-10, 10),
        "lr": optuna.distributions.FloatDistribution(1e-3, 1.0, log=True),
        "k": optuna.distributions.IntDistribution(1, 10),
    }

    def worker(i: int, lat: list[float]) -> Callable[[], None]:
        s = optuna.load_study(
            study_name=study,
            storage=optuna.storages.GrpcStorageProxy(host="127.0.0.1", port=port),
            sampler=optuna.samplers.TPESampler(),
        )

        def step() -> None:
            t0 = time.perf_counter()
            t = s.ask(dists)
            s.tell(t, objective(t.params))
            lat.append(time.perf_counter() - t0)

        return step

    return _drive(n, trials, seconds, worker)


@contextmanager
def backends(quick: bool, tmp: Path) -> Iterator[dict[str, Callable[[], str]]]:
    """Fresh database URLs per case: SQLite files, and (full runs) a throwaway PostgreSQL."""
    made: dict[str, Callable[[], str]] = {
        "sqlite": lambda: f"sqlite:///{tmp / (uuid.uuid4().hex[:8] + '.db')}"
    }
    pgdir = Path(tempfile.mkdtemp(prefix="tuneforge-pg-"))  # its parent must be traversable
    if quick or shutil.which("bash") is None:
        yield made
        return
    subprocess.run([str(ROOT / "scripts/postgres.sh"), "start", str(pgdir)], check=True)
    base = (pgdir / "url").read_text().strip()

    def fresh() -> str:
        import sqlalchemy as sa

        name = f"b_{uuid.uuid4().hex[:8]}"
        engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
        engine.dispose()
        return base.rsplit("/", 1)[0] + "/" + name

    made["postgres"] = fresh
    try:
        yield made
    finally:
        subprocess.run([str(ROOT / "scripts/postgres.sh"), "stop", str(pgdir)], check=False)


def tracker_cases(report: Report, quick: bool, tmp: Path) -> None:
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient

    calls = 5 if quick else 200
    with (
        ours(f"sqlite:///{tmp / 'tracker-state.db'}", tmp / "tracker-home", quick=quick) as target,
        Client(target, timeout=120) as tf,
    ):
        tf.create_experiment("tracker-bench")  # opens (and migrates) the server's store
        # The same migrated schema for the direct client (migrating takes seconds).
        shutil.copy(tmp / "tracker-home" / "mlflow.db", tmp / "direct-mlflow.db")
        direct = MlflowClient(tracking_uri=f"sqlite:///{tmp / 'direct-mlflow.db'}")
        eid = direct.create_experiment("direct", artifact_location=(tmp / "direct").as_uri())
        for batch in (10,) if quick else (1, 100, 1000):
            run = tf.create_run("tracker-bench")
            t0 = time.perf_counter()
            for c in range(calls):
                tf.log_metrics(run.id, [("m", float(i), c * batch + i) for i in range(batch)])
            ours_rate = calls * batch / (time.perf_counter() - t0)
            rid = direct.create_run(eid).info.run_id
            t0 = time.perf_counter()
            for c in range(calls):
                now = int(time.time() * 1000)
                direct.log_batch(
                    rid, metrics=[Metric("m", float(i), now, c * batch + i) for i in range(batch)]
                )
            anchor_rate = calls * batch / (time.perf_counter() - t0)
            report.emit(f"tracker LogMetrics, {batch} metric(s)/call", "metrics_per_s",
                        ours_rate, anchor_rate, better="higher")  # fmt: skip


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--case-seconds", type=float, default=20.0)
    p.add_argument("--trials", type=int, default=30, help="trials per client")
    p.add_argument("--only", choices=["studies", "tracker"], default=None)
    args = p.parse_args()
    quick = args.quick
    trials = 3 if quick else args.trials
    seconds = 10.0 if quick else args.case_seconds
    clients = (1,) if quick else (1, 8, 32)
    tmp = Path(tempfile.mkdtemp(prefix="tuneforge-bench-studies-"))
    report = Report("studies")
    try:
        with backends(quick or args.only == "tracker", tmp) as dbs:
            for backend, fresh in dbs.items() if args.only != "tracker" else ():
                for n in clients:
                    cap = seconds if n < 32 else 2.25 * seconds
                    with ours(fresh(), tmp / f"home-{backend}-{n}", quick=quick) as target:
                        o = run_ours(target, n, trials, cap)
                    with proxy(fresh(), quick=quick) as port:
                        a = run_proxy(port, n, trials, cap)
                    case = f"{backend}, {n} client(s), TPE"
                    report.emit(case, "trials_per_s", o["throughput"], a["throughput"], "higher")
                    report.emit(case, "p50_ms", o["p50_ms"], a["p50_ms"], "lower")
                    report.emit(case, "p99_ms", o["p99_ms"], a["p99_ms"], "lower")
                    # Within the time cap: fewer than clients x trials when one side ran out.
                    report.emit(case, "trials_completed", o["trials"], a["trials"], "higher")
        if args.only != "studies":
            tracker_cases(report, quick, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report.table("Optuna proxy / MLflow direct")


if __name__ == "__main__":
    main()
