"""``tuneforge demo``: start ``serve all`` on a free loopback port and use it through the SDK.

Each capability adds a section (a function taking the client) to ``SECTIONS``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tuneforge_client import Client, TuneforgeError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def learning_rate_section(tf: Client) -> None:
    print("== ScheduleService.ScaleLearningRate (Granziol et al., JMLR 2022)")
    targets = [64, 256, 1024, 4096, 16384]
    for family, lr in (("sgd", 0.1), ("adaptive", 3e-4)):
        resp = tf.scale_learning_rate(lr, 256, targets, family, warmup_steps=500)
        rule = "linear" if family == "sgd" else "square root"
        print(f"\n{family} optimizer, lr {lr:g} tuned at batch 256 -> {rule} scaling")
        rows = [
            [
                str(r.batch_size),
                f"{r.scale_factor:.4g}",
                f"{r.learning_rate:.4g}",
                str(r.warmup_steps),
                "yes" if r.warning else "",
            ]
            for r in resp.results
        ]
        print(table(["batch", "factor", "learning rate", "warm-up", "warning"], rows))
    try:
        tf.scale_learning_rate(-1.0, 256, [], "sgd")
    except TuneforgeError as e:
        print(f"\nbad input is refused field by field: {e.code.name}")
        for v in e.field_violations:
            print(f"  {v.field}: {v.description}")


SECTIONS: list[Callable[[Client], None]] = [learning_rate_section]


def run(keep_home: str | None = None) -> int:
    home = Path(keep_home) if keep_home else Path(tempfile.mkdtemp(prefix="tuneforge-demo-"))
    port = free_port()
    env = {**os.environ, "TUNEFORGE_HOME": str(home), "TUNEFORGE_LOG_LEVEL": "WARNING"}
    cmd = [sys.executable, "-m", "tuneforge.cli", "serve", "all", "--port", str(port)]
    print(f"starting: tuneforge serve all --port {port}  (home {home})")
    server = subprocess.Popen(cmd, env=env)
    t0 = time.perf_counter()
    try:
        with Client(f"127.0.0.1:{port}") as tf:
            tf.wait_ready(timeout=60)
            print(f"ready in {time.perf_counter() - t0:.1f} s; health: {tf.health()}\n")
            for section in SECTIONS:
                section(tf)
                print()
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=30)
    print(f"server stopped cleanly (exit code {code})" if code == 0 else f"server exit {code}")
    return code
