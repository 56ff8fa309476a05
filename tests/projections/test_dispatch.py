"""Every event class of the domain reaches every read model that should know it.

The event classes are found by walking the aggregates of `ledger.domain`, not listed by hand,
and `SHOULD_KNOW` says which read model must know which: all events of the records in its
scope, but for the few it deliberately ignores, each with the reason. A handler removed, an
event class renamed (the read model's module no longer imports) or a new event nobody handles
fails here, instead of silently dropping out of a read model.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field, fields

import pytest
from eventsourcing.domain import Aggregate, CanInitAggregate
from eventsourcing.utils import resolve_topic

import ledger.domain
from ledger.domain.actors import Actor, Cooperation
from ledger.domain.charters import Charter
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import Funding
from ledger.domain.indicators import Indicator
from ledger.domain.processes import Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import Ballot, Vote
from projections.dispatch import EventProjection
from projections.registry import all_projections
from store.ledger import open_ledger
from tests.projections import scenario


def _aggregates() -> list[type[Aggregate]]:
    """The aggregate classes of ledger/domain that records are made of (not shared bases)."""
    found: list[type[Aggregate]] = []
    for info in pkgutil.iter_modules(ledger.domain.__path__):
        module = importlib.import_module(f"{ledger.domain.__name__}.{info.name}")
        found += [v for v in vars(module).values() if inspect.isclass(v)
                  and issubclass(v, Aggregate) and v.__module__ == module.__name__]
    return [a for a in found if not any(b is not a and issubclass(b, a) for b in found)]


def _events_of(aggregate: type[Aggregate]) -> list[type]:
    """The event classes `aggregate` records: its nested event classes, but for the base
    `Event` every aggregate class gets, and `Created` where another event creates it."""
    own = {name: value for name, value in vars(aggregate).items()
           if inspect.isclass(value) and issubclass(value, aggregate.Event) and name != "Event"}
    if any(issubclass(v, CanInitAggregate) for name, v in own.items() if name != "Created"):
        own.pop("Created", None)
    return list(own.values())


AGGREGATES = _aggregates()
EVENTS = {aggregate: _events_of(aggregate) for aggregate in AGGREGATES}
ALL_EVENTS = [event for events in EVENTS.values() for event in events]


def _process_scoped(aggregate: type[Aggregate]) -> bool:
    """A process itself, or a record whose creation names its process."""
    created = [e for e in EVENTS[aggregate] if issubclass(e, CanInitAggregate)]
    return aggregate is Process or any("process_id" in {f.name for f in fields(e)}
                                       for e in created)


@dataclass
class Knows:
    """Every event of `records` must have a handler, but those in `ignores` (reason given),
    which must have none."""

    records: list[type[Aggregate]]
    ignores: dict[type, str] = field(default_factory=dict)


_DECIDED = "reports count decisions by the outcome of their votes (Vote.Closed)"
_PROOF = "the proof read model (projections/proof.py) keeps it for the proof-of-use report"
_BOOKS = "the books show in the proof-of-use report's Belegliste, not one line per receipt"

SHOULD_KNOW: dict[str, Knows] = {
    "charter": Knows([Charter]),
    "commitments": Knows([Commitment]),
    "network": Knows([Cooperation, Actor]),  # actors: names on the graph, erasures
    "timeline": Knows([a for a in AGGREGATES if _process_scoped(a)] + [Actor], {
        Proposal.AmendmentFiled: "the amendment shows by its own Amendment.Submitted",
        Proposal.TextAmended: "shows as the amendment's adoption (Amendment.Adopted)",
        Vote.BallotCast: "a timeline shows a vote's result (Vote.Closed), not each ballot",
        Ballot.Cast: "a timeline shows a vote's result (Vote.Closed), not each ballot",
        Vote.TallyCounted: "the tally shows in the result of Vote.Closed",
        Funding.ExpenditureBooked: _BOOKS,
        Funding.IncomeBooked: _BOOKS,
        Funding.VolunteerWorkRecorded: _BOOKS,
        Funding.EntryReversed: _BOOKS,
    }),
    "facts": Knows(AGGREGATES, {
        Process.PhaseStarted: "no report counts phases",
        Proposal.Adopted: _DECIDED,
        Proposal.Rejected: _DECIDED,
        Proposal.Withdrawn: _DECIDED,
        Amendment.Adopted: _DECIDED,
        Amendment.Rejected: _DECIDED,
        Amendment.Withdrawn: _DECIDED,
        Proposal.AmendmentFiled: "the amendment's authors count by Amendment.Submitted",
        Proposal.TextAmended: "text, not a figure of any report",
        Vote.TallyCounted: "the outcome counts by Vote.Closed, which carries the tally",
        Commitment.ProgressReported: "reports count commitments made, fulfilled, withdrawn",
        Funding.PlanDecided: _PROOF,
        Funding.ExpenditureBooked: _PROOF,
        Funding.IncomeBooked: _PROOF,
        Funding.VolunteerWorkRecorded: _PROOF,
        Funding.EntryReversed: _PROOF,
        Indicator.Declared: _PROOF,
        Indicator.Measured: _PROOF,
    }),
    "proof": Knows([Funding, Indicator, Actor], {
        Funding.Disbursed: "the report takes disbursements from facts_disbursements",
        Actor.Registered: "names come from facts_actors; only a volunteer's erasure matters",
    }),
    # It hashes the stored bytes of every event (apply_stored) and decodes none.
    "integrity": Knows([]),
}
# Read models that do not dispatch by event class, with the reason.
GENERIC = {"catalog": "records every event's position from the stored notifications and "
                      "the record of every creation event (CanInitAggregate), of any class",
           "records": "steps each record's aggregate through every event but an actor's "
                      "(event.mutate), of any class"}


@pytest.fixture(scope="module")
def models() -> dict:
    return {p.name: p for p in all_projections(None)}


def test_the_walk_finds_every_event_the_ledger_records():
    assert len(AGGREGATES) >= 10 and Vote.Closed in ALL_EVENTS
    assert len(set(ALL_EVENTS)) == len(ALL_EVENTS)
    app = open_ledger("memory://")
    try:
        scenario.build(app)
        recorded = {resolve_topic(n.topic)
                    for n in app.recorder.select_notifications(start=1, limit=100_000)}
    finally:
        app.close()
    assert recorded - set(ALL_EVENTS) == set()


def test_every_read_model_is_listed_here(models):
    assert set(models) == SHOULD_KNOW.keys() | GENERIC.keys()
    for name, model in models.items():
        assert isinstance(model, EventProjection) == (name in SHOULD_KNOW), name


@pytest.mark.parametrize("name", sorted(SHOULD_KNOW))
def test_a_read_model_handles_every_event_it_should_know(models, name):
    model, knows = models[name], SHOULD_KNOW[name]
    scope = [event for aggregate in knows.records for event in EVENTS[aggregate]]
    assert knows.ignores.keys() <= set(scope), "ignores an event outside its scope"
    unhandled = [e.__qualname__ for e in scope
                 if not model.wants(e) and e not in knows.ignores]
    assert unhandled == [], f"{name} has no handler for these events"
    stale = [e.__qualname__ for e in knows.ignores if model.wants(e)]
    assert stale == [], f"{name} handles events declared ignored"


@pytest.mark.parametrize("name", sorted(SHOULD_KNOW))
def test_wants_is_the_registration_of_the_handlers(models, name):
    model = models[name]
    registered = type(model).registered()
    assert registered <= set(ALL_EVENTS), "a handler for a class the domain does not record"
    for event in ALL_EVENTS:
        assert model.wants(event) == (event in registered), event.__qualname__
        assert (type(model).handler(event) is not None) == (event in registered)
    assert not model.wants(Aggregate.Event)


def test_every_record_is_in_the_scope_of_some_read_model():
    assert {a for knows in SHOULD_KNOW.values() for a in knows.records} == set(AGGREGATES)
