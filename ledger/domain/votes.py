"""Votes (Abstimmungen): individual ballots or one tally counted in the room.

A ballot is a record of its own (`Ballot`), not an event of its vote: casting one reads the
vote (a few events: opened, maybe a tally, closed) and appends to nothing but the new ballot,
so the 3,000th ballot costs what the first did and voters casting at the same moment do not
compete for the vote's next version. Release 0.1.0 recorded ballots as `Vote.BallotCast`
events of the vote; those still count (`Vote.ballots`), beside the ballot records.

How casting and closing stay exact, ballots being records apart (see
`ledger/commands/decisions.py` and docs/architecture.md): a ballot is saved on condition
that its vote is still at the version it read (`Unchanged`), and a close (or a tally) on
condition that no ballot of the vote was recorded after the log position up to which it
counted (`NothingNew`). Both are checked under the log's write lock in the same transaction
as the insert, so a ballot is recorded before the close and counted by it, or refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypedDict
from uuid import UUID, uuid5

from eventsourcing.domain import event

from ledger.domain.base import (
    LedgerAggregate,
    OccurredOn,
    date_renamed_from,
    not_before,
    one_of,
    require,
)
from ledger.domain.processes import Gathering
from ledger.domain.proposals import Amendment, Proposal
from ledger.errors import InvalidValue

METHODS = ("simple_majority", "two_thirds", "consent")
CHOICES = ("yes", "no", "abstain", "object")
SUBJECT_TYPES = ("proposal", "amendment")
ALREADY_CAST = "this voter has already cast a ballot"


class Tally(TypedDict):
    """A count made in the room instead of ballots."""

    yes: int
    no: int
    abstain: int
    objections: int


class Result(TypedDict):
    """A closed vote's outcome ("adopted" or "rejected") and the count it came from."""

    outcome: str
    yes: int
    no: int
    abstain: int
    objections: int


@dataclass(frozen=True)
class Count:
    yes: int
    no: int
    abstain: int
    objections: int


def outcome(method: str, count: Count) -> str:
    """The decision rule of each method.

    Objections count against a subject under the majority methods. Without any yes vote
    nothing is adopted by majority; consent adopts when nobody objects.
    """
    against = count.no + count.objections
    if method == "simple_majority":
        adopted = count.yes > against
    elif method == "two_thirds":
        adopted = count.yes > 0 and 3 * count.yes >= 2 * (count.yes + against)
    elif method == "consent":
        adopted = count.objections == 0
    else:  # pragma: no cover - validated at the edge and on opening
        raise InvalidValue(f"unknown method {method!r}", field="method")
    return "adopted" if adopted else "rejected"


class Vote(LedgerAggregate):
    collection = "votes"

    # Ballots and tallies happen on the day the vote is held: the day it was opened.
    # Ballots of release 0.1.0 (now `Ballot` records): read, never recorded any more.
    class BallotCast(LedgerAggregate.Event):
        class_version = 2
        voter_id: UUID
        choice: str
        occurred_on: OccurredOn
        upcast_v1_v2 = date_renamed_from("cast_on")

    class TallyCounted(LedgerAggregate.Event):
        class_version = 2
        yes: int
        no: int
        abstain: int
        objections: int
        occurred_on: OccurredOn
        upcast_v1_v2 = date_renamed_from("counted_on")

    @event("Opened")
    def __init__(
        self, subject_type: str, subject_id: UUID, proposal_id: UUID, process_id: UUID,
        gathering_id: UUID, method: str, opened_on: OccurredOn,
    ) -> None:
        self.subject_type = subject_type
        self.subject_id = subject_id
        self.proposal_id = proposal_id
        self.process_id: UUID = process_id
        self.gathering_id = gathering_id
        self.method = method
        self.opened_on = opened_on
        # Voter id hex -> choice, of ballots recorded in the vote by release 0.1.0 (now
        # `Ballot` records).
        self.ballots: dict[str, str] = {}
        self.tally: Tally | None = None
        self.closed_on: date | None = None
        self.result: Result | None = None

    @classmethod
    def open(
        cls, *, subject_type: str, subject: Proposal | Amendment | None,
        proposal: Proposal | None, gathering: Gathering, method: str, opened_on: date,
    ) -> Vote:
        """A vote on `subject`, a Proposal or an Amendment of `proposal`, at `gathering`.

        `subject` and `proposal` are None only when `subject_type` is neither: refused."""
        one_of(subject_type, SUBJECT_TYPES, "subject_type")
        if subject is None or proposal is None:
            raise TypeError(f"a vote on a {subject_type} needs its subject and proposal")
        if subject_type == "amendment":
            proposal.check_open()
        subject.check_open()
        require(gathering.process_id == subject.process_id,
                "the gathering belongs to another process", field="gathering_id")
        not_before(opened_on, subject.submitted_on, f"the {subject_type}'s submission",
                   "opened_on")
        not_before(opened_on, gathering.held_on, "the gathering", "opened_on")
        return cls(
            subject_type=subject_type, subject_id=subject.id, proposal_id=proposal.id,
            process_id=subject.process_id, gathering_id=gathering.id,
            method=one_of(method, METHODS, "method"), opened_on=opened_on,
        )

    @property
    def status(self) -> str:
        return "closed" if self.closed_on else "open"

    def check_open(self) -> None:
        require(self.closed_on is None, "the vote is closed")

    def check_takes_ballot(self, voter_id: UUID) -> None:
        """Open, without a tally, and no ballot of this voter recorded in the vote itself
        (release 0.1.0); a ballot record of the voter is refused by its id (`Ballot`)."""
        self.check_open()
        require(self.tally is None, "a tally was already counted for this vote")
        require(voter_id.hex not in self.ballots, ALREADY_CAST, field="voter_id")

    @event(BallotCast)
    def _cast(self, voter_id: UUID, choice: str, occurred_on: date) -> None:
        self.ballots[voter_id.hex] = choice

    def count(self, yes: int, no: int, abstain: int, objections: int,
              ballots: Mapping[str, str]) -> None:
        """The tally counted in the room; `ballots`: the vote's ballot records."""
        self.check_open()
        require(not self.ballots and not ballots, "ballots were already cast for this vote")
        require(self.tally is None, "a tally was already counted for this vote")
        for name, value in (("yes", yes), ("no", no), ("abstain", abstain),
                            ("objections", objections)):
            if value < 0:
                raise InvalidValue(f"{name} must not be negative", field=name)
        self._count(yes, no, abstain, objections, self.opened_on)

    @event(TallyCounted)
    def _count(self, yes: int, no: int, abstain: int, objections: int,
               occurred_on: date) -> None:
        self.tally = Tally(yes=yes, no=no, abstain=abstain, objections=objections)

    def all_ballots(self, ballots: Mapping[str, str]) -> dict[str, str]:
        """Voter id hex -> choice: the vote's own ballots (release 0.1.0) and `ballots`,
        its ballot records."""
        return {**self.ballots, **ballots}

    def current_count(self, ballots: Mapping[str, str]) -> Count:
        if self.tally is not None:
            return Count(**self.tally)
        choices = list(self.all_ballots(ballots).values())
        return Count(
            yes=choices.count("yes"), no=choices.count("no"),
            abstain=choices.count("abstain"), objections=choices.count("object"),
        )

    def close(self, closed_on: date, ballots: Mapping[str, str]) -> Result:
        """Close with the count of the tally, or of every ballot: `ballots` must be all
        ballot records of the vote (the command makes sure: `NothingNew`)."""
        self.check_open()
        not_before(closed_on, self.opened_on, "the vote's opening", "closed_on")
        count = self.current_count(ballots)
        result = Result(outcome=outcome(self.method, count), yes=count.yes, no=count.no,
                        abstain=count.abstain, objections=count.objections)
        self._close(closed_on, result)
        return result

    @event("Closed")
    def _close(self, closed_on: OccurredOn, result: Result) -> None:
        self.closed_on = closed_on
        self.result = result


class Ballot(LedgerAggregate):
    """One voter's ballot in one vote, a record of its own.

    Its id is derived from the vote and the voter (`create_id`), so a voter has one ballot
    per vote: a second is refused as the store refuses a record's first event twice, even
    when both are cast at the same moment. A ballot is never changed (one ballot per voter,
    DESIGN.md); it belongs to the vote's process and takes the vote's day.
    """

    collection = "ballots"

    @event("Cast")
    def __init__(self, vote_id: UUID, process_id: UUID, voter_id: UUID, choice: str,
                 occurred_on: OccurredOn) -> None:
        self.vote_id = vote_id
        self.process_id: UUID = process_id
        self.voter_id = voter_id
        self.choice = choice

    @staticmethod
    def create_id(vote_id: UUID, voter_id: UUID) -> UUID:
        return uuid5(vote_id, voter_id.hex)

    @classmethod
    def cast(cls, vote: Vote, voter_id: UUID, choice: str) -> Ballot:
        """A ballot in `vote`, which must take it; refused (by the store) if the voter has
        one there already."""
        vote.check_takes_ballot(voter_id)
        if choice not in CHOICES:
            raise InvalidValue(f"choice must be one of {', '.join(CHOICES)}", field="choice")
        return cls(vote_id=vote.id, process_id=vote.process_id, voter_id=voter_id,
                   choice=choice, occurred_on=vote.opened_on)
