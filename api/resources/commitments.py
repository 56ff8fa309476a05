"""Commitments (Selbstverpflichtungen / Zusagen): promises by a date, kept or not.

`GET /v1/commitments` is the commitments board (read model `projections.commitments`) with or
without filters: one item shape, one order (due date, then log position) and one meaning of
`after`/`next` whichever filters a client adds or drops. It replaces the plain list in
recording order that the other collections have; `GET /v1/commitments/{id}` is the full
record with its progress notes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import Schema, fields, validate

from api import auth
from api.errors import Problem
from api.fields import IsoDate, Text
from api.resources.common import (
    DEFAULT_LIMIT,
    IDEMPOTENCY_DOC,
    Blueprint,
    ListQuery,
    ResourceOut,
    add_action,
    add_reads,
    ledger,
    page_schema,
    write,
)
from api.resources.readmodels import Day, fresh_db
from ledger.domain.actors import Actor
from ledger.domain.commitments import Commitment
from ledger.domain.processes import Process
from queries.commitments import STATUSES, commitments_board

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
    auth.check_scope(body["process_id"], field="process_id")
    return write(ledger().make_commitment, created=True, **body)


add_action(blp, Commitment, CommitmentOut, "progress", ProgressIn, "report_progress",
           "Report progress on an open commitment")


add_action(blp, Commitment, CommitmentOut, "fulfil", FulfilIn, "fulfil_commitment",
           "Mark a commitment fulfilled")


add_action(blp, Commitment, CommitmentOut, "withdraw", WithdrawalIn, "withdraw_commitment",
           "Withdraw a commitment")


class BoardQuery(ListQuery):
    actor_id = fields.UUID(metadata={"description": "Only this actor's commitments."})
    status = Text(validate=validate.OneOf(STATUSES),
                  metadata={"description": "`open`; `overdue` (open and due before `on`); "
                                           "`fulfilled` (see `fulfilled_late`); `withdrawn`."})
    on = IsoDate(metadata={"description": "The domain day (YYYY-MM-DD) whose end the board "
                                          "shows; default: today. Commitments made after it "
                                          "are not on it yet."})


class CommitmentBoardOut(Schema):
    id = fields.UUID()
    actor_id = fields.UUID()
    process_id = fields.UUID()
    description = fields.String()
    made_on = Day()
    due_on = Day()
    status = fields.String(metadata={"enum": list(STATUSES),
                                     "description": "As of the end of `on`."})
    fulfilled_on = Day(allow_none=True, metadata={"description": "If fulfilled by `on`."})
    fulfilled_late = fields.Boolean(metadata={"description": "Fulfilled after its due date."})
    withdrawn_on = Day(allow_none=True, metadata={"description": "If withdrawn by `on`."})
    progress_count = fields.Integer(metadata={"description": "Progress reports by `on`."})


@blp.route("", methods=["GET"])
@blp.doc(operationId="list_commitments")
@blp.arguments(BoardQuery, location="query")
@blp.response(200, page_schema(CommitmentBoardOut))
def commitments_board_page(query: dict[str, Any]) -> dict[str, Any]:
    """The commitments board: commitments as of the end of a domain day (default today), by
    due date, filtered by process, actor and status; the full record is at /{id}"""
    try:
        return scoped_board(query)
    except KeyError as exc:
        raise Problem(422, "Unprocessable Entity", "`after` is not an id on this board.",
                      slug="validation", errors={"after": ["Unknown position on this board."]}
                      ) from exc


def scoped_board(query: dict[str, Any]) -> dict[str, Any]:
    """The board as the token may see it (the API and the pages): one process (404 outside
    the scope, as an unknown one) or every process the token covers. KeyError for an
    unknown `after`."""
    who = auth.principal()
    process_id, actor_id = query.get("process_id"), query.get("actor_id")
    scope = None
    if process_id is not None:
        auth.check_scope(process_id)
        ledger().find(Process, process_id)  # 404 for an unknown process
    elif who.scoped:
        scope = set(who.scope)
    if actor_id is not None:
        ledger().find(Actor, actor_id)
    return commitments_board(
        fresh_db(), process_id=process_id, actor_id=actor_id, status=query.get("status"),
        on=query.get("on"), process_ids=scope, limit=query.get("limit", DEFAULT_LIMIT),
        after=query.get("after"),
    )


add_reads(blp, Commitment, CommitmentOut, listed=False)
