"""If-Match, and saves that race: a lost race is retried on fresh state, never lost or doubled."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from eventsourcing.utils import get_topic

from ledger.domain.votes import Ballot, Vote
from ledger.errors import ConcurrentWrites, RuleViolation, StaleVersion
from tests.domain.support import ASSEMBLY, LATER, Scene, refused, run_threads

# Each runs a command on the record `id` with If-Match `v`; `make` creates that record.
IF_MATCH_COMMANDS = {
    "cast_ballot": (
        lambda s: s.vote(s.proposal()),
        lambda s, id, v: s.app.cast_ballot(id, voter_id=s.anna, choice="yes", if_match=v)),
    "close_vote": (
        lambda s: s.vote(s.proposal()),
        lambda s, id, v: s.app.close_vote(id, closed_on=ASSEMBLY, if_match=v)),
    "withdraw_proposal": (
        lambda s: s.proposal(),
        lambda s, id, v: s.app.withdraw_proposal(id, withdrawn_on=ASSEMBLY, if_match=v)),
    "add_participant": (
        lambda s: s.process,
        lambda s, id, v: s.app.add_participant(id, actor_id=s.anna, role="m", joined_on=ASSEMBLY,
                                               if_match=v)),
    "fulfil_commitment": (
        lambda s: s.commitment(),
        lambda s, id, v: s.app.fulfil_commitment(id, fulfilled_on=LATER, if_match=v)),
    "disburse": (
        lambda s: s.funding(),
        lambda s, id, v: s.app.disburse(id, amount=Decimal("5.00"), paid_on=LATER, if_match=v)),
}


@pytest.mark.parametrize("command", list(IF_MATCH_COMMANDS))
def test_a_write_with_a_stale_if_match_is_refused(scene, command):
    make, run = IF_MATCH_COMMANDS[command]
    record = make(scene)
    current = scene.get(record).version

    with refused(scene.app, StaleVersion):
        run(scene, record, current - 1)
    with refused(scene.app, StaleVersion):
        run(scene, record, current + 1)

    written = run(scene, record, current)
    # A ballot is a record of its own: it reads its vote (If-Match) but does not change it.
    expected = current if command == "cast_ballot" else current + 1
    assert written.record.version == scene.get(record).version == expected


def interfere_after_first_read(monkeypatch, app, interference):
    """Run `interference` once, right after the command under test read its first record."""
    calls = []
    original = app.find

    def find(*args, **kwargs):
        found = original(*args, **kwargs)
        calls.append(args)
        if len(calls) == 1:
            interference()
        return found

    monkeypatch.setattr(app, "find", find)
    return calls


def test_two_ballots_at_the_same_moment_are_both_kept_without_a_retry(scene, monkeypatch):
    vote = scene.vote(scene.proposal())
    calls = interfere_after_first_read(
        monkeypatch, scene.app,
        lambda: scene.app.cast_ballot(vote, voter_id=scene.ben, choice="no"))

    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")

    assert scene.app.ballots(scene.get(vote)) == {scene.anna.hex: "yes", scene.ben.hex: "no"}
    # The vote was read by the command and by the interfering ballot: voters do not compete
    # for the vote's next version, so neither ran again.
    assert [args[0] for args in calls].count(Vote) == 2, "a ballot was retried"


def test_a_ballot_racing_a_tally_is_refused_and_not_stored(scene, monkeypatch):
    vote = scene.vote(scene.proposal())
    interfere_after_first_read(
        monkeypatch, scene.app, lambda: scene.app.count_tally(vote, yes=3, no=1, abstain=0))

    with pytest.raises(RuleViolation, match="tally"):
        scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")

    assert scene.app.ballots(scene.get(vote)) == {}
    assert not scene.app.exists(Ballot.create_id(vote, scene.anna))
    assert scene.get(vote).tally == {"yes": 3, "no": 1, "abstain": 0, "objections": 0}


def test_a_retried_ballot_is_checked_again_so_a_voter_cannot_vote_twice(scene, monkeypatch):
    vote = scene.vote(scene.proposal())
    interfere_after_first_read(
        monkeypatch, scene.app,
        lambda: scene.app.cast_ballot(vote, voter_id=scene.anna, choice="no"))

    with pytest.raises(RuleViolation):
        scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")

    assert scene.app.ballots(scene.get(vote)) == {scene.anna.hex: "no"}


def test_a_write_with_if_match_that_loses_a_race_is_refused_as_stale(scene, monkeypatch):
    vote = scene.vote(scene.proposal())
    version = scene.get(vote).version
    interfere_after_first_read(
        monkeypatch, scene.app, lambda: scene.app.count_tally(vote, yes=3, no=1, abstain=0))

    with pytest.raises(StaleVersion):
        scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes", if_match=version)

    assert scene.app.ballots(scene.get(vote)) == {}


def test_an_amendment_racing_the_proposals_decision_is_refused(scene, monkeypatch):
    proposal = scene.proposal()
    vote = scene.vote(proposal)
    scene.app.count_tally(vote, yes=9, no=1, abstain=0)
    after_decision = []

    def decide_meanwhile():
        scene.app.close_vote(vote, closed_on=ASSEMBLY)
        after_decision.append(scene.position())

    interfere_after_first_read(monkeypatch, scene.app, decide_meanwhile)

    with pytest.raises(RuleViolation):
        scene.amendment(proposal, submitted_on=ASSEMBLY)

    assert scene.position() == after_decision[0], "the amendment was stored"
    assert scene.get(proposal).status == "adopted"
    assert scene.get(proposal).amendment_ids == []


def as_a_client(command, gave_up: Counter) -> None:
    """Run a command as an API client would: told ConcurrentWrites (the ledger gave up after
    its own retries), try again. Anything else, even an IntegrityError, goes to the caller."""
    for _ in range(100):
        try:
            command()
            return
        except ConcurrentWrites:
            gave_up["ConcurrentWrites"] += 1
    raise AssertionError("still conflicting after 100 tries")


def test_concurrent_ballots_from_two_ledgers_are_none_lost_none_doubled(persistent_store):
    """Threads on two Ledgers over one store each try every voter, in different orders."""
    first, second = persistent_store.open(), persistent_store.open()
    scene = Scene.build(first)
    voters = scene.voters(24)
    vote = scene.vote(scene.proposal())
    orders = [
        (first, voters), (second, voters[::-1]),
        (first, voters[12:] + voters[:12]), (second, voters[6:] + voters[:6]),
    ]
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def cast_all(app, order):
        def cast_one(voter):
            def cast():
                try:
                    app.cast_ballot(vote, voter_id=voter, choice="yes")
                    outcome = "cast"
                except RuleViolation:
                    outcome = "already cast"
                with lock:
                    outcomes[outcome] += 1
            return cast

        return lambda: [as_a_client(cast_one(voter), outcomes) for voter in order]

    errors = run_threads([cast_all(app, order) for app, order in orders])

    assert not errors, errors
    assert (outcomes["cast"], outcomes["already cast"]) == (24, 3 * 24)
    reader = persistent_store.open()
    stored = reader.repository.get(vote)
    assert sorted(reader.ballots(stored)) == sorted(v.hex for v in voters)
    cast = reader.recorder.select_notifications(start=1, limit=10_000,
                                                topics=[get_topic(Ballot.Cast)])
    assert len(cast) == 24
    assert stored.version == 1, "ballots are not events of the vote"


def test_concurrent_disbursements_never_exceed_the_grant(persistent_store):
    first, second = persistent_store.open(), persistent_store.open()
    scene = Scene.build(first)
    funding = scene.funding(amount=Decimal("100.00"))
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def pay(app):
        def pay_once():
            try:
                app.disburse(funding, amount=Decimal("5.00"), paid_on=date(2022, 5, 1))
                outcome = "paid"
            except RuleViolation:
                outcome = "refused"
            with lock:
                outcomes[outcome] += 1

        return lambda: [as_a_client(pay_once, outcomes) for _ in range(10)]

    errors = run_threads([pay(app) for app in (first, second) * 2])

    assert not errors, errors
    assert (outcomes["paid"], outcomes["refused"]) == (20, 20)
    stored = persistent_store.open().repository.get(funding)
    assert stored.disbursed == Decimal("100.00")
    assert len(stored.disbursements) == 20
