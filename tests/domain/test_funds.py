"""A funding's books and a process's indicators: every refusal stores nothing; plan changes
and reversals are new records, never edits; a volunteer's name is erased with the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D
from uuid import UUID, uuid4

import pytest

from ledger.errors import InvalidValue, NotFound, RuleViolation, StaleVersion, UnknownReference
from ledger.personal import ERASED
from tests.domain.conftest import STORES, make_store
from tests.domain.support import Scene, refused

START, END = date(2022, 1, 1), date(2023, 12, 31)
LINES = [{"code": "honorare", "name": "Honorare", "planned": {"2022": D("1000.00")}},
         {"code": "eigen", "name": "Eigenmittel", "side": "income",
          "planned": {"2022": D("200.00")}}]


@dataclass
class Books:
    scene: Scene
    funding: UUID
    expenditure: UUID
    reversal: UUID
    indicator: UUID
    measurement: UUID
    corrected: UUID
    other_gathering: UUID

    @property
    def app(self):
        return self.scene.app


def spend(app, funding, **changes):
    body = {"paid_on": date(2022, 3, 1), "amount": D("100.00"), "line": "honorare",
            "payee": "Druckerei", "receipt_number": "B-new", "purpose": "Plakate"}
    body.update(changes)
    return app.book_expenditure(funding, **body)


@pytest.fixture(scope="module", params=STORES[:2])
def books(request, tmp_path_factory) -> Books:
    store = make_store(request, request.param, tmp_path_factory.mktemp("funds"))
    s = Scene.build(store.open())
    app = s.app
    funding = app.grant_funding(
        funder_id=s.funder, recipient_id=s.ini, process_id=s.process, logic="process",
        period_start=START, period_end=END, amount=D("5000.00"), currency="EUR",
        granted_on=date(2021, 12, 1)).record.id
    app.decide_plan(funding, decided_on=date(2021, 12, 10), reason="Antrag", lines=LINES)
    spent = spend(app, funding, receipt_number="B-1").record
    expenditure = UUID(next(iter(spent.entries)))
    spend(app, funding, receipt_number="B-2")
    second = UUID(next(k for k, e in app.repository.get(funding).entries.items()
                       if e["receipt_number"] == "B-2"))
    reversed_ = app.reverse_entry(funding, reverses=second, reversed_on=date(2022, 4, 1),
                                  reason="doppelt").record
    reversal = UUID(next(k for k, e in reversed_.entries.items() if e["kind"] == "reversal"))
    indicator = app.declare_indicator(process_id=s.process, name="Bäume", unit="Bäume",
                                      target_per_year=D("10"),
                                      counts_from=date(2022, 2, 1)).record.id
    m = app.measure(indicator, measured_on=date(2022, 3, 1), value=D("4"),
                    source={"kind": "gathering", "gathering_id": s.assembly}).record
    first = UUID(next(iter(m.measurements)))
    c = app.measure(indicator, measured_on=date(2022, 3, 1), value=D("5"),
                    source={"kind": "document", "document": "Liste"}, corrects=first).record
    other = s.other_process()
    other_gathering = s.gathering(process=other)
    books = Books(s, funding, expenditure, reversal, indicator, first,
                  UUID(next(k for k in c.measurements if k != str(first))), other_gathering)
    yield books
    store.close()


# -- the plan --------------------------------------------------------------------------------


@pytest.mark.parametrize("change, error, field", [
    ({"reason": " "}, InvalidValue, "reason"),
    ({"lines": []}, InvalidValue, "lines"),
    ({"lines": [{"code": "a b", "name": "X", "planned": {}}]}, InvalidValue, "lines"),
    ({"lines": [{"code": "x", "name": "", "planned": {}}]}, InvalidValue, "lines"),
    ({"lines": [{"code": "x", "name": "X", "side": "both", "planned": {}}]}, InvalidValue,
     "lines"),
    ({"lines": [{"code": "x", "name": "X", "planned": {"2022": D("-1.00")}}]}, InvalidValue,
     "lines"),
    ({"lines": [{"code": "x", "name": "X", "planned": {"zwei": D("1.00")}}]}, InvalidValue,
     "lines"),
    ({"lines": [{"code": "x", "name": "X", "planned": {"2025": D("1.00")}}]}, RuleViolation,
     "lines"),
    ({"lines": [LINES[0], LINES[0]]}, RuleViolation, "lines"),
    ({"lines": [{**LINES[1], "side": "expenditure"}]}, RuleViolation, "lines"),
    ({"decided_on": date(2021, 12, 5)}, RuleViolation, "decided_on"),  # before the last one
    ({"decided_on": date(2021, 11, 1)}, RuleViolation, "decided_on"),  # before the grant
])
def test_a_bad_plan_decision_is_refused(books, change, error, field):
    body = {"decided_on": date(2022, 6, 1), "reason": "Änderung", "lines": LINES, **change}
    with refused(books.app, error, field=field):
        books.app.decide_plan(books.funding, **body)


def test_a_plan_decision_on_a_stale_version_is_refused(books):
    with refused(books.app, StaleVersion):
        books.app.decide_plan(books.funding, decided_on=date(2022, 6, 1), reason="x",
                              lines=LINES, if_match=1)


# -- expenditures and income ------------------------------------------------------------------


@pytest.mark.parametrize("change, error, field", [
    ({"receipt_number": "B-1"}, RuleViolation, "receipt_number"),
    ({"paid_on": date(2021, 12, 31)}, RuleViolation, "paid_on"),  # before the period
    ({"paid_on": date(2024, 1, 1)}, RuleViolation, "paid_on"),  # after it
    ({"paid_on": date(2022, 1, 5)}, RuleViolation, "paid_on"),  # before the process began
    ({"currency": "USD"}, RuleViolation, "currency"),
    ({"line": "miete"}, RuleViolation, "line"),
    ({"line": "eigen"}, RuleViolation, "line"),  # an income line
    ({"amount": D("0.00")}, InvalidValue, "amount"),
    ({"amount": D("1.005")}, InvalidValue, "amount"),
    ({"payee": " "}, InvalidValue, "payee"),
    ({"purpose": ""}, InvalidValue, "purpose"),
    ({"receipt_number": ""}, InvalidValue, "receipt_number"),
    ({"receipt_sha256": "xyz"}, InvalidValue, "receipt_sha256"),
])
def test_a_bad_expenditure_is_refused(books, change, error, field):
    with refused(books.app, error, field=field):
        spend(books.app, books.funding, **change)


@pytest.mark.parametrize("change, error, field", [
    ({"receipt_number": "B-1"}, RuleViolation, "receipt_number"),  # unique across both sides
    ({"received_on": date(2024, 2, 1)}, RuleViolation, "received_on"),
    ({"source": "lottery"}, InvalidValue, "source"),
    ({"line": "honorare"}, RuleViolation, "line"),  # an expenditure line
    ({"currency": "CHF"}, RuleViolation, "currency"),
    ({"payer": ""}, InvalidValue, "payer"),
])
def test_bad_income_is_refused(books, change, error, field):
    body = {"received_on": date(2022, 3, 1), "amount": D("50.00"), "source": "donation",
            "payer": "Nachbar", "receipt_number": "E-new", "purpose": "Spende", **change}
    with refused(books.app, error, field=field):
        books.app.book_income(books.funding, **body)


def test_an_entry_for_an_unknown_funding_is_refused(books):
    with refused(books.app, NotFound):
        spend(books.app, uuid4())


# -- volunteer work ---------------------------------------------------------------------------


@pytest.mark.parametrize("change, error, field", [
    ({"hours": D("25")}, RuleViolation, "hours"),
    ({"hours": D("0")}, InvalidValue, "hours"),
    ({"hours": D("1.001")}, InvalidValue, "hours"),
    ({"hourly_rate": D("-1.00")}, InvalidValue, "hourly_rate"),
    ({"worked_on": date(2024, 1, 2)}, RuleViolation, "worked_on"),
    ({"name": " "}, InvalidValue, "name"),
    ({"activity": ""}, InvalidValue, "activity"),
    ({"line": "honorare"}, RuleViolation, "line"),
])
def test_bad_volunteer_work_is_refused(books, change, error, field):
    body = {"person_id": books.scene.anna, "name": "Anna", "worked_on": date(2022, 3, 1),
            "hours": D("2"), "hourly_rate": D("15.00"), "activity": "Aufbau", **change}
    with refused(books.app, error, field=field):
        books.app.record_volunteer_work(books.funding, **body)


@pytest.mark.parametrize("who", ["initiative", "unknown"])
def test_volunteer_work_is_done_by_a_known_person(books, who):
    person = books.scene.ini if who == "initiative" else uuid4()
    error = RuleViolation if who == "initiative" else UnknownReference
    with refused(books.app, error, field="person_id"):
        books.app.record_volunteer_work(
            books.funding, person_id=person, name="X", worked_on=date(2022, 3, 1),
            hours=D("1"), hourly_rate=D("10.00"), activity="Aufbau")


# -- reversals --------------------------------------------------------------------------------


@pytest.mark.parametrize("target, change, field", [
    ("reversal", {}, "reverses"),  # a reversal is not reversed
    ("reversed", {}, "reverses"),  # B-2 was reversed already
    ("unknown", {}, "reverses"),
    ("expenditure", {"reversed_on": date(2022, 2, 1)}, "reversed_on"),  # before the entry
])
def test_a_bad_reversal_is_refused(books, target, change, field):
    app = books.app
    entries = app.repository.get(books.funding).entries
    reversed_ = UUID(entries[str(books.reversal)]["reverses"])
    reverses = {"reversal": books.reversal, "reversed": reversed_, "unknown": uuid4(),
                "expenditure": books.expenditure}[target]
    body = {"reverses": reverses, "reversed_on": date(2022, 5, 1), "reason": "falsch", **change}
    with refused(app, RuleViolation, field=field):
        app.reverse_entry(books.funding, **body)


def test_a_reversal_is_a_new_entry_and_the_old_one_stays(books):
    entries = books.app.repository.get(books.funding).entries
    reversal = entries[str(books.reversal)]
    original = entries[reversal["reverses"]]
    assert (reversal["kind"], reversal["amount"]) == ("reversal", D("-100.00"))
    assert (original["amount"], original["reversed_by"]) == (D("100.00"), str(books.reversal))
    assert original["receipt_number"] == "B-2"


def test_a_plan_change_keeps_the_history_of_decisions(books):
    funding = books.app.repository.get(books.funding)
    assert [d["reason"] for d in funding.plan_decisions] == ["Antrag"]
    assert funding.plan["honorare"]["planned"] == {"2022": D("1000.00")}


# -- indicators --------------------------------------------------------------------------------


@pytest.mark.parametrize("change, error, field", [
    ({"name": ""}, InvalidValue, "name"),
    ({"unit": " "}, InvalidValue, "unit"),
    ({"target_per_year": D("0")}, InvalidValue, "target_per_year"),
    ({"target_per_year": D("-3")}, InvalidValue, "target_per_year"),
    ({"counts_from": date(2021, 1, 1)}, RuleViolation, "counts_from"),  # before the process
    ({"process_id": uuid4()}, UnknownReference, "process_id"),
])
def test_a_bad_indicator_is_refused(books, change, error, field):
    body = {"process_id": books.scene.process, "name": "m² entsiegelt", "unit": "m²",
            "target_per_year": D("40"), "counts_from": date(2022, 2, 1), **change}
    with refused(books.app, error, field=field):
        books.app.declare_indicator(**body)


@pytest.mark.parametrize("change, error, field", [
    ({"value": D("-1")}, InvalidValue, "value"),
    ({"value": D("0.001")}, InvalidValue, "value"),
    ({"measured_on": date(2022, 1, 20)}, RuleViolation, "measured_on"),  # before counts_from
    ({"source": {"kind": "rumour"}}, InvalidValue, "source"),
    ({"source": {"kind": "document", "document": " "}}, InvalidValue, "source"),
    ({"source": {"kind": "gathering"}}, InvalidValue, "source"),
    ({"source": {"kind": "action", "gathering_id": "assembly"}}, RuleViolation, "source"),
    # another process's gathering: as an unknown one
    ({"source": {"kind": "gathering", "gathering_id": "other"}}, UnknownReference, "source"),
    ({"source": {"kind": "gathering", "gathering_id": "unknown"}}, UnknownReference, "source"),
    ({"corrects": "unknown"}, RuleViolation, "corrects"),
    ({"corrects": "corrected"}, RuleViolation, "corrects"),  # corrected already
])
def test_a_bad_measurement_is_refused(books, change, error, field):
    names = {"assembly": books.scene.assembly, "other": books.other_gathering,
             "unknown": uuid4(), "corrected": books.measurement}
    source = dict(change.get("source", {"kind": "document", "document": "Protokoll"}))
    if "gathering_id" in source:
        source["gathering_id"] = names[source["gathering_id"]]
    corrects = names.get(change.get("corrects")) if change.get("corrects") else None
    body = {"measured_on": date(2022, 3, 1), "value": D("3"),
            **{k: v for k, v in change.items() if k not in ("source", "corrects")},
            "source": source, "corrects": corrects}
    with refused(books.app, error, field=field):
        books.app.measure(books.indicator, **body)


def test_a_correction_replaces_the_measurement_it_refers_to(books):
    indicator = books.app.repository.get(books.indicator)
    assert [(m["value"], m["corrects"]) for _, m in indicator.current()] == [
        (D("5"), str(books.measurement))]
    assert indicator.measurements[str(books.measurement)]["corrected_by"] == str(books.corrected)


# -- personal data ----------------------------------------------------------------------------


def test_a_timesheet_name_is_erased_with_the_person(scene):
    app = scene.app
    funding = app.grant_funding(
        funder_id=scene.funder, recipient_id=scene.ini, process_id=scene.process,
        logic="process", period_start=START, period_end=END, amount=D("100.00"),
        currency="EUR", granted_on=date(2021, 12, 1)).record.id
    app.record_volunteer_work(funding, person_id=scene.anna, name="Anna Schmidt",
                              worked_on=date(2022, 3, 1), hours=D("2.5"),
                              hourly_rate=D("15.00"), activity="Kiezfest")
    (before,) = [e for e in app.history(funding) if hasattr(e, "person_id")]
    assert before.name == "Anna Schmidt"
    stored = [n for n in app.recorder.select_notifications(start=1, limit=1000)
              if n.originator_id == funding]
    assert all(b"Anna Schmidt" not in n.state for n in stored)  # sealed, never plaintext
    assert "name" not in str(app.repository.get(funding).entries)  # the state keeps none
    app.erase_actor(scene.anna, reason="Art. 17")
    (after,) = [e for e in app.history(funding) if hasattr(e, "person_id")]
    assert after.name == ERASED
    assert app.repository.get(funding).entries  # the value of the work stays


def test_a_receipt_number_racing_another_is_checked_again_and_refused(scene, monkeypatch):
    """Two writers book the same receipt number at once: the second loses the version race,
    runs again on fresh state and is refused; the receipt is booked once."""
    from tests.domain.test_concurrency import interfere_after_first_read

    app = scene.app
    funding = app.grant_funding(
        funder_id=scene.funder, recipient_id=scene.ini, process_id=scene.process,
        logic="process", period_start=START, period_end=END, amount=D("100.00"),
        currency="EUR", granted_on=date(2021, 12, 1)).record.id
    app.decide_plan(funding, decided_on=date(2021, 12, 10), reason="Antrag", lines=LINES)
    interfere_after_first_read(monkeypatch, app,
                               lambda: spend(app, funding, receipt_number="B-7"))

    with pytest.raises(RuleViolation) as refusal:
        spend(app, funding, receipt_number="B-7", amount=D("99.00"))

    assert refusal.value.field == "receipt_number"
    booked = [e for e in app.repository.get(funding).entries.values()
              if e["receipt_number"] == "B-7"]
    assert [e["amount"] for e in booked] == [D("100.00")]
