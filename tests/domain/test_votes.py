"""A vote takes ballots or one tally while open, one ballot per voter, and closes once."""

from __future__ import annotations

import pytest

from ledger.errors import InvalidValue, RuleViolation
from tests.domain.support import ASSEMBLY, LATER, refused


@pytest.fixture
def vote(scene):
    return scene.vote(scene.proposal())


def test_a_ballot_is_recorded_with_its_choice(scene, vote):
    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="object")

    assert scene.app.ballots(scene.get(vote)) == {scene.anna.hex: "object"}


def test_a_second_ballot_from_the_same_voter_is_refused(scene, vote):
    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")

    with refused(scene.app, RuleViolation, field="voter_id"):
        scene.app.cast_ballot(vote, voter_id=scene.anna, choice="no")

    assert scene.app.ballots(scene.get(vote)) == {scene.anna.hex: "yes"}


def test_a_ballot_with_an_unknown_choice_is_refused(refusal_scene):
    s = refusal_scene
    with refused(s.app, InvalidValue, field="choice"):
        s.app.cast_ballot(s.open_vote, voter_id=s.anna, choice="maybe")


def test_a_ballot_after_closing_is_refused(scene, vote):
    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")
    scene.app.close_vote(vote, closed_on=ASSEMBLY)

    with refused(scene.app, RuleViolation):
        scene.app.cast_ballot(vote, voter_id=scene.ben, choice="yes")

    assert scene.get(vote).result["yes"] == 1


def test_a_tally_after_closing_is_refused(scene, vote):
    scene.app.close_vote(vote, closed_on=ASSEMBLY)

    with refused(scene.app, RuleViolation):
        scene.app.count_tally(vote, yes=10, no=0, abstain=0)


def test_a_tally_after_ballots_is_refused(scene, vote):
    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")

    with refused(scene.app, RuleViolation):
        scene.app.count_tally(vote, yes=10, no=0, abstain=0)


def test_a_ballot_after_a_tally_is_refused(scene, vote):
    scene.app.count_tally(vote, yes=10, no=3, abstain=0)

    with refused(scene.app, RuleViolation):
        scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")


def test_a_second_tally_is_refused(scene, vote):
    scene.app.count_tally(vote, yes=10, no=3, abstain=0)

    with refused(scene.app, RuleViolation):
        scene.app.count_tally(vote, yes=11, no=3, abstain=0)

    assert scene.get(vote).tally == {"yes": 10, "no": 3, "abstain": 0, "objections": 0}


@pytest.mark.parametrize("field", ["yes", "no", "abstain", "objections"])
def test_a_negative_count_in_a_tally_is_refused(refusal_scene, field):
    counts = {"yes": 1, "no": 1, "abstain": 1, "objections": 0, field: -1}

    with refused(refusal_scene.app, InvalidValue, field=field):
        refusal_scene.app.count_tally(refusal_scene.open_vote, **counts)


def test_a_vote_with_an_unknown_method_is_refused(refusal_scene):
    s = refusal_scene
    with refused(s.app, InvalidValue, field="method"):
        s.vote(s.open_proposal, method="loudest_voice")


def test_a_vote_on_an_unknown_subject_type_is_refused(refusal_scene):
    s = refusal_scene
    with refused(s.app, InvalidValue, field="subject_type"):
        s.vote(s.open_proposal, subject_type="charter")


def test_a_second_close_of_the_same_vote_is_refused(scene, vote):
    scene.app.count_tally(vote, yes=10, no=3, abstain=0)
    first = scene.app.close_vote(vote, closed_on=ASSEMBLY).record.result

    with refused(scene.app, RuleViolation):
        scene.app.close_vote(vote, closed_on=LATER)

    assert (scene.get(vote).result, scene.get(vote).closed_on) == (first, ASSEMBLY)


def test_closing_decides_the_subject_once_so_a_second_vote_on_it_cannot_close(scene):
    proposal = scene.proposal()
    first, second = scene.vote(proposal), scene.vote(proposal)
    scene.app.count_tally(first, yes=10, no=3, abstain=0)
    scene.app.count_tally(second, yes=3, no=10, abstain=0)
    scene.app.close_vote(first, closed_on=ASSEMBLY)

    with refused(scene.app, RuleViolation):
        scene.app.close_vote(second, closed_on=ASSEMBLY)

    assert scene.get(second).status == "open"
    assert (scene.get(proposal).status, scene.get(proposal).decided_by) == ("adopted", first)


def test_a_vote_records_where_and_on_what_it_was_opened(scene):
    proposal = scene.proposal()
    vote = scene.get(scene.vote(proposal, method="consent"))

    assert (vote.subject_type, vote.subject_id, vote.proposal_id) == (
        "proposal", proposal, proposal)
    assert (vote.gathering_id, vote.process_id) == (scene.assembly, scene.process)
    assert (vote.method, vote.opened_on, vote.status, vote.result) == (
        "consent", ASSEMBLY, "open", None)
