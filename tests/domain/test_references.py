"""References to unknown ids, or to ids of the wrong kind, are refused and store nothing.

An id in a field of the command is an `UnknownReference` naming that field; the id of the
record the command acts on (the path id in the API) is `NotFound`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from ledger.errors import NotFound, RuleViolation, UnknownReference
from tests.domain.support import ASSEMBLY, CHARTER_DAY, LATER, SUBMITTED, refused

# Each runs a command from the scene `s` with one reference replaced by `ref`.
FIELD_REFERENCES = {
    "cooperation.actor_ids": (
        "actor_ids",
        lambda s, ref: s.app.start_cooperation(actor_ids=[s.ini, ref], kind="partnership",
                                               started_on=ASSEMBLY)),
    "cooperation.process_id": (
        "process_id",
        lambda s, ref: s.app.start_cooperation(actor_ids=[s.ini, s.office], kind="partnership",
                                               started_on=ASSEMBLY, process_id=ref)),
    "participant.actor_id": (
        "actor_id",
        lambda s, ref: s.app.add_participant(s.process, actor_id=ref, role="member",
                                             joined_on=ASSEMBLY)),
    "gathering.process_id": (
        "process_id",
        lambda s, ref: s.app.record_gathering(process_id=ref, format="open_assembly",
                                              title="A", held_on=ASSEMBLY)),
    "charter.process_id": (
        "process_id",
        lambda s, ref: s.app.establish_charter(process_id=ref, title="C",
                                               established_on=ASSEMBLY)),
    "proposal.process_id": (
        "process_id",
        lambda s, ref: s.app.submit_proposal(process_id=ref, title="T", text="x",
                                             author_ids=[s.anna], submitted_on=SUBMITTED)),
    "proposal.author_ids": (
        "author_ids",
        lambda s, ref: s.app.submit_proposal(process_id=s.process, title="T", text="x",
                                             author_ids=[s.anna, ref], submitted_on=SUBMITTED)),
    "proposal.charter_id": (
        "charter_id",
        lambda s, ref: s.app.submit_proposal(process_id=s.process, title="T", text="x",
                                             author_ids=[s.anna], submitted_on=SUBMITTED,
                                             charter_id=ref,
                                             clause={"action": "add", "heading": "H"})),
    "amendment.author_ids": (
        "author_ids",
        lambda s, ref: s.app.submit_amendment(s.open_proposal, author_ids=[ref], text="x",
                                              submitted_on=SUBMITTED)),
    "vote.subject_id": (
        "subject_id",
        lambda s, ref: s.vote(ref)),
    "vote.gathering_id": (
        "gathering_id",
        lambda s, ref: s.vote(s.open_proposal, gathering=ref)),
    "ballos.open_voter_id": (
        "voter_id",
        lambda s, ref: s.app.cast_ballot(s.open_vote, voter_id=ref, choice="yes")),
    "commitment.actor_id": (
        "actor_id",
        lambda s, ref: s.app.make_commitment(actor_id=ref, process_id=s.process,
                                             description="d", made_on=ASSEMBLY,
                                             due_on=LATER)),
    "commitment.process_id": (
        "process_id",
        lambda s, ref: s.app.make_commitment(actor_id=s.office, process_id=ref,
                                             description="d", made_on=ASSEMBLY,
                                             due_on=LATER)),
    "commitmens.open_proposal_id": (
        "proposal_id",
        lambda s, ref: s.app.make_commitment(actor_id=s.office, process_id=s.process,
                                             description="d", made_on=ASSEMBLY,
                                             due_on=LATER, proposal_id=ref)),
    "commitment.gathering_id": (
        "gathering_id",
        lambda s, ref: s.app.make_commitment(actor_id=s.office, process_id=s.process,
                                             description="d", made_on=ASSEMBLY,
                                             due_on=LATER, gathering_id=ref)),
    "funding.funder_id": (
        "funder_id",
        lambda s, ref: grant(s, funder_id=ref)),
    "funding.recipient_id": (
        "recipient_id",
        lambda s, ref: grant(s, recipient_id=ref)),
    "funding.process_id": (
        "process_id",
        lambda s, ref: grant(s, process_id=ref)),
}


def grant(s, **refs):
    fields = {"funder_id": s.funder, "recipient_id": s.ini, "process_id": s.process, **refs}
    return s.app.grant_funding(
        logic="process", period_start=date(2022, 1, 1), period_end=date(2022, 12, 31),
        amount=Decimal("1000.00"), currency="EUR", granted_on=CHARTER_DAY, **fields,
    )


@pytest.mark.parametrize("command", list(FIELD_REFERENCES))
def test_a_reference_to_an_unknown_id_is_refused_naming_its_field(refusal_scene, command):
    field, run = FIELD_REFERENCES[command]

    with refused(refusal_scene.app, UnknownReference, field=field):
        run(refusal_scene, uuid4())


@pytest.mark.parametrize("command", list(FIELD_REFERENCES))
def test_a_reference_to_an_id_of_the_wrong_kind_is_refused_naming_its_field(
    refusal_scene, command,
):
    field, run = FIELD_REFERENCES[command]

    # A real id, but a vote's, which none of these fields accepts.
    with refused(refusal_scene.app, UnknownReference, field=field):
        run(refusal_scene, refusal_scene.open_vote)


def test_an_actors_id_given_as_process_id_is_refused(refusal_scene):
    with refused(refusal_scene.app, UnknownReference, field="process_id"):
        refusal_scene.app.record_gathering(process_id=refusal_scene.anna, format="open_assembly",
                                           title="A", held_on=ASSEMBLY)


def test_an_amendments_id_given_as_a_proposal_subject_is_refused(scene):
    amendment = scene.amendment(scene.proposal())

    with refused(scene.app, UnknownReference, field="subject_id"):
        scene.vote(amendment, subject_type="proposal")


def test_a_gathering_of_another_process_cannot_hold_the_vote(scene):
    elsewhere = scene.gathering(process=scene.other_process())
    proposal = scene.proposal()

    with refused(scene.app, RuleViolation, field="gathering_id"):
        scene.vote(proposal, gathering=elsewhere)


def test_a_commitment_cannot_point_to_another_process_proposal(scene):
    other = scene.other_process()
    foreign = scene.proposal(process=other)

    with refused(scene.app, RuleViolation, field="proposal_id"):
        scene.app.make_commitment(actor_id=scene.office, process_id=scene.process,
                                  description="d", made_on=ASSEMBLY, due_on=LATER,
                                  proposal_id=foreign)


# Each acts on the record `id`: in the API the id is in the path.
PATH_COMMANDS = {
    "end_cooperation": lambda a, id: a.end_cooperation(id, ended_on=LATER),
    "add_participant": lambda a, id: a.add_participant(id, actor_id=uuid4(), role="r",
                                                       joined_on=LATER),
    "start_phase": lambda a, id: a.start_phase(id, name="n", started_on=LATER),
    "conclude_process": lambda a, id: a.conclude_process(id, concluded_on=LATER, summary="s"),
    "withdraw_proposal": lambda a, id: a.withdraw_proposal(id, withdrawn_on=LATER),
    "submit_amendment": lambda a, id: a.submit_amendment(id, author_ids=[uuid4()], text="t",
                                                         submitted_on=LATER),
    "withdraw_amendment": lambda a, id: a.withdraw_amendment(id, withdrawn_on=LATER),
    "cast_ballot": lambda a, id: a.cast_ballot(id, voter_id=uuid4(), choice="yes"),
    "count_tally": lambda a, id: a.count_tally(id, yes=1, no=0, abstain=0),
    "close_vote": lambda a, id: a.close_vote(id, closed_on=LATER),
    "report_progress": lambda a, id: a.report_progress(id, reported_on=LATER, note="n"),
    "fulfil_commitment": lambda a, id: a.fulfil_commitment(id, fulfilled_on=LATER),
    "withdraw_commitment": lambda a, id: a.withdraw_commitment(id, withdrawn_on=LATER,
                                                               reason="r"),
    "disburse": lambda a, id: a.disburse(id, amount=Decimal("1.00"), paid_on=LATER),
}


@pytest.mark.parametrize("command", list(PATH_COMMANDS))
def test_a_command_on_an_unknown_record_is_not_found(refusal_scene, command):
    with refused(refusal_scene.app, NotFound):
        PATH_COMMANDS[command](refusal_scene.app, uuid4())


@pytest.mark.parametrize("command", list(PATH_COMMANDS))
def test_a_command_on_a_record_of_another_kind_is_not_found(refusal_scene, command):
    # The scene's charter is none of the kinds these commands act on.
    with refused(refusal_scene.app, NotFound):
        PATH_COMMANDS[command](refusal_scene.app, refusal_scene.charter)
