"""User entry points for the runner's tests: ``tests.unit.trainer_entry_example:train``."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from tuneforge.trainer.entry import TrainContext


def train(ctx: TrainContext) -> dict[str, float] | None:
    """Logistic regression on the job's dataset, with checkpoints and the job's schedule."""
    assert ctx.dataset is not None
    x = torch.from_numpy(ctx.dataset.x_train).to(ctx.device)
    y = torch.from_numpy(ctx.dataset.y_train).to(ctx.device)
    model = nn.Linear(x.shape[1], ctx.dataset.info.num_classes).to(ctx.device)
    opt = ctx.make_optimizer(model.parameters())
    base_lrs = [g["lr"] for g in opt.param_groups]
    every = int(ctx.arguments.get("report_every", 5))
    batch = int(ctx.arguments.get("batch", 32))
    start = 0
    resumed = ctx.load_checkpoint()
    if resumed is not None:
        start, state = resumed
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
    for step in range(start, ctx.total_steps):
        if ctx.should_stop():
            ctx.save_checkpoint(step, {"model": model.state_dict(), "optimizer": opt.state_dict()})
            return None
        ctx.apply_schedule(opt, base_lrs, step)
        i = (step * batch) % (x.shape[0] - batch)
        loss = F.cross_entropy(model(x[i : i + batch]), y[i : i + batch])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if (step + 1) % every == 0:
            ctx.report(
                step + 1, {"loss": float(loss.detach()), "learning_rate": opt.param_groups[0]["lr"]}
            )
    with torch.no_grad():
        xv = torch.from_numpy(ctx.dataset.x_val).to(ctx.device)
        yv = torch.from_numpy(ctx.dataset.y_val).to(ctx.device)
        accuracy = float((model(xv).argmax(1) == yv).float().mean())
    ctx.report(ctx.total_steps, {"eval_accuracy": accuracy})
    return {"weight_sum": float(model.weight.detach().double().sum()), "seed": float(ctx.seed)}


def crash(ctx: TrainContext) -> None:
    raise RuntimeError("boom from the entry point")
