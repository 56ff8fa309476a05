"""Participation processes (Beteiligungsprozesse): participants, phases, goals."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from api import auth
from api.fields import Count, IsoDate, Text
from api.resources.common import (
    IDEMPOTENCY_DOC,
    Blueprint,
    ResourceOut,
    add_action,
    add_reads,
    ledger,
    write,
)
from ledger.domain.processes import LEVELS, Process

blp = Blueprint("processes", __name__, url_prefix="/v1/processes",
                description="Participation processes, their participants, phases and goals")


class GoalsIn(Schema):
    open_assemblies_per_year = Count(allow_none=True)


class ProcessIn(Schema):
    title = Text(required=True, validate=validate.Length(min=1, max=500))
    level = Text(required=True, validate=validate.OneOf(LEVELS))
    area = Text(allow_none=True, validate=validate.Length(max=500))
    topics = fields.List(Text(validate=validate.Length(min=1, max=200)), load_default=list,
                         validate=validate.Length(max=100))
    started_on = IsoDate(required=True)
    goals = fields.Nested(GoalsIn, load_default=dict)


class ParticipantIn(Schema):
    actor_id = fields.UUID(required=True)
    role = Text(required=True, validate=validate.Length(min=1, max=200))
    joined_on = IsoDate(required=True)


class PhaseIn(Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=200))
    started_on = IsoDate(required=True)


class ConcludeIn(Schema):
    concluded_on = IsoDate(required=True)
    summary = Text(required=True, validate=validate.Length(min=1, max=20000))


class ParticipantOut(Schema):
    actor_id = fields.UUID()
    role = fields.String()
    joined_on = fields.Date()


class PhaseOut(Schema):
    name = fields.String()
    started_on = fields.Date()


class GoalsOut(Schema):
    # absent when the process was started without goals (`goals` is then {})
    open_assemblies_per_year = fields.Integer(allow_none=True, metadata={"optional": True})


class ProcessOut(ResourceOut):
    title = fields.String(dump_only=True)
    level = fields.String(dump_only=True)
    area = fields.String(allow_none=True, dump_only=True)
    topics = fields.List(fields.String(), dump_only=True)
    started_on = fields.Date(dump_only=True)
    goals = fields.Nested(GoalsOut, dump_only=True)
    participants = fields.List(fields.Nested(ParticipantOut), dump_only=True)
    phases = fields.List(fields.Nested(PhaseOut), dump_only=True)
    concluded_on = fields.Date(allow_none=True, dump_only=True)
    summary = fields.String(allow_none=True, dump_only=True)
    status = fields.String(dump_only=True)


@blp.route("", methods=["POST"])
@blp.arguments(ProcessIn)
@blp.response(201, ProcessOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def start_process(body: dict[str, Any]) -> Any:
    """Start a process (a token limited to some processes cannot start another)"""
    auth.require_unscoped()
    return write(ledger().start_process, created=True, **body)


add_action(blp, Process, ProcessOut, "participants", ParticipantIn, "add_participant",
           "Add a participant to a process")


add_action(blp, Process, ProcessOut, "phases", PhaseIn, "start_phase",
           "Start a new phase of a process")


add_action(blp, Process, ProcessOut, "conclude", ConcludeIn, "conclude_process",
           "Conclude a process")


add_reads(blp, Process, ProcessOut)
