"""Dates cannot precede what they depend on; the same day is always fine."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ledger.errors import RuleViolation
from tests.domain.support import ASSEMBLY, CHARTER_DAY, LATER, PROCESS_START, SUBMITTED, refused

DAY = timedelta(days=1)


def test_a_vote_opened_before_its_proposals_submission_is_refused(scene):
    proposal = scene.proposal(submitted_on=ASSEMBLY + DAY)
    gathering = scene.gathering(held_on=SUBMITTED)

    with refused(scene.app, RuleViolation, field="opened_on"):
        scene.vote(proposal, gathering=gathering, opened_on=ASSEMBLY)


def test_a_vote_opened_before_its_amendments_submission_is_refused(scene):
    proposal = scene.proposal(submitted_on=SUBMITTED)
    amendment = scene.amendment(proposal, submitted_on=ASSEMBLY + DAY)

    with refused(scene.app, RuleViolation, field="opened_on"):
        scene.vote(amendment, subject_type="amendment", opened_on=ASSEMBLY)


def test_a_vote_opened_before_its_gathering_is_refused(scene):
    proposal = scene.proposal()

    with refused(scene.app, RuleViolation, field="opened_on"):
        scene.vote(proposal, opened_on=ASSEMBLY - DAY)


def test_a_vote_opened_on_the_day_of_submission_and_gathering_is_accepted(scene):
    proposal = scene.proposal(submitted_on=ASSEMBLY)

    assert scene.get(scene.vote(proposal, opened_on=ASSEMBLY)).opened_on == ASSEMBLY


def test_a_vote_closed_before_it_was_opened_is_refused(scene):
    vote = scene.vote(scene.proposal())

    with refused(scene.app, RuleViolation, field="closed_on"):
        scene.app.close_vote(vote, closed_on=ASSEMBLY - DAY)


def test_a_cooperation_ending_before_it_began_is_refused(scene):
    cooperation = scene.app.start_cooperation(
        actor_ids=[scene.ini, scene.office], kind="partnership", started_on=ASSEMBLY,
    ).record.id

    with refused(scene.app, RuleViolation, field="ended_on"):
        scene.app.end_cooperation(cooperation, ended_on=ASSEMBLY - DAY)

    scene.app.end_cooperation(cooperation, ended_on=ASSEMBLY)
    assert scene.get(cooperation).status == "ended"


def test_a_cooperation_in_a_process_cannot_start_before_the_process(scene):
    with refused(scene.app, RuleViolation, field="started_on"):
        scene.app.start_cooperation(
            actor_ids=[scene.ini, scene.office], kind="partnership",
            started_on=PROCESS_START - DAY, process_id=scene.process,
        )


def test_a_commitment_due_before_it_was_made_is_refused(scene):
    with refused(scene.app, RuleViolation, field="due_on"):
        scene.commitment(made_on=ASSEMBLY, due_on=ASSEMBLY - DAY)

    assert scene.get(scene.commitment(made_on=ASSEMBLY, due_on=ASSEMBLY)).due_on == ASSEMBLY


def test_a_commitment_made_before_its_process_started_is_refused(scene):
    with refused(scene.app, RuleViolation, field="made_on"):
        scene.commitment(made_on=PROCESS_START - DAY)


def test_progress_before_the_commitment_was_made_is_refused(scene):
    commitment = scene.commitment(made_on=ASSEMBLY)

    with refused(scene.app, RuleViolation, field="reported_on"):
        scene.app.report_progress(commitment, reported_on=ASSEMBLY - DAY, note="Early")


def test_fulfilment_or_withdrawal_before_the_commitment_was_made_is_refused(scene):
    commitment = scene.commitment(made_on=ASSEMBLY)

    with refused(scene.app, RuleViolation, field="fulfilled_on"):
        scene.app.fulfil_commitment(commitment, fulfilled_on=ASSEMBLY - DAY)
    with refused(scene.app, RuleViolation, field="withdrawn_on"):
        scene.app.withdraw_commitment(commitment, withdrawn_on=ASSEMBLY - DAY, reason="No")


def test_a_gathering_before_the_process_started_is_refused(scene):
    with refused(scene.app, RuleViolation, field="held_on"):
        scene.gathering(held_on=PROCESS_START - DAY)

    assert scene.get(scene.gathering(held_on=PROCESS_START)).held_on == PROCESS_START


def test_a_gathering_after_the_process_concluded_is_refused(scene):
    scene.app.conclude_process(scene.process, concluded_on=LATER, summary="Done.")

    with refused(scene.app, RuleViolation, field="held_on"):
        scene.gathering(held_on=LATER + DAY)


def test_a_gathering_held_before_the_conclusion_may_still_be_recorded_afterwards(scene):
    scene.app.conclude_process(scene.process, concluded_on=LATER, summary="Done.")

    assert scene.get(scene.gathering(held_on=LATER)).held_on == LATER


def test_a_disbursement_before_the_grant_is_refused(scene):
    funding = scene.funding(granted_on=CHARTER_DAY)

    with refused(scene.app, RuleViolation, field="paid_on"):
        scene.app.disburse(funding, amount=Decimal("10.00"), paid_on=CHARTER_DAY - DAY)


def test_a_funding_period_ending_before_it_starts_is_refused(scene):
    with refused(scene.app, RuleViolation, field="period_end"):
        scene.app.grant_funding(
            funder_id=scene.funder, recipient_id=scene.ini, process_id=scene.process,
            logic="process", period_start=date(2023, 1, 1), period_end=date(2022, 12, 31),
            amount=Decimal("1000.00"), currency="EUR", granted_on=CHARTER_DAY,
        )


def test_an_amendment_before_its_proposal_is_refused(scene):
    proposal = scene.proposal(submitted_on=SUBMITTED)

    with refused(scene.app, RuleViolation, field="submitted_on"):
        scene.amendment(proposal, submitted_on=SUBMITTED - DAY)

    assert scene.get(proposal).amendment_ids == []


def test_a_proposal_before_its_process_or_its_charter_is_refused(scene):
    with refused(scene.app, RuleViolation, field="submitted_on"):
        scene.proposal(submitted_on=PROCESS_START - DAY)
    with refused(scene.app, RuleViolation, field="submitted_on"):
        scene.proposal(submitted_on=CHARTER_DAY - DAY, clause={"action": "add", "heading": "H"})


def test_a_charter_established_before_its_process_is_refused(scene):
    with refused(scene.app, RuleViolation, field="established_on"):
        scene.app.establish_charter(process_id=scene.process, title="Charta",
                                    established_on=PROCESS_START - DAY)


def test_withdrawing_a_proposal_before_its_submission_is_refused(scene):
    proposal = scene.proposal(submitted_on=SUBMITTED)

    with refused(scene.app, RuleViolation, field="withdrawn_on"):
        scene.app.withdraw_proposal(proposal, withdrawn_on=SUBMITTED - DAY)


def test_joining_a_process_before_it_started_is_refused(scene):
    with refused(scene.app, RuleViolation, field="joined_on"):
        scene.app.add_participant(scene.process, actor_id=scene.anna, role="member",
                                  joined_on=PROCESS_START - DAY)


def test_a_phase_before_the_previous_phase_is_refused(scene):
    scene.app.start_phase(scene.process, name="Listening", started_on=SUBMITTED)

    with refused(scene.app, RuleViolation, field="started_on"):
        scene.app.start_phase(scene.process, name="Deciding", started_on=SUBMITTED - DAY)

    scene.app.start_phase(scene.process, name="Deciding", started_on=SUBMITTED)
    assert [p["name"] for p in scene.get(scene.process).phases] == ["Listening", "Deciding"]


def test_concluding_a_process_before_it_started_is_refused(scene):
    with refused(scene.app, RuleViolation, field="concluded_on"):
        scene.app.conclude_process(scene.process, concluded_on=PROCESS_START - DAY,
                                   summary="Never happened.")
