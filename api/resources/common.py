"""What every resource module shares: the blueprint class, base schemas, write and read helpers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

import flask_smorest
from flask import Response, g, request
from marshmallow import Schema, fields, validate
from webargs import core
from webargs.flaskparser import FlaskParser

from api import auth, services
from api.errors import Problem
from api.fields import Moment, Text
from api.pages import PageItems, Variant
from ledger import principal as recording
from ledger.application import Ledger
from ledger.commands.base import Written
from ledger.domain.base import LedgerAggregate
from ledger.domain.charters import Charter
from ledger.domain.processes import Gathering
from ledger.domain.proposals import Amendment, Proposal
from ledger.errors import UnknownReference
from queries import records

A = TypeVar("A", bound=LedgerAggregate)

DEFAULT_LIMIT, MAX_LIMIT = 50, 200
_IF_MATCH = re.compile(r'(?:W/)?(?:"(\d{1,18})"|(\d{1,18}))')

IF_MATCH_DOC = {
    "in": "header", "name": "If-Match", "required": False,
    "description": 'The version the change is based on, e.g. `"3"`; 412 when no longer current.',
    "schema": {"type": "string"},
}
IDEMPOTENCY_DOC = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "description": "Repeat a write safely: the same key answers the first answer again.",
    "schema": {"type": "string", "maxLength": 255},
}


class Parser(FlaskParser):
    """Reads the JSON body that `api.guards.parse_json_body` already parsed."""

    def _raw_load_json(self, req: Any) -> Any:
        return g.json_body if "json_body" in g else core.missing


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = Parser()


# --- schemas -------------------------------------------------------------------------------


class ResourceOut(Schema):
    """What every resource shows besides its own fields."""

    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    recorded_at = fields.DateTime(attribute="created_on", dump_only=True)
    updated_at = fields.DateTime(attribute="modified_on", dump_only=True)


class ReadQuery(Schema):
    as_of = Moment(metadata={"description": "What the ledger knew at this moment "
                                            "(ISO 8601; naive means UTC)."})


class ListQuery(Schema):
    limit = fields.Integer(load_default=DEFAULT_LIMIT,
                           validate=validate.Range(min=1, max=MAX_LIMIT))
    after = Text(metadata={"description": "The `next` of the previous page."})
    process_id = fields.UUID()


class EventOut(Schema):
    position = fields.Integer(allow_none=True, dump_only=True)
    type = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    occurred_on = fields.Date(allow_none=True, dump_only=True)
    recorded_at = fields.String(dump_only=True, metadata={"format": "date-time"})
    recorded_by = fields.String(allow_none=True, dump_only=True)
    data = fields.Dict(dump_only=True)
    hash = fields.String(allow_none=True, dump_only=True, metadata={
        "description": "The chain hash at this event (hex SHA-256; see /v1/integrity)"})


class HistoryOut(Schema):
    events = fields.List(fields.Nested(EventOut), dump_only=True)


def page_schema(item: type[Schema]) -> type[Schema]:
    name = item.__name__.removesuffix("Out") + "Page"
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item), dump_only=True),
        "next": fields.String(allow_none=True, dump_only=True,
                              metadata={"description": "Pass back as `after`; null at the end."}),
    }, name=name)


# --- writes --------------------------------------------------------------------------------


def ledger() -> Ledger:
    return services.current().ledger


def if_match() -> int | None:
    """The version in If-Match (`"3"`, `3`, `W/"3"`); `*` or none means any version."""
    value = request.headers.get("If-Match")
    if value is None or value.strip() == "*":
        return None
    found = _IF_MATCH.fullmatch(value.strip())
    if not found:
        raise Problem(400, "Bad Request", 'If-Match must name one version, e.g. "3".',
                      slug="if-match")
    return int(found.group(1) or found.group(2))


def may_write_to(cls: type[LedgerAggregate], id: UUID) -> None:
    """A write to an existing record: its process must be in the token's scope (else 404, as
    for an unknown id); a record without a process needs an unscoped token (403)."""
    if auth.principal().scoped:
        auth.check_may_change(cls.__name__.lower(), id, ledger().find(cls, id).process_id)


# Body fields that name a record of some process (and `subject_id`, a proposal or amendment
# by `subject_type`); `process_id` itself the views check first.
REFERENCES: dict[str, type[LedgerAggregate]] = {
    "proposal_id": Proposal, "gathering_id": Gathering, "charter_id": Charter,
}


def check_references(body: dict[str, Any]) -> None:
    """The records a scoped token names in a body must be of its processes: one of another
    process answers exactly as an unknown id (422 at the field), not "belongs to another
    process", which would tell the token that it exists. Checked in the body's field order,
    which is the order the commands look them up in."""
    who = auth.principal()
    if not who.scoped:
        return
    for field, id in body.items():
        cls = REFERENCES.get(field)
        if field == "subject_id":
            cls = Amendment if body.get("subject_type") == "amendment" else Proposal
        if cls is not None and id is not None and not who.covers(
                ledger().find(cls, id, field=field).process_id):
            raise UnknownReference(f"no {cls.__name__.lower()} with id {id}", field=field)


def write(command: Callable[..., Written], *args: Any, created: bool = False,
          **kwargs: Any) -> tuple[Any, int, dict[str, str]]:
    """Run a command as the caller, wait for the read models, answer the record."""
    check_references(kwargs)
    with recording.recording_as(auth.principal().name):
        written = command(*args, **kwargs)
    behind = services.current().after_write(written.position)
    record = written.record
    headers = services.written_headers(written)
    headers["ETag"] = f'"{record.version}"'
    if behind:  # worker mode, the bounded wait ran out: reads may not show it yet
        headers[services.LAG_HEADER] = str(behind)
    if created:
        headers["Location"] = f"/v1/{record.collection}/{record.id}"
    return record, 201 if created else 200, headers


def action(command: Callable[..., Written], cls: type[LedgerAggregate], id: UUID,
           body: dict[str, Any]) -> tuple[Any, int, dict[str, str]]:
    """A write to an existing record, with If-Match."""
    expected = if_match()
    may_write_to(cls, id)
    return write(command, id, if_match=expected, **body)


# --- reads ---------------------------------------------------------------------------------


def visible(cls: type[A], id: UUID) -> A:
    """The record, if the token may read it; out of scope answers as an unknown id (404)."""
    record = ledger().find(cls, id)
    auth.check_record_scope(cls.__name__.lower(), id, record.process_id)
    return record


def history(cls: type[LedgerAggregate], id: UUID) -> list[dict[str, Any]]:
    """A record's events with positions and chain hashes, if its process is in scope."""
    record, events = records.replayed(ledger(), cls, id)
    auth.check_record_scope(cls.__name__.lower(), id, record.process_id)
    svc = services.current()
    return records.history(svc.db, id, events, refresh=svc.refresh,  # hashes of the newest
                           more=ledger().related_events(record))


def page(cls: type[A], query: dict[str, Any],
         reuse: records.Reuse | None = None) -> records.Page[A]:
    """A page of `cls` the token may read; with `reuse`, see `records.list_records`."""
    who = auth.principal()
    wanted = query.get("process_id")
    # A scoped token lists what it may read: its processes' records and those of no process
    # (actors, cooperations without process_id). A process filter outside the scope lists
    # nothing, as one of an unknown process does.
    unassigned = True
    if wanted is not None:
        process_ids: set[str] | None = {str(wanted)} if who.covers(wanted) else set()
        unassigned = False
    elif who.scoped:
        process_ids = set(who.scope)
    else:
        process_ids = None
    svc = services.current()
    svc.refresh()
    try:
        return records.records_page(svc.ledger, services.read_db(), cls, process_ids=process_ids,
                                    unassigned=unassigned, after=query.get("after"),
                                    limit=query["limit"], reuse=reuse)
    except KeyError as exc:
        raise Problem(422, "Unprocessable Entity", "`after` is not an id of this list.",
                      slug="validation", errors={"after": ["Unknown position in this list."]}
                      ) from exc


def described(summary: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A docstring (the OpenAPI summary) for a view made in a loop."""

    def describe(view: Callable[..., Any]) -> Callable[..., Any]:
        view.__doc__ = summary
        return view

    return describe


def add_action(blp: Blueprint, cls: type[LedgerAggregate], out: type[Schema], path: str,
               body: type[Schema], command: str, summary: str) -> None:
    """POST /<collection>/<id>/<path>: one command on an existing record, with If-Match and
    Idempotency-Key; the OpenAPI operation is named after the command."""

    @blp.route(f"/<uuid:id>/{path}", endpoint=command, methods=["POST"])
    @blp.arguments(body)
    @blp.response(200, out)
    @blp.doc(parameters=[IF_MATCH_DOC, IDEMPOTENCY_DOC])
    @described(summary)
    def run(arguments: dict[str, Any], id: UUID) -> Any:
        return action(getattr(ledger(), command), cls, id, arguments)


def add_reads(blp: Blueprint, cls: type[LedgerAggregate], out: type[Schema], *,
              listed: bool = True, variant: Variant | None = None) -> None:
    """GET /v1/<collection> (unless not `listed`: the module lists it its own way), /<id>
    and /<id>/events for one aggregate class; `variant`: see `api.pages.PageItems`."""
    noun = cls.__name__.lower()

    if listed:
        @blp.route("", endpoint=f"list_{cls.collection}", methods=["GET"])
        @blp.arguments(ListQuery, location="query")
        @blp.response(200, page_schema(out))
        @described(f"List {cls.collection}, in the order they were recorded")
        def list_records(query: dict[str, Any]) -> Response:
            items = PageItems(out, cls.collection, variant)
            found = page(cls, query, reuse=items.reuse)
            return items.response(found["items"], found["next"])

    @blp.route("/<uuid:id>", endpoint=f"get_{noun}", methods=["GET"])
    @blp.arguments(ReadQuery, location="query")
    @blp.response(200, out)
    @described(f"Show a {noun} as it is now, or as the ledger knew it `as_of`")
    def get_record(query: dict[str, Any], id: UUID) -> Any:
        record = visible(cls, id)
        g.as_of = query.get("as_of")  # what the representation describes (a vote's ballots)
        if query.get("as_of") is not None:
            record = ledger().find_as_of(cls, id, query["as_of"])
        return record, {"ETag": f'"{record.version}"'}

    @blp.route("/<uuid:id>/events", endpoint=f"{noun}_events", methods=["GET"])
    @blp.response(200, HistoryOut)
    @described(f"A {noun}'s full event history")
    def get_history(id: UUID) -> dict[str, Any]:
        return {"events": history(cls, id)}
