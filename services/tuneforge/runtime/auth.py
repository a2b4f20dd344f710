"""Bearer-token authentication with scopes (read < write < admin).

Token file: one token per line, ``token,name,scopes`` with scopes separated by
``;`` (``read``, ``write``, ``admin``); ``#`` starts a comment. A token may be
stored as ``sha256:<hex digest>`` instead of in clear. The file is re-read when
its modification time changes, so tokens rotate without a restart; a bad edit
keeps the last good set (with a warning), and removing the file revokes every
token.

Presented tokens are hashed and compared with every entry's digest by
``hmac.compare_digest`` (constant time, no early exit). Tokens are never logged:
only the entry's name is.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

log = logging.getLogger("tuneforge.auth")


class Scope(IntEnum):
    """Each scope includes the ones below it."""

    READ = 1
    WRITE = 2
    ADMIN = 3

    @classmethod
    def parse(cls, text: str) -> Scope:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown scope {text!r}: use read, write or admin") from None


@dataclass(frozen=True, slots=True)
class Identity:
    name: str
    scope: Scope


class TokenFileError(ValueError):
    pass


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def parse_token_file(text: str, source: str = "token file") -> list[tuple[bytes, Identity]]:
    entries: list[tuple[bytes, Identity]] = []
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for n, row in enumerate(csv.reader(lines), 1):
        if len(row) != 3:
            raise TokenFileError(f"{source}: entry {n}: expected 'token,name,scopes'")
        token, name, scopes = (c.strip() for c in row)
        if len(token) < 16 and not token.startswith("sha256:"):
            raise TokenFileError(f"{source}: entry {n} ({name}): token shorter than 16 chars")
        try:
            scope = max(Scope.parse(s) for s in scopes.split(";") if s.strip())
        except ValueError as e:
            raise TokenFileError(f"{source}: entry {n} ({name}): {e}") from None
        if token.startswith("sha256:"):
            try:
                digest = bytes.fromhex(token.removeprefix("sha256:"))
            except ValueError:
                raise TokenFileError(f"{source}: entry {n} ({name}): bad sha256 hex") from None
            if len(digest) != 32:
                raise TokenFileError(
                    f"{source}: entry {n} ({name}): sha256 digest must be 32 bytes"
                )
        else:
            digest = _digest(token)
        entries.append((digest, Identity(name, scope)))
    return entries


class TokenStore:
    """The tokens of one file, reloaded when the file changes."""

    def __init__(self, path: Path) -> None:
        self._path = Path(path)
        self._mtime = -1
        self._entries: list[tuple[bytes, Identity]] = []
        self._reload()

    def _reload(self) -> None:
        mtime = os.stat(self._path).st_mtime_ns
        if mtime != self._mtime:
            self._mtime = mtime  # a bad edit is parsed once, not on every call
            self._entries = parse_token_file(self._path.read_text(), str(self._path))

    def authenticate(self, token: str) -> Identity | None:
        try:
            self._reload()
        except FileNotFoundError:
            self._entries = []  # the file was removed: every token is revoked (fail closed)
            self._mtime = -1
        except (OSError, TokenFileError) as e:
            log.warning("token file not reloaded; keeping the last good tokens: %s", e)
        presented = _digest(token)
        found: Identity | None = None
        for digest, identity in self._entries:
            if hmac.compare_digest(presented, digest) and found is None:
                found = identity
        return found
