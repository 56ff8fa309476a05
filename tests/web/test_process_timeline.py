"""The process page says its timeline in the page's language, with the reports' words
(queries.timeline_text): German on German pages, English by the switch."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from flask import Flask

from api.services import Services
from tests.web.test_pages import sign_in, story  # noqa: F401 (fixtures; app and svc: conftest.py)


def test_the_timeline_speaks_the_page_language(
        app: Flask, svc: Services, story: dict) -> None:  # noqa: F811
    """The process page says its timeline entries with the reports' words: German on German
    pages (German numbers and money too), English by the switch."""
    ledger = svc.ledger
    funder = ledger.register_actor(kind="funder", name="Stiftung Kiezzukunft").record.id
    initiative = ledger.register_actor(kind="initiative", name="Kiez für alle").record.id
    granted = ledger.grant_funding(
        funder_id=funder, recipient_id=initiative, process_id=story["ours"], logic="process",
        period_start=date(2024, 3, 1), period_end=date(2025, 2, 28), amount=Decimal("60000"),
        currency="EUR", granted_on=date(2024, 3, 1)).record.id
    ledger.disburse(granted, amount=Decimal("15000"), paid_on=date(2024, 4, 2))
    ledger.add_participant(story["ours"], actor_id=initiative, role="resident",
                           joined_on=date(2024, 3, 2))
    client = app.test_client()
    sign_in(client, svc.tokens.create("admin", "admin"))
    german = client.get(f"/ui/processes/{story['ours']}").text
    assert "Stiftung Kiezzukunft zahlte 15.000,00 EUR an Kiez für alle aus" in german
    assert "Kiez für alle ist dabei als Anwohner:in" in german
    timeline = german[german.index('id="timeline"'):german.index('id="participants"')]
    words = re.sub(r"<[^>]+>", " ", timeline)   # the text, not the filter's option values
    assert "disbursed" not in words and "joined as" not in words
    client.get("/ui/language/en?next=/ui/")
    english = client.get(f"/ui/processes/{story['ours']}").text
    assert "Stiftung Kiezzukunft disbursed 15,000.00 EUR to Kiez für alle" in english
    assert "Kiez für alle joined as resident" in english
