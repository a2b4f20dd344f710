"""A job's directory: what the supervisor and the worker exchange on disk.

``<jobs_root>/<job id>/`` holds the spec the worker runs (``spec.json``, the
JobSpec in protobuf's JSON mapping, defaults filled in), the worker's events
(``events.jsonl``, :mod:`tuneforge.trainer.events`), its stdout and stderr
(``output.log``) and its checkpoints (``checkpoints/``). On Kubernetes the
same layout lives on the checkpoint volume.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from google.protobuf import json_format

from tuneforge.v1 import trainer_service_pb2 as pb

_CHECKPOINT = re.compile(r"^step-(\d+)\.pt$")


def checkpoint_path(directory: Path, step: int) -> Path:
    """Where the checkpoint of ``step`` lives: ``step-<step, 10 digits>.pt``."""
    return directory / f"step-{step:010d}.pt"


def checkpoints(directory: str | Path) -> list[tuple[int, Path]]:
    """``(step, path)`` of the complete checkpoints in ``directory``, oldest first (files
    are renamed into place only once written, so every match is complete)."""
    root = Path(directory)
    if not root.is_dir():
        return []
    found = []
    for p in root.iterdir():
        m = _CHECKPOINT.match(p.name)
        if m:
            found.append((int(m.group(1)), p))
    return sorted(found)


@dataclass(frozen=True, slots=True)
class JobDir:
    root: Path

    @classmethod
    def of(cls, jobs_root: str | Path, job_id: str) -> JobDir:
        return cls(Path(jobs_root) / job_id)

    @property
    def spec(self) -> Path:
        return self.root / "spec.json"

    @property
    def events(self) -> Path:
        return self.root / "events.jsonl"

    @property
    def log(self) -> Path:
        return self.root / "output.log"

    @property
    def checkpoints(self) -> Path:
        return self.root / "checkpoints"

    def write_spec(self, spec: pb.JobSpec) -> None:
        """Write ``spec.json`` atomically (creating the directory)."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.spec.with_suffix(".tmp")
        tmp.write_text(json_format.MessageToJson(spec, preserving_proto_field_name=True))
        tmp.replace(self.spec)

    def read_spec(self) -> pb.JobSpec:
        return json_format.Parse(self.spec.read_text(), pb.JobSpec())
