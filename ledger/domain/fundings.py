"""Funding (Förderung): process-based or project-based, with disbursements, its financing
plan (Finanzierungsplan) and the books kept against it (expenditures, income, volunteer work,
reversals) for the proof of use (Verwendungsnachweis).

Every money record is an event; nothing is edited. A plan changes by a dated decision with a
reason (Änderungsantrag); a wrong entry is cancelled by a reversal (Storno) that refers to
it. The funding keeps each entry's receipt number, so a second entry with the same number is
refused by the aggregate itself (a concurrent one loses the version race and is checked again).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict
from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import (
    LedgerAggregate,
    OccurredOn,
    not_before,
    one_of,
    require,
    require_text,
)
from ledger.errors import InvalidValue

LOGICS = ("process", "project")
SIDES = ("expenditure", "income")
INCOME_SOURCES = ("own_contribution", "donation", "other_funder")
ENTRY_KINDS = ("expenditure", "income", "volunteer_work", "reversal")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LINE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
MAX_HOURS_A_DAY = Decimal(24)


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


class PlanLine(TypedDict):
    """A budget line (Ausgaben- or Finanzierungsposition) and its planned amounts per year
    (years as text: "2024")."""

    name: str
    side: str
    planned: dict[str, Decimal]


class PlanDecision(TypedDict):
    decided_on: date
    reason: str
    lines: dict[str, PlanLine]


class Entry(TypedDict):
    """What the funding keeps of a booked entry (the event holds the rest, names included)."""

    kind: str
    on: date
    amount: Decimal
    line: str | None
    receipt_number: str | None
    reverses: str | None
    reversed_by: str | None


def checked_sha256(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if not _SHA256.fullmatch(value):
        raise InvalidValue("receipt_sha256 must be 64 hexadecimal digits (a SHA-256)",
                           field="receipt_sha256")
    return value


def positive_decimal(value: Any, field: str, places: int = 2) -> Decimal:
    """A positive Decimal with at most `places` decimal places (hours, rates, values)."""
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise InvalidValue(f"{field} must be a positive decimal number", field=field)
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise InvalidValue(f"{field} has more than {places} decimal places", field=field)
    return value


def plan_lines(lines: list[dict[str, Any]]) -> dict[str, PlanLine]:
    """Budget lines as given ({code, name, side?, planned: {year: amount}}), checked."""
    if not lines:
        raise InvalidValue("a plan decision names at least one budget line", field="lines")
    found: dict[str, PlanLine] = {}
    for line in lines:
        code = str(line.get("code") or "").strip()
        if not _LINE_CODE.fullmatch(code):
            raise InvalidValue("a budget line's code is 1-40 letters, digits, '_', '.' or "
                               "'-'", field="lines")
        require(code not in found, f"the budget line {code} is named twice", field="lines")
        planned: dict[str, Decimal] = {}
        for year, amount in (line.get("planned") or {}).items():
            if not re.fullmatch(r"(19|2[01])\d\d", str(year)):
                raise InvalidValue(f"{year} is not a year", field="lines")
            if amount != 0:
                planned[str(year)] = positive_money(amount, "lines")
            else:
                planned[str(year)] = Decimal("0.00")
        found[code] = PlanLine(name=require_text(line.get("name"), "lines"),
                               side=one_of(line.get("side") or "expenditure", SIDES, "lines"),
                               planned=planned)
    return found


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
        self.plan: dict[str, PlanLine] = {}
        self.plan_decisions: list[PlanDecision] = []
        self.entries: dict[str, Entry] = {}  # entry id (text) -> entry
        self.receipt_numbers: dict[str, str] = {}  # receipt number -> entry id

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

    # -- the financing plan ------------------------------------------------------------------

    def decide_plan(self, decided_on: date, reason: str, lines: list[dict[str, Any]]) -> None:
        """The first decision sets the plan; each later one (an Änderungsantrag) replaces the
        lines it names and keeps the others. Years lie inside the funding's period."""
        reason = require_text(reason, "reason")
        checked = plan_lines(lines)
        not_before(decided_on, self.granted_on, "the grant", "decided_on")
        if self.plan_decisions:
            not_before(decided_on, self.plan_decisions[-1]["decided_on"],
                       "the last plan decision", "decided_on")
        years = range(self.period_start.year, self.period_end.year + 1)
        for code, line in checked.items():
            outside = [y for y in line["planned"] if int(y) not in years]
            require(not outside, f"the budget line {code} plans for {', '.join(outside)}, "
                    f"outside the funding's period ({self.period_start.year}-"
                    f"{self.period_end.year})", field="lines")
            known = self.plan.get(code)
            require(known is None or known["side"] == line["side"],
                    f"the budget line {code} is an {known['side'] if known else ''} line",
                    field="lines")
        self._decide_plan(decided_on, reason, checked)

    @event("PlanDecided")
    def _decide_plan(self, decided_on: OccurredOn, reason: str,
                     lines: dict[str, PlanLine]) -> None:
        self.plan = {**self.plan, **lines}
        self.plan_decisions = [*self.plan_decisions,
                               PlanDecision(decided_on=decided_on, reason=reason, lines=lines)]

    # -- the books ---------------------------------------------------------------------------

    def _check_entry(self, on: date, field: str, amount: Decimal, currency: str | None,
                     receipt_number: str | None, line: str | None, side: str) -> None:
        require(self.period_start <= on <= self.period_end,
                f"{field} {on.isoformat()} lies outside the funding's period "
                f"({self.period_start.isoformat()} to {self.period_end.isoformat()})",
                field=field)
        if currency is not None:
            require(currency == self.currency,
                    f"the funding is kept in {self.currency}, not {currency}", field="currency")
        if receipt_number is not None:
            require(receipt_number not in self.receipt_numbers,
                    f"the receipt number {receipt_number} is already booked in this funding",
                    field="receipt_number")
        if line is not None or side == "expenditure":
            require(line in self.plan, f"the financing plan has no budget line {line}",
                    field="line")
            require(self.plan[str(line)]["side"] == side,
                    f"the budget line {line} is not an {side} line", field="line")

    def book_expenditure(self, *, entry_id: UUID, paid_on: date, amount: Decimal, line: str,
                         payee: str, receipt_number: str, purpose: str,
                         receipt_sha256: str | None = None, currency: str | None = None) -> None:
        amount = positive_money(amount)
        receipt_number = require_text(receipt_number, "receipt_number")
        payee, purpose = require_text(payee, "payee"), require_text(purpose, "purpose")
        self._check_entry(paid_on, "paid_on", amount, currency, receipt_number, line,
                          "expenditure")
        self._book_expenditure(entry_id, paid_on, amount, line, payee, receipt_number,
                               purpose, checked_sha256(receipt_sha256))

    @event("ExpenditureBooked")
    def _book_expenditure(self, entry_id: UUID, paid_on: OccurredOn, amount: Decimal,
                          line: str, payee: str, receipt_number: str, purpose: str,
                          receipt_sha256: str | None) -> None:
        self._keep(entry_id, "expenditure", paid_on, amount, line, receipt_number)

    def book_income(self, *, entry_id: UUID, received_on: date, amount: Decimal, source: str,
                    payer: str, receipt_number: str, purpose: str, line: str | None = None,
                    receipt_sha256: str | None = None, currency: str | None = None) -> None:
        amount = positive_money(amount)
        source = one_of(source, INCOME_SOURCES, "source")
        receipt_number = require_text(receipt_number, "receipt_number")
        payer, purpose = require_text(payer, "payer"), require_text(purpose, "purpose")
        self._check_entry(received_on, "received_on", amount, currency, receipt_number, line,
                          "income")
        self._book_income(entry_id, received_on, amount, source, payer, receipt_number,
                          purpose, line, checked_sha256(receipt_sha256))

    @event("IncomeBooked")
    def _book_income(self, entry_id: UUID, received_on: OccurredOn, amount: Decimal,
                     source: str, payer: str, receipt_number: str, purpose: str,
                     line: str | None, receipt_sha256: str | None) -> None:
        self._keep(entry_id, "income", received_on, amount, line, receipt_number)

    def record_volunteer_work(self, *, entry_id: UUID, person_id: UUID, name: str,
                              worked_on: date, hours: Decimal, hourly_rate: Decimal,
                              activity: str, line: str | None = None) -> None:
        """Volunteer work as an in-kind contribution (hours x the agreed rate). The name on
        the timesheet is personal data of `person_id` (sealed, see ledger.personal); the
        funding keeps only the value."""
        name = require_text(name, "name")
        activity = require_text(activity, "activity")
        hours = positive_decimal(hours, "hours")
        require(hours <= MAX_HOURS_A_DAY, "a day has at most 24 hours", field="hours")
        hourly_rate = positive_money(hourly_rate, "hourly_rate")
        value = (hours * hourly_rate).quantize(Decimal("0.01"))
        self._check_entry(worked_on, "worked_on", value, None, None, line, "income")
        self._record_volunteer_work(entry_id, person_id, name, worked_on, hours, hourly_rate,
                                    activity, line)

    @event("VolunteerWorkRecorded")
    def _record_volunteer_work(self, entry_id: UUID, person_id: UUID, name: str,
                               worked_on: OccurredOn, hours: Decimal, hourly_rate: Decimal,
                               activity: str, line: str | None) -> None:
        value = (hours * hourly_rate).quantize(Decimal("0.01"))
        self._keep(entry_id, "volunteer_work", worked_on, value, line, None)

    def reverse(self, *, entry_id: UUID, reverses: UUID, reversed_on: date,
                reason: str) -> None:
        """Cancel an entry (Storno): a new entry of the opposite sign that refers to it."""
        reason = require_text(reason, "reason")
        found = self.entries.get(str(reverses))
        require(found is not None, f"this funding has no entry {reverses}", field="reverses")
        assert found is not None
        require(found["kind"] != "reversal", "a reversal cannot be reversed; book the entry "
                "again instead", field="reverses")
        require(found["reversed_by"] is None, f"the entry {reverses} is already reversed",
                field="reverses")
        not_before(reversed_on, found["on"], "the entry it reverses", "reversed_on")
        self._reverse(entry_id, reverses, reversed_on, reason)

    @event("EntryReversed")
    def _reverse(self, entry_id: UUID, reverses: UUID, reversed_on: OccurredOn,
                 reason: str) -> None:
        original = self.entries[str(reverses)]
        self._keep(entry_id, "reversal", reversed_on, -original["amount"], original["line"],
                   None, reverses=str(reverses))
        self.entries[str(reverses)] = Entry(**{**original, "reversed_by": str(entry_id)})

    def _keep(self, entry_id: UUID, kind: str, on: date, amount: Decimal, line: str | None,
              receipt_number: str | None, reverses: str | None = None) -> None:
        key = str(entry_id)
        # New containers, never changed in place: a state copied from another is not shared.
        self.entries = {**self.entries, key: Entry(
            kind=kind, on=on, amount=amount, line=line, receipt_number=receipt_number,
            reverses=reverses, reversed_by=None)}
        if receipt_number is not None:
            self.receipt_numbers = {**self.receipt_numbers, receipt_number: key}
