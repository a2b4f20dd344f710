"""What a study request may carry: the checks that need no database, and page tokens.

Each check raises one :class:`~tuneforge.errors.ValidationError` listing every
bad field of the request, named as in the gRPC request.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Mapping, Sequence

from optuna.trial import TrialState

from tuneforge.errors import FieldViolation, ValidationError, Violations
from tuneforge.studies.config import StudyConfig
from tuneforge.studies.space import Config, Value, check_params, missing_params
from tuneforge.studies.store import FINAL

MAX_ASK = 100
_NAME = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
_NAME_RULE = "1-128 of letters, digits, '.', '_', '-'"


def check_create(name: str, config: StudyConfig) -> None:
    found = [] if _NAME.match(name) else [FieldViolation("name", _NAME_RULE, "INVALID")]
    try:
        config.check()
    except ValidationError as e:
        found += e.violations
    if found:
        raise ValidationError(found)


def check_study(name: str) -> None:
    if not name:
        raise ValidationError.single("study", "required: a study name")


def check_ask(count: int, client_id: str) -> int:
    """The number of trials to hand out (0 means one)."""
    v = Violations()
    count = count or 1
    v.check(1 <= count <= MAX_ASK, "count", f"must lie in [0, {MAX_ASK}]")
    v.check(len(client_id) <= 128, "client_id", "at most 128 characters")
    v.raise_if_any()
    return count


def check_tell(
    config: StudyConfig,
    state: TrialState,
    values: Sequence[float],
    constraint_values: Sequence[float],
) -> None:
    v = Violations()
    v.check(state in FINAL, "state", "must be COMPLETE, FAIL or PRUNED")
    n = len(config.objectives)
    for i, x in enumerate(values):
        v.check(math.isfinite(x), f"values[{i}]", f"must be finite, got {x}", "NOT_FINITE")
    if state == TrialState.COMPLETE:
        v.check(
            len(values) == n,
            "values",
            f"expected {n} value(s), one per objective; got {len(values)}",
            "WRONG_COUNT",
        )
    elif state == TrialState.FAIL:
        v.check(not values, "values", "a FAIL carries no values")
    elif state == TrialState.PRUNED:
        v.check(
            not values,
            "values",
            "a PRUNED trial carries no values (the last intermediate value is used)",
        )
    k = len(config.constraints)
    for i, c in enumerate(constraint_values):
        v.check(math.isfinite(c), f"constraint_values[{i}]", "must be finite", "NOT_FINITE")
    if state == TrialState.COMPLETE or constraint_values:
        v.check(
            len(constraint_values) == k,
            "constraint_values",
            f"expected {k} value(s), one per constraint; got {len(constraint_values)}",
            "WRONG_COUNT",
        )
    v.raise_if_any()


def check_report(step: int, value: float) -> None:
    v = Violations()
    v.check(0 <= step < 2**31, "step", "must lie in [0, 2^31)")  # Optuna's column is int32
    v.check(math.isfinite(value), "value", f"must be finite, got {value}", "NOT_FINITE")
    v.raise_if_any()


def check_enqueue(config: StudyConfig, params: Mapping[str, Value]) -> Config:
    """The client's values, coerced to each domain's type.

    Other samplers draw what a queued point leaves out (as Optuna's
    ``enqueue_trial``); Optuna's grid sampler cannot (its Ask would fail), so a
    grid study needs a value for every parameter active at that point.
    """
    fixed = check_params(config.space, params)
    if config.sampler.kind == "grid":
        v = Violations()
        for name in missing_params(config.space, fixed):
            v.add(
                f"params[{name}]",
                "required: a grid study's queued point gives every active parameter",
                "MISSING_PARAMETER",
            )
        v.raise_if_any()
    return fixed


def page_token(n: int) -> str:
    return base64.urlsafe_b64encode(f"n:{n}".encode()).decode()


def after_token(token: str) -> int:
    """What a page starts after (a study id or trial number; -1 for the first page)."""
    if not token:
        return -1
    try:
        kind, n = base64.urlsafe_b64decode(token.encode()).decode().split(":", 1)
        if kind != "n":
            raise ValueError(kind)
        return int(n)
    except ValueError:
        raise ValidationError.single("page.page_token", "not a token from this server") from None
