"""A hash chain over the global event log, and signed checkpoints of its head.

Canonical bytes of one stored event (what the chain covers), each part length-prefixed
with its byte length as an unsigned 64-bit big-endian integer:

    u64be(len(a)) || a   for a in (originator_id as text (`str(uuid)`, UTF-8),
                                   originator_version as decimal ASCII,
                                   topic (UTF-8),
                                   state: the exact stored bytes)

    hash_0 = 32 zero bytes (genesis)
    hash_n = SHA-256(hash_{n-1} || canonical_n)

The chain runs over the log ORDER, not over the position numbers: a restore into an empty
store, which may number the positions differently (PostgreSQL leaves gaps), reaches the same
head hash. Positions are only used to name where something does not verify.

The stored state is what the chain covers: personal fields are stored sealed (see
`ledger.personal`), so destroying a person's key changes no stored byte and the chain still
verifies after an erasure.

Everything here works on iterables of notifications (objects with `id`, `originator_id`,
`originator_version`, `topic`, `state`: `app.recorder.select_notifications` pages, or events
read back from an export), so the same code checks a live store and an export offline.

Signed checkpoints: Ed25519 over the canonical JSON
`{"hash":...,"position":...,"signed_at":...}` (keys sorted, no spaces). The deployment's key
file is kept by `store.signing`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypedDict, cast
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

if TYPE_CHECKING:
    from eventsourcing.application import Application
    from eventsourcing.persistence import Notification

GENESIS = bytes(32)
PAGE_SIZE = 1000

Progress = Callable[[int, int], None]


class StoredNotification(Protocol):
    """What the chain reads of a stored event: eventsourcing's `Notification`, or an
    export's line read back as one."""

    @property
    def id(self) -> int: ...
    @property
    def originator_id(self) -> UUID | str: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def state(self) -> bytes: ...


# A stored event as a plain row: (position, originator id as text, version, topic, bytes).
Row = tuple[int, str, int, str, bytes]


class _Row(NamedTuple):
    """A plain row read as a notification (for `feed`)."""

    id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


class Head(TypedDict):
    position: int
    hash: str  # hex


class Verification(TypedDict):
    """What `verify` answers: whether the events verify, how many were checked, where the
    first one that does not verify is and why, and the head the events reach."""

    ok: bool
    checked: int
    first_bad_position: int | None
    reason: str | None
    head: Head


class Checkpoint(TypedDict):
    """A signed checkpoint (`signed_checkpoint`)."""

    position: int
    hash: str  # hex
    signed_at: str  # ISO 8601
    public_key: str  # PEM
    signature: str  # base64


# -- the chain ----------------------------------------------------------------------------


_u64be = struct.Struct(">Q").pack  # = len(data).to_bytes(8, "big")


def _part(data: bytes) -> bytes:
    return _u64be(len(data)) + data


def canonical(notification: StoredNotification) -> bytes:
    """The bytes of one stored event that the chain covers."""
    # The same bytes as b"".join(map(_part, parts)), in one join (it runs once per event
    # of the log whenever the chain is followed or verified).
    a = str(notification.originator_id).encode("utf-8")
    b = str(int(notification.originator_version)).encode("ascii")
    c = notification.topic.encode("utf-8")
    d = _state_bytes(notification.state)
    return b"".join((_u64be(len(a)), a, _u64be(len(b)), b, _u64be(len(c)), c,
                     _u64be(len(d)), d))


def _state_bytes(state: bytes | memoryview | str) -> bytes:
    # A row edited by hand can come back as text (SQLite's replace() answers TEXT).
    return state.encode("utf-8") if isinstance(state, str) else bytes(state)


def link(previous: bytes, notification: StoredNotification) -> bytes:
    """The chain hash of `notification` after the hash `previous`."""
    return hashlib.sha256(previous + canonical(notification)).digest()


def link_rows(previous: bytes, rows: Iterable[Row]) -> bytes:
    """The chain hash after the plain rows (position, id text, version, topic, bytes)."""
    sha256, pack = hashlib.sha256, _u64be
    for _, oid, version, topic, state in rows:
        a, b, c = oid.encode(), str(version).encode(), topic.encode()
        if type(state) is not bytes:
            state = _state_bytes(state)
        previous = sha256(b"".join((previous, pack(len(a)), a, pack(len(b)), b,
                                    pack(len(c)), c, pack(len(state)), state))).digest()
    return previous


def chain(notifications: Iterable[StoredNotification],
          previous: bytes = GENESIS) -> Iterator[tuple[int, bytes]]:
    """(position, hash) for each notification, in the order given."""
    for n in notifications:
        previous = link(previous, n)
        yield n.id, previous


def iter_log(app: Application[UUID], start: int = 1, stop: int | None = None,
             page: int = PAGE_SIZE) -> Iterator[Notification]:
    """The application's stored events (notifications) from position `start`, page by page."""
    recorder = app.recorder
    while True:
        notifications = recorder.select_notifications(start=start, limit=page, stop=stop)
        if not notifications:
            return
        yield from notifications
        start = notifications[-1].id + 1
        if len(notifications) < page:
            return


def _as_bytes(value: str | bytes) -> bytes:
    if isinstance(value, bytes):
        return value
    return bytes.fromhex(value)


_head_lock = threading.Lock()


def head(app: Application[UUID]) -> tuple[int, str]:
    """(position, hex hash) of the last event in the log; (0, genesis) when empty.

    Computed from the stored events. The application remembers the head it reached, so a
    second call only hashes the events stored since (the events before it cannot change
    without `verify` noticing).
    """
    with _head_lock:
        remembered: tuple[int, bytes] = app.__dict__.get("_kiezledger_chain_head", (0, GENESIS))
        position, digest = remembered
        for n in iter_log(app, start=position + 1):
            position, digest = n.id, link(digest, n)
        app.__dict__["_kiezledger_chain_head"] = (position, digest)
    return position, digest.hex()


# -- verification -------------------------------------------------------------------------


class ChainVerifier:
    """Recompute the chain event by event and compare it with what was recorded.

    Feed the events in log order with `feed(notification, expected_hash)`; where a recorded
    chain is kept apart from the events (the `integrity` projection), feed its rows with
    `expect(position, hash)` in ascending order, interleaved or ahead. Deletions show as a
    recorded position without an event, edits and reorderings as a hash that differs.
    Checkpoints are satisfied when their hash occurs in the recomputed chain (at their
    position, or at another one after a restore renumbered the positions).
    """

    def __init__(self, checkpoints: Iterable[Mapping[str, Any]] = (), previous: bytes = GENESIS):
        self.previous = previous
        self.checked = 0
        self.first_bad_position: int | None = None
        self.reason: str | None = None
        self.last_position: int | None = None
        self._expected: deque[tuple[int, bytes]] = deque()  # pending recorded (position, hash)
        self._checkpoints = [
            (int(cp["position"]), _as_bytes(cp["hash"])) for cp in checkpoints
        ]
        self._satisfied: set[bytes] = {previous}  # a checkpoint of where the chain starts
        self._wanted = {digest for _, digest in self._checkpoints}
        # The first position after the last one that a satisfied checkpoint proves.
        self._first_after_anchor: int | None = None

    @property
    def failed(self) -> bool:
        return self.first_bad_position is not None

    def _bad(self, position: int, reason: str) -> None:
        if self.first_bad_position is None or position < self.first_bad_position:
            self.first_bad_position = position
            self.reason = reason

    @property
    def first_unproven(self) -> int | None:
        """The first position fed after the last one whose hash a checkpoint holds (None if
        the last position fed is proven, or nothing was fed)."""
        return self._first_after_anchor

    def expect(self, position: int, digest: str | bytes) -> None:
        """A recorded chain entry (ascending positions)."""
        self._expected.append((int(position), _as_bytes(digest)))

    def _drain_expected_before(self, position: int | None) -> None:
        while self._expected and (position is None or self._expected[0][0] < position):
            missing, _ = self._expected.popleft()
            if self.last_position is None or missing > self.last_position:
                self._bad(missing, f"position {missing} is recorded in the chain but has no event")

    def feed(self, n: StoredNotification, expected_hash: str | bytes | None = None) -> bytes:
        position = int(n.id)
        if self.last_position is not None and position <= self.last_position:
            self._bad(position, f"position {position} comes after {self.last_position}: "
                                "the log is out of order")
        digest = link(self.previous, n)
        self.previous = digest
        self._drain_expected_before(position)
        if self._expected and self._expected[0][0] == position:
            _, recorded = self._expected.popleft()
            if recorded != digest:
                self._bad(position, f"the event at position {position} does not match the "
                                    "recorded chain")
        if expected_hash is not None and _as_bytes(expected_hash) != digest:
            self._bad(position, f"the event at position {position} does not match its hash")
        if digest in self._wanted:
            self._satisfied.add(digest)
            self._first_after_anchor = None  # proven up to here
        elif self._first_after_anchor is None:
            self._first_after_anchor = position
        self.last_position = position
        self.checked += 1
        return digest

    def feed_rows(self, rows: Sequence[Row], recorded: Sequence[tuple[int, str]] = ()) -> None:
        """Feed a batch of plain rows (position, originator id text, version, topic, stored
        bytes), with the recorded chain over the same positions (position, hex hash).

        The same checks as `feed` and `expect` one by one, hashed straight from the stored
        bytes in one tight loop. Anything unusual (a recorded position without its event
        or the other way round, a hash that differs, a failure before) replays the batch
        through `feed` and `expect`, which name what and where.
        """
        if not rows:
            for position, digest in recorded:
                self.expect(position, digest)
            return
        previous, anchor, satisfied, wanted = (self.previous, self._first_after_anchor,
                                               self._satisfied, self._wanted)
        last = self.last_position
        fast = (not self.failed and not self._expected and len(recorded) == len(rows)
                and (last is None or rows[0][0] > last))
        if fast:
            sha256, pack = hashlib.sha256, _u64be
            for (position, oid, version, topic, state), (at, hex_digest) in zip(
                    rows, recorded, strict=True):
                a, b, c = oid.encode(), str(version).encode(), topic.encode()
                if type(state) is not bytes:
                    state = _state_bytes(state)
                previous = sha256(b"".join((previous, pack(len(a)), a, pack(len(b)), b,
                                            pack(len(c)), c, pack(len(state)), state))).digest()
                if at != position or previous.hex() != hex_digest:
                    fast = False
                    break
                if previous in wanted:
                    satisfied.add(previous)
                    anchor = None
                elif anchor is None:
                    anchor = position
        if fast:
            self.previous, self._first_after_anchor = previous, anchor
            self.last_position = rows[-1][0]
            self.checked += len(rows)
            return
        pending = iter(recorded)
        expected = next(pending, None)
        for position, oid, version, topic, state in rows:
            while expected is not None and expected[0] <= position:
                self.expect(*expected)
                expected = next(pending, None)
            self.feed(_Row(position, oid, version, topic, state))
        while expected is not None:
            self.expect(*expected)
            expected = next(pending, None)

    def finish(self) -> Verification:
        self._drain_expected_before(None)
        unmet = [(p, d) for p, d in self._checkpoints if d not in self._satisfied]
        if unmet and not self.failed:
            position, _ = min(unmet)
            last = self.last_position or 0
            if position > last:
                # The log ends before the checkpoint: what it covered from here is missing.
                self._bad(last + 1, f"the log ends at position {last}, before the signed "
                                    f"checkpoint at position {position}")
            else:
                # The chain cannot say where it went wrong: everything after the last
                # position that a satisfied checkpoint proves is unverified.
                first = self._first_after_anchor
                self._bad(first if first is not None else position,
                          f"the signed checkpoint at position {position} does not verify")
        return {
            "ok": not self.failed,
            "checked": self.checked,
            "first_bad_position": self.first_bad_position,
            "reason": self.reason,
            "head": {"position": self.last_position or 0, "hash": self.previous.hex()},
        }


def verify(
    notifications: Iterable[StoredNotification],
    expected: Mapping[int, str | bytes] | Iterable[tuple[int, str | bytes]]
    | Mapping[str, Any] | None = None,
    *,
    checkpoints: Iterable[Mapping[str, Any]] = (),
    progress: Progress | None = None,
    total: int = 0,
) -> Verification:
    """Recompute the chain over `notifications` (in log order) and compare.

    `expected`: a recorded chain as {position: hash} or ascending (position, hash) pairs,
    or a single checkpoint dict (with "position" and "hash"). `checkpoints`: more checkpoints.
    Answers {"ok", "checked", "first_bad_position", "reason", "head"}.
    """
    cps = list(checkpoints)
    pairs: Iterator[tuple[int, str | bytes]]
    if isinstance(expected, Mapping) and "hash" in expected and "position" in expected:
        cps.append(cast(Mapping[str, Any], expected))  # a checkpoint (told by its keys)
        pairs = iter(())
    elif isinstance(expected, Mapping):  # a recorded chain
        pairs = iter(sorted(cast(Mapping[int, str | bytes], expected).items()))
    elif expected is None:
        pairs = iter(())
    else:
        pairs = iter(expected)
    v = ChainVerifier(cps)
    pending = next(pairs, None)
    for n in notifications:
        position = int(n.id)
        while pending is not None and int(pending[0]) <= position:
            v.expect(*pending)
            pending = next(pairs, None)
        v.feed(n)
        if progress is not None and v.checked % PAGE_SIZE == 0:
            progress(v.checked, total)
        if v.failed:
            break
    else:
        while pending is not None:
            v.expect(*pending)
            pending = next(pairs, None)
    if progress is not None:
        progress(v.checked, max(total, v.checked))
    return v.finish()


def verify_app(app: Application[UUID],
               expected: Mapping[int, str | bytes] | Iterable[tuple[int, str | bytes]]
               | Mapping[str, Any] | None = None,
               *, checkpoints: Iterable[Mapping[str, Any]] = (),
               progress: Progress | None = None) -> Verification:
    """`verify` over the application's whole log."""
    total = app.recorder.max_notification_id() or 0
    return verify(iter_log(app), expected, checkpoints=checkpoints, progress=progress,
                  total=total)


# -- signing ------------------------------------------------------------------------------


def public_pem(key: Ed25519PrivateKey) -> str:
    """The public half of `key` (PEM, SubjectPublicKeyInfo)."""
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo,
    ).decode("ascii")


def signed_payload(position: int, digest: str, signed_at: str) -> bytes:
    return json.dumps(
        {"hash": digest, "position": int(position), "signed_at": signed_at},
        sort_keys=True, separators=(",", ":"),
    ).encode("utf-8")


def signed_checkpoint(key: Ed25519PrivateKey, position: int, digest: str,
                      signed_at: str | None = None) -> Checkpoint:
    """A checkpoint of (`position`, `digest`) signed with `key` (the key file: `store.signing`)."""
    signed_at = signed_at or datetime.now(UTC).isoformat(timespec="seconds")
    signature = key.sign(signed_payload(position, digest, signed_at))
    return {
        "position": int(position),
        "hash": digest,
        "signed_at": signed_at,
        "public_key": public_pem(key),
        "signature": base64.b64encode(signature).decode("ascii"),
    }


def _public_key(value: Ed25519PublicKey | str | bytes) -> Ed25519PublicKey:
    if isinstance(value, Ed25519PublicKey):
        return value
    if isinstance(value, str):
        value = value.encode("ascii")
    key = serialization.load_pem_public_key(value)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def verify_checkpoint(cp: Mapping[str, Any],
                      public_key: Ed25519PublicKey | str | bytes | None = None) -> bool:
    """Whether `cp` was signed by `public_key` (PEM or key object).

    Without `public_key`, the key inside the checkpoint is used: that shows the checkpoint
    is intact, not who made it. Pin the deployment's published key to show both.
    """
    try:
        key = _public_key(public_key if public_key is not None else cp["public_key"])
        key.verify(
            base64.b64decode(cp["signature"], validate=True),
            signed_payload(int(cp["position"]), str(cp["hash"]), str(cp["signed_at"])),
        )
    except (InvalidSignature, KeyError, TypeError, ValueError):
        return False
    return True
