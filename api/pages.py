"""Collection pages encoded from items encoded once (issue 11).

A page of 200 votes with their ballots is 250 KB of JSON; encoding it through its schema
took 80% of the page's time (140 of 175 ms), the read itself 20 ms. A record's answer
changes only with its version (and, for commitments, with the day: `overdue`; for votes,
with their ballots, records of their own), so each item's JSON is kept per (schema, id,
version, day, variant), within a bound in bytes, and a page is the kept items joined,
found by the versions of the `records` read model without decoding a state. Actors are
never kept: their answer holds personal data, which must not stay in memory once a person
is erased.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from flask import Response, current_app
from marshmallow import Schema, fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from marshmallow.utils import get_value

KEPT_BYTES = 8 * 1024 * 1024  # per worker
NOT_KEPT = frozenset({"actors"})


class EncodedItems:
    """(schema, id, version, day) -> the item's JSON, the least recently used dropped
    first once they hold more than `limit` bytes."""

    def __init__(self, limit: int = KEPT_BYTES) -> None:
        self.limit = limit
        self.size = 0
        self.kept: OrderedDict[tuple, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
            return found

    def put(self, key: tuple, body: bytes) -> None:
        with self.lock:
            if key in self.kept:
                return
            self.kept[key] = body
            self.size += len(body)
            while self.size > self.limit and self.kept:
                _, dropped = self.kept.popitem(last=False)
                self.size -= len(dropped)


def kept_items() -> EncodedItems:
    """This application's kept items (each app, and so each test, its own)."""
    with _LOCK:
        return current_app.extensions.setdefault("kiezledger.items", EncodedItems())


_LOCK = threading.Lock()


# What else an item's answer depends on, besides its version and the day: asked once per
# page with its ids (id -> a value that changes whenever that item's answer does).
Variant = Callable[[list[str]], dict[str, Any]]


# Fields whose dump is their own `_serialize` of the attribute (exactly these classes: a
# subclass may compute its value otherwise); lists of them and nested plain schemas too.
_PLAIN_FIELDS = (fields.UUID, fields.Integer, fields.String, fields.DateTime, fields.Date,
                 fields.Boolean)
Serialize = Callable[[Any, str, Any], Any]


def plain_dumper(schema: Schema) -> Callable[[Any], dict[str, Any]]:
    """`schema.dump` of one object, without marshmallow's per-field calls where every field
    is plain (see _PLAIN_FIELDS): the same dict, in the same order, in a third of the time.
    Actors are encoded on every request (never kept); other items when not kept yet (200
    processes with their participants and phases: about 25 ms through marshmallow)."""
    return _compiled(schema) or schema.dump


def _compiled(schema: Schema) -> Callable[[Any], dict[str, Any]] | None:
    if (schema.many or schema._hooks[PRE_DUMP] or schema._hooks[POST_DUMP]
            or type(schema).get_attribute is not Schema.get_attribute
            or schema.dict_class is not dict):
        return None
    plan = []
    for name, field in schema.dump_fields.items():
        serialize = _serializer(field)
        if serialize is None or field.dump_default is not missing or "." in (
                field.attribute or name):
            return None
        plan.append((field.attribute or name,
                     field.data_key if field.data_key is not None else name, serialize))

    def dump(obj: Any) -> dict[str, Any]:
        # As marshmallow reads: a key of a mapping first, else an attribute.
        read = get_value if hasattr(obj, "__getitem__") else getattr
        out = {}
        for attr, key, serialize in plan:
            value = read(obj, attr, missing)
            if value is not missing:
                out[key] = serialize(value, attr, obj)
        return out

    return dump


def _serializer(field: fields.Field) -> Serialize | None:
    """What marshmallow's `field._serialize` answers, where that is plain; else None."""
    if type(field) in _PLAIN_FIELDS:
        return field._serialize
    if type(field) is fields.List:
        inner = _serializer(field.inner)
        if inner is None:
            return None
        return lambda value, attr, obj: (
            None if value is None else [inner(each, attr, obj) for each in value])
    if type(field) is fields.Nested and not field.many:
        nested = field.schema
        dump = None if nested.many else _compiled(nested)
        if dump is None:
            return None
        return lambda value, attr, obj: None if value is None else dump(value)
    return None


class PageItems:
    """One page's items of `schema`: `reuse` (for `queries.records.records_page`) answers an
    item's kept JSON by (id, version), so that its stored state is neither read nor decoded
    (8 of the 10 ms of a warm page of 200 processes); `response` joins kept and new items.
    With `variant` (a vote's ballots are records of their own: its version stays as it was
    when one is cast), what it answers for an item is part of the item's key too."""

    def __init__(self, schema: type[Schema], collection: str,
                 variant: Variant | None = None) -> None:
        self.schema = schema
        self.kept = None if collection in NOT_KEPT else kept_items()
        self.today = date.today()
        self.variant = variant if self.kept is not None else None
        self.extras: dict[str, Any] = {}

    def key(self, id: Any, version: int) -> tuple:  # noqa: A002
        return (self.schema, str(id), version, self.today, self.extras.get(str(id)))

    def reuse(self, pairs: list[tuple[str, int]]) -> list[bytes | None]:
        """The kept JSON of each (id, version) of a page, or None."""
        if self.kept is None:
            return [None] * len(pairs)
        if self.variant is not None:
            # Taken before any item is encoded: its JSON is then at least as new as its key.
            self.extras = self.variant([id_ for id_, _ in pairs])
        return [self.kept.get(self.key(id_, version)) for id_, version in pairs]

    def response(self, items: Sequence[Any], next_id: str | None) -> Response:
        """{"items": [...], "next": ...} as the page schema would answer it; an item is a
        record, or the JSON `reuse` answered for it."""
        dumps = current_app.json.dumps
        dump = plain_dumper(self.schema())
        parts = []
        for item in items:
            if isinstance(item, bytes):
                parts.append(item)
                continue
            if self.kept is None:
                parts.append(dumps(dump(item)).encode())
                continue
            key = self.key(item.id, item.version)
            body = dumps(dump(item)).encode()
            self.kept.put(key, body)
            parts.append(body)
        body = (b'{"items":[' + b",".join(parts) + b'],"next":' + dumps(next_id).encode()
                + b"}\n")
        return Response(body, status=200, content_type="application/json")

