"""Proposals, amendments and the charter: what a closed vote changes, and what it refuses."""

from __future__ import annotations

from uuid import uuid4

import pytest

from ledger.errors import InvalidValue, NotFound, RuleViolation, UnknownReference
from tests.domain.support import ASSEMBLY, CHARTER_DAY, LATER, SUBMITTED, refused

# -- amendments --------------------------------------------------------------------------------


def test_an_adopted_amendment_replaces_the_proposals_text(scene):
    proposal = scene.proposal(text="Cars may park on Saturdays.")
    amendment = scene.amendment(proposal, text="Cars may park on Saturdays before noon.")

    scene.decide(amendment, subject_type="amendment")

    amended = scene.get(proposal)
    assert amended.text == "Cars may park on Saturdays before noon."
    assert amended.original_text == "Cars may park on Saturdays."
    assert amended.adopted_amendment_ids == [amendment]
    assert amended.status == "submitted"
    assert scene.get(amendment).status == "adopted"


def test_a_rejected_amendment_leaves_the_proposals_text(scene):
    proposal = scene.proposal(text="Cars may park on Saturdays.")
    amendment = scene.amendment(proposal, text="Cars may park every day.")

    scene.decide(amendment, subject_type="amendment", adopt=False)

    assert scene.get(proposal).text == "Cars may park on Saturdays."
    assert scene.get(proposal).adopted_amendment_ids == []
    assert scene.get(amendment).status == "rejected"


def test_an_amendment_is_filed_on_its_proposal(scene):
    proposal = scene.proposal()
    first, second = scene.amendment(proposal), scene.amendment(proposal)

    assert scene.get(proposal).amendment_ids == [first, second]
    assert scene.get(first).proposal_id == proposal
    assert scene.get(first).process_id == scene.process


def test_an_amendment_to_a_decided_proposal_is_refused(scene):
    proposal = scene.proposal()
    scene.decide(proposal)

    with refused(scene.app, RuleViolation):
        scene.amendment(proposal, submitted_on=LATER)


def test_an_amendment_to_a_withdrawn_proposal_is_refused(scene):
    proposal = scene.proposal()
    scene.app.withdraw_proposal(proposal, withdrawn_on=ASSEMBLY)

    with refused(scene.app, RuleViolation):
        scene.amendment(proposal, submitted_on=LATER)


def test_an_amendment_to_an_unknown_proposal_is_not_found(refusal_scene):
    with refused(refusal_scene.app, NotFound):
        refusal_scene.amendment(uuid4())


def test_an_amendment_without_authors_or_with_an_author_twice_is_refused(refusal_scene):
    s = refusal_scene
    for authors in ([], [s.ben, s.ben]):
        with refused(s.app, InvalidValue, field="author_ids"):
            s.app.submit_amendment(s.open_proposal, author_ids=authors, text="x",
                                   submitted_on=SUBMITTED)


def test_an_amendment_vote_after_the_proposal_was_decided_is_refused(scene):
    proposal = scene.proposal()
    amendment = scene.amendment(proposal)
    scene.decide(proposal)

    with refused(scene.app, RuleViolation):
        scene.vote(amendment, subject_type="amendment")


def test_closing_an_amendment_vote_after_the_proposal_was_decided_meanwhile_is_refused(scene):
    proposal = scene.proposal(text="Original.")
    amendment = scene.amendment(proposal, text="Amended.")
    amendment_vote = scene.vote(amendment, subject_type="amendment")
    scene.app.count_tally(amendment_vote, yes=20, no=1, abstain=0)
    scene.decide(proposal)  # decided on the original text while the amendment vote was open

    with refused(scene.app, RuleViolation):
        scene.app.close_vote(amendment_vote, closed_on=ASSEMBLY)

    assert scene.get(proposal).text == "Original."
    assert scene.get(amendment).status == "submitted"
    assert scene.get(amendment_vote).status == "open"


def test_a_rejected_amendment_vote_after_the_proposal_was_withdrawn_meanwhile_is_refused(scene):
    proposal = scene.proposal()
    amendment = scene.amendment(proposal)
    amendment_vote = scene.vote(amendment, subject_type="amendment")
    scene.app.count_tally(amendment_vote, yes=1, no=20, abstain=0)
    scene.app.withdraw_proposal(proposal, withdrawn_on=ASSEMBLY)

    with refused(scene.app, RuleViolation):
        scene.app.close_vote(amendment_vote, closed_on=ASSEMBLY)


def test_a_decided_amendment_refuses_a_second_vote(scene):
    amendment = scene.amendment(scene.proposal())
    scene.decide(amendment, subject_type="amendment", adopt=False)

    with refused(scene.app, RuleViolation):
        scene.vote(amendment, subject_type="amendment")


def test_a_withdrawn_amendment_refuses_votes(scene):
    amendment = scene.amendment(scene.proposal())
    scene.app.withdraw_amendment(amendment, withdrawn_on=ASSEMBLY)

    assert scene.get(amendment).status == "withdrawn"
    with refused(scene.app, RuleViolation):
        scene.vote(amendment, subject_type="amendment")


# -- proposals ---------------------------------------------------------------------------------


def test_a_decided_proposal_refuses_further_votes(scene):
    proposal = scene.proposal()
    scene.decide(proposal, adopt=False)

    with refused(scene.app, RuleViolation):
        scene.vote(proposal)


def test_a_withdrawn_proposal_refuses_further_votes(scene):
    proposal = scene.proposal()
    scene.app.withdraw_proposal(proposal, withdrawn_on=ASSEMBLY)

    assert (scene.get(proposal).status, scene.get(proposal).withdrawn_on) == (
        "withdrawn", ASSEMBLY)
    with refused(scene.app, RuleViolation):
        scene.vote(proposal)


def test_a_decided_proposal_cannot_be_withdrawn(scene):
    proposal = scene.proposal()
    scene.decide(proposal)

    with refused(scene.app, RuleViolation):
        scene.app.withdraw_proposal(proposal, withdrawn_on=LATER)


def test_a_vote_on_an_unknown_subject_is_refused(refusal_scene):
    with refused(refusal_scene.app, UnknownReference, field="subject_id"):
        refusal_scene.vote(uuid4())
    with refused(refusal_scene.app, UnknownReference, field="subject_id"):
        refusal_scene.vote(uuid4(), subject_type="amendment")


def test_withdrawing_a_proposal_that_has_an_open_vote_makes_the_vote_unclosable(scene):
    proposal = scene.proposal()
    vote = scene.vote(proposal)
    scene.app.withdraw_proposal(proposal, withdrawn_on=ASSEMBLY)

    with refused(scene.app, RuleViolation):
        scene.app.close_vote(vote, closed_on=ASSEMBLY)


# -- the charter -------------------------------------------------------------------------------


def test_an_adopted_proposal_adds_a_clause_with_its_provenance(scene):
    proposal = scene.proposal(text="Streets are for people.",
                              clause={"action": "add", "heading": "Streets"})
    amendment = scene.amendment(proposal, text="Streets are for people and trees.")
    scene.decide(amendment, subject_type="amendment")
    vote = scene.decide(proposal, closed_on=LATER)

    clause_id = scene.get(proposal).clause["new_clause_id"]
    assert scene.get(scene.charter).clause_list() == [{
        "number": 1,
        "clause_id": clause_id,
        "heading": "Streets",
        "text": "Streets are for people and trees.",
        "adopted_by": {
            "proposal_id": proposal,
            "amendment_ids": [amendment],
            "vote_id": vote.id,
            "gathering_id": scene.assembly,
            "decided_on": LATER,
        },
    }]


def test_an_adopted_proposal_replaces_a_clause_and_its_provenance(scene):
    clause_id = scene.add_clause(heading="Streets", text="Streets are for people.")
    proposal = scene.proposal(text="Streets are for people, trees and play.",
                              clause={"action": "replace", "clause_id": clause_id})
    vote = scene.decide(proposal, closed_on=LATER)

    clauses = scene.get(scene.charter).clauses
    assert list(clauses) == [clause_id.hex]
    assert clauses[clause_id.hex]["heading"] == "Streets"  # kept when none is given
    assert clauses[clause_id.hex]["text"] == "Streets are for people, trees and play."
    assert clauses[clause_id.hex]["adopted_by"] == {
        "proposal_id": proposal, "amendment_ids": [], "vote_id": vote.id,
        "gathering_id": scene.assembly, "decided_on": LATER,
    }


def test_a_replacing_proposal_may_give_the_clause_a_new_heading(scene):
    clause_id = scene.add_clause(heading="Streets")
    proposal = scene.proposal(clause={"action": "replace", "clause_id": clause_id,
                                      "heading": "Streets and squares"})
    scene.decide(proposal)

    assert scene.get(scene.charter).clauses[clause_id.hex]["heading"] == "Streets and squares"


def test_an_adopted_proposal_repeals_a_clause(scene):
    kept = scene.add_clause(heading="Trees")
    repealed = scene.add_clause(heading="Parking")
    proposal = scene.proposal(text="Parking is no longer regulated here.",
                              clause={"action": "repeal", "clause_id": repealed})

    scene.decide(proposal)

    charter = scene.get(scene.charter)
    assert list(charter.clauses) == [kept.hex]
    assert [c["number"] for c in charter.clause_list()] == [1]


def test_a_rejected_proposal_leaves_the_charter_unchanged(scene):
    clause_id = scene.add_clause(text="Streets are for people.")
    before = scene.get(scene.charter)
    proposal = scene.proposal(text="Streets are for cars.",
                              clause={"action": "replace", "clause_id": clause_id})

    scene.decide(proposal, adopt=False)

    after = scene.get(scene.charter)
    assert after.version == before.version
    assert after.clauses == before.clauses


def test_an_adopted_proposal_that_names_no_charter_changes_no_charter(scene):
    before = scene.get(scene.charter).version

    scene.decide(scene.proposal())

    assert scene.get(scene.charter).version == before
    assert scene.get(scene.charter).clauses == {}


def test_a_proposal_to_change_an_unknown_clause_is_refused(refusal_scene):
    with refused(refusal_scene.app, UnknownReference, field="clause"):
        refusal_scene.proposal(clause={"action": "replace", "clause_id": uuid4()})
    with refused(refusal_scene.app, UnknownReference, field="clause"):
        refusal_scene.proposal(clause={"action": "repeal", "clause_id": uuid4()})


@pytest.mark.parametrize(
    "clause",
    [
        pytest.param({"action": "rewrite", "heading": "X"}, id="unknown-action"),
        pytest.param({"action": "add"}, id="add-without-heading"),
        pytest.param({"action": "replace"}, id="replace-without-clause-id"),
    ],
)
def test_a_proposal_with_an_unclear_clause_change_is_refused(refusal_scene, clause):
    with refused(refusal_scene.app, InvalidValue, field="clause"):
        refusal_scene.proposal(clause=clause)


def test_a_proposal_that_names_a_charter_must_say_what_it_does_to_it(refusal_scene):
    s = refusal_scene
    with refused(s.app, InvalidValue, field="clause"):
        s.app.submit_proposal(
            process_id=s.process, title="T", text="x", author_ids=[s.anna],
            submitted_on=SUBMITTED, charter_id=s.charter,
        )


def test_a_clause_change_without_a_charter_is_refused(refusal_scene):
    s = refusal_scene
    with refused(s.app, InvalidValue, field="clause"):
        s.app.submit_proposal(
            process_id=s.process, title="T", text="x", author_ids=[s.anna],
            submitted_on=SUBMITTED, clause={"action": "add", "heading": "H"},
        )


def test_a_proposal_to_another_process_charter_is_refused(scene):
    other = scene.other_process()

    with refused(scene.app, RuleViolation, field="charter_id"):
        scene.app.submit_proposal(
            process_id=other, title="T", text="x", author_ids=[scene.anna],
            submitted_on=SUBMITTED, charter_id=scene.charter,
            clause={"action": "add", "heading": "H"},
        )


def test_a_proposal_whose_clause_was_repealed_meanwhile_cannot_be_adopted(scene):
    clause_id = scene.add_clause()
    repeal = scene.proposal(clause={"action": "repeal", "clause_id": clause_id})
    replace = scene.proposal(clause={"action": "replace", "clause_id": clause_id})
    scene.decide(repeal)
    replace_vote = scene.vote(replace)
    scene.app.count_tally(replace_vote, yes=20, no=0, abstain=0)

    with refused(scene.app, RuleViolation, field="clause"):
        scene.app.close_vote(replace_vote, closed_on=ASSEMBLY)

    assert scene.get(replace).status == "submitted"
    assert scene.get(scene.charter).clauses == {}


def test_the_charter_keeps_its_clauses_in_the_order_they_were_added(scene):
    first = scene.add_clause(heading="One")
    second = scene.add_clause(heading="Two")
    scene.decide(scene.proposal(clause={"action": "replace", "clause_id": first}))

    listed = scene.get(scene.charter).clause_list()
    assert [(c["number"], c["clause_id"]) for c in listed] == [(1, first), (2, second)]
    assert scene.get(scene.charter).established_on == CHARTER_DAY
