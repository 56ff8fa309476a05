"""The charter on any day, as recorded at any moment, its Markdown and its diff."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from queries.charter import charter_diff, charter_info, charter_markdown, charter_text
from tests.projections.scenario import D


def clauses(answer: dict) -> list[tuple]:
    return [(c["number"], c["clause_id"], c["heading"], c["text"]) for c in answer["clauses"]]


def test_before_the_first_decision_the_charter_is_empty(world):
    s = world.s
    assert charter_text(world.db, s.charter, on=D("2022-02-28")) == {
        "charter_id": str(s.charter), "on": "2022-02-28", "clauses": [],
    }
    # Before it was even established: still the charter, with nothing in it.
    assert charter_text(world.db, s.charter, on=D("2021-12-31"))["clauses"] == []


def test_on_the_day_of_a_decision_its_clauses_are_in_effect_with_provenance(world):
    s = world.s
    answer = charter_text(world.db, str(s.charter), on=D("2022-03-01"))
    assert answer["on"] == "2022-03-01"
    assert answer["clauses"] == [
        {
            "clause_id": str(s.clause_a), "number": 1, "heading": "Grünflächen",
            "text": "Wir begrünen und entsiegeln.",
            "adopted_by": {
                "proposal_id": str(s.prop1), "amendment_ids": [str(s.am1)],
                "vote_id": str(s.vote1), "gathering_id": str(s.g1), "decided_on": "2022-03-01",
            },
        },
        {
            "clause_id": str(s.clause_b), "number": 2, "heading": "Verkehr",
            "text": "Tempo 30 überall.",
            # Amendment 2 was withdrawn and amendment 3 rejected: neither gave it words.
            "adopted_by": {
                "proposal_id": str(s.prop2), "amendment_ids": [],
                "vote_id": str(s.vote2), "gathering_id": str(s.g1), "decided_on": "2022-03-01",
            },
        },
    ]


def test_replacements_and_repeals_take_effect_on_their_day(world):
    s, db = world.s, world.db
    # Minutes of 2022-06-01 entered last: E added and A replaced from that day on.
    assert clauses(charter_text(db, s.charter, on=D("2022-06-15"))) == [
        (1, str(s.clause_a), "Grün und Pflege", "Wir gießen im Sommer."),
        (2, str(s.clause_b), "Verkehr", "Tempo 30 überall."),
        (3, str(s.clause_e), "Nachbarschaft", "Wir helfen einander."),
    ]
    # 2022-09-01: A replaced again (its decision is later by domain date, though recorded
    # earlier), B repealed, D added; "Lärm" was rejected and never appears.
    assert clauses(charter_text(db, s.charter, on=D("2022-12-31"))) == [
        (1, str(s.clause_a), "Grün und Pflege", "Wir begrünen, entsiegeln und pflegen."),
        (2, str(s.clause_d), "Kultur", "Wir feiern zusammen."),
        (3, str(s.clause_e), "Nachbarschaft", "Wir helfen einander."),
    ]
    today = charter_text(db, s.charter)
    assert today["on"] == date.today().isoformat()
    assert clauses(today) == [
        (1, str(s.clause_a), "Grün und Pflege", "Wir begrünen, entsiegeln und pflegen."),
        (2, str(s.clause_e), "Nachbarschaft", "Wir helfen einander."),
    ]
    by = today["clauses"][0]["adopted_by"]
    assert (by["proposal_id"], by["vote_id"], by["gathering_id"], by["decided_on"]) == (
        str(s.prop5), str(s.vote5), str(s.g2), "2022-09-01")


def test_as_of_shows_what_the_ledger_had_recorded_then(world):
    s, db = world.s, world.db
    moment = s.moments["after_september"]
    # D's repeal and the late minutes of 2022-06-01 were not recorded yet.
    expected = [
        (1, str(s.clause_a), "Grün und Pflege", "Wir begrünen, entsiegeln und pflegen."),
        (2, str(s.clause_d), "Kultur", "Wir feiern zusammen."),
    ]
    assert clauses(charter_text(db, s.charter, on=D("2023-06-01"), as_of=moment)) == expected
    # Without a day: the day of that moment, by which all these decisions had been taken.
    alone = charter_text(db, s.charter, as_of=moment)
    assert alone["on"] == moment.astimezone(UTC).date().isoformat()
    assert clauses(alone) == expected
    # A naive moment is UTC.
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    assert clauses(charter_text(db, s.charter, as_of=naive)) == expected
    # Both questions at once: on 2022-08-01 as recorded then (before the late minutes).
    assert clauses(charter_text(db, s.charter, on=D("2022-08-01"), as_of=moment)) == [
        (1, str(s.clause_a), "Grünflächen", "Wir begrünen und entsiegeln."),
        (2, str(s.clause_b), "Verkehr", "Tempo 30 überall."),
    ]
    # Before the charter was recorded, the ledger did not know it.
    assert charter_text(db, s.charter, as_of=s.moments["before_charter"]) is None


def test_unknown_charters(world):
    db = world.db
    assert charter_text(db, uuid.uuid4()) is None
    assert charter_text(db, "not-a-uuid", on=D("2022-01-01")) is None
    assert charter_diff(db, uuid.uuid4(), D("2022-01-01"), D("2023-01-01")) is None
    assert charter_info(db, world.s.p) is None  # a process is not a charter


def test_charter_info(world):
    s = world.s
    assert charter_info(world.db, s.charter) == {
        "charter_id": str(s.charter), "process_id": str(s.p),
        "title": "Kiez-Charta Reuterkiez", "established_on": "2022-01-20",
    }
    later = datetime(2100, 1, 1, tzinfo=UTC)
    assert charter_info(world.db, s.charter, as_of=later)["title"] == "Kiez-Charta Reuterkiez"


def test_diff_names_each_clause_that_changed(world):
    s = world.s
    assert charter_diff(world.db, s.charter, D("2022-03-01"), D("2023-06-01")) == {
        "from": "2022-03-01",
        "to": "2023-06-01",
        # D, added and repealed in between, is not a change.
        "changes": [
            {"clause_id": str(s.clause_a), "heading": "Grün und Pflege", "change": "replaced",
             "before": "Wir begrünen und entsiegeln.",
             "after": "Wir begrünen, entsiegeln und pflegen."},
            {"clause_id": str(s.clause_b), "heading": "Verkehr", "change": "repealed",
             "before": "Tempo 30 überall.", "after": None},
            {"clause_id": str(s.clause_e), "heading": "Nachbarschaft", "change": "added",
             "before": None, "after": "Wir helfen einander."},
        ],
    }


def test_diff_of_a_day_with_itself_and_backwards(world):
    s, db = world.s, world.db
    assert charter_diff(db, s.charter, D("2022-12-31"), D("2022-12-31"))["changes"] == []
    back = charter_diff(db, s.charter, D("2022-09-01"), D("2022-03-01"))
    assert [(c["clause_id"], c["change"]) for c in back["changes"]] == [
        (str(s.clause_a), "replaced"), (str(s.clause_b), "added"),
        (str(s.clause_d), "repealed"), (str(s.clause_e), "repealed"),
    ]
    # Only the heading changed (2022-06-01 -> 2022-09-01 kept it, text differs) is replaced.
    assert [c["change"] for c in charter_diff(db, s.charter, D("2022-06-01"),
                                              D("2022-06-02"))["changes"]] == []


def test_markdown(world):
    s = world.s
    text = charter_text(world.db, s.charter, on=D("2022-03-01"))
    md = charter_markdown(text, "Kiez-Charta Reuterkiez")
    assert md.startswith("# Kiez-Charta Reuterkiez\n")
    assert "## 1. Grünflächen\n\nWir begrünen und entsiegeln.\n" in md
    assert "## 2. Verkehr\n\nTempo 30 überall.\n" in md
    assert f"as amended by `{s.am1}`" in md
    assert f"vote `{s.vote1}`" in md and "Adopted on 2022-03-01" in md
    empty = charter_markdown(charter_text(world.db, s.charter, on=D("2022-01-01")), "T")
    assert "No clauses are in effect" in empty


def test_a_change_dated_before_its_clause_was_added_takes_effect_with_it(fresh_world):
    w, s = fresh_world, fresh_world.s
    # Clause E was added on 2022-06-01 (minutes entered late); a replacement decided at
    # gathering 1 on 2022-03-01 is recorded now: a slip the ledger cannot refuse.
    proposal = w.app.submit_proposal(
        process_id=s.p, title="Nachbarschaft neu", text="Wir helfen einander gern.",
        author_ids=[s.bea], submitted_on=D("2022-02-01"), charter_id=s.charter,
        clause={"action": "replace", "clause_id": s.clause_e}).record.id
    vote = w.app.open_vote(subject_type="proposal", subject_id=proposal, gathering_id=s.g1,
                           method="consent", opened_on=D("2022-03-01")).record.id
    w.app.close_vote(vote, closed_on=D("2022-03-01"))
    w.runner.catch_up()
    assert str(s.clause_e) not in {c[1] for c in clauses(
        charter_text(w.db, s.charter, on=D("2022-04-01")))}
    on_addition = {c["clause_id"]: c for c in charter_text(w.db, s.charter,
                                                          on=D("2022-06-01"))["clauses"]}
    clause = on_addition[str(s.clause_e)]
    assert clause["text"] == "Wir helfen einander gern."
    assert clause["adopted_by"]["proposal_id"] == str(proposal)
    assert clause["adopted_by"]["decided_on"] == "2022-03-01"  # the decision's own day


def _decide(w, s, clause: dict, text: str, on: str) -> None:
    """A proposal that changes the charter, decided by consent at a gathering on `on`."""
    gathering = w.app.record_gathering(process_id=s.p, format="open_assembly",
                                       title=f"Versammlung {on}", held_on=D(on),
                                       attendance=12).record.id
    proposal = w.app.submit_proposal(
        process_id=s.p, title=f"Änderung {on}", text=text, author_ids=[s.ini],
        submitted_on=D(on), charter_id=s.charter, clause=clause).record.id
    vote = w.app.open_vote(subject_type="proposal", subject_id=proposal,
                           gathering_id=gathering, method="consent",
                           opened_on=D(on)).record.id
    w.app.close_vote(vote, closed_on=D(on))


def test_as_of_the_very_moment_a_decision_was_recorded_includes_it(fresh_world):
    w, s = fresh_world, fresh_world.s
    _decide(w, s, {"action": "replace", "clause_id": s.clause_a}, "Wir pflanzen Bäume.",
            "2024-05-01")
    w.runner.catch_up()
    recorded = w.app.history(s.charter)[-1].timestamp  # the moment the ledger stored it
    at = {c["clause_id"]: c["text"] for c in charter_text(
        w.db, s.charter, on=D("2024-06-01"), as_of=recorded)["clauses"]}
    just_before = {c["clause_id"]: c["text"] for c in charter_text(
        w.db, s.charter, on=D("2024-06-01"),
        as_of=recorded - timedelta(microseconds=1))["clauses"]}
    assert at[str(s.clause_a)] == "Wir pflanzen Bäume."
    assert just_before[str(s.clause_a)] != "Wir pflanzen Bäume."


def test_a_repeal_recorded_after_a_later_dated_replacement_is_final(fresh_world):
    w, s = fresh_world, fresh_world.s
    # First recorded: a replacement decided on 2024-05-01; then, from older minutes, a
    # repeal decided on 2024-02-01. The clause is gone from 2024-02-01 on, also after May.
    _decide(w, s, {"action": "replace", "clause_id": s.clause_a}, "Wir pflanzen Bäume.",
            "2024-05-01")
    _decide(w, s, {"action": "repeal", "clause_id": s.clause_a}, "Grün ist Sache des Amts.",
            "2024-02-01")
    w.runner.catch_up()
    for day in ("2024-02-01", "2024-06-01", "2026-01-01"):
        ids = {c["clause_id"] for c in charter_text(w.db, s.charter, on=D(day))["clauses"]}
        assert str(s.clause_a) not in ids, day
    before = {c["clause_id"] for c in charter_text(w.db, s.charter, on=D("2024-01-31"))[
        "clauses"]}
    assert str(s.clause_a) in before
