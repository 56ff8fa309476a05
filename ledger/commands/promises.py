"""Commitments and funding: promises made and money granted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from ledger.commands.base import LedgerBase, Written, recorded, retrying
from ledger.domain.actors import Actor
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import Funding
from ledger.domain.processes import Gathering, Process
from ledger.domain.proposals import Proposal


class PromiseCommands(LedgerBase):
    @recorded
    def make_commitment(
        self, *, actor_id: UUID, process_id: UUID, description: str, made_on: date,
        due_on: date, proposal_id: UUID | None = None, gathering_id: UUID | None = None,
    ) -> Written[Commitment]:
        self.find(Actor, actor_id, field="actor_id")
        process = self.find(Process, process_id, field="process_id")
        proposal = gathering = None
        if proposal_id is not None:
            proposal = self.find(Proposal, proposal_id, field="proposal_id")
        if gathering_id is not None:
            gathering = self.find(Gathering, gathering_id, field="gathering_id")
        return self.store(Commitment.make(
            actor_id=actor_id, process=process, description=description, made_on=made_on,
            due_on=due_on, proposal=proposal, gathering=gathering,
        ))

    @retrying
    def report_progress(self, id: UUID, *, reported_on: date, note: str,  # noqa: A002
                        if_match: int | None = None) -> Written[Commitment]:
        commitment = self.find(Commitment, id)
        self.check_version(commitment, if_match)
        self.check_open_on(commitment.process_id, reported_on, "reported_on")
        commitment.report_progress(reported_on, note)
        return self.store(commitment)

    @retrying
    def fulfil_commitment(self, id: UUID, *, fulfilled_on: date,  # noqa: A002
                          evidence: str | None = None,
                          if_match: int | None = None) -> Written[Commitment]:
        commitment = self.find(Commitment, id)
        self.check_version(commitment, if_match)
        self.check_open_on(commitment.process_id, fulfilled_on, "fulfilled_on")
        commitment.fulfil(fulfilled_on, evidence)
        return self.store(commitment)

    @retrying
    def withdraw_commitment(self, id: UUID, *, withdrawn_on: date, reason: str,  # noqa: A002
                            if_match: int | None = None) -> Written[Commitment]:
        commitment = self.find(Commitment, id)
        self.check_version(commitment, if_match)
        self.check_open_on(commitment.process_id, withdrawn_on, "withdrawn_on")
        commitment.withdraw(withdrawn_on, reason)
        return self.store(commitment)

    @recorded
    def grant_funding(
        self, *, funder_id: UUID, recipient_id: UUID, process_id: UUID, logic: str,
        period_start: date, period_end: date, amount: Decimal, currency: str,
        granted_on: date,
    ) -> Written[Funding]:
        self.find(Actor, funder_id, field="funder_id")
        self.find(Actor, recipient_id, field="recipient_id")
        process = self.find(Process, process_id, field="process_id")
        # A grant may precede the start, but its period must overlap the process's life.
        process.check_open_on(period_start, "period_start")
        return self.store(Funding.grant(
            funder_id=funder_id, recipient_id=recipient_id, process_id=process_id, logic=logic,
            period_start=period_start, period_end=period_end, amount=amount,
            currency=currency, granted_on=granted_on,
        ))

    @retrying
    def disburse(self, funding_id: UUID, *, amount: Decimal, paid_on: date,
                 if_match: int | None = None) -> Written[Funding]:
        funding = self.find(Funding, funding_id)
        self.check_version(funding, if_match)
        self.check_open_on(funding.process_id, paid_on, "paid_on")
        funding.disburse(amount, paid_on)
        return self.store(funding)
