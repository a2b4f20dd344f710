"""A user entry point: least squares on random data, trained with the job's optimizer.

Run it as a job (the module must be importable by the server's workers)::

    PYTHONPATH=examples tuneforge serve all
    tuneforge jobs submit examples/job-entry-point.yaml --watch

The function receives a :class:`tuneforge.trainer.entry.TrainContext`: the optimizer
the spec names, the schedule, ``report``, checkpoints, the device, the seed and the
budget. It resumes from its checkpoint after a restart and stops when asked.
"""

from __future__ import annotations

from typing import Any

import torch


def train(ctx: Any) -> dict[str, float]:
    g = torch.Generator().manual_seed(ctx.seed)
    dim = int(ctx.arguments.get("dim", 32))
    a = torch.randn(512, dim, generator=g)
    x_true = torch.randn(dim, generator=g)
    b = a @ x_true + 0.01 * torch.randn(512, generator=g)
    a, b = a.to(ctx.device), b.to(ctx.device)
    x = torch.zeros(dim, device=ctx.device, requires_grad=True)
    opt = ctx.make_optimizer([x])
    base_lrs = [group["lr"] for group in opt.param_groups]
    start = 0
    if (saved := ctx.load_checkpoint()) is not None:
        start, state = saved
        x.data.copy_(state["x"])
        opt.load_state_dict(state["optimizer"])
    loss = torch.tensor(float("nan"))
    for step in range(start, ctx.total_steps):
        ctx.apply_schedule(opt, base_lrs, step)
        opt.zero_grad()
        loss = torch.mean((a @ x - b) ** 2)
        loss.backward()
        opt.step()
        if (step + 1) % 10 == 0:
            ctx.report(step + 1, {"loss": loss.item(), "eval_loss": loss.item()})
        if (step + 1) % 100 == 0 or ctx.should_stop():
            ctx.save_checkpoint(step + 1, {"x": x.detach(), "optimizer": opt.state_dict()})
            if ctx.should_stop():
                break
    return {"eval_loss": float(loss.item()), "error": float(torch.norm(x - x_true).item())}
