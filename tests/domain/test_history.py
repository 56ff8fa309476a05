"""What is stored: who recorded each event and when, the same after a reload, and as of then."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from ledger import principal
from ledger.domain.charters import Charter
from ledger.domain.proposals import Proposal
from ledger.errors import NotFound, RuleViolation
from tests.domain.support import ASSEMBLY, LATER, SUBMITTED, Scene


def stored_events(app):
    """Every event in the global log, in order, as domain events."""
    notifications = app.recorder.select_notifications(start=1, limit=10_000)
    return [app.mapper.to_domain_event(n) for n in notifications]


def busy_history(scene: Scene) -> dict:
    """One of everything, so that every kind of event is stored; answers the ids made."""
    app = scene.app
    proposal = scene.proposal(text="Trees first.", clause={"action": "add", "heading": "Trees"})
    amendment = scene.amendment(proposal, text="Trees and benches first.")
    scene.decide(amendment, subject_type="amendment")
    vote = scene.vote(proposal, method="consent")
    app.cast_ballot(vote, voter_id=scene.anna, choice="yes")
    app.cast_ballot(vote, voter_id=scene.ben, choice="abstain")
    app.close_vote(vote, closed_on=ASSEMBLY)
    withdrawn = scene.proposal()
    app.withdraw_proposal(withdrawn, withdrawn_on=ASSEMBLY)
    commitment = scene.commitment()
    app.report_progress(commitment, reported_on=ASSEMBLY, note="Started.")
    app.fulfil_commitment(commitment, fulfilled_on=LATER + timedelta(days=3), evidence="Photo")
    funding = scene.funding(amount=Decimal("90000"))
    app.disburse(funding, amount=Decimal("30000.5"), paid_on=ASSEMBLY)
    cooperation = app.start_cooperation(actor_ids=[scene.ini, scene.office], kind="partnership",
                                        started_on=ASSEMBLY, process_id=scene.process).record.id
    app.end_cooperation(cooperation, ended_on=LATER)
    app.add_participant(scene.process, actor_id=scene.ini, role="host", joined_on=ASSEMBLY)
    app.start_phase(scene.process, name="Deciding", started_on=ASSEMBLY)
    app.conclude_process(scene.process, concluded_on=LATER, summary="Charter written.")
    return {
        "proposal": proposal, "amendment": amendment, "vote": vote, "withdrawn": withdrawn,
        "commitment": commitment, "funding": funding, "cooperation": cooperation,
        "process": scene.process, "charter": scene.charter, "assembly": scene.assembly,
        "anna": scene.anna, "ben": scene.ben, "ini": scene.ini, "office": scene.office,
        "funder": scene.funder,
    }


def test_every_stored_event_carries_who_recorded_it_and_when(ledger_app):
    before = datetime.now(UTC)
    with principal.recording_as("kiez-hilft-editor"):
        busy_history(Scene.build(ledger_app))
    after = datetime.now(UTC)

    events = stored_events(ledger_app)
    assert len(events) == ledger_app.recorder.max_notification_id() >= 30
    assert {e.recorded_by for e in events} == {"kiez-hilft-editor"}
    assert all(before <= e.timestamp <= after for e in events)
    timestamps = [e.timestamp for e in events]
    assert timestamps == sorted(timestamps)


def test_events_are_recorded_by_whoever_records_them_and_by_system_otherwise(scene):
    with principal.recording_as("anna"):
        proposal = scene.proposal()
        with principal.recording_as("moderator"):
            vote = scene.vote(proposal)
        scene.app.count_tally(vote, yes=3, no=0, abstain=0)
    scene.app.close_vote(vote, closed_on=ASSEMBLY)

    assert [(type(e).__name__, e.recorded_by) for e in scene.app.history(vote)] == [
        ("Opened", "moderator"), ("TallyCounted", "anna"), ("Closed", "system"),
    ]
    # The decision is stored with the vote that made it, by the same principal.
    assert [e.recorded_by for e in scene.app.history(proposal)] == ["anna", "system"]


def comparable(aggregate) -> dict:
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


def test_history_survives_a_round_trip_through_the_store(persistent_store):
    writer = persistent_store.open()
    with principal.recording_as("editor"):
        ids = busy_history(Scene.build(writer))

    reader = persistent_store.open()

    assert reader.recorder.max_notification_id() == writer.recorder.max_notification_id()
    for name, id in ids.items():  # noqa: A001
        written, read = writer.repository.get(id), reader.repository.get(id)
        assert type(read) is type(written), name
        assert comparable(read) == comparable(written), name
        assert [(type(e).__qualname__, e.originator_version, e.timestamp, e.recorded_by)
                for e in reader.history(id)] == [
            (type(e).__qualname__, e.originator_version, e.timestamp, e.recorded_by)
            for e in writer.history(id)], name
    funding = reader.repository.get(ids["funding"])
    assert (str(funding.amount), str(funding.disbursed)) == ("90000.00", "30000.50")
    assert reader.repository.get(ids["commitment"]).fulfilled_late is True
    clause = reader.repository.get(ids["charter"]).clause_list()[0]
    assert clause["text"] == "Trees and benches first."
    assert clause["adopted_by"]["amendment_ids"] == [ids["amendment"]]
    assert clause["adopted_by"]["decided_on"] == ASSEMBLY


def test_a_reloaded_ledger_goes_on_enforcing_the_rules(persistent_store):
    writer = persistent_store.open()
    scene = Scene.build(writer)
    vote = scene.vote(scene.proposal())
    writer.cast_ballot(vote, voter_id=scene.anna, choice="yes")

    reader = persistent_store.open()
    with pytest.raises(RuleViolation):
        reader.cast_ballot(vote, voter_id=scene.anna, choice="no")
    reader.cast_ballot(vote, voter_id=scene.ben, choice="no")
    assert writer.ballots(writer.repository.get(vote)) == {scene.anna.hex: "yes",
                                                           scene.ben.hex: "no"}


def test_find_as_of_answers_what_the_ledger_knew_at_a_recorded_moment(scene):
    proposal = scene.proposal(text="Trees first.", clause={"action": "add", "heading": "Trees"})
    amendment = scene.amendment(proposal, text="Trees and benches first.")
    scene.decide(amendment, subject_type="amendment")
    scene.decide(proposal)
    submitted, filed, amended, adopted = (e.timestamp for e in scene.app.history(proposal))

    as_submitted = scene.app.find_as_of(Proposal, proposal, submitted)
    assert (as_submitted.version, as_submitted.text, as_submitted.amendment_ids) == (
        1, "Trees first.", [])
    between = submitted + (filed - submitted) / 2
    assert scene.app.find_as_of(Proposal, proposal, between).version == 1
    as_amended = scene.app.find_as_of(Proposal, proposal, amended)
    assert (as_amended.text, as_amended.status) == ("Trees and benches first.", "submitted")
    assert scene.app.find_as_of(Proposal, proposal, adopted).status == "adopted"
    now = scene.app.find_as_of(Proposal, proposal, datetime.now(UTC))
    assert comparable(now) == comparable(scene.get(proposal))

    assert scene.app.find_as_of(Charter, scene.charter, amended).clauses == {}
    assert len(scene.app.find_as_of(Charter, scene.charter, adopted).clauses) == 1


def test_find_as_of_before_a_record_was_recorded_is_not_found(scene):
    proposal = scene.proposal()
    first = scene.app.history(proposal)[0].timestamp

    with pytest.raises(NotFound):
        scene.app.find_as_of(Proposal, proposal, first - timedelta(microseconds=1))
    with pytest.raises(NotFound):
        scene.app.find_as_of(Charter, proposal, datetime.now(UTC))


def test_the_record_a_command_answers_with_is_the_state_the_store_rebuilds(scene):
    proposal = scene.proposal(clause={"action": "add", "heading": "Trees"})
    # Saved together with the proposal's AmendmentFiled event.
    amendment = scene.app.submit_amendment(proposal, author_ids=[scene.ben], text="Trees!",
                                           submitted_on=SUBMITTED).record
    vote = scene.vote(proposal)
    scene.app.count_tally(vote, yes=3, no=0, abstain=0)
    closed = scene.app.close_vote(vote, closed_on=ASSEMBLY).record  # saved with two others

    for answered in (amendment, closed):
        rebuilt = scene.get(answered.id)
        assert comparable(answered) == comparable(rebuilt)
        assert (answered.created_on, answered.modified_on) == (
            rebuilt.created_on, rebuilt.modified_on)


def test_the_events_of_one_decision_share_one_recorded_time(scene):
    proposal = scene.proposal(clause={"action": "add", "heading": "Trees"})
    vote = scene.decide(proposal)

    closed = scene.app.history(vote.id)[-1]
    adopted = scene.app.history(proposal)[-1]
    clause_added = scene.app.history(scene.charter)[-1]
    assert [type(e).__name__ for e in (closed, adopted, clause_added)] == [
        "Closed", "Adopted", "ClauseAdded"]
    assert closed.timestamp == adopted.timestamp == clause_added.timestamp
