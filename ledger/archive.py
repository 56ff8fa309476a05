"""Export the whole ledger as CloudEvents NDJSON, verify an export offline, restore it.

An export is one JSON object per line:

1. `kiezledger.PersonalKey` lines, one per data subject: `data` = {"subject_id", "key"
   (base64, or null once erased), "erased_at"}. They come first, so that a reader of the
   stream can open personal fields as it goes.
   CONSEQUENCE: an export holds the live keys of everyone not erased. Guard the file like
   the database itself; an erasure after the export does not reach the copy.
2. One CloudEvents 1.0 object per stored event, in log order: `id` "<originator_id>:<version>",
   `source` "urn:kiezledger", `type` "kiezledger.<Qualname>", `subject` "<collection>/<id>",
   `time` (recorded_at), `datacontenttype`, `data` (the readable event data, erased fields as
   "[erased]"), and the extensions `position`, `hash` (the chain hash at this event),
   `recordedby`, `occurredon`, `topic`, `storedstate` (base64 of the exact stored state bytes:
   what the chain covers and what a restore writes back).
3. A final `kiezledger.Checkpoint` line: `data` = the signed checkpoint of the exported head
   (`position`, `hash`, `signed_at`, `public_key`, `signature`) plus `count`, the number of
   events exported.

`verify_export` checks a file without any database: it recomputes the chain from the
`storedstate`s, compares it with each line's `hash`, with the final line and with a
checkpoint published earlier, and rebuilds every line from its stored bytes (with the
exported keys), so that an edit of a readable field is caught as well as one of the bytes.
`import_` restores an export into an empty store, byte for byte, after verifying it.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import IO, TYPE_CHECKING, Any, Protocol, TextIO, TypedDict
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing.utils import resolve_topic

from ledger import integrity
from ledger.domain.base import LedgerAggregate
from ledger.errors import LedgerError
from ledger.events import event_data, event_type, occurred_on, readable, recorded_by

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from ledger.application import Ledger

SPECVERSION = "1.0"
SOURCE = "urn:kiezledger"
TYPE_PREFIX = "kiezledger."
KEY_TYPE = TYPE_PREFIX + "PersonalKey"
CHECKPOINT_TYPE = TYPE_PREFIX + "Checkpoint"
BATCH = 500

Progress = Callable[[int, int], None]

# One line of an export: a CloudEvent as JSON (its fields differ by `type`; see above).
Line = dict[str, Any]


class Imported(TypedDict):
    """What `import_` restored: events and keys written, the head reached."""

    events: int
    keys: int
    position: int
    hash: str


class Sink(Protocol):
    """Where `verify_export` hands what it reads (`import_` writes it)."""

    def keys(self, rows: list[tuple[str, bytes | None, str | None]]) -> None: ...
    def event(self, notification: Notification) -> None: ...


class Writer(Protocol):
    """What a store's bulk writer offers `import_` (`store.layout.BulkWriter`): keys and
    events into one open transaction, and the rows written read back inside it."""

    def keys(self, rows: Sequence[tuple[str, bytes | None, str | None]]) -> None: ...
    def events(self, rows: Sequence[tuple[UUID | str, int, str, bytes]]) -> None: ...
    def stored(self, start: int, limit: int) -> Sequence[integrity.Row]: ...


class ArchiveError(LedgerError):
    """An export cannot be imported (the store is not empty, or the file does not verify)."""

    title = "Import refused"


# -- lines --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _collection(topic: str) -> str | None:
    """`actors` for `ledger.domain.actors:Actor.Registered` (the aggregate's collection)."""
    module, _, qualname = topic.partition(":")
    if "." not in qualname:
        return None
    try:
        cls = resolve_topic(f"{module}:{qualname.rsplit('.', 1)[0]}")
    except Exception:  # an unknown topic: leave `subject` out
        return None
    return getattr(cls, "collection", None) or None


def event_line(notification: integrity.StoredNotification, event: LedgerAggregate.Event,
               digest: bytes | str | None, *, stored: bool = True) -> Line:
    """The CloudEvent for one stored event (its notification) and its domain event.

    `stored=False` leaves out `topic` and `storedstate` (what a restore needs): the shape
    of the API's global log (`GET /v1/events`), which is the same CloudEvent otherwise.
    `digest` None: the chain hash is not known (yet).
    """
    on = occurred_on(event)
    line: Line = {
        "specversion": SPECVERSION,
        "id": f"{notification.originator_id}:{notification.originator_version}",
        "source": SOURCE,
        "type": TYPE_PREFIX + event_type(event),
    }
    collection = _collection(notification.topic)
    if collection:
        line["subject"] = f"{collection}/{notification.originator_id}"
    line.update({
        "time": event.timestamp.isoformat(),
        "datacontenttype": "application/json",
        "data": event_data(event),
        "position": int(notification.id),
        "hash": digest.hex() if isinstance(digest, bytes) else digest,
        "recordedby": recorded_by(event),
        "occurredon": on.isoformat() if on else None,
    })
    if stored:
        line["topic"] = notification.topic
        line["storedstate"] = base64.b64encode(bytes(notification.state)).decode("ascii")
    return line


def key_line(subject_id: str, key: bytes | None, erased_at: str | None) -> Line:
    return {
        "specversion": SPECVERSION,
        "id": f"personal-key:{subject_id}",
        "source": SOURCE,
        "type": KEY_TYPE,
        "datacontenttype": "application/json",
        "data": {
            "subject_id": subject_id,
            "key": base64.b64encode(key).decode("ascii") if key is not None else None,
            "erased_at": erased_at,
        },
    }


def checkpoint_line(cp: Mapping[str, Any], count: int) -> Line:
    return {
        "specversion": SPECVERSION,
        "id": f"checkpoint:{cp['position']}",
        "source": SOURCE,
        "type": CHECKPOINT_TYPE,
        "time": cp["signed_at"],
        "datacontenttype": "application/json",
        "data": {**cp, "count": count},
    }


def _write(out: TextIO, obj: Mapping[str, Any]) -> None:
    out.write(_as_written(obj))
    out.write("\n")


def _notification(line: Mapping[str, Any]) -> Notification:
    originator, _, version = str(line["id"]).rpartition(":")
    try:
        originator_id: UUID | str = UUID(originator)
    except ValueError:
        originator_id = originator
    return Notification(
        id=int(line["position"]),
        originator_id=originator_id,
        originator_version=int(version),
        topic=str(line["topic"]),
        state=base64.b64decode(line["storedstate"], validate=True),
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _key(line: Mapping[str, Any]) -> tuple[str, bytes | None, str | None]:
    """A personal key line read back: (subject_id, key or None once erased, erased_at).
    Raises ValueError (or KeyError, TypeError) for a line that is not one."""
    data = line.get("data")
    if not isinstance(data, dict):
        raise ValueError("its data is not an object")
    subject_id, key, erased_at = data["subject_id"], data["key"], data.get("erased_at")
    if not isinstance(subject_id, str) or not isinstance(erased_at, str | None):
        raise ValueError("subject_id and erased_at must be text")
    if key is None:
        return subject_id, None, erased_at
    if not isinstance(key, str):
        raise ValueError("the key is neither base64 text nor null")
    try:
        return subject_id, base64.b64decode(key, validate=True), erased_at
    except ValueError as exc:  # binascii.Error
        raise ValueError(f"the key is not valid base64 ({exc})") from None


# -- export -------------------------------------------------------------------------------


def export(app: Ledger, out: TextIO, progress: Progress | None = None) -> integrity.Checkpoint:
    """Write the whole ledger to `out`; answers the signed checkpoint of what was written."""
    stop = app.recorder.max_notification_id() or 0
    # Keys are read after the head is fixed: every subject of an exported event has one
    # (keys are stored before their events), unless erased.
    for subject_id, key, erased_at in app.personal_keys.rows():
        _write(out, key_line(subject_id, key, erased_at))
    digest, position, count = integrity.GENESIS, 0, 0
    if stop:
        for n in integrity.iter_log(app, stop=stop):
            digest = integrity.link(digest, n)
            position, count = n.id, count + 1
            _write(out, event_line(n, app.mapper.to_domain_event(n), digest))
            if progress is not None and count % integrity.PAGE_SIZE == 0:
                progress(position, stop)
    cp = integrity.signed_checkpoint(app.signing_key(), position, digest.hex())
    _write(out, checkpoint_line(cp, count))
    if progress is not None:
        progress(position, max(stop, position))
    return cp


# -- offline verification -----------------------------------------------------------------


def _offline_ledger() -> Ledger:
    """A throwaway in-memory Ledger: its mapper and transcoder, no database."""
    from ledger.application import Ledger

    return Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def _lines(inp: IO[str]) -> Iterator[tuple[int, Line | None]]:
    for number, line, _raw in _raw_lines(inp):
        yield number, line


def _raw_lines(inp: IO[str]) -> Iterator[tuple[int, Line | None, str]]:
    """(line number, the line's object or None if it is not one, its text)."""
    for number, raw in enumerate(inp, start=1):
        text = raw.strip()
        if not text:
            continue
        try:
            obj = json.loads(text)
        except ValueError:
            yield number, None, text
            continue
        yield number, obj if isinstance(obj, dict) else None, text


def _as_written(obj: Mapping[str, Any]) -> str:
    """The text `export` writes for a line (without its newline)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _normal(obj: Line) -> Line:
    normal: Line = json.loads(json.dumps(obj, ensure_ascii=False))
    return normal


def _as_read_now(line: Line) -> Iterator[Line]:
    """The line as written before its event class last changed its stored form, its `data`
    upcast as the store's events are: one candidate for each older version of the class."""
    cls = resolve_topic(str(line["topic"]))  # resolved before: it names a stored event
    latest = getattr(cls, "class_version", 1)
    for version in range(1, latest):
        data = dict(line.get("data") or {})
        try:
            for step in range(version, latest):
                getattr(cls, f"upcast_v{step}_v{step + 1}")(data)
        except (KeyError, TypeError, ValueError):  # not that version's data
            continue
        yield {**line, "data": _normal(readable(data))}


def verify_export(
    inp: IO[str], checkpoint: Mapping[str, Any] | None = None, *,
    public_key: Ed25519PublicKey | str | bytes | None = None, progress: Progress | None = None,
    sink: Sink | None = None,
) -> integrity.Verification:
    """Check an export without a database. Answers {"ok", "checked", "first_bad_position",
    "reason", "head"}.

    `checkpoint`: one published earlier (its hash must occur in the export's chain; its
    signature is checked with `public_key`, or with the key inside it). Without one, only
    the export's own final checkpoint line vouches for the file, which shows that it is
    intact, not that it is the history published before. With `public_key`, the checkpoint
    and the export's own checkpoint line must both be signed by that key.

    `sink` (for `import_`): is handed the personal keys once, before the first event, and
    each event line as a `Notification` as it is read, whether or not it verifies (the
    caller throws all away unless the answer is ok).
    """
    offline = _offline_ledger()
    mapper = offline.mapper
    if checkpoint is not None and (
            "signature" in checkpoint or public_key is not None
    ) and not integrity.verify_checkpoint(checkpoint, public_key):
        # With a public key, an unsigned checkpoint vouches for nothing: anyone can write one.
        why = ("the checkpoint's signature does not verify" if "signature" in checkpoint
               else "the checkpoint is not signed, so the public key cannot vouch for it")
        return {"ok": False, "checked": 0, "first_bad_position": None, "reason": why,
                "head": {"position": 0, "hash": integrity.GENESIS.hex()}}
    v = integrity.ChainVerifier([checkpoint] if checkpoint is not None else [])
    final: dict[str, Any] | None = None
    keys: list[tuple[str, bytes | None, str | None]] = []
    keys_loaded = False
    for number, line, text in _raw_lines(inp):
        at = (v.last_position or 0) + 1
        if final is not None:
            v._bad(at, f"line {number} comes after the final checkpoint")
            break
        if line is None:
            v._bad(at, f"line {number} is not a JSON object")
            break
        kind = line.get("type")
        if kind == KEY_TYPE:
            if v.checked:
                v._bad(at, f"line {number}: a personal key after the first event")
                break
            try:
                keys.append(_key(line))
            except (KeyError, TypeError, ValueError) as exc:
                v._bad(at, f"line {number} is not a personal key: {exc}")
                break
            continue
        if kind == CHECKPOINT_TYPE:
            final = line.get("data") or {}
            if not isinstance(final, dict):
                v._bad(at, f"line {number} is not a checkpoint: its data is not an object")
                break
            continue
        if not keys_loaded:
            offline.personal_keys.restore(keys)
            keys_loaded = True
            if sink is not None:
                sink.keys(keys)
        try:
            n = _notification(line)
            expected_hash = str(line["hash"])
            bytes.fromhex(expected_hash)
        except (KeyError, TypeError, ValueError) as exc:
            v._bad(at, f"line {number} is not a stored event: {exc!r}")
            break
        if sink is not None:
            sink.event(n)
        # Go on after a mismatch: a line moved up from later names a smaller position.
        digest = v.feed(n, expected_hash)
        try:
            rebuilt = event_line(n, mapper.to_domain_event(n), digest)
        except Exception as exc:  # undecodable stored state: the bytes were changed
            v._bad(n.id, f"the stored state at position {n.id} does not decode: {exc}")
            continue
        if _as_written(rebuilt) == text:
            pass  # the line is exactly what export writes for these bytes (the usual case)
        elif (rebuilt := _normal(rebuilt)) != line and rebuilt not in _as_read_now(line):
            changed = sorted(k for k in set(rebuilt) | set(line) if rebuilt.get(k) != line.get(k))
            v._bad(n.id, f"the line at position {n.id} does not match its stored state "
                         f"({', '.join(changed)})")
            continue
        if progress is not None and v.checked % integrity.PAGE_SIZE == 0:
            progress(v.checked, 0)
    if sink is not None and not keys_loaded:
        sink.keys(keys)
    result = v.finish()
    if result["ok"]:
        head = result["head"]
        reason = None
        if final is None:
            reason = "the export ends without its checkpoint line: it is incomplete"
        elif not integrity.verify_checkpoint(final, public_key):
            reason = ("the export's checkpoint line is not validly signed"
                      + (" by the given public key" if public_key is not None else ""))
        elif (final.get("hash") != head["hash"]
              or _int(final.get("position")) != head["position"]
              or _int(final.get("count")) != result["checked"]):
            reason = "the export's checkpoint line does not match its events"
        if reason is not None:
            # Lines are missing or were added at the end: the first position after the
            # last event that verified is where the file stops matching.
            end = head["position"]
            if final is not None and str(final.get("position", "")).isdigit():
                end = min(end, int(final["position"]))
            at = end + 1
            unproven = v.first_unproven
            if (final is not None and final.get("hash") != head["hash"]
                    and _int(final.get("position")) == head["position"]
                    and unproven is not None):
                # The line is validly signed, the events reach its position but not its
                # hash: events were changed (and rehashed) after the last position a
                # checkpoint proves. That is the first one nothing vouches for.
                at = unproven
                reason += (f": the events from position {unproven} on are not the ones it "
                           "signed (no checkpoint vouches for them)")
            result["ok"], result["reason"], result["first_bad_position"] = False, reason, at
    if progress is not None:
        progress(result["checked"], result["checked"])
    offline.close()
    return result


# -- import -------------------------------------------------------------------------------


def _seekable(inp: IO[str]) -> tuple[IO[str], bool]:
    """The input itself if it can be read twice, else a temporary copy of it."""
    try:
        if inp.seekable():
            return inp, False
    except (AttributeError, ValueError, io.UnsupportedOperation):
        pass
    copy = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (returned open)
    shutil.copyfileobj(inp, copy)
    copy.seek(0)
    return copy, True


BULK = 5000  # events per multi-row insert or COPY of a bulk import


def import_(app: Ledger, inp: IO[str], progress: Progress | None = None, *,
            writer: AbstractContextManager[Writer | None] | None = None) -> Imported:
    """Restore an export into an EMPTY store: verify the file, write keys and the stored
    events exactly as exported, then check that the head hash equals the export's.

    Answers {"events", "keys", "position", "hash"}. Refuses a store that holds any event or
    key. With a `writer` (the store's bulk writer, one transaction: `store.layout.bulk_writer`)
    the file is read once, verified as it is written, the head hash is checked from the
    rows written, and nothing is stored unless all of it holds. Without one (or where it
    answers None), the file is verified first, then written in batches of the recorder:
    should that fail after writing began, start again with an empty database.
    """
    if (app.recorder.max_notification_id() or 0) or app.personal_keys.count():
        raise ArchiveError("the store is not empty: import only into an empty store")
    if writer is not None:
        with writer as bulk:
            if bulk is not None:
                done = _import_bulk(bulk, inp, progress)
        if bulk is not None:
            app.personal_keys.forget()
            return done
    return _import_batched(app, inp, progress)


def _import_bulk(bulk: Writer, inp: IO[str], progress: Progress | None) -> Imported:
    """One pass: each line verified (as `verify_export` does) and written in the writer's
    transaction; an ArchiveError (or any error) leaves the transaction to roll back."""
    batch: list[tuple[UUID | str, int, str, bytes]] = []
    count = {"events": 0, "keys": 0}

    def flush() -> None:
        bulk.events(batch)
        count["events"] += len(batch)
        batch.clear()
        if progress is not None:
            progress(count["events"], 0)

    class Into:
        def keys(self, rows: list[tuple[str, bytes | None, str | None]]) -> None:
            bulk.keys(rows)
            count["keys"] = len(rows)

        def event(self, n: Notification) -> None:
            batch.append((n.originator_id, n.originator_version, n.topic, n.state))
            if len(batch) >= BULK:
                flush()

    checked = verify_export(inp, sink=Into())
    if not checked["ok"]:
        raise ArchiveError(f"the export does not verify: {checked['reason']} "
                           f"(first bad position {checked['first_bad_position']})")
    flush()
    # The head hash from the rows as stored (read back in the same transaction).
    digest, position, start = integrity.GENESIS, 0, 1
    while rows := bulk.stored(start, 10_000):
        digest = integrity.link_rows(digest, rows)
        position = rows[-1][0]
        start = position + 1
    expected = checked["head"]["hash"]
    if digest.hex() != expected:
        raise ArchiveError(f"after the import the head hash is {digest.hex()}, the export's "
                           f"is {expected}")
    return Imported(events=count["events"], keys=count["keys"], position=position,
                    hash=digest.hex())


def _import_batched(app: Ledger, inp: IO[str], progress: Progress | None) -> Imported:
    """Verify the whole file, then write it in the recorder's batches."""
    source, temporary = _seekable(inp)
    try:
        start = source.tell()
        checked = verify_export(source)
        if not checked["ok"]:
            raise ArchiveError(
                f"the export does not verify: {checked['reason']} "
                f"(first bad position {checked['first_bad_position']})"
            )
        total = checked["checked"]
        source.seek(start)
        keys: list[tuple[str, bytes | None, str | None]] = []
        batch: list[StoredEvent] = []
        done = 0
        final: dict[str, Any] = {}

        def flush() -> None:
            nonlocal done
            if batch:
                app.recorder.insert_events(list(batch))
                done += len(batch)
                batch.clear()
                if progress is not None:
                    progress(done, total)

        for _number, line in _lines(source):
            assert line is not None  # verified above
            kind = line.get("type")
            if kind == KEY_TYPE:
                keys.append(_key(line))
                continue
            if kind == CHECKPOINT_TYPE:
                final = line["data"]
                continue
            if keys:
                app.personal_keys.restore(keys)
                keys = []
            n = _notification(line)
            batch.append(StoredEvent(originator_id=n.originator_id,
                                     originator_version=n.originator_version,
                                     topic=n.topic, state=n.state))
            if len(batch) >= BATCH:
                flush()
        if keys:
            app.personal_keys.restore(keys)
        flush()
    finally:
        if temporary:
            source.close()
    app.personal_keys.forget()
    position, digest = integrity.head(app)
    if digest != final.get("hash"):
        raise ArchiveError(
            f"after the import the head hash is {digest}, the export's is {final.get('hash')}"
        )
    return Imported(events=done, keys=sum(1 for _ in app.personal_keys.rows()),
                    position=position, hash=digest)
