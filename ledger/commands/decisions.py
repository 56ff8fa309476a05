"""Charters, proposals, amendments and votes: how a neighbourhood decides."""

from __future__ import annotations

import functools
from datetime import date, datetime
from uuid import UUID

from ledger.commands.ballots import BALLOT_TOPIC, BallotIndex
from ledger.commands.base import LedgerBase, Written, recorded, retrying
from ledger.domain.actors import Actor
from ledger.domain.base import LedgerAggregate
from ledger.domain.charters import Charter, ClauseRequest, Decision
from ledger.domain.processes import Gathering, Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import ALREADY_CAST, Ballot, Vote
from ledger.errors import RuleViolation
from ledger.preconditions import NothingNew, Precondition, Unchanged


class DecisionCommands(LedgerBase):
    ballot_index: BallotIndex  # made by Ledger.__init__ (ledger.application)

    @recorded
    def establish_charter(self, *, process_id: UUID, title: str,
                          established_on: date) -> Written[Charter]:
        process = self.find(Process, process_id, field="process_id")
        return self.store(Charter.establish(process=process, title=title,
                                            established_on=established_on))

    def find_authors(self, author_ids: list[UUID]) -> None:
        for author_id in author_ids:
            self.find(Actor, author_id, field="author_ids")

    @recorded
    def submit_proposal(
        self, *, process_id: UUID, title: str, text: str, author_ids: list[UUID],
        submitted_on: date, charter_id: UUID | None = None,
        clause: ClauseRequest | None = None,
    ) -> Written[Proposal]:
        process = self.find(Process, process_id, field="process_id")
        self.find_authors(author_ids)
        charter = None
        if charter_id is not None:
            charter = self.find(Charter, charter_id, field="charter_id")
        return self.store(Proposal.submit(
            process=process, title=title, text=text, author_ids=author_ids,
            submitted_on=submitted_on, charter=charter, clause=clause,
        ))

    @retrying
    def withdraw_proposal(self, id: UUID, *, withdrawn_on: date,  # noqa: A002
                          if_match: int | None = None) -> Written[Proposal]:
        proposal = self.find(Proposal, id)
        self.check_version(proposal, if_match)
        self.check_open_on(proposal.process_id, withdrawn_on, "withdrawn_on")
        proposal.withdraw(withdrawn_on)
        return self.store(proposal)

    @retrying
    def submit_amendment(
        self, proposal_id: UUID, *, author_ids: list[UUID], text: str, submitted_on: date,
        rationale: str | None = None,
    ) -> Written[Amendment]:
        proposal = self.find(Proposal, proposal_id)
        self.check_open_on(proposal.process_id, submitted_on, "submitted_on")
        self.find_authors(author_ids)
        amendment = Amendment.submit(proposal=proposal, author_ids=author_ids, text=text,
                                     submitted_on=submitted_on, rationale=rationale)
        # Recorded on the proposal too, so a concurrent decision or withdrawal conflicts.
        proposal.file_amendment(amendment.id, submitted_on)
        return self.store(amendment, proposal)

    @retrying
    def withdraw_amendment(self, id: UUID, *, withdrawn_on: date,  # noqa: A002
                           if_match: int | None = None) -> Written[Amendment]:
        amendment = self.find(Amendment, id)
        self.check_version(amendment, if_match)
        self.check_open_on(amendment.process_id, withdrawn_on, "withdrawn_on")
        amendment.withdraw(withdrawn_on)
        return self.store(amendment)

    @recorded
    def open_vote(
        self, *, subject_type: str, subject_id: UUID, gathering_id: UUID, method: str,
        opened_on: date,
    ) -> Written[Vote]:
        subject: Proposal | Amendment | None = None
        proposal: Proposal | None = None
        if subject_type == "proposal":
            subject = proposal = self.find(Proposal, subject_id, field="subject_id")
        elif subject_type == "amendment":
            amendment = subject = self.find(Amendment, subject_id, field="subject_id")
            proposal = self.find(Proposal, amendment.proposal_id)
        gathering = self.find(Gathering, gathering_id, field="gathering_id")
        self.check_open_on(gathering.process_id, opened_on, "opened_on")
        return self.store(Vote.open(
            subject_type=subject_type, subject=subject, proposal=proposal,
            gathering=gathering, method=method, opened_on=opened_on,
        ))

    @retrying
    def cast_ballot(self, vote_id: UUID, *, voter_id: UUID, choice: str,
                    if_match: int | None = None) -> Written[Vote]:
        """Record the voter's ballot (a `Ballot` of its own): the vote is read, not changed.

        Saved on condition that the vote is still at the version read (`Unchanged`): a
        close or tally recorded meanwhile makes this run again and refuse. Voters casting
        at the same moment touch different records and do not make each other retry.
        """
        vote = self.find(Vote, vote_id)
        self.check_version(vote, if_match)
        # A ballot or tally has no date of its own: it takes the vote's opening date.
        self.check_open_on(vote.process_id, vote.opened_on, "opened_on")
        self.find(Actor, voter_id, field="voter_id")
        ballot = Ballot.cast(vote, voter_id, choice)
        if self.exists(ballot.id):  # else the store refuses it: a retry then lands here
            raise RuleViolation(ALREADY_CAST, field="voter_id")
        position = self.store(ballot, preconditions=[Unchanged(vote.id, vote.version)]).position
        return Written(vote, position)

    def ballots(self, vote: Vote, *, as_of: datetime | None = None) -> dict[str, str]:
        """Voter id hex -> choice: every ballot of the vote (recorded by `as_of`)."""
        return vote.all_ballots(self.ballot_index.ballots(vote.id, as_of=as_of).choices)

    def related_events(self, record: LedgerAggregate) -> list[tuple[int, LedgerAggregate.Event]]:
        if not isinstance(record, Vote):
            return super().related_events(record)
        return [(cast.position, cast.event) for cast in self.ballot_index.events(record.id)]

    def _all_counted(self, vote: Vote) -> tuple[dict[str, str], list[Precondition]]:
        """The vote's ballot records, and the condition that no other is recorded before
        the save that relies on having counted them all."""
        found = self.ballot_index.ballots(vote.id)
        concerns = functools.partial(self.ballot_index.of_vote, vote.id)
        return found.choices, [NothingNew((BALLOT_TOPIC,), found.through, concerns)]

    @retrying
    def count_tally(self, vote_id: UUID, *, yes: int, no: int, abstain: int,
                    objections: int = 0, if_match: int | None = None) -> Written[Vote]:
        vote = self.find(Vote, vote_id)
        self.check_version(vote, if_match)
        self.check_open_on(vote.process_id, vote.opened_on, "opened_on")
        ballots, preconditions = self._all_counted(vote)
        vote.count(yes, no, abstain, objections, ballots)
        return self.store(vote, preconditions=preconditions)

    @retrying
    def close_vote(self, vote_id: UUID, *, closed_on: date,
                   if_match: int | None = None) -> Written[Vote]:
        """Close the vote and, in the same atomic save, decide its subject."""
        vote = self.find(Vote, vote_id)
        self.check_version(vote, if_match)
        self.check_open_on(vote.process_id, closed_on, "closed_on")
        # Every ballot recorded until the save is counted: one recorded after the count
        # refuses this save (NothingNew) and the close runs again, counting it.
        ballots, preconditions = self._all_counted(vote)
        adopted = vote.close(closed_on, ballots)["outcome"] == "adopted"
        proposal = self.find(Proposal, vote.proposal_id)
        if vote.subject_type == "amendment":
            amendment = self.find(Amendment, vote.subject_id)
            amendment.decide(adopted, vote.id, closed_on)
            if adopted:
                proposal.amend(amendment.id, amendment.text, closed_on)
            else:
                proposal.check_open()
            return self.store(vote, amendment, proposal, preconditions=preconditions)
        proposal.decide(adopted, vote.id, closed_on)
        if not (adopted and proposal.charter_id):
            return self.store(vote, proposal, preconditions=preconditions)
        # Proposal.submit checked the clause change of every proposal that names a charter.
        assert proposal.clause is not None
        charter = self.find(Charter, proposal.charter_id)
        decision: Decision = {
            "proposal_id": proposal.id,
            "amendment_ids": list(proposal.adopted_amendment_ids),
            "vote_id": vote.id,
            "gathering_id": vote.gathering_id,
            "decided_on": closed_on,
        }
        charter.apply_decision(proposal.clause, proposal.text, decision)
        return self.store(vote, proposal, charter, preconditions=preconditions)
