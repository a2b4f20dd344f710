"""SuggestOmega + ReportOutcome round-trip latency over loopback (target p50 < 2 ms).

Starts ``tuneforge serve tuner`` as a separate process (SQLite, the embedded
default, or ``--database-url``), then times sequential suggest+report pairs
from one client. Prints one JSON line per case (``bench/harness.py``; the anchor
is the 2 ms target, so ratio > 1 means under it), then a table.

Run from the repository root: ``.venv/bin/python -m bench.relax_latency [--quick]``
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

from bench.harness import Report, free_port, parser
from tuneforge_client import Client

TARGET_P50_MS = 2.0


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--database-url", default="", help="default: SQLite in a temp dir")
    args = p.parse_args()
    rounds = 200 if args.quick else 3000
    home = tempfile.mkdtemp(prefix="tuneforge-bench-")
    port = free_port()
    env = {**os.environ, "TUNEFORGE_HOME": home, "TUNEFORGE_LOG_LEVEL": "WARNING"}
    if args.database_url:
        env["TUNEFORGE_DATABASE_URL"] = args.database_url
    server = subprocess.Popen(
        [sys.executable, "-m", "tuneforge.cli", "serve", "tuner", "--port", str(port)], env=env
    )
    report = Report("relax_latency")
    try:
        with Client(f"127.0.0.1:{port}") as tf:
            tf.wait_ready(60)
            for policy, ctx in (("auto", False), ("auto", True), ("tsallis_inf", False)):
                name = f"lat-{policy}-{int(ctx)}"
                bounds = {"context_lower": [0.0], "context_upper": [1.0]} if ctx else {}
                tf.create_sequence(name, policy=policy, **bounds)  # type: ignore[arg-type]
                rng = np.random.default_rng(0)
                times = []
                for i in range(rounds + 50):
                    c = [float(rng.random())] if ctx else []
                    t0 = time.perf_counter()
                    s = tf.suggest_omega(name, c)
                    tf.report_outcome(name, s.suggestion_id, 100 + abs(s.arm - 12) * 9)
                    if i >= 50:  # warm-up: connections, numba, caches
                        times.append(time.perf_counter() - t0)
                ms = np.asarray(times) * 1e3
                case = f"{policy}{'+context' if ctx else ''}"
                for metric, value in (("p50_ms", np.median(ms)), ("p99_ms", np.quantile(ms, 0.99))):
                    report.emit(case, metric, float(value), TARGET_P50_MS, better="lower")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    report.table("target p50 (ms)")


if __name__ == "__main__":
    main()
