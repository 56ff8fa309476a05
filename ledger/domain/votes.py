"""Votes (Abstimmungen): individual ballots or one tally counted in the room."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypedDict
from uuid import UUID

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
        self.ballots: dict[str, str] = {}  # voter id hex -> choice
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

    def cast(self, voter_id: UUID, choice: str) -> None:
        self.check_open()
        require(self.tally is None, "a tally was already counted for this vote")
        require(voter_id.hex not in self.ballots, "this voter has already cast a ballot",
                field="voter_id")
        if choice not in CHOICES:
            raise InvalidValue(f"choice must be one of {', '.join(CHOICES)}", field="choice")
        self._cast(voter_id, choice, self.opened_on)

    @event(BallotCast)
    def _cast(self, voter_id: UUID, choice: str, occurred_on: date) -> None:
        self.ballots[voter_id.hex] = choice

    def count(self, yes: int, no: int, abstain: int, objections: int) -> None:
        self.check_open()
        require(not self.ballots, "ballots were already cast for this vote")
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

    def current_count(self) -> Count:
        if self.tally is not None:
            return Count(**self.tally)
        choices = list(self.ballots.values())
        return Count(
            yes=choices.count("yes"), no=choices.count("no"),
            abstain=choices.count("abstain"), objections=choices.count("object"),
        )

    def close(self, closed_on: date) -> Result:
        self.check_open()
        not_before(closed_on, self.opened_on, "the vote's opening", "closed_on")
        count = self.current_count()
        result = Result(outcome=outcome(self.method, count), yes=count.yes, no=count.no,
                        abstain=count.abstain, objections=count.objections)
        self._close(closed_on, result)
        return result

    @event("Closed")
    def _close(self, closed_on: OccurredOn, result: Result) -> None:
        self.closed_on = closed_on
        self.result = result
