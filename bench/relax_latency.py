"""SuggestOmega + ReportOutcome round-trip latency over loopback (target p50 < 2 ms).

Starts ``tuneforge serve tuner`` as a separate process (SQLite, the embedded
default, or ``--database-url``), then times sequential suggest+report pairs
from one client. Prints one JSON line per case, then a table.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

from tuneforge.demo import free_port
from tuneforge_client import Client

TARGET_P50_MS = 2.0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="a few hundred rounds only")
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
    rows = []
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
                    row = {
                        "bench": "relax_latency",
                        "case": case,
                        "metric": metric,
                        "ours": round(float(value), 3),
                        "anchor": TARGET_P50_MS,
                        "ratio": round(float(value) / TARGET_P50_MS, 3),
                    }
                    print(json.dumps(row))
                    rows.append(row)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    print("\n| case | metric | ours (ms) | target (ms) | ratio |\n|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['case']} | {r['metric']} | {r['ours']} | {r['anchor']} | {r['ratio']} |")


if __name__ == "__main__":
    main()
