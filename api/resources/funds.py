"""A funding's books for the proof of use: its financing plan (decided, changed only by a
dated decision with a reason), expenditures, income besides the grant, volunteer work as an
in-kind contribution, and reversals (Storno) that cancel a wrong entry. Each answers the
funding, whose `entries` name every entry by its id (a reversal names the one it cancels)."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from api.fields import IsoDate, Money, Text
from api.resources.common import Blueprint, add_action
from api.resources.fundings import FundingOut
from ledger.domain.fundings import INCOME_SOURCES, SIDES, Funding

blp = Blueprint("funds", __name__, url_prefix="/v1/fundings",
                description="A funding's financing plan and books for the proof of use")

_YEAR = re.compile(r"(19|2[01])\d\d")
SHA256 = validate.Regexp(r"[0-9a-fA-F]{64}\Z", error="Not a SHA-256: 64 hexadecimal digits.")
RECEIPT = validate.Length(min=1, max=100)
WORDS = validate.Length(min=1, max=500)


class YearKey(fields.String):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not _YEAR.fullmatch(text):
            raise ValidationError("Not a year (YYYY).")
        return text


class PlanLineIn(Schema):
    code = Text(required=True, validate=validate.Regexp(
        r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}\Z", error="1-40 letters, digits, '_', '.' or '-'."),
        metadata={"example": "honorare"})
    name = Text(required=True, validate=WORDS, metadata={"example": "Honorare"})
    side = Text(load_default="expenditure", validate=validate.OneOf(SIDES))
    planned = fields.Dict(keys=YearKey(), values=Money(), required=True,
                          validate=validate.Length(max=100),
                          metadata={"description": "Planned amount per year",
                                    "example": {"2024": "12000.00"}})


class PlanIn(Schema):
    decided_on = IsoDate(required=True)
    reason = Text(required=True, validate=validate.Length(min=1, max=2000))
    lines = fields.List(fields.Nested(PlanLineIn), required=True,
                        validate=validate.Length(min=1, max=100))


class ExpenditureIn(Schema):
    paid_on = IsoDate(required=True)
    amount = Money(required=True)
    currency = Text(validate=validate.Regexp(r"[A-Z]{3}\Z", error="Not an ISO 4217 code."),
                    metadata={"description": "Optional; must be the funding's currency."})
    line = Text(required=True, validate=validate.Length(min=1, max=40),
                metadata={"description": "The code of an expenditure line of the plan."})
    payee = Text(required=True, validate=WORDS)
    receipt_number = Text(required=True, validate=RECEIPT,
                          metadata={"description": "Unique within the funding."})
    purpose = Text(required=True, validate=WORDS)
    receipt_sha256 = Text(validate=SHA256, metadata={
        "description": "SHA-256 of the scanned receipt (the file stays outside the ledger)."})


class IncomeIn(Schema):
    received_on = IsoDate(required=True)
    amount = Money(required=True)
    currency = Text(validate=validate.Regexp(r"[A-Z]{3}\Z", error="Not an ISO 4217 code."))
    source = Text(required=True, validate=validate.OneOf(INCOME_SOURCES))
    payer = Text(required=True, validate=WORDS)
    receipt_number = Text(required=True, validate=RECEIPT)
    purpose = Text(required=True, validate=WORDS)
    line = Text(validate=validate.Length(min=1, max=40),
                metadata={"description": "An income line of the plan (optional)."})
    receipt_sha256 = Text(validate=SHA256)


class VolunteerWorkIn(Schema):
    person_id = fields.UUID(required=True, metadata={"description": "The volunteer (a person)."})
    name = Text(required=True, validate=WORDS, metadata={
        "description": "The name on the timesheet: personal data, erased with the person."})
    worked_on = IsoDate(required=True)
    hours = Money(required=True, metadata={"example": "3.50"})
    hourly_rate = Money(required=True, metadata={"example": "15.00"})
    activity = Text(required=True, validate=WORDS)
    line = Text(validate=validate.Length(min=1, max=40))


class ReversalIn(Schema):
    reverses = fields.UUID(required=True, metadata={"description": "The entry to cancel."})
    reversed_on = IsoDate(required=True)
    reason = Text(required=True, validate=validate.Length(min=1, max=2000))


for path, body, command, summary in (
    ("plan", PlanIn, "decide_plan",
     "Decide the financing plan, or change it (Änderungsantrag) from a day, with a reason"),
    ("expenditures", ExpenditureIn, "book_expenditure", "Book an expenditure with its receipt"),
    ("income", IncomeIn, "book_income", "Book income besides the grant"),
    ("volunteer-work", VolunteerWorkIn, "record_volunteer_work",
     "Record volunteer work as an in-kind contribution (hours at the agreed rate)"),
    ("reversals", ReversalIn, "reverse_entry", "Cancel a wrong entry by a reversal (Storno)"),
):
    add_action(blp, Funding, FundingOut, path, body, command, summary)
