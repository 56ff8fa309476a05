"""A refused command stores nothing: the global log and every record stay as they were."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest

from ledger.errors import (
    InvalidValue,
    LedgerError,
    NotFound,
    RuleViolation,
    StaleVersion,
    UnknownReference,
)
from tests.domain.support import ASSEMBLY, LATER, Scene, refused


def test_the_refusal_check_notices_a_command_that_stored_something(scene):
    # The check every refusal test relies on must be able to fail.
    with (pytest.raises(AssertionError, match="stored events"),
          refused(scene.app, RuleViolation)):
        scene.proposal()
        raise RuleViolation("refused after writing")


def test_a_sample_of_refusals_of_every_kind_leaves_the_global_log_unchanged(scene):
    proposal = scene.proposal()
    vote = scene.vote(proposal)
    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")
    funding = scene.funding(amount=Decimal("10.00"))
    refusals = [
        (RuleViolation, lambda: scene.app.cast_ballot(vote, voter_id=scene.anna, choice="no")),
        (RuleViolation, lambda: scene.app.disburse(funding, amount=Decimal("10.01"),
                                                   paid_on=LATER)),
        (NotFound, lambda: scene.app.close_vote(uuid4(), closed_on=ASSEMBLY)),
        (UnknownReference, lambda: scene.app.cast_ballot(vote, voter_id=uuid4(), choice="no")),
        (InvalidValue, lambda: scene.app.cast_ballot(vote, voter_id=scene.ben, choice="blank")),
        (StaleVersion, lambda: scene.app.close_vote(vote, closed_on=ASSEMBLY, if_match=2)),
    ]
    before = scene.app.recorder.max_notification_id()

    for error, command in refusals:
        with pytest.raises(error):
            command()

    assert scene.app.recorder.max_notification_id() == before
    assert scene.get(vote).version == 1  # the ballot is a record of its own


def test_a_refused_close_leaves_the_vote_open_and_its_subject_undecided(persistent_store):
    # Closing checks the vote first and the proposal second: the refusal must undo neither.
    app = persistent_store.open()
    scene = Scene.build(app)
    proposal = scene.proposal()
    vote = scene.vote(proposal)
    app.count_tally(vote, yes=5, no=0, abstain=0)
    app.withdraw_proposal(proposal, withdrawn_on=ASSEMBLY)
    versions = {id: app.repository.get(id).version for id in (vote, proposal, scene.charter)}

    with refused(app, RuleViolation):
        app.close_vote(vote, closed_on=ASSEMBLY)

    reader = persistent_store.open()
    assert {id: reader.repository.get(id).version for id in versions} == versions
    assert (reader.repository.get(vote).status, reader.repository.get(vote).result) == (
        "open", None)
    assert reader.repository.get(proposal).status == "withdrawn"


def test_a_refused_amendment_stores_neither_the_amendment_nor_its_filing(scene):
    proposal = scene.proposal()
    scene.decide(proposal)
    version = scene.get(proposal).version

    with refused(scene.app, RuleViolation):
        scene.amendment(proposal, submitted_on=LATER)

    assert scene.get(proposal).version == version
    assert scene.get(proposal).amendment_ids == []


def test_every_refusal_is_a_ledger_error_with_a_title():
    for error in (RuleViolation, NotFound, UnknownReference, InvalidValue, StaleVersion):
        assert issubclass(error, LedgerError)
        assert error("x").title != LedgerError.title
