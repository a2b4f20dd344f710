"""Shared fixtures: real servers on loopback, certificates made on the fly."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tuneforge.roles import server_for
from tuneforge.runtime.config import Settings
from tuneforge.runtime.server import Server, ServiceSpec


class ServerThread:
    """A real :class:`Server` on its own event loop in a background thread.

    Tests then use the ordinary blocking SDK, exactly as a user would.
    """

    def __init__(
        self, settings: Settings, specs: Sequence[ServiceSpec] | None = None, role: str = "all"
    ) -> None:
        """``specs`` alone (no shared resources), or else the services of ``role``."""
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self.server: Server = self.run(self._make(settings, specs, role))
        self.port: int = self.run(self.server.start())

    @staticmethod
    async def _make(settings: Settings, specs: Sequence[ServiceSpec] | None, role: str) -> Server:
        if specs is None:
            return server_for(role, settings)
        return Server(settings, specs)

    def run(self, coro: Any, timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def submit(self, coro: Any) -> Future[Any]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self, grace: float = 1.0) -> None:
        if not self._thread.is_alive():
            return
        self.run(self.server.stop(grace))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


@pytest.fixture(scope="session")
def mlflow_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An MLflow SQLite store migrated once per session (per xdist worker): migrating
    takes seconds, copying it none; servers and tests get a copy."""
    from tuneforge.tracker.store import TrackerStore

    path = tmp_path_factory.mktemp("mlflow-template") / "mlflow.db"
    store = TrackerStore(f"sqlite:///{path}")
    store.open()
    store.close()
    return path


@pytest.fixture
def start_server(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., ServerThread]]:
    """``start_server(specs=None, role="all", **settings)`` -> a running server. A role's
    embedded MLflow store (no ``tracking_uri`` given) starts as a copy of a migrated one."""
    started: list[ServerThread] = []

    def start(
        specs: Sequence[ServiceSpec] | None = None, role: str = "all", **overrides: Any
    ) -> ServerThread:
        settings = Settings.load({}, **{"port": 0, "home": tmp_path / "home", **overrides})
        mlflow_db = settings.home / "mlflow.db"
        if specs is None and not settings.tracking_uri and not mlflow_db.exists():
            mlflow_db.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(request.getfixturevalue("mlflow_template"), mlflow_db)
        st = ServerThread(settings, specs, role)
        started.append(st)
        return st

    yield start
    for st in started:
        st.stop(grace=0.5)


def _fresh_postgres(url: str) -> Iterator[str]:
    """A new, empty database on the test server for one test (dropped after it), so
    tests running in parallel (pytest-xdist) never share one."""
    import uuid

    import sqlalchemy as sa

    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield sa.make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each backend of the SQL store, empty: SQLite in a file, and PostgreSQL.

    The PostgreSQL leg needs the server ``make test`` starts
    (``TUNEFORGE_TEST_POSTGRES_URL``); it is skipped only when
    ``TUNEFORGE_SKIP_POSTGRES=1`` says so, and fails otherwise.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state.db'}"
        return
    url = os.environ.get("TUNEFORGE_TEST_POSTGRES_URL", "")
    if not url:
        if os.environ.get("TUNEFORGE_SKIP_POSTGRES") == "1":
            pytest.skip("PostgreSQL leg skipped on request (TUNEFORGE_SKIP_POSTGRES=1)")
        pytest.fail(
            "no PostgreSQL for the tests: run them with `make test` (it starts one), "
            "or set TUNEFORGE_SKIP_POSTGRES=1 to skip that leg explicitly"
        )
    yield from _fresh_postgres(url)


@dataclass
class Certs:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    other_ca: Path


def _make_certs(directory: Path) -> Certs:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def write(path: Path, data: bytes) -> Path:
        path.write_bytes(data)
        return path

    def key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
        return key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def ca(cn: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(name(cn))
            .issuer_name(name(cn))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        return key, cert

    def leaf(
        ca_key: ec.EllipticCurvePrivateKey, ca_cert: x509.Certificate, cn: str, server: bool
    ) -> tuple[bytes, bytes]:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(name(cn))
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH]
                ),
                critical=False,
            )
        )
        if server:
            builder = builder.add_extension(
                x509.SubjectAlternativeName(
                    [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
                ),
                critical=False,
            )
        cert = builder.sign(ca_key, hashes.SHA256())
        return cert.public_bytes(serialization.Encoding.PEM), key_pem(key)

    ca_key, ca_cert = ca("tuneforge test CA")
    _, other = ca("some other CA")
    s_cert, s_key = leaf(ca_key, ca_cert, "localhost", server=True)
    c_cert, c_key = leaf(ca_key, ca_cert, "test-client", server=False)
    pem = serialization.Encoding.PEM
    return Certs(
        ca=write(directory / "ca.pem", ca_cert.public_bytes(pem)),
        server_cert=write(directory / "server.pem", s_cert),
        server_key=write(directory / "server-key.pem", s_key),
        client_cert=write(directory / "client.pem", c_cert),
        client_key=write(directory / "client-key.pem", c_key),
        other_ca=write(directory / "other-ca.pem", other.public_bytes(pem)),
    )


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    return _make_certs(tmp_path_factory.mktemp("certs"))
