"""The personal key store in the application's own database, and SQLite WAL checkpoints.

`personal_keys` (subject_id, key, erased_at) sits beside the event table (in its schema on
PostgreSQL). What an erasure leaves behind on each store: see `ledger.personal`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ledger.personal import KeyStore, MemoryKeyStore
from store import layout
from store.sql import qmark, sqlite_connect

TABLE = "personal_keys"
# Serialises the ledger's DDL (keys table, triggers) across processes on PostgreSQL.
SETUP_LOCK_KEY = 0x4B4C4447  # "KLDG"


class SQLKeyStore(KeyStore):
    """`personal_keys` in the application's own database (SQLite file or PostgreSQL)."""

    def __init__(self, recorder: Any) -> None:
        super().__init__()
        self.recorder = recorder
        self.dialect = layout.dialect_of(recorder)
        self.table = layout.qualified(recorder, TABLE)

    def _sql(self, sql: str) -> str:
        return qmark(sql) if self.dialect == "sqlite" else sql

    @contextmanager
    def _tx(self, commit: bool = True) -> Iterator[Any]:
        with layout.transaction(self.recorder, commit=commit) as cur:
            yield cur

    def create_table(self) -> None:
        blob = "BYTEA" if self.dialect == "postgresql" else "BLOB"
        with self._tx() as cur:
            if self.dialect == "postgresql":
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (SETUP_LOCK_KEY,))
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} ("
                f"subject_id TEXT PRIMARY KEY, key {blob}, erased_at TEXT)"
            )

    def _get_or_create(self, subject: str, new_key: bytes) -> tuple[bytes | None, str | None]:
        with self._tx() as cur:
            cur.execute(self._sql(
                f"INSERT INTO {self.table} (subject_id, key, erased_at) VALUES (%s, %s, NULL) "
                "ON CONFLICT (subject_id) DO NOTHING"), (subject, new_key))
            cur.execute(self._sql(
                f"SELECT key, erased_at FROM {self.table} WHERE subject_id = %s"), (subject,))
            row = cur.fetchone()
        key = row["key"]
        return (bytes(key) if key is not None else None), row["erased_at"]

    def _get_or_create_many(self, subjects: list[str]) -> dict[str, bytes | None]:
        with self._tx() as cur:
            cur.executemany(self._sql(
                f"INSERT INTO {self.table} (subject_id, key, erased_at) VALUES (%s, %s, NULL) "
                "ON CONFLICT (subject_id) DO NOTHING"),
                [(s, AESGCM.generate_key(256)) for s in subjects])
            cur.execute(self._sql(
                f"SELECT subject_id, key FROM {self.table} WHERE subject_id IN ("
                + ", ".join(["%s"] * len(subjects)) + ")"), tuple(subjects))
            rows = cur.fetchall()
        return {r["subject_id"]: (bytes(r["key"]) if r["key"] is not None else None)
                for r in rows}

    def _get(self, subject: str) -> bytes | None:
        with self._tx(commit=False) as cur:
            cur.execute(self._sql(
                f"SELECT key FROM {self.table} WHERE subject_id = %s"), (subject,))
            row = cur.fetchone()
        if row is None or row["key"] is None:
            return None
        return bytes(row["key"])

    def _get_many(self, subjects: list[str]) -> dict[str, bytes | None]:
        if not subjects:
            return {}
        with self._tx(commit=False) as cur:
            cur.execute(self._sql(
                f"SELECT subject_id, key FROM {self.table} WHERE subject_id IN ("
                + ", ".join(["%s"] * len(subjects)) + ")"), tuple(subjects))
            rows = cur.fetchall()
        found: dict[str, bytes | None] = dict.fromkeys(subjects)
        for r in rows:
            found[r["subject_id"]] = bytes(r["key"]) if r["key"] is not None else None
        return found

    def _erase(self, subject: str, erased_at: str) -> bool:
        with self._tx() as cur:
            if self.dialect == "sqlite":
                # Zero the freed space, so that the key is not left in a free page.
                cur.execute("PRAGMA secure_delete = ON")
            cur.execute(self._sql(
                f"SELECT key FROM {self.table} WHERE subject_id = %s"), (subject,))
            row = cur.fetchone()
            if row is not None and row["key"] is None:
                return False  # erased before: keep the first erasure's time
            had = row is not None
            cur.execute(self._sql(f"DELETE FROM {self.table} WHERE subject_id = %s"), (subject,))
            cur.execute(self._sql(
                f"INSERT INTO {self.table} (subject_id, key, erased_at) VALUES (%s, NULL, %s)"),
                (subject, erased_at))
        self.scrub()
        return had

    def scrub(self) -> None:
        """Leave no copy of a destroyed key in the store's files (run again at will).

        PostgreSQL keeps a deleted row version while any transaction older than the delete
        still runs (in this database): `VACUUM FULL` then copies it into the new file too.
        Run `scrub()` again later (it is cheap: the table is small) to be sure.
        """
        if self.dialect == "sqlite":
            path = layout.sqlite_file(self.recorder)
            if path is not None:  # an in-memory SQLite has no files to clean
                checkpoint_wal(path)
        else:
            with layout.autocommit_connection(self.recorder) as conn:  # VACUUM needs autocommit
                conn.execute(f"VACUUM FULL {self.table}")

    def rows(self) -> Iterator[tuple[str, bytes | None, str | None]]:
        with self._tx(commit=False) as cur:
            cur.execute(
                f"SELECT subject_id, key, erased_at FROM {self.table} ORDER BY subject_id")
            found = cur.fetchall()
        for row in found:
            key = row["key"]
            yield row["subject_id"], (bytes(key) if key is not None else None), row["erased_at"]

    def restore(self, rows: Iterable[tuple[str, bytes | None, str | None]]) -> None:
        batch = list(rows)
        if not batch:
            return
        with self._tx() as cur:
            cur.executemany(self._sql(
                f"INSERT INTO {self.table} (subject_id, key, erased_at) VALUES (%s, %s, %s)"),
                batch)

    def restore_in(self, cur: Any, rows: Sequence[tuple[str, bytes | None, str | None]]) -> None:
        """`restore` inside a transaction already open on the recorder (`cur`): an import
        commits keys and events together."""
        cur.executemany(self._sql(
            f"INSERT INTO {self.table} (subject_id, key, erased_at) VALUES (%s, %s, %s)"),
            list(rows))

    def count(self) -> int:
        with self._tx(commit=False) as cur:
            cur.execute(f"SELECT COUNT(*) AS n FROM {self.table}")
            return int(cur.fetchone()["n"])


def checkpoint_wal(db_name: str, attempts: int = 50) -> None:
    """`PRAGMA wal_checkpoint(TRUNCATE)`: copy the WAL into the database, empty the WAL."""
    conn = sqlite_connect(db_name, uri=True)
    try:
        for _ in range(attempts):
            busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return
            time.sleep(0.1)
        raise RuntimeError(f"could not checkpoint the WAL of {db_name}: readers kept it busy")
    finally:
        conn.close()


def key_store_for(app: Any) -> KeyStore:
    """The application's key store: in its SQLite or PostgreSQL database, else in memory."""
    if layout.dialect(app) == "memory":
        return MemoryKeyStore()
    return SQLKeyStore(app.recorder)
