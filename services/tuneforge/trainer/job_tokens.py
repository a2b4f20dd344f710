"""Job-scoped tokens: what a training pod presents to the trainer's WorkerService.

A token is ``tfj1.<base64url(HMAC-SHA256(key, domain || job id))>``: the trainer
mints one per job (into the job's Secret) and checks it against the job id of each
call, so a token opens that job's two worker calls and nothing else, and the
trainer stores no token at all. Rotating the key (the key file) revokes every
outstanding token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

__all__ = ["KEY_BYTES", "TOKEN_ENV", "load_key", "mint", "verify"]

TOKEN_ENV = "TUNEFORGE_JOB_TOKEN"  # the worker reads its token here, never from a flag
KEY_BYTES = 32
_PREFIX = "tfj1."
_DOMAIN = b"tuneforge job token v1\0"


def load_key(path: Path) -> bytes:
    """The signing key in ``path``; created (``KEY_BYTES`` random bytes, mode 0600,
    written atomically) when the file does not exist. A shorter file is refused: a
    truncated key would sign tokens anyone could guess."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(tmp, path)  # never replaces a key another process wrote meanwhile
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_bytes()
    if len(key) < KEY_BYTES:
        raise ValueError(
            f"{path}: a job token key needs at least {KEY_BYTES} bytes, has {len(key)}"
        )
    return key


def _mac(key: bytes, job_id: str) -> bytes:
    return hmac.new(key, _DOMAIN + job_id.encode(), hashlib.sha256).digest()


def mint(key: bytes, job_id: str) -> str:
    """The token of ``job_id`` under ``key``."""
    if not job_id:
        raise ValueError("a job token needs a job id")
    return _PREFIX + base64.urlsafe_b64encode(_mac(key, job_id)).rstrip(b"=").decode()


def verify(key: bytes, token: str, job_id: str) -> bool:
    """Whether ``token`` is ``job_id``'s (constant time in the token's content)."""
    if not job_id or not token.startswith(_PREFIX):
        return False
    return hmac.compare_digest(token.encode(), mint(key, job_id).encode())
