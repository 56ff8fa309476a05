"""Maps KIEZLEDGER_DATABASE_URL onto eventsourcing's persistence settings."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_DATABASE_URL = "sqlite:///./var/kiezledger.db"


class ConfigError(ValueError):
    """The database URL cannot be understood."""


def database_url() -> str:
    return os.environ.get("KIEZLEDGER_DATABASE_URL") or DEFAULT_DATABASE_URL


def sqlite_path(url: str) -> str:
    """`sqlite:///relative/path` or `sqlite:////absolute/path` to a file path."""
    path = url[len("sqlite:///"):]
    if not path:
        raise ConfigError(f"no file in {url!r}")
    return path


def eventsourcing_env(url: str, *, create_table: bool = True) -> dict[str, str]:
    """The `env` for eventsourcing's Application for this database URL.

    `memory://` keeps events in process memory (tests only).
    """
    scheme = url.split(":", 1)[0]
    if scheme == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if scheme == "sqlite":
        path = Path(sqlite_path(url))
        path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "APPLICATION_RECORDER_TOPIC": "store.recorders:SQLiteRecorder",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "30",
            "CREATE_TABLE": "y" if create_table else "n",
        }
    if scheme in ("postgresql", "postgres"):
        parts = urlsplit(url)
        dbname = parts.path.lstrip("/")
        if not dbname:
            raise ConfigError(f"no database name in {url!r}")
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": "store.recorders:PostgresRecorder",
            "POSTGRES_DBNAME": unquote(dbname),
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            # The library insists on a password even under trust authentication.
            "POSTGRES_PASSWORD": unquote(parts.password or "unused"),
            "POSTGRES_POOL_SIZE": os.environ.get("KIEZLEDGER_POOL_SIZE", "5"),
            "POSTGRES_CONNECT_TIMEOUT": "10",
            "POSTGRES_LOCK_TIMEOUT": "10",
            # Left off on purpose: with it on, log followers miss events.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "",
            "CREATE_TABLE": "y" if create_table else "n",
        }
    raise ConfigError(
        f"unsupported KIEZLEDGER_DATABASE_URL {url!r}: use sqlite:///path or postgresql://..."
    )
