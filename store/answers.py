"""Encoded answers kept on disk for every worker of the instance (and a restarted one).

One file per answer, named `<position>-<digest of its key>`, where `position` is the log
position the answer depends on: an answer of an older position is never asked for again,
so each miss and each write removes those (an erased person's name does not stay on disk
until evicted).

A file is written to a temporary name and renamed, so a reader sees all of it or nothing; a
header holds the digest of the key, the body's length and its CRC-32, and a file that does
not match is ignored and removed. At most `max_bytes` are kept, the least recently used
removed first. Files are readable by their owner only (they hold names of people).

The folder: `KIEZLEDGER_CACHE_DIR`, else `cache/` beside the SQLite database, else
`./var/cache` (PostgreSQL; `/app/var/cache` in the container image); none for `memory://`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import struct
import tempfile
import time
import zlib
from pathlib import Path

from store.config import sqlite_path

logger = logging.getLogger(__name__)

ANSWERS = "kiezledger.answers"  # the app's AnswerFiles (or None) in Flask's app.extensions
CACHE_DIR_ENV = "KIEZLEDGER_CACHE_DIR"
CACHE_MB_ENV = "KIEZLEDGER_CACHE_MB"
DEFAULT_MB = 256
MAGIC = b"KLA1"
# magic, key digest (32 bytes), body length, CRC-32 of the body
HEADER = struct.Struct(">4s32sQI")


def cache_dir(url: str) -> Path | None:
    """The instance's folder for kept answers (see the module's text)."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    if url.startswith("sqlite:"):
        return Path(sqlite_path(url)).parent / "cache"
    if url.startswith(("postgresql:", "postgres:")):
        return Path("var") / "cache"
    return None


def cache_bytes() -> int:
    try:
        return max(0, int(float(os.environ.get(CACHE_MB_ENV) or DEFAULT_MB) * 2**20))
    except ValueError:
        return DEFAULT_MB * 2**20


class AnswerFiles:
    """Kept answers in `folder` (made on first write, mode 0700)."""

    def __init__(self, folder: Path, max_bytes: int | None = None) -> None:
        self.folder = Path(folder)
        self.max_bytes = cache_bytes() if max_bytes is None else max_bytes

    @staticmethod
    def _digest(key: str) -> bytes:
        return hashlib.sha256(key.encode()).digest()

    def _path(self, position: int, digest: bytes) -> Path:
        return self.folder / f"{position:020d}-{digest.hex()[:40]}"

    def get(self, key: str, position: int) -> bytes | None:
        """The body kept for `key` at `position`, or None (absent, unreadable or damaged)."""
        digest = self._digest(key)
        path = self._path(position, digest)
        try:
            with open(path, "rb") as f:
                header, body = f.read(HEADER.size), f.read()
        except OSError:
            return None
        try:
            magic, kept, length, crc = HEADER.unpack(header)
        except struct.error:
            magic = None
        if magic != MAGIC or kept != digest or length != len(body) or zlib.crc32(body) != crc:
            logger.warning("kept answer %s is damaged: removed", path.name)
            self._remove(path)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: evicted last
        return body

    def put(self, key: str, position: int, body: bytes) -> None:
        """Keep `body`; a failure (disk full, read-only folder) is logged, not raised: the
        answer was computed and is served anyway."""
        if len(body) + HEADER.size > self.max_bytes:
            return
        digest = self._digest(key)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)  # mode 0600
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(HEADER.pack(MAGIC, digest, len(body), zlib.crc32(body)))
                    f.write(body)
                os.replace(tmp, self._path(position, digest))
            except BaseException:
                self._remove(Path(tmp))
                raise
            self._evict()
        except OSError as e:
            logger.warning("could not keep an answer in %s: %s", self.folder, e)

    def forget_before(self, position: int) -> None:
        """Remove the answers of positions before `position` (never asked for again)."""
        for path, kept, _, _ in self._files():
            if kept < position:
                self._remove(path)

    def _files(self) -> list[tuple[Path, int, int, float]]:
        """(path, position, size, last use) of each kept answer; temporary files of
        writers that died (an hour old) are removed."""
        found = []
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return []
        for entry in entries:
            try:
                stat = entry.stat()
            except OSError:
                continue
            if entry.name.startswith(".tmp-"):
                if stat.st_mtime < time.time() - 3600:
                    self._remove(Path(entry.path))
                continue
            position, _, _ = entry.name.partition("-")
            if position.isdigit():
                found.append((Path(entry.path), int(position), stat.st_size, stat.st_mtime))
        return found

    def _evict(self) -> None:
        """Remove the answers of positions older than the newest (one written late, after
        another worker had moved on, say past an erasure), then the least recently used
        beyond the bound."""
        files = sorted(self._files(), key=lambda f: f[3])
        newest = max((position for _, position, _, _ in files), default=0)
        total = 0
        for path, position, size, _ in files:
            if position < newest:
                self._remove(path)
            else:
                total += size
        for path, position, size, _ in files:
            if total <= self.max_bytes:
                break
            if position == newest:
                self._remove(path)
                total -= size

    @staticmethod
    def _remove(path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()
