"""The trainer's side of WorkerService: what a remote worker (a Kubernetes pod) may do
to its job, on the :class:`~tuneforge.trainer.store.JobStore`.

``assign`` is the pod's first call: the first pod of a QUEUED job claims it
(QUEUED -> RUNNING); a new pod of a RUNNING job is a resume (a new attempt, after a
preemption or a node drain). The pod then ``report``s the lines of its events file,
each batch tagged with the events position it follows, so a batch is stored once
however often it is retried. Which pod was assigned last is kept in memory: after a
trainer restart the first pod that asks is accepted without a new attempt (the Job
controller never runs two pods of one index at once: ``podReplacementPolicy: Failed``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from tuneforge.errors import FailedPreconditionError
from tuneforge.trainer.events import Batch, JobState
from tuneforge.trainer.exit_codes import EXIT_CONFIG
from tuneforge.trainer.store import JobStore
from tuneforge.v1 import trainer_service_pb2 as pb

RESUMED = "resumed from its checkpoint on a replacement pod"


@dataclass(frozen=True, slots=True)
class Assignment:
    spec: pb.JobSpec
    attempt: int
    events_offset: int


class RemoteJobs:
    """Thread-safe; owns nothing. ``owner`` is the backend's owner string of the jobs
    it claims; ``on_events(job_id)`` wakes watchers after each stored change."""

    def __init__(self, store: JobStore, owner: str, on_events: Callable[[str], None]) -> None:
        self.store = store
        self.owner = owner
        self.on_events = on_events
        self._pods: dict[str, str] = {}
        self._lock = threading.Lock()

    def assign(self, job_id: str, pod: str, rank: int) -> Assignment:
        """The job's spec for ``pod``; NotFoundError, or FailedPreconditionError once the
        job has ended (the pod exits). Ranks above 0 never move the job's state."""
        rec = self.store.get(job_id)
        if rec.state.final:
            raise FailedPreconditionError(f"job {job_id} has ended ({rec.state.value})")
        if rank == 0:
            with self._lock:
                last = self._pods.get(job_id)
                if rec.state is JobState.QUEUED:
                    device = "cuda" if rec.spec.resources.gpus > 0 else "cpu"
                    got = self.store.claim(job_id, self.owner, device)
                    rec = got if got is not None else self.store.get(job_id)
                    self.on_events(job_id)
                elif last != pod:
                    # A pod asks once, at its start: for a RUNNING job that is a new pod
                    # (its predecessor was preempted), also when this process restarted
                    # and knows no pod yet. Only the same pod asking again is not.
                    got = self.store.adopt(job_id, rec.owner, self.owner, RESUMED)
                    rec = got if got is not None else self.store.get(job_id)
                    self.on_events(job_id)
                self._pods[job_id] = pod
            if rec.state.final:
                raise FailedPreconditionError(f"job {job_id} has ended ({rec.state.value})")
        return Assignment(rec.spec, rec.attempt, rec.events_offset)

    def report(self, job_id: str, offset: int, end_offset: int, batch: Batch) -> tuple[int, bool]:
        """Store ``batch`` (the lines from ``offset`` to ``end_offset``) when ``offset`` is
        where the stored events end; ``(stored position, stop)``. A retried batch is
        acknowledged without being stored again; after a gap nothing is stored and the
        stored position tells the worker where to report from."""
        rec = self.store.get(job_id)
        if rec.state.final:
            return rec.events_offset, True
        if end_offset <= rec.events_offset or offset != rec.events_offset:
            return rec.events_offset, rec.stop_requested is not None
        try:
            self.store.append_events(
                job_id, batch.progress, end_offset, batch.final, expect_offset=offset
            )
        except FailedPreconditionError:  # another call stored first: answer where it is
            rec = self.store.get(job_id)
            return rec.events_offset, rec.state.final or rec.stop_requested is not None
        if batch.error:
            self.store.finish(
                job_id, JobState.FAILED, batch.error, EXIT_CONFIG, expect=(JobState.RUNNING,)
            )
        self.on_events(job_id)
        rec = self.store.get(job_id)
        return rec.events_offset, rec.state.final or rec.stop_requested is not None
