"""Token file parsing, scopes and reload."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tuneforge.runtime.auth import Scope, TokenFileError, TokenStore, parse_token_file

READER = "r" * 32
WRITER = "w" * 32


def test_parse_and_scope_order(tmp_path: Path) -> None:
    hashed = hashlib.sha256(b"a-secret-admin-token").hexdigest()
    path = tmp_path / "tokens"
    path.write_text(
        f"# comment\n{READER},ci-reader,read\n{WRITER},worker,read;write\n"
        f"sha256:{hashed},ops,admin\n\n"
    )
    store = TokenStore(path)
    assert store.authenticate(READER).scope is Scope.READ  # type: ignore[union-attr]
    assert store.authenticate(WRITER).scope is Scope.WRITE  # type: ignore[union-attr]
    admin = store.authenticate("a-secret-admin-token")
    assert admin is not None and admin.name == "ops" and admin.scope is Scope.ADMIN
    assert store.authenticate("nope" * 8) is None
    assert store.authenticate("") is None
    assert Scope.ADMIN > Scope.WRITE > Scope.READ


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("short,name,read", "shorter than 16"),
        (f"{READER},name,superuser", "unknown scope"),
        (f"{READER},name", "expected 'token,name,scopes'"),
        ("sha256:zz,name,read", "bad sha256"),
        ("sha256:abcd,name,read", "32 bytes"),
    ],
)
def test_bad_entries(text: str, message: str) -> None:
    with pytest.raises(TokenFileError, match=message):
        parse_token_file(text)


def test_reload_on_change_and_keep_last_good(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text(f"{READER},a,read\n")
    store = TokenStore(path)
    assert store.authenticate(READER) is not None
    path.write_text(f"{WRITER},b,write\n")
    os.utime(path, ns=(1, 10**18))  # make sure the mtime differs
    assert store.authenticate(READER) is None
    assert store.authenticate(WRITER) is not None
    path.write_text("garbage line\n")
    os.utime(path, ns=(1, 2 * 10**18))
    assert store.authenticate(WRITER) is not None  # bad edit: last good set kept


def test_removing_the_file_revokes_every_token(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text(f"{READER},a,read\n")
    store = TokenStore(path)
    assert store.authenticate(READER) is not None
    path.unlink()
    assert store.authenticate(READER) is None
    path.write_text(f"{READER},a,read\n")
    assert store.authenticate(READER) is not None
