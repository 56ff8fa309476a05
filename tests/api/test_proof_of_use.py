"""The proof of use (Verwendungsnachweis) of a small story, written through the API, every
figure counted by hand in the comments; the report in each format; a reversal in the
Belegliste and the totals; who may record and who may read.

The story: a process (from the API tests' world) funded 2023-01-01..2024-12-31 with
10,000.00 EUR; report period 2023-01-01..2025-01-31 (the reversal comes in January 2025).

Plan (decided 2022-12-15): honorare 2023 2,000 / 2024 2,000; sachkosten 2023 1,000 /
2024 1,000; eigen (income) 2023 500. Änderungsantrag 2024-01-10: sachkosten 2024 -> 1,500.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from pypdf import PdfReader

from tests.api.conftest import Client, World

FROM, TO = "2023-01-01", "2025-01-31"
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.fixture
def database_url() -> str:
    return "memory://"  # the rules and figures are the store's no matter which one


def post(c: Client, path: str, body: dict, status: int = 200) -> dict:
    response = c.post(path, body)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def entry_id(funding: dict, receipt: str) -> str:
    return next(e["id"] for e in funding["entries"] if e["receipt_number"] == receipt)


@pytest.fixture
def story(client: Client, world: World) -> dict:
    return build_story(client, world)


def build_story(c: Client, world: World) -> dict:
    pid = world.process["id"]
    ids = {"process": pid}
    funding = c.create("/v1/fundings", {
        "funder_id": world.cem["id"], "recipient_id": world.ben["id"], "process_id": pid,
        "logic": "process", "period_start": "2023-01-01", "period_end": "2024-12-31",
        "amount": "10000.00", "currency": "EUR", "granted_on": "2022-12-01"})
    f = ids["funding"] = funding["id"]
    url = f"/v1/fundings/{f}"
    post(c, f"{url}/plan", {"decided_on": "2022-12-15", "reason": "Antrag", "lines": [
        {"code": "honorare", "name": "Honorare", "planned": {"2023": "2000.00",
                                                             "2024": "2000.00"}},
        {"code": "sachkosten", "name": "Sachausgaben", "planned": {"2023": "1000.00",
                                                                   "2024": "1000.00"}},
        {"code": "eigen", "name": "Eigenmittel", "side": "income",
         "planned": {"2023": "500.00"}}]})
    post(c, f"{url}/plan", {"decided_on": "2024-01-10", "reason": "Änderungsantrag: Material",
                            "lines": [{"code": "sachkosten", "name": "Sachausgaben",
                                       "planned": {"2023": "1000.00", "2024": "1500.00"}}]})
    post(c, f"{url}/disbursements", {"amount": "5000.00", "paid_on": "2023-01-15"})
    post(c, f"{url}/disbursements", {"amount": "3000.00", "paid_on": "2024-01-15"})
    for paid_on, amount, line, receipt in (
        ("2023-02-01", "1500.00", "honorare", "B-1"), ("2023-05-01", "900.00", "honorare", "B-2"),
        ("2023-06-01", "1300.00", "sachkosten", "B-3"), ("2024-03-01", "500.00", "honorare", "B-4"),
        ("2024-04-01", "200.00", "sachkosten", "B-5"),
    ):
        body = {"paid_on": paid_on, "amount": amount, "line": line, "payee": f"Payee {receipt}",
                "receipt_number": receipt, "purpose": f"Zweck {receipt}"}
        if receipt == "B-1":
            body["receipt_sha256"] = SHA
        last = post(c, f"{url}/expenditures", body)
    post(c, f"{url}/income", {"received_on": "2023-03-01", "amount": "300.00",
                              "source": "donation", "payer": "Nachbarin", "receipt_number": "E-1",
                              "purpose": "Spende"})
    post(c, f"{url}/income", {"received_on": "2023-04-01", "amount": "500.00",
                              "source": "own_contribution", "payer": "Verein",
                              "receipt_number": "E-2", "purpose": "Eigenanteil",
                              "line": "eigen"})
    post(c, f"{url}/volunteer-work", {"person_id": world.ada["id"], "name": "Ada Lovelace",
                                      "worked_on": "2023-03-01", "hours": "4", "hourly_rate":
                                      "15.00", "activity": "Aufbau"})
    reversed_ = post(c, f"{url}/reversals", {"reverses": entry_id(last, "B-5"),
                                             "reversed_on": "2025-01-10",
                                             "reason": "doppelt gebucht"})
    ids["reversal"] = next(e["id"] for e in reversed_["entries"] if e["kind"] == "reversal")
    for held_on, fmt, attendance in (("2023-04-01", "open_assembly", 30),
                                     ("2023-06-01", "action", 12),
                                     ("2024-05-01", "open_assembly", 50)):
        g = c.create("/v1/gatherings", {"process_id": pid, "format": fmt, "title": f"G {held_on}",
                                        "held_on": held_on, "attendance": attendance})
        ids[f"g{held_on[:4]}{fmt}"] = g["id"]
    indicator = c.create("/v1/indicators", {
        "process_id": pid, "name": "Entsiegelte Fläche", "unit": "m²", "target_per_year": "40",
        "counts_from": "2023-01-01"})
    i = ids["indicator"] = indicator["id"]
    post(c, f"/v1/indicators/{i}/measurements", {
        "measured_on": "2023-06-01", "value": "25",
        "source": {"kind": "action", "gathering_id": ids["g2023action"]}})
    wrong = post(c, f"/v1/indicators/{i}/measurements", {
        "measured_on": "2023-09-01", "value": "20", "source": {"kind": "document",
                                                              "document": "Fotoprotokoll"}})
    post(c, f"/v1/indicators/{i}/measurements", {
        "measured_on": "2023-09-01", "value": "10", "corrects": wrong["measurements"][-1]["id"],
        "source": {"kind": "document", "document": "Aufmaß"}})
    post(c, f"/v1/indicators/{i}/measurements", {
        "measured_on": "2024-06-01", "value": "45.5", "source": {"kind": "document",
                                                                "document": "Aufmaß 2024"}})
    return ids


def report(c: Client, story: dict, fmt: str = "json", lang: str = "de"):
    return c.get(f"/v1/reports/proof-of-use?funding_id={story['funding']}&from={FROM}&to={TO}"
                 f"&format={fmt}&lang={lang}")


def test_the_figures_are_those_counted_by_hand(client, story):
    r = report(client, story)
    assert r.status_code == 200, r.get_json()
    n = r.get_json()["nachweis"]
    assert [line["code"] for line in n["lines"]] == ["honorare", "sachkosten", "eigen"]  # plan's
    lines = {line["code"]: line for line in n["lines"]}
    hon = {y["year"]: y for y in lines["honorare"]["years"]}
    # 2023: 1,500 + 900 = 2,400 against 2,000: 120.0% is the tolerance itself, not over it
    assert (hon[2023]["planned"], hon[2023]["actual"], hon[2023]["deviation"]) == \
        ("2000.00", "2400.00", "400.00")
    assert (hon[2023]["percent"], hon[2023]["over_tolerance"]) == ("120.0", False)
    assert (hon[2024]["actual"], hon[2024]["deviation"], hon[2024]["percent"]) == \
        ("500.00", "-1500.00", "25.0")
    assert 2025 not in hon  # neither planned nor spent
    assert (lines["honorare"]["planned"], lines["honorare"]["actual"]) == ("4000.00", "2900.00")
    sach = {y["year"]: y for y in lines["sachkosten"]["years"]}
    # the plan in effect on 2025-01-31 is the Änderungsantrag's: 2024 planned 1,500
    assert (sach[2023]["actual"], sach[2023]["percent"], sach[2023]["over_tolerance"]) == \
        ("1300.00", "130.0", True)
    assert (sach[2024]["planned"], sach[2024]["actual"]) == ("1500.00", "200.00")
    # the reversal of B-5 is booked on its own day, in 2025
    assert (sach[2025]["planned"], sach[2025]["actual"], sach[2025]["over_tolerance"]) == \
        ("0.00", "-200.00", False)
    assert (lines["sachkosten"]["planned"], lines["sachkosten"]["actual"],
            lines["sachkosten"]["deviation"]) == ("2500.00", "1300.00", "-1200.00")
    assert lines["eigen"]["side"] == "income" and lines["eigen"]["actual"] == "500.00"
    assert [(c["decided_on"], c["lines"]) for c in n["plan_changes"]] == [
        ("2022-12-15", ["eigen", "honorare", "sachkosten"]), ("2024-01-10", ["sachkosten"])]
    assert {i["source"]: i["amount"] for i in n["income_by_source"]} == {
        "grant": "8000.00", "own_contribution": "500.00", "donation": "300.00",
        "other_funder": "0.00", "volunteer_work": "60.00"}  # 4 h x 15.00
    # spent: 1,500 + 900 + 1,300 + 500 + 200 - 200 = 4,200; received 8,000 + 300 + 500
    assert n["balance"] == {"grant_received": "8000.00", "other_income": "800.00",
                            "received": "8800.00", "spent": "4200.00", "balance": "4600.00",
                            "in_kind": "60.00"}
    assert [(f["flag"], f.get("line"), f.get("year"), f.get("on")) for f in n["flags"]] == [
        ("line_over_plan", "sachkosten", 2023, None),
        ("outside_period", None, None, "2025-01-10")]


def test_a_reversal_shows_in_the_belegliste_beside_what_it_cancels(client, story):
    n = report(client, story).get_json()["nachweis"]
    spent = {g["code"]: g for g in n["belegliste"]["expenditure"]}
    assert list(spent) == ["honorare", "sachkosten"]  # grouped as the plan is
    sach = spent["sachkosten"]
    assert [(e["on"], e["kind"], e["amount"], e["receipt_number"]) for e in sach["entries"]] == [
        ("2023-06-01", "expenditure", "1300.00", "B-3"),
        ("2024-04-01", "expenditure", "200.00", "B-5"),
        ("2025-01-10", "reversal", "-200.00", "B-5")]
    assert sach["entries"][2]["reverses"] == sach["entries"][1]["entry_id"]
    assert sach["entries"][2]["outside_period"] is True
    assert sach["total"] == "1300.00"
    first = spent["honorare"]["entries"][0]
    assert (first["party"], first["purpose"], first["receipt_sha256"]) == \
        ("Payee B-1", "Zweck B-1", SHA)
    income = [(g["group"], g["code"], g["total"]) for g in n["belegliste"]["income"]]
    assert income == [("line", "eigen", "500.00"), ("source", "donation", "300.00"),
                      ("source", "volunteer_work", "60.00")]
    volunteer = n["belegliste"]["income"][2]["entries"][0]
    assert (volunteer["party"], volunteer["hours"], volunteer["hourly_rate"]) == \
        ("Ada Lovelace", "4", "15.00")


def test_indicators_and_activities_per_year(client, story):
    s = report(client, story).get_json()["sachbericht"]
    (ind,) = s["indicators"]
    years = {y["year"]: y for y in ind["years"]}
    # 2023: 25 + 10 (the 20 corrected to 10) = 35 of 40; 2024: 45.5; 2025: nothing yet
    assert (years[2023]["value"], years[2023]["met"], years[2023]["percent"],
            years[2023]["measurements"]) == ("35", False, "87.5", 2)
    assert (years[2024]["value"], years[2024]["met"]) == ("45.5", True)
    assert (years[2025]["value"], years[2025]["met"]) == ("0", False)
    assert [(a["on"], a["format"], a["attendance"]) for a in s["activities"]] == [
        ("2023-04-01", "open_assembly", 30), ("2023-06-01", "action", 12),
        ("2024-05-01", "open_assembly", 50)]
    assert s["by_format"] == [
        {"format": "action", "gatherings": 1, "attendance": 12, "average": "12.0",
         "largest": 12},
        {"format": "open_assembly", "gatherings": 2, "attendance": 80, "average": "40.0",
         "largest": 50}]
    assert [(c["year"], c["open_assemblies"]) for c in s["continuity"]] == [
        (2023, 1), (2024, 1), (2025, 0)]


def test_the_report_in_every_format_carries_the_ledger_head(client, story):
    r = report(client, story)
    head = r.get_json()["ledger_head"]
    assert len(head["hash"]) == 64 and r.headers["Kiezledger-Ledger-Hash"] == head["hash"]

    csv_r = report(client, story, "csv")
    assert csv_r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(csv_r.data.decode("utf-8"))))
    assert {r["ledger_hash"] for r in rows} == {head["hash"]}
    beleg = [r for r in rows if r["part"] == "beleg" and r["figure"] == "reversal"]
    assert [(r["value"], r["receipt_number"], r["on"]) for r in beleg] == \
        [("-200.00", "B-5", "2025-01-10")]
    assert any(r["part"] == "balance" and r["figure"] == "balance" and r["value"] == "4600.00"
               for r in rows)

    html = report(client, story, "html").data.decode("utf-8")
    for words in ("Verwendungsnachweis", "Sachbericht", "Zahlenmäßiger Nachweis", "Belegliste",
                  "Soll-Ist-Vergleich", "4.600,00 EUR", "−", "Storno von B-5", SHA,
                  head["hash"], "Entsiegelte Fläche", "87,5 %", "über 20 % überschritten"):
        assert words in html, words
    assert "Proof of use" not in html and "Balance" not in html
    english = report(client, story, "html", "en").data.decode("utf-8")
    assert "Proof of use" in english and "4,600.00 EUR" in english
    assert "Verwendungsnachweis" not in english

    pdf = report(client, story, "pdf")
    assert pdf.data.startswith(b"%PDF") and pdf.headers["Content-Disposition"].startswith(
        "attachment")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    text = text.replace("\xad", "").replace("\n", " ")
    for words in ("Verwendungsnachweis", "Belegliste", "4.600,00 EUR", "8.800,00 EUR",
                  head["hash"]):
        assert words in text, words


def test_the_json_figures_are_stable_for_the_same_head(client, story):
    assert json.loads(report(client, story).data) == json.loads(report(client, story).data)


def test_an_auditor_of_another_funder_sees_none_of_it(client, story, world, token_for):
    other = client.as_(token_for("auditor", [world.other_process["id"]]))
    for fmt in ("json", "pdf"):
        r = report(other, story, fmt)
        assert r.status_code == 404, r.data[:200]
    assert other.get(f"/v1/fundings/{story['funding']}").status_code == 404
    assert other.get(f"/v1/indicators/{story['indicator']}").status_code == 404
    mine = client.as_(token_for("auditor", [story["process"]]))
    assert report(mine, story).status_code == 200


def test_an_editor_of_another_process_cannot_record(client, story, world, token_for):
    other = client.as_(token_for("editor", [world.other_process["id"]]))
    f = story["funding"]
    r = other.post(f"/v1/fundings/{f}/expenditures", {
        "paid_on": "2023-07-01", "amount": "10.00", "line": "honorare", "payee": "X",
        "receipt_number": "B-99", "purpose": "Y"})
    assert r.status_code == 404
    r = other.post(f"/v1/indicators/{story['indicator']}/measurements", {
        "measured_on": "2023-07-01", "value": "1", "source": {"kind": "document",
                                                             "document": "x"}})
    assert r.status_code == 404
    r = other.post("/v1/indicators", {"process_id": story["process"], "name": "x", "unit": "x",
                                      "target_per_year": "1", "counts_from": "2023-01-01"})
    assert r.status_code == 422
    auditor = client.as_(token_for("auditor"))
    r = auditor.post(f"/v1/fundings/{f}/income", {
        "received_on": "2023-07-01", "amount": "10.00", "source": "donation", "payer": "X",
        "receipt_number": "E-99", "purpose": "Y"})
    assert r.status_code == 403
    mine = client.as_(token_for("editor", [story["process"]]))
    r = mine.post(f"/v1/fundings/{f}/expenditures", {
        "paid_on": "2023-07-01", "amount": "10.00", "line": "honorare", "payee": "X",
        "receipt_number": "B-99", "purpose": "Y"})
    assert r.status_code == 200, r.get_json()


def test_a_refused_entry_is_a_problem_and_stores_nothing(client, story, services):
    f = story["funding"]
    before = services.ledger.recorder.max_notification_id()
    cases = [
        ({"paid_on": "2023-07-01", "amount": "10.00", "line": "honorare", "payee": "X",
          "receipt_number": "B-1", "purpose": "Y"}, 409, "receipt_number"),
        ({"paid_on": "2022-12-31", "amount": "10.00", "line": "honorare", "payee": "X",
          "receipt_number": "B-98", "purpose": "Y"}, 409, "paid_on"),
        ({"paid_on": "2023-07-01", "amount": "10.00", "line": "honorare", "payee": "X",
          "receipt_number": "B-98", "purpose": "Y", "currency": "USD"}, 409, "currency"),
        ({"paid_on": "2023-07-01", "amount": "10.00", "line": "miete", "payee": "X",
          "receipt_number": "B-98", "purpose": "Y"}, 409, "line"),
        ({"paid_on": "2023-07-01", "amount": 10.0, "line": "honorare", "payee": "X",
          "receipt_number": "B-98", "purpose": "Y"}, 422, "amount"),
        ({"paid_on": "2023-07-01", "amount": "10.00", "line": "honorare", "payee": "X",
          "receipt_number": "B-98", "purpose": "Y", "receipt_sha256": "abc"}, 422,
         "receipt_sha256"),
    ]
    for body, status, field in cases:
        r = client.post(f"/v1/fundings/{f}/expenditures", body)
        assert r.status_code == status, (body, r.get_json())
        assert r.headers["Content-Type"] == "application/problem+json"
        assert field in json.dumps(r.get_json()), r.get_json()
    r = client.post(f"/v1/fundings/{f}/reversals", {"reverses": story["reversal"],
                                                     "reversed_on": "2025-01-11",
                                                     "reason": "x"})
    assert r.status_code == 409
    r = client.post(f"/v1/fundings/{f}/plan", {"decided_on": "2024-02-01", "reason": "x",
                                               "lines": [{"code": "miete", "name": "Miete",
                                                          "planned": {"2026": "1.00"}}]},
                    headers={"If-Match": '"1"'})
    assert r.status_code == 412
    assert services.ledger.recorder.max_notification_id() == before
