"""The tuneforge Python SDK: one :class:`Client`, a method per RPC.

Installed by the base ``tuneforge`` distribution, which needs only grpcio and
protobuf (no server dependencies)::

    from tuneforge_client import Client, TuneforgeError

    with Client("127.0.0.1:50051") as tf:
        resp = tf.scale_learning_rate(3e-4, 256, [512, 4096], optimizer_family="adaptive")
"""

from tuneforge_client.client import Client
from tuneforge_client.errors import FieldViolation, TuneforgeError

__all__ = ["Client", "FieldViolation", "TuneforgeError"]
