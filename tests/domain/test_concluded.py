"""A concluded process takes nothing dated after its conclusion (`Process.check_open_on`): each
refusal is a RuleViolation naming the date field, and stores nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ledger.errors import RuleViolation
from tests.domain.support import ASSEMBLY, LATER, refused

DAY = timedelta(days=1)
CONCLUDED = LATER
AFTER = LATER + DAY


def conclude(scene) -> None:
    scene.app.conclude_process(scene.process, concluded_on=CONCLUDED, summary="Done.")


def test_records_dated_after_the_conclusion_are_refused(scene):
    proposal = scene.proposal()
    open_vote = scene.vote(proposal)
    commitment = scene.commitment()
    funding = scene.funding()
    cooperation = scene.app.start_cooperation(
        actor_ids=[scene.ini, scene.office], kind="partnership", started_on=ASSEMBLY,
        process_id=scene.process).record.id
    other = scene.proposal()
    conclude(scene)
    app = scene.app
    attempts = [
        ("submitted_on", lambda: app.submit_amendment(
            proposal, author_ids=[scene.ini], text="t", submitted_on=AFTER)),
        ("withdrawn_on", lambda: app.withdraw_proposal(other, withdrawn_on=AFTER)),
        ("closed_on", lambda: app.close_vote(open_vote, closed_on=AFTER)),
        ("reported_on", lambda: app.report_progress(commitment, reported_on=AFTER, note="n")),
        ("fulfilled_on", lambda: app.fulfil_commitment(commitment, fulfilled_on=AFTER)),
        ("withdrawn_on", lambda: app.withdraw_commitment(commitment, withdrawn_on=AFTER,
                                                         reason="r")),
        ("ended_on", lambda: app.end_cooperation(cooperation, ended_on=AFTER)),
        ("paid_on", lambda: app.disburse(funding, amount=Decimal("10.00"), paid_on=AFTER)),
        ("period_start", lambda: app.grant_funding(
            funder_id=scene.funder, recipient_id=scene.ini, process_id=scene.process,
            logic="process", period_start=AFTER, period_end=AFTER + DAY,
            amount=Decimal("5.00"), currency="EUR", granted_on=ASSEMBLY)),
        ("opened_on", lambda: scene.vote(other, opened_on=AFTER)),
        ("submitted_on", lambda: scene.proposal(submitted_on=AFTER)),
        ("established_on", lambda: app.establish_charter(
            process_id=scene.process, title="Late", established_on=AFTER)),
        ("held_on", lambda: scene.gathering(held_on=AFTER)),
        ("made_on", lambda: scene.commitment(made_on=AFTER, due_on=AFTER)),
        ("joined_on", lambda: app.add_participant(scene.process, actor_id=scene.funder,
                                                  role="funder", joined_on=AFTER)),
        ("started_on", lambda: app.start_phase(scene.process, name="After",
                                               started_on=AFTER)),
    ]
    for field, attempt in attempts:
        with refused(app, RuleViolation, field=field):
            attempt()


def test_a_vote_opened_before_the_conclusion_still_takes_ballots_and_closes_on_time(scene):
    vote = scene.vote(scene.proposal(), opened_on=ASSEMBLY)
    conclude(scene)
    scene.app.cast_ballot(vote, voter_id=scene.ini, choice="yes")
    scene.app.close_vote(vote, closed_on=CONCLUDED)
    assert scene.get(vote).status == "closed"


def test_a_funding_granted_before_the_start_for_a_period_in_the_process_is_kept(scene):
    conclude(scene)
    funding = scene.app.grant_funding(
        funder_id=scene.funder, recipient_id=scene.ini, process_id=scene.process,
        logic="process", period_start=CONCLUDED, period_end=date(2030, 1, 1),
        amount=Decimal("5.00"), currency="EUR", granted_on=date(2020, 1, 1)).record.id
    scene.app.disburse(funding, amount=Decimal("5.00"), paid_on=CONCLUDED)
    assert scene.get(funding).disbursed == Decimal("5.00")
