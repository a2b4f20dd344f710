"""Settings: defaults < TUNEFORGE_* environment < flags; unsafe combinations refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tuneforge.cli import main, parser
from tuneforge.runtime.config import ConfigError, Settings, from_args, is_loopback


def test_defaults() -> None:
    s = Settings.load({})
    assert (s.host, s.port, s.home, s.tls) == ("127.0.0.1", 50051, Path(".tuneforge"), False)


def test_environment_then_flags() -> None:
    env = {"TUNEFORGE_PORT": "6000", "TUNEFORGE_HOME": "/tmp/x", "TUNEFORGE_GRACE_SECONDS": "2.5"}
    s = Settings.load(env)
    assert (s.port, s.home, s.grace_seconds) == (6000, Path("/tmp/x"), 2.5)
    args = parser().parse_args(["serve", "all", "--port", "7000"])
    s = from_args(args, env)
    assert (s.port, s.home) == (7000, Path("/tmp/x"))


@pytest.mark.parametrize("value", ["yes", "1", "true", "ON"])
def test_bool_env(value: str) -> None:
    assert Settings.load({"TUNEFORGE_ALLOW_INSECURE": value}).allow_insecure


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TUNEFORGE_PORT": "eighty"}, "TUNEFORGE_PORT"),
        ({"TUNEFORGE_PORT": "70000"}, "port"),
        ({"TUNEFORGE_ALLOW_INSECURE": "maybe"}, "TUNEFORGE_ALLOW_INSECURE"),
        ({"TUNEFORGE_HOST": "0.0.0.0"}, "refusing plaintext"),
        ({"TUNEFORGE_TLS_CERT": "/nonexistent.pem"}, "tls_key"),
        ({"TUNEFORGE_TOKEN_FILE": "/nonexistent"}, "no such file"),
        ({"TUNEFORGE_LOG_LEVEL": "LOUD"}, "log_level"),
    ],
)
def test_bad_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.load(env)


def test_insecure_remote_only_when_forced() -> None:
    forced = {"TUNEFORGE_ALLOW_INSECURE": "1", "TUNEFORGE_ALLOW_UNAUTHENTICATED": "1"}
    assert Settings.load({"TUNEFORGE_HOST": "0.0.0.0", **forced}).host == "0.0.0.0"


def test_non_loopback_without_authentication_is_refused(tmp_path: Path) -> None:
    """TLS alone on every interface would leave admin calls open: tokens, mTLS or a flag."""
    cert, key, tokens = tmp_path / "c.pem", tmp_path / "k.pem", tmp_path / "tokens"
    for f in (cert, key, tokens):
        f.write_text("x")
    tls = {
        "TUNEFORGE_HOST": "0.0.0.0",
        "TUNEFORGE_TLS_CERT": str(cert),
        "TUNEFORGE_TLS_KEY": str(key),
    }
    with pytest.raises(ConfigError, match="without authentication"):
        Settings.load(tls)
    with pytest.raises(ConfigError, match="without authentication"):
        Settings.load({"TUNEFORGE_HOST": "0.0.0.0", "TUNEFORGE_ALLOW_INSECURE": "1"})
    assert Settings.load({**tls, "TUNEFORGE_TOKEN_FILE": str(tokens)}).token_file == tokens
    assert Settings.load({**tls, "TUNEFORGE_TLS_CLIENT_CA": str(cert)}).tls_client_ca == cert
    assert Settings.load({**tls, "TUNEFORGE_ALLOW_UNAUTHENTICATED": "1"}).allow_unauthenticated


def test_limits_that_cannot_fit_a_message_are_lowered() -> None:
    """The defaults agree with the message limit; a smaller limit lowers them."""
    d = Settings.load({})
    assert (d.matrix_nnz_limit, d.transport_entries_limit) == (
        d.max_matrix_nnz,
        d.max_transport_entries,
    )
    small = Settings.load({"TUNEFORGE_MAX_MESSAGE_BYTES": str(1 << 20)})
    assert small.matrix_nnz_limit * 16 <= 1 << 20 < d.max_matrix_nnz * 16
    assert small.transport_entries_limit * 8 <= 1 << 20


def test_mtls_needs_a_server_certificate(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    with pytest.raises(ConfigError, match="mTLS"):
        Settings.load({"TUNEFORGE_TLS_CLIENT_CA": str(ca)})


@pytest.mark.parametrize(
    ("host", "loop"),
    [
        ("127.0.0.1", True),
        ("127.3.2.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop


def test_cli_exits_2_on_config_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "all", "--host", "0.0.0.0"]) == 2
    assert "refusing plaintext" in capsys.readouterr().err


def test_cli_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version"]) == 0
    assert capsys.readouterr().out.startswith("tuneforge 0.1.0")


def test_a_kubernetes_backend_without_its_cluster_is_refused_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tuneforge.roles import Resources

    with pytest.raises(ConfigError, match="trainer_backend"):
        Settings(trainer_backend="gpu-farm").check()
    cfg = tmp_path / "kubernetes.yaml"
    cfg.write_text("namespace: ml\n")
    with pytest.raises(ConfigError, match="needs kubernetes_config"):
        Settings(trainer_backend="kubernetes").check()
    settings = Settings(home=tmp_path, trainer_backend="kubernetes", kubernetes_config=cfg)
    settings.check()
    with pytest.raises(ConfigError, match="image"):  # an incomplete config: its missing keys
        _ = Resources(settings).trainer_backend
    cfg.write_text(
        "namespace: ml\nimage: ghcr.io/acme/worker:1\ncheckpoint_pvc: jobs\n"
        "trainer_address: trainer:50051\n"
    )
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "no-such-kubeconfig"))
    with pytest.raises(ConfigError, match="no Kubernetes API"):
        _ = Resources(settings).trainer_backend  # never a local backend in its place
