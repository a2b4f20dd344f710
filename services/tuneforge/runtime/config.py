"""One typed settings object, from defaults < ``TUNEFORGE_*`` environment < flags."""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ENV_PREFIX = "TUNEFORGE_"
TRAINER_BACKENDS = ("local", "kubernetes")
#: Upper bound of one CSR non-zero on the wire: an 8-byte value, a varint index and slack.
MATRIX_BYTES_PER_NNZ = 16


class ConfigError(ValueError):
    """Settings that cannot work together; the CLI prints it and exits with 2."""


def _flag(help: str, **kw: Any) -> Any:
    return field(metadata={"help": help}, **kw)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of a tuneforge server. Each field ``x`` is read from ``TUNEFORGE_X``."""

    host: str = _flag("address to bind; loopback unless TLS is configured", default="127.0.0.1")
    port: int = _flag("port to bind (0 picks a free one)", default=50051)
    home: Path = _flag("state directory (SQLite files, artifacts)", default=Path(".tuneforge"))
    tls_cert: Path | None = _flag("server certificate chain (PEM)", default=None)
    tls_key: Path | None = _flag("server private key (PEM)", default=None)
    tls_client_ca: Path | None = _flag(
        "CA bundle (PEM) for client certificates: enables mTLS", default=None
    )
    token_file: Path | None = _flag("bearer tokens: lines 'token,name,scope[;scope]'", default=None)
    allow_insecure: bool = _flag("allow plaintext on a non-loopback address", default=False)
    allow_unauthenticated: bool = _flag(
        "allow a non-loopback address without token_file or mTLS (e.g. behind an "
        "authenticating proxy)",
        default=False,
    )
    max_message_bytes: int = _flag("largest request/response message", default=64 * 1024 * 1024)
    grace_seconds: float = _flag("time in-flight RPCs get to finish on shutdown", default=10.0)
    drain_delay_seconds: float = _flag(
        "time between readiness NOT_SERVING and refusing new RPCs", default=0.0
    )
    log_level: str = _flag("DEBUG, INFO, WARNING or ERROR", default="INFO")
    database_url: str = _flag(
        "SQLAlchemy URL of the state database (default: SQLite under home)", default=""
    )
    migrate_on_start: bool = _flag(
        "migrate the state database's schema at start-up (else `tuneforge migrate` must have run)",
        default=True,
    )
    max_matrix_nnz: int = _flag("largest sparse matrix accepted (non-zeros)", default=2_000_000)
    max_transport_entries: int = _flag(
        "largest transport problem accepted (n * m cost entries)", default=4_000_000
    )
    max_transport_iterations: int = _flag(
        "largest iteration cap a transport request may ask for (Sinkhorn sweeps)",
        default=1_000_000,
    )
    solve_workers: int = _flag(
        "threads for CPU-heavy solves (SOR, Sinkhorn); 0: one per CPU", default=0
    )
    solve_queue: int = _flag(
        "solves that may wait for a solve thread; more are refused (RESOURCE_EXHAUSTED)",
        default=16,
    )
    max_solve_seconds: float = _flag(
        "longest one solve may run, whatever deadline its caller set (DEADLINE_EXCEEDED)",
        default=600.0,
    )
    tracking_uri: str = _flag(
        "MLflow tracking URI of the tracker (default: SQLite under home)", default=""
    )
    artifact_root: str = _flag(
        "artifact location of new tracker experiments (default: under home for a "
        "database tracking URI, the MLflow server's choice for an http one)",
        default="",
    )
    max_artifact_bytes: int = _flag("largest artifact LogArtifact accepts", default=4 << 20)
    study_lease_seconds: int = _flag(
        "seconds a running trial lives without a heartbeat before it is failed", default=60
    )
    study_max_retries: int = _flag(
        "times a trial whose lease expired is queued again (0: only failed)", default=3
    )
    study_tracking: bool = _flag("log every finished trial to the tracker", default=True)
    jobs_dir: Path | None = _flag(
        "where training jobs keep spec, events, logs and checkpoints (default: home/jobs)",
        default=None,
    )
    max_running_jobs: int = _flag("training jobs the local backend runs at once", default=2)
    trainer_cpus: float = _flag(
        "CPU cores the local backend hands out to jobs (0: all of this machine's)", default=0.0
    )
    trainer_memory_mib: int = _flag(
        "memory (MiB) the local backend hands out to jobs (0: not accounted)", default=0
    )
    trainer_node: str = _flag(
        "this machine's name in job ownership (default: the host name); jobs a previous "
        "run of the same node left RUNNING are resumed at start",
        default="",
    )
    checkpoint_interval_steps: int = _flag("default steps between a job's checkpoints", default=200)
    max_job_seconds: float = _flag(
        "longest wall time a job may run (its max_duration may ask for less)", default=86400.0
    )
    job_poll_seconds: float = _flag(
        "how often the job supervisor reads workers' events", default=0.05
    )
    job_stop_seconds: float = _flag(
        "time a stopped worker gets to checkpoint and exit before it is killed", default=5.0
    )
    trainer_backend: str = _flag(
        "where training jobs run: 'local' (worker processes here) or 'kubernetes' "
        "(a batch/v1 Job each, configured by kubernetes_config)",
        default="local",
    )
    kubernetes_config: Path | None = _flag(
        "YAML file of the Kubernetes backend's configuration (namespace, image, pool "
        "placement, checkpoint claim; the chart renders it)",
        default=None,
    )
    kubernetes_unschedulable_seconds: float = _flag(
        "a job whose pod stays unschedulable this long fails (with the scheduler's reason)",
        default=600.0,
    )
    job_token_key_file: Path | None = _flag(
        "key that signs job-scoped worker tokens (default: home/job-token.key, created)",
        default=None,
    )

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``TUNEFORGE_*`` variables, then non-None ``overrides`` (flags)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw not in (None, ""):
                values[f.name] = _parse(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.check()
        return settings

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def check(self) -> None:
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ConfigError("tls_cert and tls_key must be given together")
        if self.tls_client_ca is not None and not self.tls:
            raise ConfigError("tls_client_ca (mTLS) needs tls_cert and tls_key")
        for name in ("tls_cert", "tls_key", "tls_client_ca", "token_file"):
            path = getattr(self, name)
            if path is not None and not Path(path).is_file():
                raise ConfigError(f"{name}: no such file: {path}")
        if not 0 <= self.port <= 65535:
            raise ConfigError(f"port must be in [0, 65535], got {self.port}")
        if self.max_matrix_nnz < 1 or self.max_transport_entries < 1:
            raise ConfigError("max_matrix_nnz and max_transport_entries must be >= 1")
        if self.max_transport_iterations < 1:
            raise ConfigError("max_transport_iterations must be >= 1")
        if self.solve_workers < 0 or self.solve_queue < 0:
            raise ConfigError("solve_workers and solve_queue must be >= 0")
        if not self.max_solve_seconds > 0:
            raise ConfigError("max_solve_seconds must be > 0")
        if self.study_lease_seconds < 1 or self.study_max_retries < 0:
            raise ConfigError("study_lease_seconds must be >= 1 and study_max_retries >= 0")
        if self.max_running_jobs < 1 or self.trainer_cpus < 0 or self.trainer_memory_mib < 0:
            raise ConfigError(
                "max_running_jobs must be >= 1; trainer_cpus and trainer_memory_mib >= 0"
            )
        if self.checkpoint_interval_steps < 1 or not self.max_job_seconds > 0:
            raise ConfigError("checkpoint_interval_steps must be >= 1 and max_job_seconds > 0")
        if not self.job_poll_seconds > 0 or self.job_stop_seconds < 0:
            raise ConfigError("job_poll_seconds must be > 0 and job_stop_seconds >= 0")
        if self.trainer_backend not in TRAINER_BACKENDS:
            raise ConfigError(
                f"trainer_backend must be one of {', '.join(TRAINER_BACKENDS)}, "
                f"got {self.trainer_backend!r}"
            )
        if self.trainer_backend == "kubernetes" and self.kubernetes_config is None:
            raise ConfigError("trainer_backend 'kubernetes' needs kubernetes_config")
        if self.kubernetes_config is not None and not Path(self.kubernetes_config).is_file():
            raise ConfigError(f"kubernetes_config: no such file: {self.kubernetes_config}")
        if not self.kubernetes_unschedulable_seconds > 0:
            raise ConfigError("kubernetes_unschedulable_seconds must be > 0")
        if self.max_artifact_bytes < 1:
            raise ConfigError("max_artifact_bytes must be >= 1")
        if self.max_message_bytes < 1024:
            raise ConfigError("max_message_bytes must be >= 1024")
        if self.grace_seconds < 0 or self.drain_delay_seconds < 0:
            raise ConfigError("grace_seconds and drain_delay_seconds must be >= 0")
        if self.log_level.upper() not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(
                f"log_level must be DEBUG, INFO, WARNING or ERROR, got {self.log_level}"
            )
        if not self.tls and not is_loopback(self.host) and not self.allow_insecure:
            raise ConfigError(
                f"refusing plaintext on non-loopback address {self.host!r}: configure "
                "tls_cert/tls_key, or set allow_insecure (e.g. behind a TLS-terminating mesh)"
            )
        authenticated = self.token_file is not None or self.tls_client_ca is not None
        if not is_loopback(self.host) and not authenticated and not self.allow_unauthenticated:
            raise ConfigError(
                f"refusing to serve {self.host!r} without authentication (admin calls would "
                "be open to the network): configure token_file or tls_client_ca (mTLS), or set "
                "allow_unauthenticated (e.g. behind an authenticating proxy)"
            )

    @property
    def db_url(self) -> str:
        """``database_url``, or the embedded default: ``sqlite:///<home>/tuneforge.db``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{Path(self.home).resolve() / 'tuneforge.db'}"

    @property
    def mlflow_uri(self) -> str:
        """``tracking_uri``, or the embedded default: ``sqlite:///<home>/mlflow.db``."""
        if self.tracking_uri:
            return self.tracking_uri
        return f"sqlite:///{Path(self.home).resolve() / 'mlflow.db'}"

    @property
    def mlflow_artifact_root(self) -> str:
        """``artifact_root``; by default ``<home>/mlartifacts`` unless MLflow serves them."""
        if self.artifact_root:
            return self.artifact_root
        if self.mlflow_uri.startswith(("http://", "https://", "databricks")):
            return ""
        return str(Path(self.home).resolve() / "mlartifacts")

    # A limit no message can reach is a lie: the effective limits are the smaller of the
    # configured one and what fits in one message (the defaults agree; a smaller
    # max_message_bytes lowers them, and `serve` logs that).
    @property
    def matrix_nnz_limit(self) -> int:
        return min(self.max_matrix_nnz, self.max_message_bytes // MATRIX_BYTES_PER_NNZ)

    @property
    def transport_entries_limit(self) -> int:
        return min(self.max_transport_entries, self.max_message_bytes // 8)

    @property
    def jobs_root(self) -> Path:
        """``jobs_dir``, or ``<home>/jobs``."""
        return Path(self.jobs_dir or Path(self.home) / "jobs").resolve()

    @property
    def job_token_key_path(self) -> Path:
        """``job_token_key_file``, or ``<home>/job-token.key``."""
        return Path(self.job_token_key_file or Path(self.home) / "job-token.key").resolve()

    @property
    def node_name(self) -> str:
        return self.trainer_node or socket.gethostname()

    @property
    def solve_threads(self) -> int:
        return self.solve_workers or os.cpu_count() or 1

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _parse(f: dataclasses.Field[Any], raw: str) -> Any:
    kind = str(f.type)
    try:
        if "bool" in kind:
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if "int" in kind:
            return int(raw)
        if "float" in kind:
            return float(raw)
        if "Path" in kind:
            return Path(raw)
    except ValueError as e:
        raise ConfigError(f"{ENV_PREFIX}{f.name.upper()}: cannot parse {raw!r} as {kind}") from e
    return raw


def add_flags(parser: argparse.ArgumentParser) -> None:
    """One ``--flag`` per settings field, default None so that env/defaults apply."""
    for f in fields(Settings):
        flag = "--" + f.name.replace("_", "-")
        kind = str(f.type)
        shown = "" if f.default in ("", None) else f", default {f.default}"
        help_ = f"{f.metadata['help']} [env {ENV_PREFIX}{f.name.upper()}{shown}]"
        if "bool" in kind:
            parser.add_argument(flag, action="store_true", default=None, help=help_)
        elif "int" in kind:
            parser.add_argument(flag, type=int, default=None, help=help_)
        elif "float" in kind:
            parser.add_argument(flag, type=float, default=None, help=help_)
        elif "Path" in kind:
            parser.add_argument(flag, type=Path, default=None, help=help_)
        else:
            parser.add_argument(flag, default=None, help=help_)


def from_args(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> Settings:
    return Settings.load(env, **{f.name: getattr(args, f.name, None) for f in fields(Settings)})
