"""How each method decides: closing a vote answers `result` and decides the subject by it."""

from __future__ import annotations

import pytest

from ledger.domain.votes import Count, outcome
from tests.domain.support import ASSEMBLY

# (method, yes, no, abstain, objections, outcome)
TALLIES = [
    # simple_majority: more yes than no; a tie is rejected; an objection counts as a no.
    pytest.param("simple_majority", 3, 2, 0, 0, "adopted", id="majority-3-2"),
    pytest.param("simple_majority", 2, 2, 0, 0, "rejected", id="majority-tie"),
    pytest.param("simple_majority", 3, 2, 0, 1, "rejected", id="majority-objection-makes-tie"),
    pytest.param("simple_majority", 3, 1, 0, 1, "adopted", id="majority-3-vs-1-plus-objection"),
    pytest.param("simple_majority", 1, 0, 50, 0, "adopted", id="majority-abstentions-ignored"),
    pytest.param("simple_majority", 0, 0, 0, 0, "rejected", id="majority-no-votes"),
    # two_thirds: 3*yes >= 2*(yes+no); abstentions are not counted; no votes is rejected.
    pytest.param("two_thirds", 2, 1, 0, 0, "adopted", id="two-thirds-exactly-2-of-3"),
    pytest.param("two_thirds", 200, 100, 0, 0, "adopted", id="two-thirds-exactly-200-of-300"),
    pytest.param("two_thirds", 199, 100, 0, 0, "rejected", id="two-thirds-just-under"),
    pytest.param("two_thirds", 19, 10, 0, 0, "rejected", id="two-thirds-19-of-29"),
    pytest.param("two_thirds", 2, 1, 100, 0, "adopted", id="two-thirds-abstentions-ignored"),
    pytest.param("two_thirds", 2, 0, 0, 1, "adopted", id="two-thirds-objection-as-no-boundary"),
    pytest.param("two_thirds", 2, 1, 0, 1, "rejected", id="two-thirds-objection-as-no-under"),
    pytest.param("two_thirds", 0, 0, 0, 0, "rejected", id="two-thirds-no-votes"),
    pytest.param("two_thirds", 0, 0, 7, 0, "rejected", id="two-thirds-only-abstentions"),
    # consent: adopted unless somebody objects; a plain "no" does not block.
    pytest.param("consent", 12, 0, 3, 0, "adopted", id="consent-no-objection"),
    pytest.param("consent", 12, 4, 0, 0, "adopted", id="consent-no-is-not-an-objection"),
    pytest.param("consent", 40, 0, 0, 1, "rejected", id="consent-one-objection"),
    pytest.param("consent", 0, 0, 0, 0, "adopted", id="consent-nobody-objected"),
]


@pytest.mark.parametrize(("method", "yes", "no", "abstain", "objections", "expected"), TALLIES)
def test_the_decision_rule_of_each_method(method, yes, no, abstain, objections, expected):
    assert outcome(method, Count(yes, no, abstain, objections)) == expected


@pytest.mark.parametrize(
    ("method", "yes", "no", "abstain", "objections", "expected"),
    [p for p in TALLIES if p.id in {
        "majority-tie", "majority-objection-makes-tie", "majority-3-vs-1-plus-objection",
        "two-thirds-exactly-2-of-3", "two-thirds-just-under", "two-thirds-abstentions-ignored",
        "two-thirds-no-votes", "consent-no-objection", "consent-one-objection",
    }],
)
def test_closing_a_tallied_vote_answers_the_result_and_decides_the_proposal(
    scene, method, yes, no, abstain, objections, expected,
):
    proposal = scene.proposal()
    vote = scene.vote(proposal, method=method)
    scene.app.count_tally(vote, yes=yes, no=no, abstain=abstain, objections=objections)

    closed = scene.app.close_vote(vote, closed_on=ASSEMBLY).record

    assert closed.status == "closed"
    assert closed.result == {
        "outcome": expected, "yes": yes, "no": no, "abstain": abstain, "objections": objections,
    }
    decided = scene.get(proposal)
    assert (decided.status, decided.decided_by, decided.decided_on) == (expected, vote, ASSEMBLY)
    assert scene.get(vote).result == closed.result


def cast(scene, vote, choices: list[str]) -> None:
    for voter, choice in zip(scene.voters(len(choices)), choices, strict=True):
        scene.app.cast_ballot(vote, voter_id=voter, choice=choice)


@pytest.mark.parametrize(
    ("method", "choices", "expected"),
    [
        pytest.param("simple_majority", ["yes", "yes", "no", "abstain"], "adopted", id="majority"),
        pytest.param("simple_majority", ["yes", "yes", "no", "object"], "rejected",
                     id="majority-objection-counts-as-no"),
        pytest.param("two_thirds", ["yes", "yes", "no", "abstain", "abstain"], "adopted",
                     id="two-thirds-boundary"),
        pytest.param("two_thirds", ["yes", "yes", "no", "object"], "rejected",
                     id="two-thirds-under"),
        pytest.param("consent", ["yes", "yes", "abstain", "no"], "adopted", id="consent"),
        pytest.param("consent", ["yes", "yes", "yes", "object"], "rejected",
                     id="consent-one-object-ballot"),
    ],
)
def test_closing_a_vote_counts_its_ballots(scene, method, choices, expected):
    vote = scene.vote(scene.proposal(), method=method)
    cast(scene, vote, choices)

    result = scene.app.close_vote(vote, closed_on=ASSEMBLY).record.result

    assert result == {
        "outcome": expected, "yes": choices.count("yes"), "no": choices.count("no"),
        "abstain": choices.count("abstain"), "objections": choices.count("object"),
    }


def test_a_consent_tally_with_one_objection_rejects_the_proposal(scene):
    proposal = scene.proposal()
    vote = scene.vote(proposal, method="consent")
    scene.app.count_tally(vote, yes=55, no=0, abstain=0, objections=1)

    scene.app.close_vote(vote, closed_on=ASSEMBLY)

    assert scene.get(proposal).status == "rejected"


def test_an_amendment_vote_decides_the_amendment_by_the_same_rules(scene):
    proposal = scene.proposal()
    amendment = scene.amendment(proposal)
    vote = scene.vote(amendment, subject_type="amendment", method="two_thirds")
    scene.app.count_tally(vote, yes=10, no=6, abstain=0)

    result = scene.app.close_vote(vote, closed_on=ASSEMBLY).record.result

    assert result["outcome"] == "rejected"
    assert (scene.get(amendment).status, scene.get(amendment).decided_by) == ("rejected", vote)
    assert scene.get(proposal).status == "submitted"
