"""Commitments (Selbstverpflichtungen / Zusagen): promises by a date, kept or not."""

from __future__ import annotations

from datetime import date
from typing import TypedDict
from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import LedgerAggregate, OccurredOn, not_before, require, require_text
from ledger.domain.processes import Gathering, Process
from ledger.domain.proposals import Proposal


class ProgressNote(TypedDict):
    reported_on: date
    note: str


class Commitment(LedgerAggregate):
    collection = "commitments"

    @event("Made")
    def __init__(
        self, actor_id: UUID, process_id: UUID, description: str, made_on: OccurredOn,
        due_on: date, proposal_id: UUID | None, gathering_id: UUID | None,
    ) -> None:
        self.actor_id = actor_id
        self.process_id: UUID = process_id
        self.description = description
        self.made_on = made_on
        self.due_on = due_on
        self.proposal_id = proposal_id
        self.gathering_id = gathering_id
        self.progress: list[ProgressNote] = []
        self.fulfilled_on: date | None = None
        self.evidence: str | None = None
        self.withdrawn_on: date | None = None
        self.withdrawal_reason: str | None = None

    @classmethod
    def make(
        cls, *, actor_id: UUID, process: Process, description: str, made_on: date, due_on: date,
        proposal: Proposal | None = None, gathering: Gathering | None = None,
    ) -> Commitment:
        """`process` the Process it is made in; `proposal`, `gathering` records of it or None."""
        process.check_date(made_on, "made_on")
        not_before(due_on, made_on, "the day it was made", "due_on")
        refs: tuple[tuple[Proposal | Gathering | None, str], ...] = (
            (proposal, "proposal_id"), (gathering, "gathering_id"))
        for ref, field in refs:
            if ref is not None:
                require(ref.process_id == process.id,
                        f"the {type(ref).__name__.lower()} belongs to another process",
                        field=field)
        return cls(
            actor_id=actor_id, process_id=process.id,
            description=require_text(description, "description"), made_on=made_on,
            due_on=due_on, proposal_id=proposal.id if proposal is not None else None,
            gathering_id=gathering.id if gathering is not None else None,
        )

    def status_on(self, on: date) -> str:
        """`overdue` is derived: open and due before `on`."""
        if self.fulfilled_on is not None:
            return "fulfilled"
        if self.withdrawn_on is not None:
            return "withdrawn"
        return "overdue" if self.due_on < on else "open"

    @property
    def fulfilled_late(self) -> bool:
        return self.fulfilled_on is not None and self.fulfilled_on > self.due_on

    def check_open(self) -> None:
        require(self.fulfilled_on is None, "the commitment is already fulfilled")
        require(self.withdrawn_on is None, "the commitment has been withdrawn")

    def report_progress(self, reported_on: date, note: str) -> None:
        note = require_text(note, "note")
        self.check_open()
        not_before(reported_on, self.made_on, "the commitment was made", "reported_on")
        self._report(reported_on, note)

    @event("ProgressReported")
    def _report(self, reported_on: OccurredOn, note: str) -> None:
        self.progress.append(ProgressNote(reported_on=reported_on, note=note))

    def fulfil(self, fulfilled_on: date, evidence: str | None) -> None:
        self.check_open()
        not_before(fulfilled_on, self.made_on, "the commitment was made", "fulfilled_on")
        self._fulfil(fulfilled_on, evidence)

    @event("Fulfilled")
    def _fulfil(self, fulfilled_on: OccurredOn, evidence: str | None) -> None:
        self.fulfilled_on = fulfilled_on
        self.evidence = evidence

    def withdraw(self, withdrawn_on: date, reason: str) -> None:
        reason = require_text(reason, "reason")
        self.check_open()
        not_before(withdrawn_on, self.made_on, "the commitment was made", "withdrawn_on")
        self._withdraw(withdrawn_on, reason)

    @event("Withdrawn")
    def _withdraw(self, withdrawn_on: OccurredOn, reason: str) -> None:
        self.withdrawn_on = withdrawn_on
        self.withdrawal_reason = reason
