"""The neighbourhood charter (Kiez-Charta): clauses that change only by adopted proposals."""

from __future__ import annotations

from datetime import date
from typing import TypedDict
from uuid import UUID, uuid4

from eventsourcing.domain import event

from ledger.domain.base import (
    EventState,
    LedgerAggregate,
    OccurredOn,
    one_of,
    require,
    require_text,
)
from ledger.domain.processes import Process
from ledger.errors import InvalidValue, UnknownReference

CLAUSE_ACTIONS = ("add", "replace", "repeal")


class Decision(TypedDict):
    """What changed a clause: the adopted proposal, its adopted amendments, the vote, where
    and on which day it was decided (a clause's `adopted_by`)."""

    proposal_id: UUID
    amendment_ids: list[UUID]
    vote_id: UUID
    gathering_id: UUID
    decided_on: date


class Clause(TypedDict):
    clause_id: UUID
    heading: str
    text: str
    adopted_by: Decision


class NumberedClause(Clause):
    number: int


class ClauseRequest(TypedDict, total=False):
    """What a proposal asks to do to a clause, as submitted (`action` is checked here)."""

    action: str
    clause_id: UUID | None
    heading: str | None


class ClauseChange(TypedDict):
    """A proposal's checked clause change (`Charter.change_for`); `new_clause_id` is the id
    an added clause will have, `clause_id` the clause replaced or repealed."""

    action: str
    clause_id: UUID | None
    heading: str | None
    new_clause_id: UUID | None


def _date_from_decision(state: EventState) -> None:
    """Version 1 of a clause event kept its day only in its decision."""
    state["occurred_on"] = state["decision"]["decided_on"]


class Charter(LedgerAggregate):
    """Each clause keeps the decision (`adopted_by`) that gave it its current text."""

    collection = "charters"

    class ClauseAdded(LedgerAggregate.Event):
        class_version = 2
        clause_id: UUID
        heading: str
        text: str
        decision: Decision
        occurred_on: OccurredOn  # the decision's day
        upcast_v1_v2 = staticmethod(_date_from_decision)

    class ClauseReplaced(LedgerAggregate.Event):
        class_version = 2
        clause_id: UUID
        heading: str
        text: str
        decision: Decision
        occurred_on: OccurredOn
        upcast_v1_v2 = staticmethod(_date_from_decision)

    class ClauseRepealed(LedgerAggregate.Event):
        class_version = 2
        clause_id: UUID
        decision: Decision
        occurred_on: OccurredOn
        upcast_v1_v2 = staticmethod(_date_from_decision)

    @event("Established")
    def __init__(self, process_id: UUID, title: str, established_on: OccurredOn) -> None:
        self.process_id: UUID = process_id
        self.title = title
        self.established_on = established_on
        # clause_id (hex) -> the clause; insertion order.
        self.clauses: dict[str, Clause] = {}

    @classmethod
    def establish(cls, *, process: Process, title: str, established_on: date) -> Charter:
        """`process`: the Process the charter is written in."""
        process.check_date(established_on, "established_on")
        return cls(process_id=process.id, title=require_text(title, "title"),
                   established_on=established_on)

    def clause_list(self) -> list[NumberedClause]:
        return [NumberedClause(**c, number=i) for i, c in enumerate(self.clauses.values(), start=1)]

    def has_clause(self, clause_id: UUID) -> bool:
        return clause_id.hex in self.clauses

    def change_for(self, clause: ClauseRequest | None) -> ClauseChange:
        """A proposal's intended change of this charter, checked against it as it reads now:
        {"action", "clause_id", "heading", "new_clause_id"}. `new_clause_id` is chosen here,
        so that an added clause's id is known before the decision."""
        if not clause:
            raise InvalidValue("a proposal that names a charter says what it does to it",
                               field="clause")
        action = one_of(clause.get("action"), CLAUSE_ACTIONS, "clause")
        change = ClauseChange(action=action, clause_id=None, heading=clause.get("heading"),
                              new_clause_id=None)
        if action == "add":
            change["heading"] = require_text(clause.get("heading"), "clause")
            change["new_clause_id"] = uuid4()
            return change
        clause_id = clause.get("clause_id")
        if clause_id is None:
            raise InvalidValue(f"to {action} a clause, name its clause_id", field="clause")
        if not self.has_clause(clause_id):
            raise UnknownReference(f"the charter has no clause {clause_id}", field="clause")
        change["clause_id"] = clause_id
        return change

    def apply_decision(self, change: ClauseChange, text: str, decision: Decision) -> None:
        """Carry out an adopted proposal's clause change (`change` as the proposal holds it)."""
        action = change["action"]
        on = decision["decided_on"]
        if action == "add":
            new_clause_id, heading = change["new_clause_id"], change["heading"]
            # change_for gives an added clause both
            assert new_clause_id is not None and heading is not None
            self._add(new_clause_id, heading, text, decision, on)
            return
        clause_id = change["clause_id"]
        assert clause_id is not None  # change_for names the clause replaced or repealed
        require(
            self.has_clause(clause_id),
            "the clause this proposal changes is no longer in the charter",
            field="clause",
        )
        if action == "replace":
            heading = change.get("heading") or self.clauses[clause_id.hex]["heading"]
            self._replace(clause_id, heading, text, decision, on)
        else:
            self._repeal(clause_id, decision, on)

    @event(ClauseAdded)
    def _add(self, clause_id: UUID, heading: str, text: str, decision: Decision,
             occurred_on: date) -> None:
        self.clauses[clause_id.hex] = Clause(
            clause_id=clause_id, heading=heading, text=text, adopted_by=decision,
        )

    @event(ClauseReplaced)
    def _replace(self, clause_id: UUID, heading: str, text: str, decision: Decision,
                 occurred_on: date) -> None:
        self.clauses[clause_id.hex] = Clause(
            clause_id=clause_id, heading=heading, text=text, adopted_by=decision,
        )

    @event(ClauseRepealed)
    def _repeal(self, clause_id: UUID, decision: Decision, occurred_on: date) -> None:
        del self.clauses[clause_id.hex]
