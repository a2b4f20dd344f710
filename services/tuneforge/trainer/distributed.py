"""Data-parallel training across the pods of a job (torch.distributed, torchrun's env).

A multi-pod job on the Kubernetes backend gives every pod ``WORLD_SIZE``, ``RANK``,
``MASTER_ADDR`` and ``MASTER_PORT`` (see :mod:`.k8s_manifest`). :func:`start` joins
the process group they describe (NCCL on CUDA, Gloo on CPU) when ``WORLD_SIZE`` > 1
and :func:`stop` leaves it; in between the runner wraps the model in
DistributedDataParallel, gives each rank its share of every global batch, and lets
rank 0 alone write events and checkpoints (the pods share the job's directory).
Without ``WORLD_SIZE`` (or with 1) nothing here does anything: the single-process
path is the one the local backend runs.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from dataclasses import dataclass

import torch
import torch.distributed as dist

from tuneforge.errors import ValidationError

__all__ = ["TIMEOUT", "World", "active", "from_env", "start", "stop"]

# A collective that waits longer than this fails the pod: a peer has died (the Job
# then retries it) rather than training slowly.
TIMEOUT = datetime.timedelta(minutes=10)
_ENV = ("WORLD_SIZE", "RANK", "MASTER_ADDR", "MASTER_PORT")


@dataclass(frozen=True, slots=True)
class World:
    """This process's place among the job's ranks."""

    rank: int
    size: int

    @property
    def leader(self) -> bool:
        """Rank 0: the one that writes events and checkpoints."""
        return self.rank == 0


SINGLE = World(rank=0, size=1)


def from_env(env: Mapping[str, str] | None = None) -> World | None:
    """The world torchrun's variables describe; None without ``WORLD_SIZE`` or with 1.
    ValidationError (a configuration error of the pod) for inconsistent values."""
    env = os.environ if env is None else env
    raw = env.get("WORLD_SIZE", "")
    if raw in ("", "1"):
        return None
    missing = [name for name in _ENV if not env.get(name)]
    try:
        size, rank, port = int(raw), int(env.get("RANK", "")), int(env.get("MASTER_PORT", ""))
    except ValueError:
        size = rank = port = -1
    if missing or size < 2 or not 0 <= rank < size or not 0 < port < 65536:
        values = {name: env.get(name) for name in _ENV}
        raise ValidationError.single(
            "env", f"a distributed worker needs {', '.join(_ENV)} consistent, got {values}"
        )
    return World(rank=rank, size=size)


def start(world: World, device: str) -> None:
    """Join the process group of ``world`` (MASTER_ADDR:MASTER_PORT from the env)."""
    cuda = torch.device(device).type == "cuda"
    if cuda:
        torch.cuda.set_device(torch.device(device))
    dist.init_process_group(
        "nccl" if cuda else "gloo",
        init_method="env://",
        rank=world.rank,
        world_size=world.size,
        timeout=TIMEOUT,
    )


def stop() -> None:
    """Leave the process group, if this process joined one."""
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()


def active() -> World:
    """The world of the joined process group, :data:`SINGLE` without one."""
    if dist.is_available() and dist.is_initialized():
        return World(rank=dist.get_rank(), size=dist.get_world_size())
    return SINGLE
