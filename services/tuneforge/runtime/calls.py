"""Helpers for servicers: deadlines and CPU-bound work off the event loop."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import grpc

T = TypeVar("T")


async def check_deadline(context: grpc.aio.ServicerContext) -> None:
    """Abort with DEADLINE_EXCEEDED if the caller's deadline has already passed."""
    remaining = context.time_remaining()
    if remaining is not None and remaining <= 0:
        await context.abort(
            grpc.StatusCode.DEADLINE_EXCEEDED, "deadline exceeded before work began"
        )


async def offload(
    context: grpc.aio.ServicerContext, fn: Callable[..., T], /, *args: Any, **kwargs: Any
) -> T:
    """Run blocking ``fn`` in a worker thread, honouring the caller's deadline.

    Never run numerical work on the event loop: it would stall every other RPC
    (health probes included).
    """
    await check_deadline(context)
    return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))
