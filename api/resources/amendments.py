"""Amendments (Änderungsanträge): replacement text for a proposal, decided by a vote.

They are submitted under their proposal: `POST /v1/proposals/{id}/amendments`.
"""

from __future__ import annotations

from marshmallow import Schema, fields

from api.fields import IsoDate
from api.resources.common import (
    Blueprint,
    ResourceOut,
    add_action,
    add_reads,
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


add_action(blp, Amendment, AmendmentOut, "withdraw", WithdrawnOnIn, "withdraw_amendment",
           "Withdraw an amendment that is still open")


add_reads(blp, Amendment, AmendmentOut)
