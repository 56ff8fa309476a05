"""Funding (Förderung): process-based or project-based, with disbursements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypedDict
from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import LedgerAggregate, OccurredOn, not_before, one_of, require
from ledger.errors import InvalidValue

LOGICS = ("process", "project")


class Disbursement(TypedDict):
    amount: Decimal
    paid_on: date


def positive_money(amount: Decimal, field: str = "amount") -> Decimal:
    if not isinstance(amount, Decimal):
        # A float cannot hold cents exactly; money comes as a Decimal (from "90000.00").
        raise InvalidValue(
            f"{field} must be a decimal amount such as \"90000.00\", "
            f"not {type(amount).__name__}",
            field=field,
        )
    if not amount.is_finite() or amount <= 0:
        raise InvalidValue(f"{field} must be a positive amount", field=field)
    try:
        cents = amount.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than the decimal context holds
        raise InvalidValue(f"{field} is too large", field=field) from None
    if amount != cents:
        raise InvalidValue(f"{field} has more than two decimal places", field=field)
    return cents


class Funding(LedgerAggregate):
    collection = "fundings"

    @event("Granted")
    def __init__(
        self, funder_id: UUID, recipient_id: UUID, process_id: UUID, logic: str,
        period_start: date, period_end: date, amount: Decimal, currency: str,
        granted_on: OccurredOn,
    ) -> None:
        self.funder_id = funder_id
        self.recipient_id = recipient_id
        self.process_id: UUID = process_id
        self.logic = logic
        self.period_start = period_start
        self.period_end = period_end
        self.amount = amount
        self.currency = currency
        self.granted_on = granted_on
        self.disbursements: list[Disbursement] = []

    @classmethod
    def grant(
        cls, *, funder_id: UUID, recipient_id: UUID, process_id: UUID, logic: str,
        period_start: date, period_end: date, amount: Decimal, currency: str,
        granted_on: date,
    ) -> Funding:
        not_before(period_end, period_start, "the period's start", "period_end")
        if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
            raise InvalidValue("currency must be a three-letter ISO 4217 code", field="currency")
        return cls(
            funder_id=funder_id, recipient_id=recipient_id, process_id=process_id,
            logic=one_of(logic, LOGICS, "logic"), period_start=period_start,
            period_end=period_end, amount=positive_money(amount), currency=currency,
            granted_on=granted_on,
        )

    @property
    def disbursed(self) -> Decimal:
        return sum((d["amount"] for d in self.disbursements), Decimal("0.00"))

    def disburse(self, amount: Decimal, paid_on: date) -> None:
        amount = positive_money(amount)
        not_before(paid_on, self.granted_on, "the grant", "paid_on")
        require(
            self.disbursed + amount <= self.amount,
            f"disbursing {amount} would exceed the granted {self.amount} {self.currency}",
            field="amount",
        )
        self._disburse(amount, paid_on)

    @event("Disbursed")
    def _disburse(self, amount: Decimal, paid_on: OccurredOn) -> None:
        self.disbursements.append(Disbursement(amount=amount, paid_on=paid_on))
