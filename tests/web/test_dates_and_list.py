"""Days German-style on German pages and typed either way in forms; the process list in
pages, with each process's continuity read in one go (bench/pages.py: it took 370 ms at
10^5 events when it made a full report per process)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask

from api.services import Services
from ledger.domain.processes import Gathering, Process
from queries.continuity import continuity_of
from queries.reports.figures import accountability_report
from tests.web.test_pages import csrf_of, gatherings, sign_in


@pytest.fixture
def process(svc: Services) -> Any:
    return svc.ledger.start_process(title="Wrangelkiez", level="kiez",
                                    started_on=date(2024, 3, 1),
                                    goals={"open_assemblies_per_year": 2}).record.id


def signed_in(app: Flask, svc: Services) -> Any:
    client = app.test_client()
    sign_in(client, svc.tokens.create("verwaltung", "admin"))
    return client


def send_gathering(client: Any, process: Any, held_on: str) -> Any:
    form = client.get(f"/ui/processes/{process}/gatherings/new").text
    return client.post(f"/ui/processes/{process}/gatherings/new", data={
        "csrf_token": csrf_of(form), "format": "open_assembly", "title": "Versammlung",
        "held_on": held_on})


def test_a_form_takes_a_german_day_and_pages_show_days_german_style(
        app: Flask, svc: Services, process: Any) -> None:
    client = signed_in(app, svc)
    answer = send_gathering(client, process, "20.04.2024")
    assert answer.status_code == 303
    gathering_id = answer.location.split("/")[-1].split("?")[0]
    from uuid import UUID

    assert svc.ledger.find(Gathering, UUID(gathering_id)).held_on == date(2024, 4, 20)
    page = client.get(answer.location).text
    assert "20.04.2024" in page and "2024-04-20</" not in page
    assert '<time datetime="2024-04-20">20.04.2024</time>' in page
    recorded = re.findall(r'<time datetime="[^"]+T[^"]+">([^<]+)</time>', page)
    assert recorded and all(re.fullmatch(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d:\d\d UTC", r)
                            for r in recorded)

    client.get("/ui/language/en?next=/ui/")
    english = client.get(answer.location).text
    assert '<time datetime="2024-04-20">2024-04-20</time>' in english
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", english)


def test_an_iso_day_is_taken_too(app: Flask, svc: Services, process: Any) -> None:
    assert send_gathering(signed_in(app, svc), process, "2024-04-21").status_code == 303
    assert gatherings(svc, process) == ["Versammlung"]


@pytest.mark.parametrize("typed", ["20.04.24", "31.02.2024", "2024-4-1x", "20/04/2024"])
def test_a_day_in_neither_form_is_refused_at_the_field(
        app: Flask, svc: Services, process: Any, typed: str) -> None:
    answer = send_gathering(signed_in(app, svc), process, typed)
    assert answer.status_code == 422
    assert re.search(r'id="held_on-error"[^>]*>Bitte ein Datum angeben', answer.text)
    assert gatherings(svc, process) == []


def test_a_refused_form_shows_a_german_day_in_the_date_field_as_the_browser_needs_it(
        app: Flask, svc: Services, process: Any) -> None:
    answer = send_gathering(signed_in(app, svc), process, "29.02.2024")  # before the start
    assert answer.status_code == 422
    # A date input drops any value that is not ISO: the typed day comes back as ISO.
    assert 'name="held_on" type="date" value="2024-02-29"' in answer.text
    assert "29.02.2024" in answer.text  # the reason names the day German-style


def test_the_process_list_comes_in_pages(app: Flask, svc: Services) -> None:
    titles = [f"Prozess {i:02}" for i in range(27)]
    for title in titles:
        svc.ledger.start_process(title=title, level="kiez", started_on=date(2024, 1, 1))
    client = signed_in(app, svc)
    first = client.get("/ui/").text
    shown = re.findall(r'<h2><a href="/ui/processes/[^"]+">([^<]+)</a>', first)
    assert shown == titles[:25]
    assert "Erste Seite" not in first
    after = re.search(r'<a rel="next" href="([^"]+)">Nächste Seite</a>', first)[1]
    second = client.get(after.replace("&amp;", "&")).text
    assert re.findall(r'<h2><a href="/ui/processes/[^"]+">([^<]+)</a>', second) == titles[25:]
    assert "Erste Seite" in second and "Nächste Seite" not in second
    assert client.get("/ui/?after=nonsense").status_code == 422


def test_the_list_shows_each_process_s_continuity_as_its_report_does(
        app: Flask, svc: Services, process: Any) -> None:
    ledger = svc.ledger
    concluded = ledger.start_process(title="Samariterkiez", level="kiez",
                                     started_on=date(2021, 6, 1),
                                     goals={"open_assemblies_per_year": 1}).record.id
    no_goal = ledger.start_process(title="Ohne Ziel", level="street",
                                   started_on=date(2023, 1, 1)).record.id
    for pid, day, fmt in ((process, date(2024, 4, 20), "open_assembly"),
                          (process, date(2024, 9, 1), "open_assembly"),
                          (process, date(2025, 2, 1), "summit"),
                          (concluded, date(2021, 7, 1), "open_assembly"),
                          (concluded, date(2023, 3, 1), "open_assembly"),
                          (no_goal, date(2023, 5, 5), "open_assembly")):
        ledger.record_gathering(process_id=pid, format=fmt, title="V", held_on=day)
    ledger.conclude_process(concluded, concluded_on=date(2023, 6, 30), summary="fertig")
    svc.refresh()
    today = date.today()
    found = continuity_of(svc.db, [process, concluded, no_goal], today)
    for pid, until in ((process, today), (concluded, date(2023, 6, 30)), (no_goal, today)):
        report = accountability_report(svc.db, pid, ledger.find(Process, pid).started_on, until)
        assert found[str(pid)] == report["continuity"], pid
    assert [c["open_assemblies"] for c in found[str(concluded)]] == [1, 0, 1]
    page = signed_in(app, svc).get("/ui/").text
    assert "2 von 2" in page and "nicht erreicht" in page


def test_the_process_page_links_say_what_the_records_say_erased_people_included(
        app: Flask, svc: Services, process: Any) -> None:
    """Its links are read in two queries from the read models (not by replaying each record):
    the same words, and an erasure shows at once."""
    ledger = svc.ledger
    ada = ledger.register_actor(kind="person", name="Ada Kaya").record.id
    verein = ledger.register_actor(kind="association", name="Kiezverein").record.id
    ben = ledger.register_actor(kind="person", name="Ben Okafor").record.id
    for actor in (ada, verein, ben):
        ledger.add_participant(process, actor_id=actor, role="Mitglied",
                               joined_on=date(2024, 3, 2))
    ledger.record_gathering(process_id=process, format="open_assembly",
                            title="Frühjahrsversammlung", held_on=date(2024, 4, 20))
    client = signed_in(app, svc)
    page = client.get(f"/ui/processes/{process}").text
    for words in ("Ada Kaya", "Kiezverein", "Ben Okafor", "Frühjahrsversammlung"):
        assert f">{words}</a>" in page, words

    for actor in (ada, verein):
        confirm = client.get(f"/ui/actors/{actor}/erase").text
        assert client.post(f"/ui/actors/{actor}/erase", data={
            "csrf_token": csrf_of(confirm), "version": "1",
            "reason": "Art. 17"}).status_code == 303
    page = client.get(f"/ui/processes/{process}").text
    assert "Ada Kaya" not in page and "Ben Okafor" in page
    participants = page[page.index('id="participants"'):page.index('id="gatherings"')]
    # An erased organisation keeps its name (not personal data) but is marked erased.
    assert participants.count(">[gelöscht]</a>") == 2 and "Kiezverein" not in participants
