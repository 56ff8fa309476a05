"""Personal data, sealed per person, so that it can be erased without touching the log.

Events declare personal fields (`DECLARATIONS`: event qualname -> which field names the data
subject and which fields are personal). When such an event is stored, the mapper replaces
each personal field's value by a `Sealed` value: AES-256-GCM under the subject's own random
key, the associated data binding it to its event and field. Keys live in `personal_keys`
(subject_id, key, erased_at), a table beside the event table, never inside it
(`store.keys`; `MemoryKeyStore` here for the in-memory store). Reading an
event opens the sealed values again; once the subject's key is destroyed they read as
`"[erased]"`. The stored event bytes never change, so the hash chain (which covers them)
still verifies after an erasure, and no plaintext personal data was ever written to the
event table in the first place.

Which actor fields are personal: a person's `name` and `contact`; for every other kind of
actor only the `contact` (an initiative's or a shop's contact is usually a person's phone
number or address; its name is not personal data). So `erase_actor` works on any actor: a
person loses name and contact, an organisation its contact.

Keys for reading are asked of the store every time, so an erasure is seen at once in every
process (other gunicorn workers too). Keys for sealing are cached for `KEY_CACHE_SECONDS`:
a save of a new person's data does not ask the store twice.

Where the key lingers after an erasure:
- SQLite: the row is deleted under `PRAGMA secure_delete=ON` (freed space is zeroed) and the
  WAL is checkpointed and truncated, so the key is in none of the database's files.
- PostgreSQL: the row is deleted and the table rewritten (`VACUUM FULL`), so the key is in no
  table file, once no transaction older than the erasure still runs (until then the old row
  version is kept and copied; `KeyStore.scrub()` rewrites again). The server's WAL segments
  and any base backups still hold the key until they are recycled or expire: keep their
  retention within what the erasure promise allows.
- Exports hold live keys of everyone not erased (see `ledger.archive`).
"""

from __future__ import annotations

import base64
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Cipher,
    Compressor,
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
    Transcoding,
)

from ledger.domain.base import EventState, LedgerAggregate
from ledger.errors import RuleViolation

ERASED = "[erased]"
KEY_CACHE_SECONDS = 5.0


# -- declarations -------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalFields:
    """Which field of an event names the data subject, and which fields are personal.

    `fields` is a tuple of names, or a function of the event's state answering them (for
    rules such as "the name only for persons"). `subject` "originator_id" means the
    aggregate the event belongs to.
    """

    subject: str
    fields: tuple[str, ...] | Callable[[EventState], Iterable[str]]

    def fields_of(self, state: EventState) -> tuple[str, ...]:
        chosen = self.fields(state) if callable(self.fields) else self.fields
        return tuple(chosen)


def _actor_fields(state: EventState) -> tuple[str, ...]:
    return ("name", "contact") if state.get("kind") == "person" else ("contact",)


DECLARATIONS: dict[str, PersonalFields] = {
    "Actor.Registered": PersonalFields(subject="originator_id", fields=_actor_fields),
    # A timesheet's name is the volunteer's: erased with the person (ledger.domain.fundings).
    "Funding.VolunteerWorkRecorded": PersonalFields(subject="person_id", fields=("name",)),
}


# -- sealed values ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sealed:
    """A personal value as stored: the subject it belongs to and nonce || AES-GCM ciphertext."""

    subject: str
    box: bytes


class SealedAsDict(Transcoding):
    type = Sealed
    name = "personal_v1"

    def __init__(self) -> None:
        # Grows with every value decoded (never mind lost updates between threads): the
        # mapper looks for sealed fields only in events whose decoding changed it.
        self.decoded = 0

    def encode(self, obj: Sealed) -> dict[str, str]:
        return {"subject": obj.subject, "box": base64.b64encode(obj.box).decode("ascii")}

    def decode(self, data: dict[str, str]) -> Sealed:
        self.decoded += 1
        return Sealed(data["subject"], base64.b64decode(data["box"]))


def _aad(originator_id: UUID | str, version: int, field: str) -> bytes:
    return f"kiezledger-personal-v1|{originator_id}|{int(version)}|{field}".encode()


def seal(key: bytes, subject: str, plaintext: bytes, aad: bytes) -> Sealed:
    nonce = os.urandom(12)
    return Sealed(subject, nonce + AESGCM(key).encrypt(nonce, plaintext, aad))


def unseal(key: bytes, sealed: Sealed, aad: bytes) -> bytes:
    return AESGCM(key).decrypt(sealed.box[:12], sealed.box[12:], aad)


# -- key stores ---------------------------------------------------------------------------


class ErasedSubject(RuleViolation):
    """Personal data of someone whose data was erased cannot be recorded again."""


class KeyStore:
    """Per-subject keys. `sealing_key` makes one on first use; `reading_key` may be None."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[bytes, float]] = {}
        self._lock = threading.Lock()
        self._reading = threading.local()  # `read_together`'s keys, per thread

    # cache
    def _cached(self, subject: str) -> bytes | None:
        with self._lock:
            hit = self._cache.get(subject)
        if hit is not None and time.monotonic() - hit[1] < KEY_CACHE_SECONDS:
            return hit[0]
        return None

    def _remember(self, subject: str, key: bytes) -> None:
        with self._lock:
            self._cache[subject] = (key, time.monotonic())

    def forget(self, subject: str | None = None) -> None:
        with self._lock:
            if subject is None:
                self._cache.clear()
            else:
                self._cache.pop(subject, None)

    def sealing_key(self, subject: str) -> bytes:
        key = self._cached(subject)
        if key is None:
            key, erased_at = self._get_or_create(subject, AESGCM.generate_key(256))
            if key is None:
                raise ErasedSubject(
                    f"the personal data of {subject} was erased on {erased_at}; "
                    "it cannot be recorded again"
                )
            self._remember(subject, key)
        return key

    def prepare(self, subjects: Iterable[str]) -> None:
        """Make (or fetch) the keys of many subjects at once, ahead of a save."""
        missing = sorted({s for s in subjects if self._cached(s) is None})
        for i in range(0, len(missing), 500):
            for subject, key in self._get_or_create_many(missing[i:i + 500]).items():
                if key is not None:
                    self._remember(subject, key)

    def reading_key(self, subject: str) -> bytes | None:
        # Never from the cache: another process may have erased the key a moment ago, and
        # after an erasure answers, no process may show the data again.
        together: dict[str, bytes | None] | None = getattr(self._reading, "keys", None)
        if together is not None and subject in together:
            return together[subject]
        return self._get(subject)

    @contextmanager
    def read_together(self, subjects: Iterable[str]) -> Iterator[None]:
        """Within it (in this thread), the reading keys of `subjects` come from one read
        made on entering (a page of 200 people: one query, not 200), as fresh as a read
        each: an erasure that answered before it is seen. Never kept past the block."""
        wanted = sorted(set(subjects))
        found: dict[str, bytes | None] = {}
        for i in range(0, len(wanted), 500):
            found.update(self._get_many(wanted[i:i + 500]))
        outer = getattr(self._reading, "keys", None)
        self._reading.keys = found
        try:
            yield
        finally:
            self._reading.keys = outer

    def erase(self, subject: str, erased_at: str) -> bool:
        """Destroy the subject's key, keep a tombstone; True if there was a key."""
        self.forget(subject)
        had = self._erase(subject, erased_at)
        self.forget(subject)
        return had

    # storage, per store
    def create_table(self) -> None:
        pass

    def _get_or_create(self, subject: str, new_key: bytes) -> tuple[bytes | None, str | None]:
        raise NotImplementedError

    def _get_or_create_many(self, subjects: list[str]) -> dict[str, bytes | None]:
        return {s: self._get_or_create(s, AESGCM.generate_key(256))[0] for s in subjects}

    def _get(self, subject: str) -> bytes | None:
        raise NotImplementedError

    def _get_many(self, subjects: list[str]) -> dict[str, bytes | None]:
        """The current key (None: erased or never made) of each subject."""
        return {s: self._get(s) for s in subjects}

    def _erase(self, subject: str, erased_at: str) -> bool:
        raise NotImplementedError

    def rows(self) -> Iterator[tuple[str, bytes | None, str | None]]:
        """(subject_id, key or None, erased_at or None) for every subject, by subject."""
        raise NotImplementedError

    def restore(self, rows: Iterable[tuple[str, bytes | None, str | None]]) -> None:
        """Insert rows as exported (an import into an empty store)."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError


class MemoryKeyStore(KeyStore):
    """Keys in a dict: the in-memory store, and offline checks of an export."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, tuple[bytes | None, str | None]] = {}
        self._rows_lock = threading.Lock()

    def _get_or_create(self, subject: str, new_key: bytes) -> tuple[bytes | None, str | None]:
        with self._rows_lock:
            return self._rows.setdefault(subject, (new_key, None))

    def _get(self, subject: str) -> bytes | None:
        return self._rows.get(subject, (None, None))[0]

    def _erase(self, subject: str, erased_at: str) -> bool:
        with self._rows_lock:
            key, before = self._rows.get(subject, (None, None))
            if key is None and before is not None:
                return False  # erased before: keep the first erasure's time
            self._rows[subject] = (None, erased_at)
        return key is not None

    def rows(self) -> Iterator[tuple[str, bytes | None, str | None]]:
        for subject in sorted(self._rows):
            key, erased_at = self._rows[subject]
            yield subject, key, erased_at

    def restore(self, rows: Iterable[tuple[str, bytes | None, str | None]]) -> None:
        with self._rows_lock:
            for subject, key, erased_at in rows:
                self._rows[subject] = (key, erased_at)

    def count(self) -> int:
        return len(self._rows)


# -- the mapper ---------------------------------------------------------------------------


class PersonalDataError(MapperDeserialisationError):
    """A sealed value does not open with its subject's key: the stored bytes were changed."""


class PersonalDataMapper(Mapper[UUID]):
    """Seals declared personal fields on the way into the store, opens them on the way out."""

    declarations = DECLARATIONS

    def __init__(self, transcoder: Transcoder, compressor: Compressor | None = None,
                 cipher: Cipher | None = None) -> None:
        super().__init__(transcoder=transcoder, compressor=compressor, cipher=cipher)
        self._sealed = SealedAsDict()
        # eventsourcing types a mapper's transcoder as the abstract Transcoder, which has no
        # `register`; the application's is always a JSONTranscoder (Ledger.construct_transcoder).
        transcoder.register(self._sealed)  # type: ignore[attr-defined]
        self.keys: KeyStore | None = None  # attached once the recorder exists

    def _to_seal(self, domain_event: object) -> tuple[str, list[str]] | None:
        """(subject, field names) of what this event must have sealed, or None."""
        declared = self.declarations.get(type(domain_event).__qualname__)
        if declared is None:
            return None
        state = vars(domain_event)
        names = [
            name for name in declared.fields_of(state)
            if state.get(name) is not None and not isinstance(state.get(name), Sealed)
        ]
        return (str(state[declared.subject]), names) if names else None

    def prepare(self, objects: Iterable[object]) -> None:
        """Make the keys for everything about to be saved in one go (aggregates or events)."""
        if self.keys is None:
            return
        subjects = []
        for obj in objects:
            for event in getattr(obj, "pending_events", None) or [obj]:
                found = self._to_seal(event)
                if found is not None:
                    subjects.append(found[0])
        if len(subjects) > 1:
            self.keys.prepare(subjects)

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        found = self._to_seal(domain_event)
        if found is None:
            return super().to_stored_event(domain_event)
        if self.keys is None:
            raise RuntimeError("no personal key store attached to the mapper")
        subject, names = found
        state = dict(vars(domain_event))
        key = self.keys.sealing_key(subject)
        for name in names:
            aad = _aad(state["originator_id"], state["originator_version"], name)
            state[name] = seal(key, subject, self.transcoder.encode(state[name]), aad)
        sealed_event = object.__new__(type(domain_event))
        object.__setattr__(sealed_event, "__dict__", state)
        return super().to_stored_event(sealed_event)

    def to_domain_event(self, stored_event: StoredEvent) -> LedgerAggregate.Event:
        before = self._sealed.decoded
        # eventsourcing answers its event protocol; every event this ledger stores is one of
        # its aggregates' events (LedgerAggregate.Event), and no snapshots are taken.
        event = cast(LedgerAggregate.Event, super().to_domain_event(stored_event))
        if self._sealed.decoded == before:
            return event  # nothing sealed in it: no need to look at every field
        state = vars(event)
        for name, value in list(state.items()):
            if isinstance(value, Sealed):
                state[name] = self.open(value, stored_event, name)
        return event

    def open(self, sealed: Sealed, stored_event: StoredEvent, name: str) -> object:
        key = self.keys.reading_key(sealed.subject) if self.keys is not None else None
        if key is None:
            return ERASED
        aad = _aad(stored_event.originator_id, stored_event.originator_version, name)
        try:
            return self.transcoder.decode(unseal(key, sealed, aad))
        except InvalidTag as exc:
            raise PersonalDataError(
                f"the personal field {name!r} of {stored_event.originator_id} version "
                f"{stored_event.originator_version} does not open with its subject's key"
            ) from exc
