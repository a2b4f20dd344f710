"""The interface every way of running jobs implements (local worker processes;
Kubernetes Jobs next).

A backend runs the jobs of the :class:`~tuneforge.trainer.store.JobStore` whose
``backend`` is its :attr:`Backend.name`: it admits QUEUED jobs, claims them,
starts their workers, feeds their events into the store (calling
``on_events(job_id)`` after each batch, so that watchers wake), carries out
stop requests (``request_stop``) and deadlines, and finishes each job with one
final state. After a restart it adopts its RUNNING jobs and resumes them from
their last checkpoint, or fails them with a reason.
"""

from __future__ import annotations

from typing import Protocol

from tuneforge.errors import Violations
from tuneforge.v1 import trainer_service_pb2 as pb


class Backend(Protocol):
    name: str

    @property
    def available(self) -> bool:
        """Whether this backend can run jobs here (the local one needs torch installed);
        when not, SubmitJob answers FAILED_PRECONDITION."""

    def devices(self) -> list[str]:
        """The devices a job may name ("cpu", "cuda:0", ...)."""

    def check(self, spec: pb.JobSpec, v: Violations, prefix: str = "spec") -> None:
        """Add to ``v`` what this backend can never run (a device it lacks, more GPUs,
        cores or memory than it has), as field violations under ``prefix``."""

    def start(self) -> None:
        """Start supervising (the service's start hook): adopt, then admit."""

    def stop(self) -> None:
        """Stop supervising. The local backend stops its workers (they resume at the next
        start); the Kubernetes one leaves its Jobs running (the next start adopts them)."""

    def wake(self) -> None:
        """Something changed (a submit, a stop request): look at the store now."""

    def log_path(self, job_id: str) -> str:
        """Where the job's output lines are (a file the servicer tails)."""
