"""Commitments (Selbstverpflichtungen / Zusagen): promises by a date, kept or not."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from marshmallow import Schema, fields, validate

from api import auth
from api.fields import IsoDate, Text
from api.resources.common import (
    IDEMPOTENCY_DOC,
    IF_MATCH_DOC,
    Blueprint,
    ResourceOut,
    action,
    add_reads,
    ledger,
    write,
)
from ledger.domain.commitments import Commitment

blp = Blueprint("commitments", __name__, url_prefix="/v1/commitments",
                description="Commitments: open, overdue, fulfilled (maybe late) or withdrawn")

NOTE = validate.Length(min=1, max=20000)


class CommitmentIn(Schema):
    actor_id = fields.UUID(required=True)
    process_id = fields.UUID(required=True)
    description = Text(required=True, validate=NOTE)
    made_on = IsoDate(required=True)
    due_on = IsoDate(required=True)
    proposal_id = fields.UUID(allow_none=True)
    gathering_id = fields.UUID(allow_none=True)


class ProgressIn(Schema):
    reported_on = IsoDate(required=True)
    note = Text(required=True, validate=NOTE)


class FulfilIn(Schema):
    fulfilled_on = IsoDate(required=True)
    evidence = Text(allow_none=True, validate=validate.Length(max=20000))


class WithdrawalIn(Schema):
    withdrawn_on = IsoDate(required=True)
    reason = Text(required=True, validate=NOTE)


class ProgressOut(Schema):
    reported_on = fields.Date()
    note = fields.String()


class CommitmentOut(ResourceOut):
    actor_id = fields.UUID(dump_only=True)
    process_id = fields.UUID(dump_only=True)
    description = fields.String(dump_only=True)
    made_on = fields.Date(dump_only=True)
    due_on = fields.Date(dump_only=True)
    proposal_id = fields.UUID(allow_none=True, dump_only=True)
    gathering_id = fields.UUID(allow_none=True, dump_only=True)
    progress = fields.List(fields.Nested(ProgressOut), dump_only=True)
    fulfilled_on = fields.Date(allow_none=True, dump_only=True)
    evidence = fields.String(allow_none=True, dump_only=True)
    withdrawn_on = fields.Date(allow_none=True, dump_only=True)
    withdrawal_reason = fields.String(allow_none=True, dump_only=True)
    status = fields.Function(
        lambda commitment: commitment.status_on(date.today()), dump_only=True,
        metadata={"type": "string", "enum": ["open", "overdue", "fulfilled", "withdrawn"],
                  "description": "As of today: `overdue` is open and past its due date."},
    )
    fulfilled_late = fields.Boolean(dump_only=True)


@blp.route("", methods=["POST"])
@blp.arguments(CommitmentIn)
@blp.response(201, CommitmentOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def make_commitment(body: dict[str, Any]) -> Any:
    """Record a commitment an actor made"""
    auth.check_scope(body["process_id"])
    return write(ledger().make_commitment, created=True, **body)


@blp.route("/<uuid:id>/progress", methods=["POST"])
@blp.arguments(ProgressIn)
@blp.response(200, CommitmentOut)
@blp.doc(parameters=[IF_MATCH_DOC, IDEMPOTENCY_DOC])
def report_progress(body: dict[str, Any], id: UUID) -> Any:
    """Report progress on an open commitment"""
    return action(ledger().report_progress, Commitment, id, body)


@blp.route("/<uuid:id>/fulfil", methods=["POST"])
@blp.arguments(FulfilIn)
@blp.response(200, CommitmentOut)
@blp.doc(parameters=[IF_MATCH_DOC, IDEMPOTENCY_DOC])
def fulfil_commitment(body: dict[str, Any], id: UUID) -> Any:
    """Mark a commitment fulfilled"""
    return action(ledger().fulfil_commitment, Commitment, id, body)


@blp.route("/<uuid:id>/withdraw", methods=["POST"])
@blp.arguments(WithdrawalIn)
@blp.response(200, CommitmentOut)
@blp.doc(parameters=[IF_MATCH_DOC, IDEMPOTENCY_DOC])
def withdraw_commitment(body: dict[str, Any], id: UUID) -> Any:
    """Withdraw a commitment"""
    return action(ledger().withdraw_commitment, Commitment, id, body)


add_reads(blp, Commitment, CommitmentOut)
