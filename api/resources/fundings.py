"""Funding (Förderung): process-based or project-based, with disbursements."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from api import auth
from api.fields import DerivedList, IsoDate, Money, Text
from api.resources.common import (
    IDEMPOTENCY_DOC,
    Blueprint,
    ResourceOut,
    add_action,
    add_reads,
    ledger,
    write,
)
from ledger.domain.fundings import LOGICS, Funding

blp = Blueprint("fundings", __name__, url_prefix="/v1/fundings",
                description="Funding granted to a process, and what was paid out")


class FundingIn(Schema):
    funder_id = fields.UUID(required=True)
    recipient_id = fields.UUID(required=True)
    process_id = fields.UUID(required=True)
    logic = Text(required=True, validate=validate.OneOf(LOGICS))
    period_start = IsoDate(required=True)
    period_end = IsoDate(required=True)
    amount = Money(required=True)
    currency = Text(required=True, validate=validate.Regexp(r"[A-Z]{3}\Z",
                                                            error="Not an ISO 4217 code."),
                    metadata={"pattern": "^[A-Z]{3}$"})  # the document's (ECMA) form
    granted_on = IsoDate(required=True)


class DisbursementIn(Schema):
    amount = Money(required=True)
    paid_on = IsoDate(required=True)


class DisbursementOut(Schema):
    amount = Money()
    paid_on = fields.Date()


class PlanLineOut(Schema):
    code = fields.String()
    name = fields.String()
    side = fields.String()
    planned = fields.Dict(keys=fields.String(), values=Money())


class PlanDecisionOut(Schema):
    decided_on = fields.Date()
    reason = fields.String()
    lines = fields.List(fields.String(), metadata={"description": "The codes it set."})


class EntryOut(Schema):
    id = fields.String()
    kind = fields.String(metadata={"description": "expenditure, income, volunteer_work or "
                                                  "reversal"})
    on = fields.Date()
    amount = Money(metadata={"description": "A reversal's is negative."})
    line = fields.String(allow_none=True)
    receipt_number = fields.String(allow_none=True)
    reverses = fields.String(allow_none=True)
    reversed_by = fields.String(allow_none=True)


def _plan(funding: Funding) -> list[dict[str, Any]]:
    return [{"code": code, **line} for code, line in getattr(funding, "plan", {}).items()]


def _decisions(funding: Funding) -> list[dict[str, Any]]:
    return [{**d, "lines": sorted(d["lines"])} for d in getattr(funding, "plan_decisions", [])]


def _entries(funding: Funding) -> list[dict[str, Any]]:
    return [{"id": key, **e} for key, e in getattr(funding, "entries", {}).items()]


class FundingOut(ResourceOut):
    funder_id = fields.UUID(dump_only=True)
    recipient_id = fields.UUID(dump_only=True)
    process_id = fields.UUID(dump_only=True)
    logic = fields.String(dump_only=True)
    period_start = fields.Date(dump_only=True)
    period_end = fields.Date(dump_only=True)
    amount = Money(dump_only=True)
    currency = fields.String(dump_only=True)
    granted_on = fields.Date(dump_only=True)
    disbursements = fields.List(fields.Nested(DisbursementOut), dump_only=True)
    disbursed = Money(dump_only=True)
    plan = DerivedList(fields.Nested(PlanLineOut), _plan,
                       metadata={"description": "The financing plan in effect now."})
    plan_decisions = DerivedList(fields.Nested(PlanDecisionOut), _decisions)
    entries = DerivedList(fields.Nested(EntryOut), _entries, metadata={
        "description": "Booked entries in the order booked (personal names are not here)."})


@blp.route("", methods=["POST"])
@blp.arguments(FundingIn)
@blp.response(201, FundingOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def grant_funding(body: dict[str, Any]) -> Any:
    """Record a grant to a process"""
    auth.check_scope(body["process_id"], field="process_id")
    return write(ledger().grant_funding, created=True, **body)


add_action(blp, Funding, FundingOut, "disbursements", DisbursementIn, "disburse",
           "Record a payment of granted money")


add_reads(blp, Funding, FundingOut)
