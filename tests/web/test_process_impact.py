"""The process page shows each impact indicator per year against its target (German by
default, English by the switch), the timeline names measurements, and an indicator has its
record page."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from flask import Flask

from api.services import Services
from tests.web.test_pages import sign_in  # (fixtures app and svc: conftest.py)


def test_the_process_page_shows_indicators_per_year_against_the_target(
        app: Flask, svc: Services) -> None:
    ledger = svc.ledger
    pid = ledger.start_process(title="Kiez mit Wirkung", level="kiez",
                               started_on=date(2023, 1, 1)).record.id
    iid = ledger.declare_indicator(process_id=pid, name="Entsiegelte Fläche", unit="m²",
                                   target_per_year=Decimal("40"),
                                   counts_from=date(2023, 1, 1)).record.id
    for on, value in ((date(2023, 5, 1), "30"), (date(2023, 9, 1), "12.5"),
                      (date(2024, 5, 1), "20")):
        ledger.measure(iid, measured_on=on, value=Decimal(value),
                       source={"kind": "document", "document": "Aufmaß"})
    client = app.test_client()
    sign_in(client, svc.tokens.create("pruefung", "auditor"))
    html = client.get(f"/ui/processes/{pid}").text
    impact = html[html.index('id="impact"'):html.index('id="timeline"')]
    rows = re.findall(r'<th scope="row">(\d{4})</th>(.*?)</tr>', impact, re.S)
    assert [year for year, _ in rows][:2] == ["2023", "2024"]
    assert "42,5 von 40 m²" in rows[0][1] and "(erreicht)" in rows[0][1]
    assert "20 von 40 m²" in rows[1][1] and "nicht erreicht" in rows[1][1]
    assert 'class="bar missed" style="width: 47.1%"' in rows[1][1]  # 20 of 42.5
    assert "Entsiegelte Fläche" in impact and "Wirkung" in impact
    timeline = html[html.index('id="timeline"'):html.index('id="participants"')]
    assert "Messung: Entsiegelte Fläche 12,5 m² (Jahresziel 40 m²)" in timeline
    record = client.get(f"/ui/indicators/{iid}")
    assert record.status_code == 200 and "Ziel pro Jahr" in record.text
    client.get("/ui/language/en?next=/ui/")
    english = client.get(f"/ui/processes/{pid}").text
    impact = english[english.index('id="impact"'):english.index('id="timeline"')]
    assert "42.5 of 40 m²" in impact and "Impact" in impact and "erreicht" not in impact
