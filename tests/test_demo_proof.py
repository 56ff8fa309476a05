"""The demo's proof of use: the foundation's process funding of the Reichenberger Kiez keeps
its books, and the process measures two indicators over several years."""

from __future__ import annotations

from datetime import date

from api import create_app
from api.services import current
from cli.demo import load_demo
from queries.reports.proof_make import make_proof


def test_the_demo_funding_files_a_proof_of_use():
    app = create_app({"KIEZLEDGER_DATABASE_URL": "memory://", "TESTING": True})
    try:
        with app.app_context():
            svc = current()
            summary = load_demo(svc.ledger, today=date(2026, 11, 26))
            funding = summary["fundings"]["stiftung_reichenberger_2022"]
            made = make_proof(svc, funding, "2022-01-01", "2025-12-31")
    finally:
        app.extensions["kiezledger"].close()
    import json

    report = json.loads(made.body)
    n, s = report["nachweis"], report["sachbericht"]
    assert [g["code"] for g in n["belegliste"]["expenditure"]] == [
        "personal", "honorare", "sachkosten", "miete", "oeffentlichkeit"]  # as the plan
    spent = [e for g in n["belegliste"]["expenditure"] for e in g["entries"]]
    assert len(spent) == 4 * 14 + 2  # 14 a year, the double print and its reversal
    assert [e["kind"] for e in spent].count("reversal") == 1
    assert all(len(e["receipt_sha256"] or "") == 64 for e in spent if e["kind"] != "reversal")
    # 2024: material 1,450.00 + 1,320.50 + 2,100.00 = 4,870.50 against 4,000.00 (changed plan)
    assert [(f["line"], f["year"], f["actual"]) for f in n["flags"]] == [
        ("sachkosten", 2024, "4870.50")]
    assert len(n["plan_changes"]) == 2
    assert {i["source"] for i in n["income_by_source"] if i["amount"] != "0.00"} == {
        "grant", "own_contribution", "donation", "other_funder", "volunteer_work"}
    assert [i["name"] for i in s["indicators"]] == ["Entsiegelte Fläche",
                                                   "Baumscheiben in Pflege"]
    area = {y["year"]: (y["value"], y["met"]) for y in s["indicators"][0]["years"]}
    # 2023: 26 + 12.5 (22 corrected); 2024: 31 + 16.5
    assert area == {2022: ("32", False), 2023: ("38.5", False), 2024: ("47.5", True),
                    2025: ("24", False)}
