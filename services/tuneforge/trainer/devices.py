"""Device names of a job (``JobSpec.device``) and the devices of this machine.

Torch-free: :func:`probe` asks a short-lived interpreter with torch how many GPUs
it sees (once per process), so the control plane never imports torch itself.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

AUTO, CPU, CUDA = "auto", "cpu", "cuda"
_CUDA_N = re.compile(r"cuda:(\d{1,4})")
PROBE_SECONDS = 30.0  # importing torch and initialising CUDA takes a few seconds
_PROBE = "import torch; print(torch.cuda.device_count() if torch.cuda.is_available() else 0)"


def parse(device: str) -> str | None:
    """``device`` normalised (``""`` -> ``"auto"``, ``"CUDA:01"`` -> ``"cuda:1"``);
    None when it is not one of auto, cpu, cuda, cuda:N."""
    d = device.strip().lower()
    if d in ("", AUTO):
        return AUTO
    if d in (CPU, CUDA):
        return d
    m = _CUDA_N.fullmatch(d)
    return None if m is None else f"cuda:{int(m.group(1))}"


def _nvidia_driver() -> bool:
    """A cheap hint that a GPU may exist: without the driver, no subprocess is worth it."""
    return Path("/proc/driver/nvidia").exists() or Path("/dev/nvidiactl").exists()


def probe() -> list[str]:
    """``["cpu", "cuda:0", ...]``: the devices a job may name on this machine (probed once)."""
    return list(_probe())


@functools.cache
def _probe() -> tuple[str, ...]:
    if os.environ.get("CUDA_VISIBLE_DEVICES") in ("", "-1") or not _nvidia_driver():
        return (CPU,)
    try:
        out = subprocess.run(
            [sys.executable, "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
            check=True,
        )
        count = int(out.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return (CPU,)  # no torch (or a broken driver): this machine trains on CPU only
    return (CPU, *(f"cuda:{i}" for i in range(count)))


def resolve(device: str, available: Sequence[str]) -> str:
    """The concrete device (``"cpu"``, ``"cuda:N"``) that ``device`` names among
    ``available``; ``auto`` prefers the first GPU. ValueError when malformed or absent."""
    d = parse(device)
    if d is None:
        raise ValueError(f"{device!r} is not a device: auto, cpu, cuda or cuda:N")
    gpus = [a for a in available if a.startswith(CUDA)]
    if d == AUTO:
        return gpus[0] if gpus else CPU
    if d == CUDA:
        if not gpus:
            raise ValueError("this server has no CUDA device")
        return gpus[0]
    if d not in available:
        raise ValueError(f"{d} does not exist on this server; it has {', '.join(available)}")
    return d
