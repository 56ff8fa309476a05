"""Proposals (Vorschläge / Anträge) and their amendments (Änderungsanträge)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import (
    LedgerAggregate,
    OccurredOn,
    date_renamed_from,
    not_before,
    require,
    require_text,
)
from ledger.domain.charters import Charter, ClauseChange, ClauseRequest
from ledger.domain.processes import Process
from ledger.errors import InvalidValue

OPEN = "submitted"


def check_authors(author_ids: list[UUID]) -> list[UUID]:
    if not author_ids:
        raise InvalidValue("at least one author is needed", field="author_ids")
    if len(set(author_ids)) != len(author_ids):
        raise InvalidValue("an author is named twice", field="author_ids")
    return list(author_ids)


def _adopted(self: Decidable, vote_id: UUID, decided_on: OccurredOn) -> None:
    self.status = "adopted"
    self.decided_by = vote_id
    self.decided_on = decided_on


def _rejected(self: Decidable, vote_id: UUID, decided_on: OccurredOn) -> None:
    self.status = "rejected"
    self.decided_by = vote_id
    self.decided_on = decided_on


def _withdrawn(self: Decidable, withdrawn_on: OccurredOn) -> None:
    self.status = "withdrawn"
    self.withdrawn_on = withdrawn_on


class Decidable(LedgerAggregate):
    """Something a vote decides: open while `submitted`, decided once."""

    # What every subclass keeps and the decision events it declares (`_adopt`, ...), for the
    # type checker only: eventsourcing makes an aggregate class's annotations dataclass fields.
    if TYPE_CHECKING:
        process_id: UUID
        text: str
        status: str
        submitted_on: date
        decided_by: UUID | None
        decided_on: date | None
        withdrawn_on: date | None

        def _adopt(self, vote_id: UUID, decided_on: date) -> None: ...
        def _reject(self, vote_id: UUID, decided_on: date) -> None: ...
        def _withdraw(self, withdrawn_on: date) -> None: ...

    def check_open(self) -> None:
        require(self.status == OPEN, f"the {self.noun} is {self.status}, not open")

    @property
    def noun(self) -> str:
        return type(self).__name__.lower()

    def decide(self, adopted: bool, vote_id: UUID, decided_on: date) -> None:
        self.check_open()
        if adopted:
            self._adopt(vote_id, decided_on)
        else:
            self._reject(vote_id, decided_on)

    def withdraw(self, withdrawn_on: date) -> None:
        self.check_open()
        not_before(withdrawn_on, self.submitted_on, f"the {self.noun}'s submission", "withdrawn_on")
        self._withdraw(withdrawn_on)


# Each subclass declares its own decision events, so that their topics name the subject
# (`Proposal.Adopted`, `Amendment.Adopted`) rather than this shared base.


class Proposal(Decidable):
    """Text put to a decision, possibly adding, replacing or repealing a charter clause.

    `clause` is None or {"action", "clause_id", "heading", "new_clause_id"}; `new_clause_id`
    is chosen at submission so that an added clause's id is known before the decision.
    """

    collection = "proposals"

    class AmendmentFiled(LedgerAggregate.Event):
        class_version = 2
        amendment_id: UUID
        occurred_on: OccurredOn  # the amendment's submission
        upcast_v1_v2 = date_renamed_from("submitted_on")

    class TextAmended(LedgerAggregate.Event):
        class_version = 2
        amendment_id: UUID
        text: str
        occurred_on: OccurredOn  # the amendment's adoption
        upcast_v1_v2 = date_renamed_from("decided_on")

    _adopt = event("Adopted")(_adopted)
    _reject = event("Rejected")(_rejected)
    _withdraw = event("Withdrawn")(_withdrawn)

    @event("Submitted")
    def __init__(
        self, process_id: UUID, title: str, text: str, author_ids: list[UUID],
        submitted_on: OccurredOn, charter_id: UUID | None, clause: ClauseChange | None,
    ) -> None:
        self.process_id = process_id
        self.title = title
        self.text = text
        self.original_text = text
        self.author_ids = list(author_ids)
        self.submitted_on = submitted_on
        self.charter_id = charter_id
        self.clause = clause
        self.status = OPEN
        self.amendment_ids: list[UUID] = []
        self.adopted_amendment_ids: list[UUID] = []
        self.decided_by: UUID | None = None
        self.decided_on: date | None = None
        self.withdrawn_on: date | None = None

    @classmethod
    def submit(
        cls, *, process: Process, title: str, text: str, author_ids: list[UUID],
        submitted_on: date, charter: Charter | None = None, clause: ClauseRequest | None = None,
    ) -> Proposal:
        """`process` the Process it is made in; `charter` the Charter it changes, or None."""
        process.check_date(submitted_on, "submitted_on")
        authors = check_authors(author_ids)
        change = None
        if charter is not None:
            require(charter.process_id == process.id,
                    "the charter belongs to another process", field="charter_id")
            not_before(submitted_on, charter.established_on, "the charter's establishment",
                       "submitted_on")
            change = charter.change_for(clause)
        elif clause:
            raise InvalidValue("a clause change needs a charter_id", field="clause")
        return cls(
            process_id=process.id, title=require_text(title, "title"),
            text=require_text(text, "text"), author_ids=authors, submitted_on=submitted_on,
            charter_id=charter.id if charter is not None else None, clause=change,
        )

    def file_amendment(self, amendment_id: UUID, submitted_on: date) -> None:
        self.check_open()
        not_before(submitted_on, self.submitted_on, "the proposal's submission", "submitted_on")
        self._file_amendment(amendment_id, submitted_on)

    @event(AmendmentFiled)
    def _file_amendment(self, amendment_id: UUID, occurred_on: date) -> None:
        self.amendment_ids.append(amendment_id)

    def amend(self, amendment_id: UUID, text: str, decided_on: date) -> None:
        """An adopted amendment replaces the proposal's text."""
        self.check_open()
        self._amend(amendment_id, text, decided_on)

    @event(TextAmended)
    def _amend(self, amendment_id: UUID, text: str, occurred_on: date) -> None:
        self.text = text
        self.adopted_amendment_ids.append(amendment_id)


class Amendment(Decidable):
    """Replacement text for a proposal, decided by a vote."""

    collection = "amendments"

    _adopt = event("Adopted")(_adopted)
    _reject = event("Rejected")(_rejected)
    _withdraw = event("Withdrawn")(_withdrawn)

    @event("Submitted")
    def __init__(
        self, proposal_id: UUID, process_id: UUID, author_ids: list[UUID], text: str,
        rationale: str | None, submitted_on: OccurredOn,
    ) -> None:
        self.proposal_id = proposal_id
        self.process_id = process_id
        self.author_ids = list(author_ids)
        self.text = text
        self.rationale = rationale
        self.submitted_on = submitted_on
        self.status = OPEN
        self.decided_by: UUID | None = None
        self.decided_on: date | None = None
        self.withdrawn_on: date | None = None

    @classmethod
    def submit(
        cls, *, proposal: Proposal, author_ids: list[UUID], text: str, submitted_on: date,
        rationale: str | None = None,
    ) -> Amendment:
        """Filed on `proposal` too (`Proposal.file_amendment`), which must be open then."""
        return cls(
            proposal_id=proposal.id, process_id=proposal.process_id,
            author_ids=check_authors(author_ids), text=require_text(text, "text"),
            rationale=rationale, submitted_on=submitted_on,
        )
