"""Processes and cooperations: participants once, phases in order, concluded once and for all."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ledger.errors import InvalidValue, RuleViolation
from tests.domain.support import ASSEMBLY, LATER, PROCESS_START, SUBMITTED, refused

DAY = timedelta(days=1)


def test_an_actor_takes_part_in_a_process_once(scene):
    scene.app.add_participant(scene.process, actor_id=scene.ini, role="host",
                              joined_on=PROCESS_START)

    with refused(scene.app, RuleViolation, field="actor_id"):
        scene.app.add_participant(scene.process, actor_id=scene.ini, role="member",
                                  joined_on=ASSEMBLY)

    assert scene.get(scene.process).participants == [
        {"actor_id": scene.ini, "role": "host", "joined_on": PROCESS_START},
    ]


def test_phases_follow_one_another_in_order(scene):
    scene.app.start_phase(scene.process, name="Listening", started_on=PROCESS_START)
    scene.app.start_phase(scene.process, name="Deciding", started_on=ASSEMBLY)

    with refused(scene.app, RuleViolation, field="started_on"):
        scene.app.start_phase(scene.process, name="Back to listening", started_on=SUBMITTED)

    assert scene.get(scene.process).phases == [
        {"name": "Listening", "started_on": PROCESS_START},
        {"name": "Deciding", "started_on": ASSEMBLY},
    ]


def test_a_process_is_concluded_once(scene):
    scene.app.conclude_process(scene.process, concluded_on=LATER, summary="Charter written.")

    with refused(scene.app, RuleViolation):
        scene.app.conclude_process(scene.process, concluded_on=LATER + DAY, summary="Again.")

    process = scene.get(scene.process)
    assert (process.status, process.concluded_on, process.summary) == (
        "concluded", LATER, "Charter written.")


def test_nothing_is_added_to_a_concluded_process(scene):
    scene.app.conclude_process(scene.process, concluded_on=LATER, summary="Done.")

    with refused(scene.app, RuleViolation):
        scene.app.add_participant(scene.process, actor_id=scene.anna, role="member",
                                  joined_on=ASSEMBLY)
    with refused(scene.app, RuleViolation):
        scene.app.start_phase(scene.process, name="Afterthought", started_on=ASSEMBLY)


def test_a_process_cannot_conclude_before_its_last_phase_began(scene):
    scene.app.start_phase(scene.process, name="Deciding", started_on=LATER)

    with refused(scene.app, RuleViolation, field="concluded_on"):
        scene.app.conclude_process(scene.process, concluded_on=LATER - DAY, summary="Done.")

    scene.app.conclude_process(scene.process, concluded_on=LATER, summary="Done.")


def test_a_process_cannot_conclude_before_its_last_participant_joined(scene):
    scene.app.add_participant(scene.process, actor_id=scene.anna, role="member",
                              joined_on=LATER)

    with refused(scene.app, RuleViolation, field="concluded_on"):
        scene.app.conclude_process(scene.process, concluded_on=LATER - DAY, summary="Done.")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"level": "galaxy"}, "level", id="level"),
        pytest.param({"title": "  "}, "title", id="title"),
        pytest.param({"goals": {"open_assemblies_per_year": -1}}, "goals", id="negative-goal"),
        pytest.param({"goals": {"open_assemblies_per_year": 1.5}}, "goals", id="fractional-goal"),
    ],
)
def test_a_process_with_unacceptable_values_is_refused(refusal_scene, changes, field):
    values = {"title": "P", "level": "street", "started_on": PROCESS_START, **changes}

    with refused(refusal_scene.app, InvalidValue, field=field):
        refusal_scene.app.start_process(**values)


def test_a_gathering_with_negative_attendance_or_unknown_format_is_refused(refusal_scene):
    s = refusal_scene
    with refused(s.app, InvalidValue, field="attendance"):
        s.app.record_gathering(process_id=s.process, format="open_assembly",
                               title="A", held_on=ASSEMBLY, attendance=-1)
    with refused(s.app, InvalidValue, field="format"):
        s.app.record_gathering(process_id=s.process, format="picnic",
                               title="A", held_on=ASSEMBLY)


def test_a_cooperation_joins_exactly_two_different_actors(refusal_scene):
    s = refusal_scene
    for actor_ids in ([s.ini], [s.ini, s.ini], [s.ini, s.office, s.anna]):
        with refused(s.app, InvalidValue, field="actor_ids"):
            s.app.start_cooperation(actor_ids=actor_ids, kind="partnership",
                                    started_on=ASSEMBLY)


def test_a_cooperation_runs_until_it_ends_once(scene):
    cooperation = scene.app.start_cooperation(
        actor_ids=[scene.ini, scene.office], kind="joint_action", started_on=ASSEMBLY,
        process_id=scene.process,
    ).record.id
    assert scene.get(cooperation).status == "running"

    scene.app.end_cooperation(cooperation, ended_on=LATER)

    with refused(scene.app, RuleViolation):
        scene.app.end_cooperation(cooperation, ended_on=LATER + DAY)
    stored = scene.get(cooperation)
    assert (stored.status, stored.started_on, stored.ended_on) == ("ended", ASSEMBLY, LATER)
    assert (stored.actor_ids, stored.process_id) == ([scene.ini, scene.office], scene.process)


def test_an_unknown_actor_kind_or_empty_name_is_refused(refusal_scene):
    with refused(refusal_scene.app, InvalidValue, field="kind"):
        refusal_scene.app.register_actor(kind="alien", name="Zork")
    with refused(refusal_scene.app, InvalidValue, field="name"):
        refusal_scene.app.register_actor(kind="person", name=" ")
