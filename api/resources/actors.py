"""Actors (Akteur:innen): who takes part."""

from __future__ import annotations

import logging
import time
from datetime import date
from typing import Any
from uuid import UUID

from marshmallow import Schema, fields, validate

from api import auth, services
from api.fields import IsoDate, Text
from api.resources.common import (
    IDEMPOTENCY_DOC,
    IF_MATCH_DOC,
    Blueprint,
    ResourceOut,
    add_reads,
    if_match,
    ledger,
    write,
)
from ledger import principal as recording
from ledger.domain.actors import ACTOR_KINDS, Actor
from ledger.personal import ERASED

logger = logging.getLogger(__name__)

# Worker mode: how long an erasure waits for the read models to apply it before scrubbing.
ERASE_WAIT = 60.0
PERSONAL = ("name", "contact")  # the actor fields an erasure may blank (ledger.personal)

blp = Blueprint("actors", __name__, url_prefix="/v1/actors",
                description="Actors: people, initiatives, shops, schools, offices, funders")


class ActorIn(Schema):
    kind = Text(required=True, validate=validate.OneOf(ACTOR_KINDS))
    name = Text(required=True, validate=validate.Length(min=1, max=500))
    district = Text(allow_none=True, validate=validate.Length(max=200))
    kiez = Text(allow_none=True, validate=validate.Length(max=200))
    contact = Text(allow_none=True, validate=validate.Length(max=500))


class ActorOut(ResourceOut):
    kind = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    district = fields.String(allow_none=True, dump_only=True)
    kiez = fields.String(allow_none=True, dump_only=True)
    contact = fields.String(allow_none=True, dump_only=True)
    erased = fields.Boolean(dump_only=True)


@blp.route("", methods=["POST"])
@blp.arguments(ActorIn)
@blp.response(201, ActorOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def register_actor(body: dict[str, Any]) -> Any:
    """Register an actor (any editor)"""
    return write(ledger().register_actor, created=True, **body)


class EraseIn(Schema):
    reason = Text(required=True, validate=validate.Length(min=1, max=2000),
                  metadata={"description": "Why, e.g. the request under GDPR Art. 17"})
    erased_on = IsoDate(allow_none=True, metadata={"description": "The day of the erasure "
                                                                 "(default: today)"})


@blp.route("/<uuid:id>/erase", methods=["POST"])
@blp.arguments(EraseIn)
@blp.response(200, ActorOut)
@blp.doc(parameters=[IF_MATCH_DOC, IDEMPOTENCY_DOC])
def erase_actor(body: dict[str, Any], id: UUID) -> Any:  # noqa: A002
    """Erase an actor's personal data (GDPR Art. 17; admin only): a person's name and
    contact, an organisation's contact. Recorded as an event; the chain still verifies"""
    auth.require_role("admin")  # before If-Match is read, as ever
    return erase(id, if_match=if_match(), **body)


def erase(id: UUID, *, reason: str, erased_on: date | None = None,  # noqa: A002
          if_match: int | None = None) -> tuple[Actor, int, dict[str, str]]:
    """Erase as the caller (admin only), wait for the read models, scrub the side tables
    and files: what `POST /v1/actors/{id}/erase` does, and the web pages' erasure too."""
    auth.require_role("admin")
    svc = services.current()
    before = svc.ledger.find(Actor, id)
    with recording.recording_as(auth.principal().name):
        written = svc.ledger.erase_actor(id, reason=reason, erased_on=erased_on,
                                         if_match=if_match)
    record = written.record
    headers = services.written_headers(written)
    headers["ETag"] = f'"{record.version}"'
    behind = _applied_by_read_models(svc, written.position)
    if behind:
        headers[services.LAG_HEADER] = str(behind)
    erased = [getattr(before, f) for f in PERSONAL
              if getattr(record, f) == ERASED and getattr(before, f) not in (None, ERASED)]
    _scrub(svc, str(id), erased)
    return record, 200, headers


def _applied_by_read_models(svc: Any, position: int) -> int:
    """Wait for the read models to replace the erased values (in worker mode up to
    ERASE_WAIT seconds); answers how far they are still behind."""
    deadline = time.monotonic() + ERASE_WAIT
    behind = svc.after_write(position)
    while behind and time.monotonic() < deadline:
        behind = svc.after_write(position)
    if behind:
        logger.error("erasure at position %s: the read models are %s behind; their old "
                     "rows stay in the store's files until the next WAL checkpoint",
                     position, behind)
    return behind


def _scrub(svc: Any, subject: str, values: list[str]) -> None:
    """No plaintext left in the API's side tables, then none in the store's files (SQLite:
    checkpoint and truncate the WAL; PostgreSQL: rewrite the key table)."""
    svc.idempotency.scrub(subject, values, ERASED)
    scrub = getattr(svc.ledger.personal_keys, "scrub", None)
    if scrub is None:  # the in-memory store: no files
        return
    try:
        scrub()
    except Exception:  # the erasure stands; the next checkpoint or scrub finishes the job
        logger.exception("erasure of %s: the store's files could not be scrubbed now", subject)


add_reads(blp, Actor, ActorOut)
