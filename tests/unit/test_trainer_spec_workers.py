"""JobSpec validation of the fields of a multi-pod job: resources.workers and the
backend-independent shape of placement (the Kubernetes backend checks the rest)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from google.protobuf import json_format

from tuneforge.errors import ValidationError
from tuneforge.trainer import spec
from tuneforge.v1 import trainer_service_pb2 as pb

DEFAULTS = spec.Defaults(checkpoint_interval_steps=250, max_job_seconds=3600.0)
BASE: dict[str, Any] = {
    "model": {"mlp": {}},
    "dataset": {"digits": {}},
    "optimizer": {"name": "adamw"},
    "batchSize": {"fixed": 64},
    "budget": {"steps": 300},
}


def job(**changes: Any) -> pb.JobSpec:
    return json_format.ParseDict(copy.deepcopy(BASE) | changes, pb.JobSpec())


def reasons(s: pb.JobSpec) -> dict[str, str]:
    """{field: reason} of the violations, {} for a valid spec."""
    try:
        spec.validate(s, defaults=DEFAULTS)
    except ValidationError as e:
        return {v.field: v.reason for v in e.violations}
    return {}


@pytest.mark.parametrize(
    "changes",
    [
        {"resources": {"workers": 0}},
        {"resources": {"workers": 1}, "batchSize": {"adaptive": {}}},  # one worker: anything
        {"resources": {"workers": 4}},  # 64 = 4 x 16
        {"resources": {"workers": 64}},
        {"resources": {"workers": 2}, "optimizer": {"name": "mfac"}},
        {"resources": {"workers": 1}, "optimizer": {"name": "cbo"}},
        {"placement": {"image": "ghcr.io/acme/worker:1.0"}},
        {"placement": {"image": "localhost:5000/tuneforge/worker"}},
        {"placement": {"image": "worker@sha256:" + "a" * 64}},
        {"placement": {"nodeSelector": {"gpu.acme.io/model": "h200", "zone": "eu-1"}}},
    ],
)
def test_good(changes: dict[str, Any]) -> None:
    n = spec.validate(job(**changes), defaults=DEFAULTS)
    assert n.resources.workers == changes.get("resources", {}).get("workers", 0)
    assert n.placement == job(**changes).placement  # kept as given, for the backend


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"resources": {"workers": -1}}, {"spec.resources.workers": "OUT_OF_RANGE"}),
        ({"resources": {"workers": 257}}, {"spec.resources.workers": "OUT_OF_RANGE"}),
        # Each rank takes an equal share of every global batch.
        ({"resources": {"workers": 3}}, {"spec.batch_size.fixed": "INVALID"}),
        (
            {"resources": {"workers": 2}, "batchSize": {"adaptive": {}}},
            {"spec.batch_size.adaptive": "UNSUPPORTED"},
        ),
        (
            {"resources": {"workers": 2}, "model": {"entryPoint": {"target": "json:dumps"}}},
            {"spec.model.entry_point": "UNSUPPORTED"},
        ),
        (
            {"resources": {"workers": 2}, "optimizer": {"name": "cbo"}},
            {"spec.optimizer.name": "UNSUPPORTED"},
        ),
        (
            {"resources": {"workers": 2}, "optimizer": {"name": "sso"}},
            {"spec.optimizer.name": "UNSUPPORTED"},
        ),
        ({"placement": {"image": "Not An Image!"}}, {"spec.placement.image": "INVALID"}),
        ({"placement": {"image": "UPPER/case:1"}}, {"spec.placement.image": "INVALID"}),
        (
            {"placement": {"nodeSelector": {"fast": True, "count": 2, "ok": "yes"}}},
            {
                "spec.placement.node_selector.fast": "INVALID",
                "spec.placement.node_selector.count": "INVALID",
            },
        ),
    ],
)
def test_bad(changes: dict[str, Any], expected: dict[str, str]) -> None:
    assert reasons(job(**changes)) == expected
