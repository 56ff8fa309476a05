"""Ballots are records of their own: a ballot costs the same on the 3,000th as on the first,
voters casting at once are never refused, and a close counts exactly the ballots recorded
before it, however a ballot and the close interleave (issue 10, item 14)."""

from __future__ import annotations

import io
import threading
from collections import Counter

import pytest
from eventsourcing.utils import get_topic

from ledger import archive, integrity
from ledger.domain.votes import Ballot, Vote
from ledger.errors import RuleViolation
from store.ledger import open_ledger
from tests.domain.support import ASSEMBLY, Scene, run_threads


def decoded_while(app, command) -> int:
    """How many stored events `command` decoded (read) from the store."""
    seen = []
    original = app.mapper.to_domain_event

    def counting(stored):
        seen.append(stored.topic)
        return original(stored)

    app.mapper.to_domain_event = counting
    try:
        command()
    finally:
        app.mapper.to_domain_event = original
    return len(seen)


def test_the_nth_ballot_reads_what_the_first_did_and_leaves_the_vote_as_it_was(scene):
    voters = scene.voters(40)
    vote = scene.vote(scene.proposal())
    cast = [decoded_while(scene.app, lambda v=v: scene.app.cast_ballot(
        vote, voter_id=v, choice="yes")) for v in voters]

    # The vote, its process and the voter: never the ballots cast before.
    assert cast[-1] == cast[1] == cast[0]
    assert scene.get(vote).version == 1
    assert len(scene.app.ballots(scene.get(vote))) == 40


def test_a_ballot_is_its_own_record_of_the_vote_and_voter(scene):
    vote = scene.vote(scene.proposal())
    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="no")

    ballot = scene.app.repository.get(Ballot.create_id(vote, scene.anna))
    assert (ballot.vote_id, ballot.voter_id, ballot.choice) == (vote, scene.anna, "no")
    assert ballot.process_id == scene.get(vote).process_id and ballot.version == 1
    assert [type(e).__qualname__ for e in scene.app.history(vote)] == ["Vote.Opened"]
    assert [type(e).__qualname__ for _, e in scene.app.related_events(scene.get(vote))] == [
        "Ballot.Cast"]


def test_a_ballot_recorded_while_the_close_counts_is_counted(scene, monkeypatch):
    vote = scene.vote(scene.proposal())
    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="no")
    index = scene.app.ballot_index
    original, counts = index.ballots, []

    def count_then_a_ballot_arrives(*args, **kwargs):
        found = original(*args, **kwargs)
        counts.append(len(found.choices))
        if len(counts) == 1:  # between the close's count and its save
            scene.app.cast_ballot(vote, voter_id=scene.ben, choice="yes")
        return found

    monkeypatch.setattr(index, "ballots", count_then_a_ballot_arrives)
    result = scene.app.close_vote(vote, closed_on=ASSEMBLY).record.result

    assert counts == [1, 2], "the close was not counted again"
    assert (result["yes"], result["no"]) == (1, 1)


def test_a_ballot_racing_the_close_is_refused_and_not_stored(scene, monkeypatch):
    vote = scene.vote(scene.proposal())
    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")
    original, reads = scene.app.find, []

    def close_after_the_ballot_read_the_vote(cls, *args, **kwargs):
        found = original(cls, *args, **kwargs)
        reads.append(cls)
        if reads == [Vote]:
            scene.app.close_vote(vote, closed_on=ASSEMBLY)
        return found

    monkeypatch.setattr(scene.app, "find", close_after_the_ballot_read_the_vote)
    with pytest.raises(RuleViolation, match="closed"):
        scene.app.cast_ballot(vote, voter_id=scene.ben, choice="no")

    assert not scene.app.exists(Ballot.create_id(vote, scene.ben))
    assert scene.get(vote).result["no"] == 0
    assert scene.app.ballots(scene.get(vote)) == {scene.anna.hex: "yes"}


def test_ballots_kept_in_the_vote_by_release_0_1_0_still_count_and_bind(scene):
    """Stored events never change: a vote whose ballots are its own events (as release 0.1.0
    recorded them) takes ballot records beside them and counts both."""
    vote_id = scene.vote(scene.proposal())
    vote = scene.get(vote_id)
    vote._cast(scene.anna, "no", vote.opened_on)  # Vote.BallotCast, as 0.1.0 recorded it
    scene.app.save(vote)

    with pytest.raises(RuleViolation, match="already cast"):
        scene.app.cast_ballot(vote_id, voter_id=scene.anna, choice="yes")
    scene.app.cast_ballot(vote_id, voter_id=scene.ben, choice="yes")
    with pytest.raises(RuleViolation, match="ballots were already cast"):
        scene.app.count_tally(vote_id, yes=1, no=0, abstain=0)

    assert scene.app.ballots(scene.get(vote_id)) == {scene.anna.hex: "no", scene.ben.hex: "yes"}
    result = scene.app.close_vote(vote_id, closed_on=ASSEMBLY).record.result
    assert (result["yes"], result["no"]) == (1, 1)


def test_a_tally_is_refused_once_a_ballot_record_exists(scene):
    vote = scene.vote(scene.proposal())
    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")

    with pytest.raises(RuleViolation, match="ballots were already cast"):
        scene.app.count_tally(vote, yes=5, no=0, abstain=0)
    assert scene.get(vote).tally is None


THREADS, VOTERS = 16, 400


def test_400_voters_on_16_threads_are_none_refused_and_all_counted(persistent_store):
    app = persistent_store.open()
    scene = Scene.build(app)
    voters = scene.voters(VOTERS)
    vote = scene.vote(scene.proposal())
    choices = {v: ("yes", "no", "abstain")[i % 3] for i, v in enumerate(voters)}

    def caster(share):
        return lambda: [app.cast_ballot(vote, voter_id=v, choice=choices[v]) for v in share]

    errors = run_threads([caster(voters[i::THREADS]) for i in range(THREADS)], timeout=300)

    assert errors == [], f"{len(errors)} refused: {errors[:3]}"
    result = app.close_vote(vote, closed_on=ASSEMBLY).record.result
    expected = Counter(choices.values())
    assert (result["yes"], result["no"], result["abstain"]) == (
        expected["yes"], expected["no"], expected["abstain"])
    reader = persistent_store.open()
    stored = reader.recorder.select_notifications(start=1, limit=100_000,
                                                  topics=[get_topic(Ballot.Cast)])
    assert len(stored) == VOTERS
    assert reader.repository.get(vote).version == 2  # opened, closed


def test_ballots_racing_a_close_are_counted_or_refused_never_lost(persistent_store):
    """Casters on two Ledgers while a third closes the vote in their midst: each ballot is
    either accepted and counted, or refused as too late and not stored. (Each caster's last
    ballot waits for the close, so some are surely late.)"""
    first, second, closer = (persistent_store.open() for _ in range(3))
    scene = Scene.build(first)
    voters = scene.voters(120)
    vote = scene.vote(scene.proposal())
    accepted, late = set(), set()
    lock = threading.Lock()
    halfway, closed = threading.Event(), threading.Event()

    def caster(app, share):
        def run():
            for i, voter in enumerate(share):
                if i == len(share) // 2:
                    halfway.set()
                if i == len(share) - 1:
                    closed.wait(timeout=60)
                try:
                    app.cast_ballot(vote, voter_id=voter, choice="yes")
                    outcome = accepted
                except RuleViolation:
                    outcome = late
                with lock:
                    outcome.add(voter)
        return run

    def close():
        halfway.wait(timeout=60)
        try:
            closer.close_vote(vote, closed_on=ASSEMBLY)
        finally:
            closed.set()

    shares = [voters[i::6] for i in range(6)]
    errors = run_threads([caster((first, second)[i % 2], s) for i, s in enumerate(shares)]
                         + [close], timeout=300)

    assert not errors, errors
    assert accepted | late == set(voters) and accepted and late
    result = closer.repository.get(vote).result
    assert result["yes"] == len(accepted)
    stored = {e.voter_id for _, e in closer.related_events(closer.repository.get(vote))}
    assert stored == accepted


def test_ballot_records_come_through_export_and_import(scene):
    vote = scene.vote(scene.proposal())
    for voter, choice in ((scene.anna, "yes"), (scene.ben, "no")):
        scene.app.cast_ballot(vote, voter_id=voter, choice=choice)
    scene.app.close_vote(vote, closed_on=ASSEMBLY)
    out = io.StringIO()
    checkpoint = archive.export(scene.app, out)

    restored = open_ledger("memory://")
    archive.import_(restored, io.StringIO(out.getvalue()))

    assert integrity.head(restored)[1] == checkpoint["hash"]
    again = restored.find(Vote, vote)
    assert restored.ballots(again) == {scene.anna.hex: "yes", scene.ben.hex: "no"}
    assert again.result == scene.get(vote).result
    with pytest.raises(RuleViolation, match="closed"):
        restored.cast_ballot(vote, voter_id=scene.anna, choice="no")


def test_the_ballot_index_reads_a_votes_ballots_in_order_and_events_again_for_history(scene):
    """The index keeps (position, recorded at, choice) per ballot, in the store (a table beside
    the event table); a vote's history reads its ballots' events again from the log."""
    voters = scene.voters(300)
    vote = scene.vote(scene.proposal())
    for v in voters:
        scene.app.cast_ballot(vote, voter_id=v, choice="abstain" if v == voters[7] else "yes")
    index = scene.app.ballot_index

    assert index.ballots(vote).choices[voters[7].hex] == "abstain"
    assert [b["voter_id"] for b in index.plain(vote)] == [str(v) for v in voters]
    history = index.events(vote)
    assert [c.event.voter_id for c in history] == voters
    assert [c.position for c in history] == sorted(c.position for c in history)
