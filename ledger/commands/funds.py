"""The books of a funding (plan, expenditures, income, volunteer work, reversals) and the
impact indicators of a process: what the proof of use (Verwendungsnachweis) is made of."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from ledger.commands.base import LedgerBase, Written, recorded, retrying
from ledger.domain.actors import Actor
from ledger.domain.base import require
from ledger.domain.fundings import Funding
from ledger.domain.indicators import Indicator
from ledger.domain.processes import Gathering, Process
from ledger.errors import UnknownReference


class FundsCommands(LedgerBase):
    def _open_funding(self, funding_id: UUID, if_match: int | None, on: date,
                      field: str) -> Funding:
        """The funding, at the expected version, of a process that was running `on`."""
        funding = self.find(Funding, funding_id)
        self.check_version(funding, if_match)
        self.find(Process, funding.process_id).check_date(on, field)
        return funding

    @retrying
    def decide_plan(self, funding_id: UUID, *, decided_on: date, reason: str,
                    lines: list[dict[str, Any]],
                    if_match: int | None = None) -> Written[Funding]:
        funding = self.find(Funding, funding_id)
        self.check_version(funding, if_match)
        self.check_open_on(funding.process_id, decided_on, "decided_on")
        funding.decide_plan(decided_on, reason, lines)
        return self.store(funding)

    @retrying
    def book_expenditure(self, funding_id: UUID, *, paid_on: date, amount: Decimal, line: str,
                         payee: str, receipt_number: str, purpose: str,
                         receipt_sha256: str | None = None, currency: str | None = None,
                         if_match: int | None = None) -> Written[Funding]:
        funding = self._open_funding(funding_id, if_match, paid_on, "paid_on")
        funding.book_expenditure(
            entry_id=uuid4(), paid_on=paid_on, amount=amount, line=line, payee=payee,
            receipt_number=receipt_number, purpose=purpose, receipt_sha256=receipt_sha256,
            currency=currency)
        return self.store(funding)

    @retrying
    def book_income(self, funding_id: UUID, *, received_on: date, amount: Decimal,
                    source: str, payer: str, receipt_number: str, purpose: str,
                    line: str | None = None, receipt_sha256: str | None = None,
                    currency: str | None = None,
                    if_match: int | None = None) -> Written[Funding]:
        funding = self._open_funding(funding_id, if_match, received_on, "received_on")
        funding.book_income(
            entry_id=uuid4(), received_on=received_on, amount=amount, source=source,
            payer=payer, receipt_number=receipt_number, purpose=purpose, line=line,
            receipt_sha256=receipt_sha256, currency=currency)
        return self.store(funding)

    @retrying
    def record_volunteer_work(self, funding_id: UUID, *, person_id: UUID, name: str,
                              worked_on: date, hours: Decimal, hourly_rate: Decimal,
                              activity: str, line: str | None = None,
                              if_match: int | None = None) -> Written[Funding]:
        funding = self._open_funding(funding_id, if_match, worked_on, "worked_on")
        person = self.find(Actor, person_id, field="person_id")
        require(person.kind == "person", "volunteer work is done by a person",
                field="person_id")
        require(not person.erased, "the person's personal data has been erased",
                field="person_id")
        funding.record_volunteer_work(
            entry_id=uuid4(), person_id=person_id, name=name, worked_on=worked_on,
            hours=hours, hourly_rate=hourly_rate, activity=activity, line=line)
        return self.store(funding)

    @retrying
    def reverse_entry(self, funding_id: UUID, *, reverses: UUID, reversed_on: date,
                      reason: str, if_match: int | None = None) -> Written[Funding]:
        """A reversal may come after the funding's period (corrections are found when the
        proof of use is put together); the report flags it."""
        funding = self.find(Funding, funding_id)
        self.check_version(funding, if_match)
        self.check_open_on(funding.process_id, reversed_on, "reversed_on")
        funding.reverse(entry_id=uuid4(), reverses=reverses, reversed_on=reversed_on,
                        reason=reason)
        return self.store(funding)

    @recorded
    def declare_indicator(self, *, process_id: UUID, name: str, unit: str,
                          target_per_year: Decimal, counts_from: date) -> Written[Indicator]:
        process = self.find(Process, process_id, field="process_id")
        return self.store(Indicator.declare(process=process, name=name, unit=unit,
                                            target_per_year=target_per_year,
                                            counts_from=counts_from))

    @retrying
    def measure(self, indicator_id: UUID, *, measured_on: date, value: Decimal,
                source: dict[str, Any], corrects: UUID | None = None,
                if_match: int | None = None) -> Written[Indicator]:
        indicator = self.find(Indicator, indicator_id)
        self.check_version(indicator, if_match)
        process = self.find(Process, indicator.process_id)
        gathering = None
        if (source or {}).get("gathering_id") is not None:
            gathering = self.find(Gathering, source["gathering_id"], field="source")
            if gathering.process_id != indicator.process_id:
                # as an unknown one: another process's records are not this writer's to name
                raise UnknownReference(f"no gathering with id {gathering.id}", field="source")
        indicator.measure(measurement_id=uuid4(), process=process, measured_on=measured_on,
                          value=value, source=source, gathering=gathering, corrects=corrects)
        return self.store(indicator)
