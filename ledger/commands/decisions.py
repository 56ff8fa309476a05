"""Charters, proposals, amendments and votes: how a neighbourhood decides."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from ledger.commands.base import LedgerBase, Written, retrying
from ledger.domain.actors import Actor
from ledger.domain.base import not_before, one_of, require, require_text
from ledger.domain.charters import CLAUSE_ACTIONS, Charter
from ledger.domain.processes import Gathering, Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import METHODS, SUBJECT_TYPES, Vote
from ledger.errors import InvalidValue, UnknownReference


class DecisionCommands(LedgerBase):
    def establish_charter(self, *, process_id: UUID, title: str,
                          established_on: date) -> Written:
        process = self.find(Process, process_id, field="process_id")
        process.check_date(established_on, "established_on")
        charter = Charter(process_id=process_id, title=require_text(title, "title"),
                          established_on=established_on)
        return self.store(charter)

    def check_authors(self, author_ids: list[UUID]) -> list[UUID]:
        if not author_ids:
            raise InvalidValue("at least one author is needed", field="author_ids")
        if len(set(author_ids)) != len(author_ids):
            raise InvalidValue("an author is named twice", field="author_ids")
        for author_id in author_ids:
            self.find(Actor, author_id, field="author_ids")
        return list(author_ids)

    def clause_change(self, charter: Charter, clause: dict | None) -> dict:
        """Check a proposal's intended charter change against the charter as it reads now."""
        if not clause:
            raise InvalidValue("a proposal that names a charter says what it does to it",
                               field="clause")
        action = one_of(clause.get("action"), CLAUSE_ACTIONS, "clause")
        change = {"action": action, "clause_id": None, "heading": clause.get("heading"),
                  "new_clause_id": None}
        if action == "add":
            change["heading"] = require_text(clause.get("heading"), "clause")
            change["new_clause_id"] = uuid4()
            return change
        clause_id = clause.get("clause_id")
        if clause_id is None:
            raise InvalidValue(f"to {action} a clause, name its clause_id", field="clause")
        if not charter.has_clause(clause_id):
            raise UnknownReference(f"the charter has no clause {clause_id}", field="clause")
        change["clause_id"] = clause_id
        return change

    def submit_proposal(
        self, *, process_id: UUID, title: str, text: str, author_ids: list[UUID],
        submitted_on: date, charter_id: UUID | None = None, clause: dict | None = None,
    ) -> Written:
        process = self.find(Process, process_id, field="process_id")
        process.check_date(submitted_on, "submitted_on")
        authors = self.check_authors(author_ids)
        change = None
        if charter_id is not None:
            charter = self.find(Charter, charter_id, field="charter_id")
            require(charter.process_id == process_id,
                    "the charter belongs to another process", field="charter_id")
            not_before(submitted_on, charter.established_on, "the charter's establishment",
                       "submitted_on")
            change = self.clause_change(charter, clause)
        elif clause:
            raise InvalidValue("a clause change needs a charter_id", field="clause")
        proposal = Proposal(
            process_id=process_id, title=require_text(title, "title"),
            text=require_text(text, "text"), author_ids=authors, submitted_on=submitted_on,
            charter_id=charter_id, clause=change,
        )
        return self.store(proposal)

    @retrying
    def withdraw_proposal(self, id: UUID, *, withdrawn_on: date,  # noqa: A002
                          if_match: int | None = None) -> Written:
        proposal = self.find(Proposal, id)
        self.check_version(proposal, if_match)
        proposal.withdraw(withdrawn_on)
        return self.store(proposal)

    @retrying
    def submit_amendment(
        self, proposal_id: UUID, *, author_ids: list[UUID], text: str, submitted_on: date,
        rationale: str | None = None,
    ) -> Written:
        proposal = self.find(Proposal, proposal_id)
        authors = self.check_authors(author_ids)
        amendment = Amendment(
            proposal_id=proposal_id, process_id=proposal.process_id, author_ids=authors,
            text=require_text(text, "text"), rationale=rationale, submitted_on=submitted_on,
        )
        # Recorded on the proposal too, so a concurrent decision or withdrawal conflicts.
        proposal.file_amendment(amendment.id, submitted_on)
        return self.store(amendment, proposal)

    @retrying
    def withdraw_amendment(self, id: UUID, *, withdrawn_on: date,  # noqa: A002
                           if_match: int | None = None) -> Written:
        amendment = self.find(Amendment, id)
        self.check_version(amendment, if_match)
        amendment.withdraw(withdrawn_on)
        return self.store(amendment)

    def open_vote(
        self, *, subject_type: str, subject_id: UUID, gathering_id: UUID, method: str,
        opened_on: date,
    ) -> Written:
        one_of(subject_type, SUBJECT_TYPES, "subject_type")
        if subject_type == "proposal":
            subject = proposal = self.find(Proposal, subject_id, field="subject_id")
        else:
            subject = self.find(Amendment, subject_id, field="subject_id")
            proposal = self.find(Proposal, subject.proposal_id)
            proposal.check_open()
        subject.check_open()
        gathering = self.find(Gathering, gathering_id, field="gathering_id")
        require(gathering.process_id == subject.process_id,
                "the gathering belongs to another process", field="gathering_id")
        not_before(opened_on, subject.submitted_on, f"the {subject_type}'s submission",
                   "opened_on")
        not_before(opened_on, gathering.held_on, "the gathering", "opened_on")
        vote = Vote(
            subject_type=subject_type, subject_id=subject_id, proposal_id=proposal.id,
            process_id=subject.process_id, gathering_id=gathering_id,
            method=one_of(method, METHODS, "method"), opened_on=opened_on,
        )
        return self.store(vote)

    @retrying
    def cast_ballot(self, vote_id: UUID, *, voter_id: UUID, choice: str,
                    if_match: int | None = None) -> Written:
        vote = self.find(Vote, vote_id)
        self.check_version(vote, if_match)
        self.find(Actor, voter_id, field="voter_id")
        vote.cast(voter_id, choice)
        return self.store(vote)

    @retrying
    def count_tally(self, vote_id: UUID, *, yes: int, no: int, abstain: int,
                    objections: int = 0, if_match: int | None = None) -> Written:
        vote = self.find(Vote, vote_id)
        self.check_version(vote, if_match)
        vote.count(yes, no, abstain, objections)
        return self.store(vote)

    @retrying
    def close_vote(self, vote_id: UUID, *, closed_on: date,
                   if_match: int | None = None) -> Written:
        """Close the vote and, in the same atomic save, decide its subject."""
        vote = self.find(Vote, vote_id)
        self.check_version(vote, if_match)
        adopted = vote.close(closed_on)["outcome"] == "adopted"
        proposal = self.find(Proposal, vote.proposal_id)
        if vote.subject_type == "amendment":
            amendment = self.find(Amendment, vote.subject_id)
            amendment.decide(adopted, vote.id, closed_on)
            if adopted:
                proposal.amend(amendment.id, amendment.text, closed_on)
            else:
                proposal.check_open()
            return self.store(vote, amendment, proposal)
        proposal.decide(adopted, vote.id, closed_on)
        if not (adopted and proposal.charter_id):
            return self.store(vote, proposal)
        charter = self.find(Charter, proposal.charter_id)
        decision = {
            "proposal_id": proposal.id,
            "amendment_ids": list(proposal.adopted_amendment_ids),
            "vote_id": vote.id,
            "gathering_id": vote.gathering_id,
            "decided_on": closed_on,
        }
        charter.apply_decision(proposal.clause, proposal.text, decision)
        return self.store(vote, proposal, charter)
