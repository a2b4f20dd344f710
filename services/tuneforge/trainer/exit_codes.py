"""The worker's exit codes: how a worker process says how its job ended.

Torch-free, so that the control plane (the local supervisor, the Kubernetes Job's
``podFailurePolicy``) reads the same numbers that :mod:`tuneforge.trainer.worker`
(which imports torch) returns.
"""

from __future__ import annotations

__all__ = ["EXIT_CONFIG", "EXIT_DONE", "EXIT_ERROR", "EXIT_STOPPED"]

EXIT_DONE = 0
EXIT_ERROR = 1  # a traceback is on stderr
EXIT_CONFIG = 2  # the spec cannot run; an `error` line says why (Kubernetes: fail the Job)
EXIT_STOPPED = 3  # stopped by SIGTERM with a checkpoint saved (unless disabled): resume later
