from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tuneforge.trainer import job_tokens


def test_a_token_opens_its_own_job_only(tmp_path: Path) -> None:
    key = job_tokens.load_key(tmp_path / "key")
    token = job_tokens.mint(key, "job-1")
    assert token.startswith("tfj1.") and "=" not in token
    assert job_tokens.verify(key, token, "job-1")
    assert not job_tokens.verify(key, token, "job-2")
    assert not job_tokens.verify(key, job_tokens.mint(key, "job-2"), "job-1")
    assert not job_tokens.verify(key, "", "job-1")
    assert not job_tokens.verify(key, token, "")


def test_a_tampered_token_or_another_key_is_refused(tmp_path: Path) -> None:
    key = job_tokens.load_key(tmp_path / "key")
    token = job_tokens.mint(key, "job-1")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert not job_tokens.verify(key, flipped, "job-1")
    assert not job_tokens.verify(key, token.removeprefix("tfj1."), "job-1")
    other = job_tokens.load_key(tmp_path / "other")
    assert other != key
    assert not job_tokens.verify(other, token, "job-1")


def test_the_key_file_is_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "state" / "job-token.key"
    key = job_tokens.load_key(path)
    assert len(key) == job_tokens.KEY_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert job_tokens.load_key(path) == key  # a restart keeps the tokens it minted valid
    assert [p.name for p in path.parent.iterdir()] == ["job-token.key"]  # no temp left


def test_a_short_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_bytes(b"short")
    with pytest.raises(ValueError, match="at least 32 bytes"):
        job_tokens.load_key(path)
    with pytest.raises(ValueError, match="job id"):
        job_tokens.mint(b"k" * 32, "")
