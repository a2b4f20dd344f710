"""The tuneforge Python SDK: one :class:`Client`, a method per RPC.

Installed by the base ``tuneforge`` distribution, which needs only grpcio and
protobuf (no server dependencies)::

    from tuneforge_client import Client, TuneforgeError

    with Client("127.0.0.1:50051") as tf:
        resp = tf.scale_learning_rate(3e-4, 256, [512, 4096], optimizer_family="adaptive")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tuneforge_client.client import Client
    from tuneforge_client.errors import FieldViolation, TuneforgeError

__all__ = ["Client", "FieldViolation", "TuneforgeError"]

_HOME = {
    "Client": "tuneforge_client.client",
    "FieldViolation": "tuneforge_client.errors",
    "TuneforgeError": "tuneforge_client.errors",
}


def __getattr__(name: str) -> Any:
    # Imported on first use, so that the server's pure cores can import
    # tuneforge_client.errors (FieldViolation) without loading grpc and the stubs.
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
