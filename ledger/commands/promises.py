"""Commitments and funding: promises made and money granted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from ledger.commands.base import LedgerBase, Written, retrying
from ledger.domain.actors import Actor
from ledger.domain.base import not_before, one_of, require, require_text
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import LOGICS, Funding, positive_money
from ledger.domain.processes import Gathering, Process
from ledger.domain.proposals import Proposal
from ledger.errors import InvalidValue


class PromiseCommands(LedgerBase):
    def make_commitment(
        self, *, actor_id: UUID, process_id: UUID, description: str, made_on: date,
        due_on: date, proposal_id: UUID | None = None, gathering_id: UUID | None = None,
    ) -> Written:
        self.find(Actor, actor_id, field="actor_id")
        process = self.find(Process, process_id, field="process_id")
        process.check_date(made_on, "made_on")
        not_before(due_on, made_on, "the day it was made", "due_on")
        for ref_id, cls, field in ((proposal_id, Proposal, "proposal_id"),
                                   (gathering_id, Gathering, "gathering_id")):
            if ref_id is not None:
                ref = self.find(cls, ref_id, field=field)
                require(ref.process_id == process_id,
                        f"the {cls.__name__.lower()} belongs to another process", field=field)
        commitment = Commitment(
            actor_id=actor_id, process_id=process_id,
            description=require_text(description, "description"), made_on=made_on,
            due_on=due_on, proposal_id=proposal_id, gathering_id=gathering_id,
        )
        return self.store(commitment)

    @retrying
    def report_progress(self, id: UUID, *, reported_on: date, note: str,  # noqa: A002
                        if_match: int | None = None) -> Written:
        commitment = self.find(Commitment, id)
        self.check_version(commitment, if_match)
        commitment.report_progress(reported_on, require_text(note, "note"))
        return self.store(commitment)

    @retrying
    def fulfil_commitment(self, id: UUID, *, fulfilled_on: date,  # noqa: A002
                          evidence: str | None = None, if_match: int | None = None) -> Written:
        commitment = self.find(Commitment, id)
        self.check_version(commitment, if_match)
        commitment.fulfil(fulfilled_on, evidence)
        return self.store(commitment)

    @retrying
    def withdraw_commitment(self, id: UUID, *, withdrawn_on: date, reason: str,  # noqa: A002
                            if_match: int | None = None) -> Written:
        commitment = self.find(Commitment, id)
        self.check_version(commitment, if_match)
        commitment.withdraw(withdrawn_on, require_text(reason, "reason"))
        return self.store(commitment)

    def grant_funding(
        self, *, funder_id: UUID, recipient_id: UUID, process_id: UUID, logic: str,
        period_start: date, period_end: date, amount: Decimal, currency: str,
        granted_on: date,
    ) -> Written:
        self.find(Actor, funder_id, field="funder_id")
        self.find(Actor, recipient_id, field="recipient_id")
        self.find(Process, process_id, field="process_id")
        not_before(period_end, period_start, "the period's start", "period_end")
        if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
            raise InvalidValue("currency must be a three-letter ISO 4217 code", field="currency")
        funding = Funding(
            funder_id=funder_id, recipient_id=recipient_id, process_id=process_id,
            logic=one_of(logic, LOGICS, "logic"), period_start=period_start,
            period_end=period_end, amount=positive_money(amount), currency=currency,
            granted_on=granted_on,
        )
        return self.store(funding)

    @retrying
    def disburse(self, funding_id: UUID, *, amount: Decimal, paid_on: date,
                 if_match: int | None = None) -> Written:
        funding = self.find(Funding, funding_id)
        self.check_version(funding, if_match)
        funding.disburse(amount, paid_on)
        return self.store(funding)
