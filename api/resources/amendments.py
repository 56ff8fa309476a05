"""Amendments (Änderungsanträge): replacement text for a proposal, decided by a vote.

They are submitted under their proposal: `POST /v1/proposals/{id}/amendments`.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema, fields

from api.fields import IsoDate
from api.resources.common import (
    IDEMPOTENCY_DOC,
    IF_MATCH_DOC,
    Blueprint,
    ResourceOut,
    action,
    add_reads,
    ledger,
)
from ledger.domain.proposals import Amendment

blp = Blueprint("amendments", __name__, url_prefix="/v1/amendments",
                description="Amendments to proposals")


class WithdrawnOnIn(Schema):
    withdrawn_on = IsoDate(required=True)


class AmendmentOut(ResourceOut):
    proposal_id = fields.UUID(dump_only=True)
    process_id = fields.UUID(dump_only=True)
    author_ids = fields.List(fields.UUID(), dump_only=True)
    text = fields.String(dump_only=True)
    rationale = fields.String(allow_none=True, dump_only=True)
    submitted_on = fields.Date(dump_only=True)
    status = fields.String(dump_only=True)
    decided_by = fields.UUID(allow_none=True, dump_only=True)
    decided_on = fields.Date(allow_none=True, dump_only=True)
    withdrawn_on = fields.Date(allow_none=True, dump_only=True)


@blp.route("/<uuid:id>/withdraw", methods=["POST"])
@blp.arguments(WithdrawnOnIn)
@blp.response(200, AmendmentOut)
@blp.doc(parameters=[IF_MATCH_DOC, IDEMPOTENCY_DOC])
def withdraw_amendment(body: dict[str, Any], id: UUID) -> Any:
    """Withdraw an amendment that is still open"""
    return action(ledger().withdraw_amendment, Amendment, id, body)


add_reads(blp, Amendment, AmendmentOut)
