"""Commitments: progress while open, fulfilled or withdrawn once, overdue derived by the day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ledger.errors import InvalidValue, RuleViolation
from tests.domain.support import ASSEMBLY, LATER, refused

DAY = timedelta(days=1)


@pytest.fixture
def commitment(scene):
    return scene.commitment(made_on=ASSEMBLY, due_on=LATER)


def test_progress_notes_are_kept_in_order(scene, commitment):
    scene.app.report_progress(commitment, reported_on=ASSEMBLY + DAY, note="Asked the school.")
    scene.app.report_progress(commitment, reported_on=ASSEMBLY + 9 * DAY, note="Plan drawn.")

    assert scene.get(commitment).progress == [
        {"reported_on": ASSEMBLY + DAY, "note": "Asked the school."},
        {"reported_on": ASSEMBLY + 9 * DAY, "note": "Plan drawn."},
    ]


def test_an_empty_progress_note_is_refused(scene, commitment):
    with refused(scene.app, InvalidValue, field="note"):
        scene.app.report_progress(commitment, reported_on=LATER, note="   ")


def test_a_fulfilled_commitment_takes_no_more_progress_fulfilment_or_withdrawal(scene, commitment):
    scene.app.fulfil_commitment(commitment, fulfilled_on=LATER, evidence="Photo of the yard")

    with refused(scene.app, RuleViolation):
        scene.app.report_progress(commitment, reported_on=LATER, note="More")
    with refused(scene.app, RuleViolation):
        scene.app.fulfil_commitment(commitment, fulfilled_on=LATER)
    with refused(scene.app, RuleViolation):
        scene.app.withdraw_commitment(commitment, withdrawn_on=LATER, reason="Changed mind")

    assert scene.get(commitment).evidence == "Photo of the yard"


def test_a_withdrawn_commitment_takes_no_more_progress_fulfilment_or_withdrawal(scene, commitment):
    scene.app.withdraw_commitment(commitment, withdrawn_on=LATER, reason="No budget")

    with refused(scene.app, RuleViolation):
        scene.app.report_progress(commitment, reported_on=LATER, note="More")
    with refused(scene.app, RuleViolation):
        scene.app.fulfil_commitment(commitment, fulfilled_on=LATER)
    with refused(scene.app, RuleViolation):
        scene.app.withdraw_commitment(commitment, withdrawn_on=LATER, reason="Again")

    assert scene.get(commitment).withdrawal_reason == "No budget"


def test_withdrawing_needs_a_reason(scene, commitment):
    with refused(scene.app, InvalidValue, field="reason"):
        scene.app.withdraw_commitment(commitment, withdrawn_on=LATER, reason="")


def test_an_open_commitment_is_overdue_from_the_day_after_it_was_due(scene, commitment):
    stored = scene.get(commitment)

    assert stored.status_on(ASSEMBLY) == "open"
    assert stored.status_on(LATER) == "open"
    assert stored.status_on(LATER + DAY) == "overdue"


def test_a_fulfilled_or_withdrawn_commitment_is_never_overdue(scene, commitment):
    other = scene.commitment(made_on=ASSEMBLY, due_on=LATER)
    scene.app.fulfil_commitment(commitment, fulfilled_on=LATER)
    scene.app.withdraw_commitment(other, withdrawn_on=ASSEMBLY, reason="Merged")

    assert scene.get(commitment).status_on(LATER + 100 * DAY) == "fulfilled"
    assert scene.get(other).status_on(LATER + 100 * DAY) == "withdrawn"


def test_a_commitment_fulfilled_after_its_due_date_is_fulfilled_late(scene, commitment):
    on_time = scene.commitment(made_on=ASSEMBLY, due_on=LATER)
    scene.app.fulfil_commitment(commitment, fulfilled_on=LATER + DAY)
    scene.app.fulfil_commitment(on_time, fulfilled_on=LATER)

    assert scene.get(commitment).fulfilled_late is True
    assert scene.get(on_time).fulfilled_late is False
    assert scene.get(scene.commitment()).fulfilled_late is False


def test_a_commitment_may_name_the_proposal_and_gathering_it_came_from(scene):
    proposal = scene.proposal()
    commitment = scene.app.make_commitment(
        actor_id=scene.office, process_id=scene.process, description="Plant 20 trees",
        made_on=ASSEMBLY, due_on=LATER, proposal_id=proposal, gathering_id=scene.assembly,
    ).record

    stored = scene.get(commitment.id)
    assert (stored.proposal_id, stored.gathering_id, stored.process_id) == (
        proposal, scene.assembly, scene.process)
