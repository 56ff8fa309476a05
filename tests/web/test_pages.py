"""The pages under Flask's test client: session, CSRF, scopes, forms (the browser tests drive
the same pages in Chromium: tests/web/test_browser.py)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask

from api.services import Services
from ledger.domain.processes import Gathering
from web.sessions import SessionStore


@pytest.fixture
def story(svc: Services) -> dict[str, Any]:
    ledger = svc.ledger
    ours = ledger.start_process(title="Wrangelkiez", level="kiez",
                                started_on=date(2024, 3, 1)).record.id
    theirs = ledger.start_process(title="Samariterkiez", level="kiez",
                                  started_on=date(2022, 1, 1)).record.id
    held = ledger.record_gathering(process_id=theirs, format="open_assembly",
                                   title="Versammlung der anderen", held_on=date(2022, 2, 1))
    return {"ours": ours, "theirs": theirs, "their_gathering": held.record.id}


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client: Any, token: str) -> Any:
    page = client.get("/ui/sign-in")
    return client.post("/ui/sign-in", data={"token": token, "csrf_token": csrf_of(page.text)})


def gatherings(svc: Services, process_id: Any) -> list[str]:
    return [svc.ledger.find(Gathering, i).title for i in _gathering_ids(svc, process_id)]


def _gathering_ids(svc: Services, process_id: Any) -> list[Any]:
    from uuid import UUID

    from queries.records import list_records

    svc.refresh()
    return [UUID(i) for i, _ in list_records(svc.db, "gatherings",
                                             process_ids={str(process_id)}, limit=1000)]


def test_root_redirects_to_the_pages_and_they_ask_for_a_token(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/").location == "/ui/"
    answer = client.get("/ui/")
    assert answer.status_code == 302 and answer.location.startswith("/ui/sign-in")
    page = client.get("/ui/sign-in")
    assert '<html lang="de">' in page.text and "Anmelden" in page.text


def test_sign_in_keeps_a_server_side_session_that_revocation_ends_at_once(
        app: Flask, svc: Services, story: dict) -> None:
    token = svc.tokens.create("redaktion", "editor")
    client = app.test_client()
    answer = sign_in(client, token)
    assert answer.status_code == 303
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    session_id = re.search(r"kl_session=([^;]+)", cookie).group(1)
    assert token not in session_id
    rows = svc.db.fetchall("SELECT id_hash, sealed_token FROM web_sessions")
    assert len(rows) == 1 and token not in repr(rows) and session_id not in repr(rows)
    assert SessionStore(svc.db).token(session_id) == token
    assert client.get("/ui/").status_code == 200

    svc.tokens.revoke("redaktion")
    answer = client.get("/ui/")
    assert answer.status_code == 302 and "/ui/sign-in" in answer.location


def test_secure_cookie_over_https(app: Flask, svc: Services) -> None:
    token = svc.tokens.create("admin", "admin")
    client = app.test_client()
    page = client.get("/ui/sign-in", base_url="https://localhost")
    answer = client.post("/ui/sign-in", base_url="https://localhost",
                         headers={"Referer": "https://localhost/ui/sign-in"},  # checked on HTTPS
                         data={"token": token, "csrf_token": csrf_of(page.text)})
    assert "Secure" in answer.headers["Set-Cookie"]


def test_a_wrong_token_is_refused_at_the_field(app: Flask) -> None:
    answer = sign_in(app.test_client(), "kl_nonsense")
    assert answer.status_code == 401
    assert 'aria-invalid="true"' in answer.text and "nicht angenommen" in answer.text


def test_sign_out_removes_the_session(app: Flask, svc: Services) -> None:
    client = app.test_client()
    sign_in(client, svc.tokens.create("admin", "admin"))
    page = client.get("/ui/")
    answer = client.post("/ui/sign-out", data={"csrf_token": csrf_of(page.text)})
    assert answer.status_code == 303
    assert svc.db.fetchall("SELECT * FROM web_sessions") == []
    assert client.get("/ui/").status_code == 302


def test_a_post_without_the_csrf_token_is_refused_and_stores_nothing(
        app: Flask, svc: Services, story: dict) -> None:
    client = app.test_client()
    sign_in(client, svc.tokens.create("admin", "admin"))
    answer = client.post(f"/ui/processes/{story['ours']}/gatherings/new", data={
        "format": "open_assembly", "title": "Ohne Schutz", "held_on": "2024-04-20"})
    assert answer.status_code == 400 and "Formular" in answer.text
    assert gatherings(svc, story["ours"]) == []


def test_the_json_api_needs_no_csrf_token(app: Flask, svc: Services, story: dict) -> None:
    token = svc.tokens.create("admin", "admin")
    answer = app.test_client().post(
        "/v1/gatherings", headers={"Authorization": f"Bearer {token}"},
        json={"process_id": str(story["ours"]), "format": "open_assembly", "title": "API",
              "held_on": "2024-04-20"})
    assert answer.status_code == 201


def test_a_scoped_token_finds_nothing_of_other_processes(
        app: Flask, svc: Services, story: dict) -> None:
    client = app.test_client()
    sign_in(client, svc.tokens.create("scoped", "editor", scope=[str(story["ours"])]))
    listing = client.get("/ui/").text
    assert "Wrangelkiez" in listing and "Samariterkiez" not in listing
    assert client.get(f"/ui/processes/{story['ours']}").status_code == 200
    for path in (f"/ui/processes/{story['theirs']}",
                 f"/ui/processes/{story['theirs']}/history",
                 f"/ui/gatherings/{story['their_gathering']}",
                 f"/ui/processes/{story['theirs']}/gatherings/new",
                 f"/ui/votes/{story['their_gathering']}",
                 "/ui/nothing-here"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Versammlung der anderen" not in answer.text


def test_an_auditor_may_read_but_not_record(app: Flask, svc: Services, story: dict) -> None:
    client = app.test_client()
    sign_in(client, svc.tokens.create("pruefung", "auditor"))
    assert client.get(f"/ui/processes/{story['ours']}").status_code == 200
    assert "Veranstaltung eintragen" not in client.get(f"/ui/processes/{story['ours']}").text
    assert client.get(f"/ui/processes/{story['ours']}/gatherings/new").status_code == 403


def test_a_refused_gathering_shows_the_reason_at_the_field_and_keeps_what_was_typed(
        app: Flask, svc: Services, story: dict) -> None:
    client = app.test_client()
    sign_in(client, svc.tokens.create("admin", "admin"))
    form = client.get(f"/ui/processes/{story['ours']}/gatherings/new").text
    assert 'name="held_on" type="date" value=""' in form  # no silent today
    typed = {"csrf_token": csrf_of(form), "form_key": "k1", "format": "open_assembly",
             "title": "Zu früh", "held_on": "2023-12-31", "attendance": "40"}
    answer = client.post(f"/ui/processes/{story['ours']}/gatherings/new", data=typed)
    assert answer.status_code == 422
    assert re.search(r'id="held_on-error"[^>]*>[^<]*vor dem Beginn des Prozesses', answer.text)
    assert 'value="Zu früh"' in answer.text and 'value="2023-12-31"' in answer.text
    assert gatherings(svc, story["ours"]) == []

    typed["held_on"] = "2024-04-20"  # corrected, same form
    first = client.post(f"/ui/processes/{story['ours']}/gatherings/new", data=typed)
    again = client.post(f"/ui/processes/{story['ours']}/gatherings/new", data=typed)
    assert first.status_code == again.status_code == 303
    assert first.location == again.location and "/ui/gatherings/" in first.location
    assert gatherings(svc, story["ours"]) == ["Zu früh"]
    assert "Gespeichert" in client.get(first.location).text


def test_english_by_the_switch(app: Flask, svc: Services, story: dict) -> None:
    client = app.test_client()
    sign_in(client, svc.tokens.create("admin", "admin"))
    client.get("/ui/language/en?next=/ui/")
    page = client.get("/ui/").text
    assert '<html lang="en">' in page and "Participation processes" in page


def test_the_process_page_draws_continuity_against_the_goal_and_roles_in_german(
        app: Flask, svc: Services) -> None:
    ledger = svc.ledger
    pid = ledger.start_process(title="Kiez mit Ziel", level="kiez", started_on=date(2023, 1, 1),
                               goals={"open_assemblies_per_year": 2}).record.id
    for held in (date(2023, 3, 1), date(2023, 9, 1), date(2024, 5, 1)):
        ledger.record_gathering(process_id=pid, format="open_assembly", title=f"V {held}",
                                held_on=held)
    anna = ledger.register_actor(kind="person", name="Anna Beispiel").record.id
    ledger.add_participant(pid, actor_id=anna, role="resident", joined_on=date(2023, 3, 1))
    client = app.test_client()
    sign_in(client, svc.tokens.create("pruefung", "auditor"))
    html = client.get(f"/ui/processes/{pid}").text
    chart = html[html.index('id="continuity"'):html.index('id="timeline"')]
    rows = re.findall(r'<th scope="row">(\d{4})</th>(.*?)</tr>', chart, re.S)
    assert [year for year, _ in rows][:2] == ["2023", "2024"]
    assert "2 von 2" in rows[0][1] and "erreicht" in rows[0][1]
    assert "1 von 2" in rows[1][1] and "nicht erreicht" in rows[1][1]
    assert 'class="bar met" style="width: 100.0%"' in rows[0][1]
    assert 'class="goal-mark" style="left: 100.0%"' in rows[0][1]
    participants = html[html.index('id="participants"'):html.index('id="gatherings"')]
    assert "Anwohner:in" in participants and "resident" not in participants
