"""Errors raised by the pure cores; the runtime maps them to gRPC status codes.

The cores never import grpc. They raise these exceptions and the error-mapping
layer in :mod:`tuneforge.runtime.errors` turns them into ``INVALID_ARGUMENT``
(with a ``google.rpc.BadRequest`` listing every field violation),
``NOT_FOUND``, ``ALREADY_EXISTS``, ``FAILED_PRECONDITION``,
``RESOURCE_EXHAUSTED``, ``DEADLINE_EXCEEDED`` or ``CANCELLED``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# Re-exported: one definition for both sides of the wire, the SDK's (grpc-free to import).
from tuneforge_client.errors import FieldViolation


class TuneforgeError(Exception):
    """Base of every error a core raises on purpose."""


class ValidationError(TuneforgeError, ValueError):
    """Bad input; carries one violation per bad field."""

    def __init__(self, violations: Iterable[FieldViolation]) -> None:
        self.violations: tuple[FieldViolation, ...] = tuple(violations)
        if not self.violations:
            raise ValueError("ValidationError needs at least one violation")
        super().__init__("; ".join(f"{v.field}: {v.description}" for v in self.violations))

    @classmethod
    def single(cls, field: str, description: str, reason: str = "INVALID") -> ValidationError:
        return cls([FieldViolation(field, description, reason)])

    def remap(self, rename: Callable[[str], str]) -> ValidationError:
        """The same violations with renamed fields (a core's ``tolerance`` is a
        request's ``options.tolerance``)."""
        return ValidationError(
            FieldViolation(rename(v.field), v.description, v.reason) for v in self.violations
        )


class NotFoundError(TuneforgeError, LookupError):
    """An id that names nothing."""


class AlreadyExistsError(TuneforgeError):
    """A create whose name is taken."""


class FailedPreconditionError(TuneforgeError):
    """The request is valid but the resource's state forbids it (e.g. a reported twice);
    ``violations`` name the fields whose referents are in that state (sent as a
    ``google.rpc.BadRequest`` beside FAILED_PRECONDITION)."""

    def __init__(self, message: str = "", violations: Iterable[FieldViolation] = ()) -> None:
        super().__init__(message)
        self.violations: tuple[FieldViolation, ...] = tuple(violations)

    @classmethod
    def single(
        cls, field: str, description: str, reason: str = "FAILED_PRECONDITION"
    ) -> FailedPreconditionError:
        return cls(f"{field}: {description}", [FieldViolation(field, description, reason)])


class ResourceExhaustedError(TuneforgeError):
    """The request is larger than a configured limit, or the server is at capacity."""


class DeadlineExceededError(TuneforgeError):
    """The caller's deadline passed while the work was running (DEADLINE_EXCEEDED)."""


class CancelledError(TuneforgeError):
    """The caller went away or the server is shutting down (CANCELLED)."""


class Violations:
    """Collects violations so that a request reports every bad field at once.

    >>> v = Violations()
    >>> v.check(lr > 0, "base_lr", "must be > 0")
    >>> v.raise_if_any()
    """

    def __init__(self) -> None:
        self._items: list[FieldViolation] = []

    def add(self, field: str, description: str, reason: str = "INVALID") -> None:
        self._items.append(FieldViolation(field, description, reason))

    def check(self, ok: bool, field: str, description: str, reason: str = "INVALID") -> bool:
        if not ok:
            self.add(field, description, reason)
        return ok

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise ValidationError(self._items)
