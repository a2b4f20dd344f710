"""What the local backend's forkserver imports once, so that every worker forked from it
starts training in a fraction of a second instead of paying these costs itself.

Importing this module is the warm-up (multiprocessing preloads modules by name). It
must start no thread: the forkserver forks after it.
"""

from __future__ import annotations

# Imported for their side effect: loaded once here, shared by every forked worker.
import sklearn.datasets  # noqa: F401 (the digits loader)
import torch._dynamo  # noqa: F401 (torch.optim.Optimizer() imports it lazily: seconds)

import tuneforge.trainer.data
import tuneforge.trainer.models
import tuneforge.trainer.spec
import tuneforge.trainer.worker  # noqa: F401 (the runner, checkpoints, the optimizers)


def _numba() -> None:
    """Initialise numba's CPU target (LLVM) so a worker's first fused AdaBelief/diffGrad
    step only loads its cached kernel; compiling or calling a parallel kernel here would
    start threads, so nothing is called."""
    try:
        from numba.core.registry import cpu_target
    except ImportError:
        return
    cpu_target.target_context.refresh()


_numba()
