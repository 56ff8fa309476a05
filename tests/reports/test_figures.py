"""Every figure of both reports against the hand-computed scenario (tests/reports/scenario.py),
on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger.errors import InvalidValue, NotFound
from projections.facts import FactsProjection, cents, money
from queries.reports import accountability_report, funding_report
from queries.reports.figures import facts_timeline, snapshot
from tests.reports.scenario import FROM, P_FIGURES, Q_FIGURES, TO

FIGURE_KEYS = ("continuity", "gatherings", "attendance", "decisions", "commitments",
               "cooperations_started", "charter_changes", "participants")


def figures(d: dict) -> dict:
    return {k: d[k] for k in FIGURE_KEYS}


# -- the funding report ----------------------------------------------------------------------


def test_funding_report_is_exactly_the_hand_computed_one(store):
    w = store.world
    report = funding_report(store.db, w["funder"], FROM, TO)
    assert report == {
        "funder": {"id": w.s("funder"), "name": "Stiftung Nachbarschaft"},
        "period": {"from": "2022-01-01", "to": "2024-06-30"},
        "fundings": [
            {   # F3 (2019-2020, nothing paid in the period) and F4 (another funder) are not here
                "funding_id": w.s("F1"),
                "process": {"id": w.s("P"), "title": "Kiez-Charta Wrangelkiez"},
                "logic": "process",
                "amount": "90000.00",
                "currency": "EUR",
                # 22500.50 on the first day + 15000.25 on the last; not 2021-12-20, 2024-07-01
                "disbursed": "37500.75",
                **P_FIGURES,
                "indicators": [],  # declares none (tests/api/test_report_indicators.py)
            },
            {
                "funding_id": w.s("F2"),
                "process": {"id": w.s("Q"), "title": "Energiewende Reuterkiez"},
                "logic": "project",
                "amount": "5000.00",
                "currency": "EUR",
                "disbursed": "5000.00",
                **Q_FIGURES,       # a goal of zero: met every year, without any assembly
                "indicators": [],
            },
        ],
    }


def test_funding_report_accepts_strings_and_ids_as_text(store):
    w = store.world
    as_dates = funding_report(store.db, w["funder"], FROM, TO)
    as_text = funding_report(store.db, w.s("funder"), "2022-01-01", "2024-06-30")
    assert as_text == as_dates


def test_funding_report_of_another_funder_and_an_empty_period(store):
    w = store.world
    other = funding_report(store.db, w["funder2"], FROM, TO)
    assert [f["funding_id"] for f in other["fundings"]] == [w.s("F4")]
    assert other["fundings"][0]["amount"] == "1234.56"
    assert other["fundings"][0]["disbursed"] == "0.00"
    # A funder with no funding in the period: known, but no fundings.
    assert funding_report(store.db, w["funder"], "2030-01-01", "2030-12-31")["fundings"] == []
    # An old funding shows when its period overlaps: F3 ran 2019-2020.
    old = funding_report(store.db, w["funder"], "2020-06-01", "2020-06-30")
    assert [f["funding_id"] for f in old["fundings"]] == [w.s("F3")]


def test_funding_report_limited_to_a_scope(store):
    w = store.world
    scoped = funding_report(store.db, w["funder"], FROM, TO, process_ids={w.s("Q")})
    assert [f["funding_id"] for f in scoped["fundings"]] == [w.s("F2")]
    assert funding_report(store.db, w["funder"], FROM, TO, process_ids=set())["fundings"] == []


def test_unknown_subjects_and_bad_periods_are_refused(store):
    w = store.world
    with pytest.raises(NotFound):
        funding_report(store.db, "0b6a43f6-4b9f-4bd5-9f1b-8d2b8f8b8b8b", FROM, TO)
    with pytest.raises(NotFound):
        funding_report(store.db, "not-a-uuid", FROM, TO)
    with pytest.raises(NotFound):
        accountability_report(store.db, "0b6a43f6-4b9f-4bd5-9f1b-8d2b8f8b8b8b", FROM, TO)
    with pytest.raises(InvalidValue):
        funding_report(store.db, w["funder"], TO, FROM)
    with pytest.raises(InvalidValue):
        accountability_report(store.db, w["P"], "2022-13-01", TO)


# -- the accountability report ---------------------------------------------------------------


def test_accountability_report_has_the_same_figures_top_level(store):
    w = store.world
    report = accountability_report(store.db, w["P"], FROM, TO)
    assert report["process"] == {"id": w.s("P"), "title": "Kiez-Charta Wrangelkiez"}
    assert report["period"] == {"from": "2022-01-01", "to": "2024-06-30"}
    assert figures(report) == P_FIGURES
    assert figures(accountability_report(store.db, w["Q"], FROM, TO)) == Q_FIGURES
    # Its fundings, every funder's: F4 (granted first) and F1; F3 is outside the period.
    assert report["fundings"] == [
        {"funding_id": w.s("F4"), "funder": {"id": w.s("funder2"), "name": "Förderverein Süd"},
         "logic": "process", "amount": "1234.56", "currency": "EUR", "disbursed": "0.00"},
        {"funding_id": w.s("F1"),
         "funder": {"id": w.s("funder"), "name": "Stiftung Nachbarschaft"},
         "logic": "process", "amount": "90000.00", "currency": "EUR", "disbursed": "37500.75"},
    ]
    assert "series" not in report


def test_commitments_with_their_status_at_the_end_of_the_period(store):
    w = store.world
    listed = accountability_report(store.db, w["P"], FROM, TO)["commitment_list"]
    by_id = {c["commitment_id"]: c for c in listed}
    # c7 was made and fulfilled before the period: not listed. Ordered by due date.
    assert [c["commitment_id"] for c in listed] == [
        w.s(n) for n in ("c6", "c1", "c2", "c4", "c3", "c8", "c5")]
    status = {name: (by_id[w.s(name)]["status"], by_id[w.s(name)]["fulfilled_late"])
              for name in ("c1", "c2", "c3", "c4", "c5", "c6", "c8")}
    assert status == {
        "c1": ("fulfilled", True),     # due 2022-06-30, fulfilled 2022-08-01
        "c2": ("fulfilled", False),    # fulfilled on its due day
        "c3": ("overdue", False),      # fulfilled only on 2024-09-01, after the period
        "c4": ("withdrawn", False),
        "c5": ("open", False),         # made on the last day
        "c6": ("overdue", False),      # since 2021
        "c8": ("open", False),         # due on the last day: not yet overdue
    }
    c3 = by_id[w.s("c3")]
    assert c3["fulfilled_on"] is None          # what happened after the period is not shown
    assert by_id[w.s("c1")]["fulfilled_on"] == "2022-08-01"
    assert by_id[w.s("c4")]["withdrawn_on"] == "2023-10-01"
    assert by_id[w.s("c1")]["actor"] == {
        "id": w.s("office"), "name": "Bezirksamt Friedrichshain-Kreuzberg"}
    assert by_id[w.s("c1")]["description"] == "Bänke aufstellen"


def test_charter_changes_with_their_provenance(store):
    w = store.world
    changes = accountability_report(store.db, w["P"], FROM, TO)["charter_change_list"]
    assert changes == [
        {"decided_on": "2022-01-01", "charter": {"id": w.s("charter"), "title": "Kiez-Charta"},
         "clause_id": str(w["clause"]), "change": "add", "heading": "Grün im Kiez",
         "provenance": {
             "proposal": {"id": w.s("pr1"), "title": "Grün im Kiez"}, "amendment_ids": [],
             "vote_id": w.s("v1"),
             # named by its day and result in the reports (anna, ben yes; cem no)
             "vote": {"id": w.s("v1"), "closed_on": "2022-01-01", "outcome": "adopted",
                      "yes": 2, "no": 1, "abstain": 0, "objections": 0},
             "gathering": {"id": w.s("g1"), "title": "g1 open_assembly 2022-01-01",
                           "held_on": "2022-01-01"},
             "decided_on": "2022-01-01"}},
        {"decided_on": "2024-06-30", "charter": {"id": w.s("charter"), "title": "Kiez-Charta"},
         "clause_id": str(w["clause"]), "change": "replace", "heading": "Mehr Grün im Kiez",
         "provenance": {
             "proposal": {"id": w.s("pr3"), "title": "Mehr Grün im Kiez"},
             "amendment_ids": [], "vote_id": w.s("v3"),
             "vote": {"id": w.s("v3"), "closed_on": "2024-06-30", "outcome": "adopted",
                      "yes": 1, "no": 0, "abstain": 1, "objections": 0},   # consent
             "gathering": {"id": w.s("g5"), "title": "g5 open_assembly 2024-06-30",
                           "held_on": "2024-06-30"},
             "decided_on": "2024-06-30"}},
    ]
    # Later, the repeal of 2024-07-02 shows with the heading the clause had.
    later = accountability_report(store.db, w["P"], "2024-07-01", "2024-12-31")
    assert [(c["change"], c["heading"], c["provenance"]["vote_id"])
            for c in later["charter_change_list"]] == [
        ("repeal", "Mehr Grün im Kiez", w.s("v4"))]


def test_accountability_timeline_from_the_facts(store):
    w = store.world
    report = accountability_report(store.db, w["P"], FROM, TO,
                                   timeline=lambda *args: 1 / 0)  # a broken read model
    entries = report["timeline"]
    assert entries and all(FROM.isoformat() <= e["on"] <= TO.isoformat() for e in entries)
    assert [e["on"] for e in entries] == sorted(e["on"] for e in entries)
    assert set(entries[0]) == {"on", "kind", "summary", "data", "ref"}
    kinds = {e["kind"] for e in entries}
    # The read model's kinds and data, with what the facts know.
    assert {"gathering_held", "vote_closed", "commitment_made", "commitment_fulfilled",
            "commitment_withdrawn", "cooperation_started", "clause_added",
            "clause_replaced"} <= kinds
    fulfilled = next(e for e in entries if e["kind"] == "commitment_fulfilled"
                     and e["ref"]["id"] == w.s("c1"))
    assert fulfilled["summary"] == ("Commitment fulfilled by Bezirksamt Friedrichshain-"
                                    "Kreuzberg: Bänke aufstellen (late, due 2022-06-30)")
    # g0 (before) and g6 (after) are not in it; g1 (first day) and g5 (last day) are.
    refs = {e["ref"]["id"] for e in entries}
    assert w.s("g1") in refs and w.s("g5") in refs
    assert w.s("g0") not in refs and w.s("g6") not in refs


def test_accountability_timeline_from_the_timeline_read_model(store):
    from projections.runner import ProjectionRunner
    from projections.timeline import TimelineProjection
    from queries.timeline import timeline as read_timeline

    ProjectionRunner(store.app, store.db, [TimelineProjection()]).catch_up()
    w = store.world
    entries = accountability_report(store.db, w["P"], FROM, TO)["timeline"]
    expected = read_timeline(store.db, w["P"], from_=FROM, to=TO)["entries"]
    assert entries == expected and entries


# -- the edges ---------------------------------------------------------------------------------


def test_the_first_and_last_day_count_and_the_days_beside_them_do_not(store):
    """One day less on each side drops everything dated on the period's first or last day."""
    w = store.world
    inner = funding_report(store.db, w["funder"], date(2022, 1, 2), date(2024, 6, 29))
    f1 = inner["fundings"][0]
    assert f1["funding_id"] == w.s("F1")
    assert f1["disbursed"] == "0.00"
    assert figures(f1) == {
        "continuity": [
            {"year": 2022, "open_assemblies": 1, "goal": 2, "met": False},   # g3 only
            {"year": 2023, "open_assemblies": 0, "goal": 2, "met": False},
            {"year": 2024, "open_assemblies": 0, "goal": 2, "met": False},   # g5 is out
        ],
        "gatherings": 3,                     # g2 g3 g4
        "attendance": 85,                    # 25 + 60
        "decisions": {"adopted": 1, "rejected": 2},   # va / v2 v5 (v1 and v3 are out)
        "commitments": {"made": 4,           # c2 c3 c4 c8 (c1 first day, c5 last day: out)
                        "fulfilled": 2, "fulfilled_late": 1,
                        "overdue": 2,        # c3 c6; c8 is due 2024-06-30, after 06-29
                        "withdrawn": 1,
                        "carried_over": 2,   # c1 (made on 2022-01-01), c6
                        "open": 1},          # c8: 4 + 2 = 2 + 1 + 2 + 1
        "cooperations_started": 0,           # k1 and k2 are out
        "charter_changes": 0,                # the add and the replace are out
        "participants": 6,                   # anna (pr3) ben cem ini office shop (c4)
    }
    # A period of exactly one day: the first day.
    day = accountability_report(store.db, w["P"], "2022-01-01", "2022-01-01")
    assert (day["gatherings"], day["attendance"], day["decisions"], day["cooperations_started"],
            day["charter_changes"], day["participants"]) == (
        1, 40, {"adopted": 1, "rejected": 0}, 1, 1, 4)   # anna ben cem voted; office committed
    assert day["commitments"] == {"made": 1, "fulfilled": 0, "fulfilled_late": 0,
                                  "overdue": 1, "withdrawn": 0,   # c1 made; c6 overdue
                                  "carried_over": 1, "open": 1}   # c6; c1 not yet due


def test_overdue_at_the_end_but_fulfilled_after_it(store):
    w = store.world
    at_end = accountability_report(store.db, w["P"], FROM, TO)
    assert at_end["commitments"]["overdue"] == 2            # c3 among them
    # The report up to the day c3 was fulfilled: fulfilled, late, no longer overdue.
    later = accountability_report(store.db, w["P"], "2024-07-01", "2024-09-01")
    assert later["commitments"] == {"made": 0, "fulfilled": 1, "fulfilled_late": 1,
                                    "overdue": 2,           # c6 still, c8 (due 2024-06-30)
                                    "withdrawn": 0,
                                    "carried_over": 4,      # c3 c5 c6 c8, made before
                                    "open": 1}              # c5, due 2024-12-31
    c3 = next(c for c in later["commitment_list"] if c["commitment_id"] == w.s("c3"))
    assert (c3["status"], c3["fulfilled_on"], c3["fulfilled_late"]) == (
        "fulfilled", "2024-09-01", True)


def test_continuity_outside_the_process_life_and_without_a_goal(store):
    w = store.world
    # R: goal 1, ran from 2022-03-01 until its conclusion on 2023-05-01.
    r = accountability_report(store.db, w["R"], "2021-01-01", "2024-12-31")
    assert r["continuity"] == [
        {"year": 2021, "open_assemblies": 0, "goal": None, "met": None},   # not started
        {"year": 2022, "open_assemblies": 1, "goal": 1, "met": True},
        {"year": 2023, "open_assemblies": 0, "goal": 1, "met": False},     # concluded in May
        {"year": 2024, "open_assemblies": 0, "goal": None, "met": None},   # concluded
    ]
    # S: no goal at all.
    s = accountability_report(store.db, w["S"], FROM, TO)
    assert [(c["goal"], c["met"]) for c in s["continuity"]] == [(None, None)] * 3
    # P before it started (2021-06-01): 2020 is not judged, 2021 is.
    p = accountability_report(store.db, w["P"], "2020-07-01", "2021-12-31")
    assert p["continuity"] == [
        {"year": 2020, "open_assemblies": 0, "goal": None, "met": None},
        {"year": 2021, "open_assemblies": 1, "goal": 2, "met": False},     # g0
    ]


def test_detail_adds_the_chart_series_and_lists(store):
    w = store.world
    report = funding_report(store.db, w["funder"], FROM, TO, detail=True)
    f1 = report["fundings"][0]
    assert f1["series"]["attendance"] == [
        {"on": "2022-01-01", "format": "open_assembly", "attendance": 40},
        {"on": "2022-05-10", "format": "future_workshop", "attendance": 25},
        {"on": "2022-09-15", "format": "open_assembly", "attendance": 60},
        {"on": "2023-04-01", "format": "summit", "attendance": None},
        {"on": "2024-06-30", "format": "open_assembly", "attendance": 70},
    ]
    # k0 started before the period; k1 on its first day; k2 on its last day.
    assert f1["series"]["network"] == [
        {"on": "2022-01-01", "total": 1}, {"on": "2022-01-01", "total": 2},
        {"on": "2024-06-30", "total": 3}]
    assert len(f1["commitment_list"]) == 7 and len(f1["charter_change_list"]) == 2
    assert f1["timeline"]
    assert figures(f1) == P_FIGURES


# -- the projection ----------------------------------------------------------------------------


def _facts_tables(db) -> dict:
    from projections.facts import TABLES

    return {t: sorted(db.fetchall(f"SELECT * FROM {t}"), key=repr) for t in TABLES}


def test_batch_size_does_not_change_the_facts(store):
    small = _facts_tables(store.db)                     # caught up in batches of 7
    store.runner.rebuild(["facts"], batch_size=1)
    assert _facts_tables(store.db) == small
    store.runner.rebuild(["facts"], batch_size=100_000)
    assert _facts_tables(store.db) == small
    assert small["facts_participation"] and small["facts_charter_changes"]


def test_new_events_are_counted_after_catching_up(store):
    w = store.world
    store.app.record_gathering(process_id=w["P"], format="open_assembly", title="Nachtrag",
                               held_on=date(2023, 11, 11), attendance=33)
    store.catch_up()
    report = accountability_report(store.db, w["P"], FROM, TO)
    assert report["continuity"][1] == {"year": 2023, "open_assemblies": 1, "goal": 2,
                                       "met": False}
    assert (report["gatherings"], report["attendance"]) == (6, 228)


def test_an_erased_person_is_no_longer_named(store):
    w = store.world
    store.app.erase_actor(w["anna"], reason="Auskunftsersuchen", erased_on=date(2024, 7, 1))
    store.app.erase_actor(w["office"], reason="Test", erased_on=date(2024, 7, 1))
    store.catch_up()
    listed = accountability_report(store.db, w["P"], FROM, TO)["commitment_list"]
    names = {c["actor"]["id"]: c["actor"]["name"] for c in listed}
    assert names[w.s("anna")] == "[erased]"
    assert names[w.s("office")] == "Bezirksamt Friedrichshain-Kreuzberg"   # not a person
    assert accountability_report(store.db, w["P"], FROM, TO)["participants"] == 6


def test_money_is_exact():
    assert cents(Decimal("22500.50")) == 2250050
    assert cents("0.01") == 1
    assert money(2250050 + 1500025) == "37500.75"
    assert money(0) == "0.00" and money(5) == "0.05" and money(-150) == "-1.50"
    with pytest.raises(ValueError):
        cents(Decimal("1.005"))


def test_projection_has_a_name_and_reads_in_one_snapshot(store):
    assert FactsProjection.name == "facts"
    with snapshot(store.db) as cur:
        assert facts_timeline(cur, "00000000-0000-0000-0000-000000000000", FROM, TO) == []
