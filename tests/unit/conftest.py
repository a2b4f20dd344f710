"""Fixtures of the unit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _one_torch_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Optimizer tests use tiny tensors: on a loaded host torch's thread pool only adds
    barrier waits. Other unit tests do not import torch and are left alone."""
    name = request.module.__name__.rsplit(".", 1)[-1]
    if not name.startswith(("test_optim_", "test_trainer_runner", "test_trainer_checkpoint")):
        yield
        return
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
