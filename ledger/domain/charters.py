"""The neighbourhood charter (Kiez-Charta): clauses that change only by adopted proposals."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import LedgerAggregate, require

CLAUSE_ACTIONS = ("add", "replace", "repeal")


class Charter(LedgerAggregate):
    """Each clause keeps the decision (`adopted_by`) that gave it its current text."""

    collection = "charters"

    @event("Established")
    def __init__(self, process_id: UUID, title: str, established_on: date):
        self.process_id = process_id
        self.title = title
        self.established_on = established_on
        # clause_id (hex) -> {"clause_id", "heading", "text", "adopted_by"}; insertion order.
        self.clauses: dict[str, dict] = {}

    def clause_list(self) -> list[dict]:
        return [dict(c, number=i) for i, c in enumerate(self.clauses.values(), start=1)]

    def has_clause(self, clause_id: UUID) -> bool:
        return clause_id.hex in self.clauses

    def apply_decision(self, change: dict, text: str, decision: dict) -> None:
        """Carry out an adopted proposal's clause change (`change` as the proposal holds it)."""
        action = change["action"]
        if action == "add":
            self._add(change["new_clause_id"], change["heading"], text, decision)
            return
        clause_id = change["clause_id"]
        require(
            self.has_clause(clause_id),
            "the clause this proposal changes is no longer in the charter",
            field="clause",
        )
        if action == "replace":
            heading = change.get("heading") or self.clauses[clause_id.hex]["heading"]
            self._replace(clause_id, heading, text, decision)
        else:
            self._repeal(clause_id, decision)

    @event("ClauseAdded")
    def _add(self, clause_id: UUID, heading: str, text: str, decision: dict) -> None:
        self.clauses[clause_id.hex] = {
            "clause_id": clause_id, "heading": heading, "text": text, "adopted_by": decision,
        }

    @event("ClauseReplaced")
    def _replace(self, clause_id: UUID, heading: str, text: str, decision: dict) -> None:
        self.clauses[clause_id.hex] = {
            "clause_id": clause_id, "heading": heading, "text": text, "adopted_by": decision,
        }

    @event("ClauseRepealed")
    def _repeal(self, clause_id: UUID, decision: dict) -> None:
        del self.clauses[clause_id.hex]
