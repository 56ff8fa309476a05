"""Every event carries its own domain date; older stored forms read as the current ones."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from ledger.domain.actors import Actor, Cooperation
from ledger.domain.base import LedgerAggregate
from ledger.domain.charters import Charter
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import Funding
from ledger.domain.processes import Gathering, Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import Vote
from ledger.events import event_data, occurred_on

AGGREGATES = (Actor, Cooperation, Process, Gathering, Charter, Proposal, Amendment, Vote,
              Commitment, Funding)
DAY = date(2024, 5, 1)


def event_classes():
    for aggregate in AGGREGATES:
        for value in vars(aggregate).values():
            # `Event` and the library's unused `Created` are bases, never recorded.
            if isinstance(value, type) and issubclass(value, LedgerAggregate.Event) \
                    and value.__name__ not in ("Event", "Created"):
                yield value


@pytest.mark.parametrize("cls", list(event_classes()), ids=lambda c: c.__qualname__)
def test_every_event_names_the_field_that_holds_its_domain_date(cls):
    if cls.__qualname__ == "Actor.Registered":  # a registration happens on no particular day
        assert cls.date_field is None
    else:
        assert cls.date_field in cls.__dataclass_fields__, cls.__qualname__


def stored(cls, **state):
    """An event as the mapper rebuilds it from a stored state (no __init__)."""
    event = object.__new__(cls)
    object.__setattr__(event, "__dict__", {
        "originator_id": uuid4(), "originator_version": 2, "timestamp": None,
        "recorded_by": "system", **state})
    return event


@pytest.mark.parametrize(("cls", "old", "kept"), [
    (Vote.BallotCast, {"voter_id": "v", "choice": "yes", "cast_on": DAY},
     {"voter_id": "v", "choice": "yes"}),
    (Vote.TallyCounted, {"yes": 3, "no": 0, "abstain": 1, "objections": 0, "counted_on": DAY},
     {"yes": 3, "no": 0, "abstain": 1, "objections": 0}),
    (Proposal.AmendmentFiled, {"amendment_id": "a", "submitted_on": DAY},
     {"amendment_id": "a"}),
    (Proposal.TextAmended, {"amendment_id": "a", "text": "T", "decided_on": DAY},
     {"amendment_id": "a", "text": "T"}),
    (Charter.ClauseRepealed, {"clause_id": "c", "decision": {"decided_on": DAY}},
     {"clause_id": "c", "decision": {"decided_on": DAY.isoformat()}}),
])
def test_a_version_1_event_reads_with_its_date_as_occurred_on(cls, old, kept):
    state = dict(old)
    assert cls.class_version == 2
    cls.upcast_v1_v2(state)

    event = stored(cls, **state)
    assert occurred_on(event) == DAY
    assert event_data(event) == kept


def test_an_event_with_a_named_date_reads_it_as_occurred_on():
    event = stored(Vote.Closed, closed_on=DAY, result={"outcome": "adopted"})

    assert (event.occurred_on, occurred_on(event)) == (DAY, DAY)
    assert event_data(event) == {"closed_on": "2024-05-01", "result": {"outcome": "adopted"}}
