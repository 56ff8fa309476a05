"""The admin pages under Flask's test client, on SQLite and PostgreSQL: tokens issued (shown
once), listed (never their secret), revoked (which ends a signed-in browser's session), and a
person's data erased after a confirmation with a reason. Everyone else is refused and nothing
changes."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from api.services import Services
from api.tokens import digest
from ledger.domain.actors import Actor
from tests.web.test_pages import csrf_of, sign_in

TOKEN = re.compile(r"kl_[A-Za-z0-9_-]{20,}")


@pytest.fixture
def world(svc: Services) -> dict[str, Any]:
    ledger = svc.ledger
    ours = ledger.start_process(title="Wrangelkiez", level="kiez",
                                started_on=date(2024, 3, 1)).record.id
    ledger.start_process(title="Samariterkiez", level="kiez", started_on=date(2022, 1, 1))
    ada = ledger.register_actor(kind="person", name="Ada Kaya",
                                contact="ada@example.org").record.id
    admin = svc.tokens.create("verwaltung", "admin")
    return {"ours": ours, "ada": ada, "admin": admin}


def admin_client(app: Flask, world: dict) -> Any:
    client = app.test_client()
    assert sign_in(client, world["admin"]).status_code == 303
    return client


def issue(client: Any, **typed: Any) -> Any:
    page = client.get("/ui/admin/tokens")
    return client.post("/ui/admin/tokens", data={"csrf_token": csrf_of(page.text), **typed})


def states(svc: Services) -> dict[str, str | None]:
    return {row[0]: row[1] for row in svc.db.fetchall("SELECT name, revoked_at FROM api_tokens")}


def test_an_issued_token_is_shown_once_and_works_against_the_api(
        app: Flask, svc: Services, world: dict, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = admin_client(app, world)
    expires = date.today() + timedelta(days=30)
    answer = issue(client, name="initiative-wrangelkiez", role="editor",
                   scope=str(world["ours"]), expires_on=expires.strftime("%d.%m.%Y"))
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    token = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', answer.text)[1]
    assert TOKEN.fullmatch(token)
    assert "nicht wieder angezeigt" in answer.text
    assert answer.text.count(token) == 1

    # A bearer token for the API, with the role, scope and expiry chosen.
    api = app.test_client()
    listed = api.get("/v1/processes", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200
    assert [p["title"] for p in listed.get_json()["items"]] == ["Wrangelkiez"]
    kept = api.get("/v1/tokens", headers={"Authorization": f"Bearer {world['admin']}"})
    mine = [t for t in kept.get_json()["items"] if t["name"] == "initiative-wrangelkiez"]
    assert mine[0]["role"] == "editor" and mine[0]["scope"] == [str(world["ours"])]
    assert mine[0]["expires_at"].startswith(expires.isoformat())
    assert mine[0]["state"] == "active"

    # Never again: not on the list, not on a reload, not in any log line, not in the store.
    later = client.get("/ui/admin/tokens")
    assert "initiative-wrangelkiez" in later.text and token not in later.text
    assert "Redaktion" in later.text and "Wrangelkiez" in later.text
    assert expires.strftime("%d.%m.%Y") in later.text  # German dates on a German page
    access = [r.getMessage() for r in caplog.records if r.name == "kiezledger.access"]
    assert any('"POST"' in line and "/ui/admin/tokens" in line for line in access)
    assert not any(token in r.getMessage() or token in str(r.__dict__) for r in caplog.records)
    stored = svc.db.fetchall("SELECT * FROM api_tokens") + svc.db.fetchall(
        "SELECT * FROM web_sessions")
    assert token not in repr(stored)


def test_the_list_never_shows_a_secret_nor_its_digest(
        app: Flask, svc: Services, world: dict) -> None:
    others = [svc.tokens.create("pruefung", "auditor"),
              svc.tokens.create("redaktion", "editor", scope=[str(world["ours"])])]
    svc.tokens.revoke("pruefung")
    page = admin_client(app, world).get("/ui/admin/tokens")
    assert page.status_code == 200
    for token in [world["admin"], *others]:
        assert token not in page.text and digest(token) not in page.text
    assert TOKEN.search(page.text) is None
    rows = [r.strip() for r in re.findall(r"<tr>\s*<th scope=\"row\">([^<]+)", page.text)]
    assert rows == ["pruefung", "redaktion", "verwaltung"]
    assert "widerrufen" in page.text and "alle Prozesse" in page.text
    assert "Ihr Zugang" in page.text  # the admin's own row


def test_revoking_asks_first_then_ends_the_signed_in_session_of_that_token(
        app: Flask, svc: Services, world: dict) -> None:
    token = svc.tokens.create("redaktion", "editor")
    editor = app.test_client()
    assert sign_in(editor, token).status_code == 303
    assert editor.get("/ui/").status_code == 200

    admin = admin_client(app, world)
    confirm = admin.get("/ui/admin/tokens/redaktion/revoke")
    assert confirm.status_code == 200
    assert "sofort ungültig" in confirm.text and 'method="post"' in confirm.text
    assert states(svc)["redaktion"] is None  # asking changed nothing
    assert editor.get("/ui/").status_code == 200

    done = admin.post("/ui/admin/tokens/redaktion/revoke",
                      data={"csrf_token": csrf_of(confirm.text)})
    assert done.status_code == 303 and done.location == "/ui/admin/tokens?revoked=redaktion"
    assert "ist widerrufen" in admin.get(done.location).text
    assert states(svc)["redaktion"] is not None

    # The editor's next page: back to signing in, told why; the API refuses the token too.
    answer = editor.get("/ui/")
    assert answer.status_code == 302 and answer.location.startswith("/ui/sign-in")
    assert "Ihre Anmeldung ist beendet" in editor.get(answer.location).text
    assert app.test_client().get(
        "/v1/processes", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_token_name_with_any_allowed_character_is_revoked_from_its_link(
        app: Flask, svc: Services, world: dict) -> None:
    svc.tokens.create("kiez.team_2@wrangel:24-b", "auditor")
    admin = admin_client(app, world)
    listing = admin.get("/ui/admin/tokens").text
    links = re.findall(r'href="(/ui/admin/tokens/[^"]+/revoke)"', listing)
    assert len(links) == 2
    link = next(h for h in links if "verwaltung" not in h)
    confirm = admin.get(link)
    assert confirm.status_code == 200 and "kiez.team_2@wrangel:24-b" in confirm.text
    admin.post(link, data={"csrf_token": csrf_of(confirm.text)})
    assert states(svc)["kiez.team_2@wrangel:24-b"] is not None
    assert states(svc)["verwaltung"] is None


def test_revoking_an_unknown_name_is_not_found(app: Flask, world: dict) -> None:
    admin = admin_client(app, world)
    page = admin.get("/ui/admin/tokens")
    missing = admin.get("/ui/admin/tokens/niemand/revoke")
    assert missing.status_code == 404 and "Nicht gefunden" in missing.text
    assert "no token is named" not in missing.text  # no English on a German page
    assert admin.post("/ui/admin/tokens/niemand/revoke",
                      data={"csrf_token": csrf_of(page.text)}).status_code == 404


def test_erasing_a_person_needs_a_confirmation_with_a_reason(
        app: Flask, svc: Services, world: dict) -> None:
    admin = admin_client(app, world)
    actor_page = admin.get(f"/ui/actors/{world['ada']}")
    link = f'href="/ui/actors/{world["ada"]}/erase"'
    assert link in actor_page.text and "Personenbezogene Daten löschen" in actor_page.text

    confirm = admin.get(f"/ui/actors/{world['ada']}/erase")
    assert confirm.status_code == 200
    assert "Sie löschen Name und Kontakt von Ada Kaya" in confirm.text
    assert 'name="reason"' in confirm.text
    assert not svc.ledger.find(Actor, world["ada"]).erased

    typed = {"csrf_token": csrf_of(confirm.text), "version": "1", "reason": "  "}
    refused = admin.post(f"/ui/actors/{world['ada']}/erase", data=typed)
    assert refused.status_code == 422
    assert re.search(r'id="reason-error"[^>]*>Bitte ausfüllen', refused.text)
    assert not svc.ledger.find(Actor, world["ada"]).erased

    for reason, message in (("x" * 2001, "Zu lang"), ("Antrag\x07", "Steuerzeichen")):
        typed["reason"] = reason
        refused = admin.post(f"/ui/actors/{world['ada']}/erase", data=typed)
        assert refused.status_code == 422
        assert re.search(rf'id="reason-error"[^>]*>[^<]*{message}', refused.text), reason
    assert not svc.ledger.find(Actor, world["ada"]).erased

    typed["reason"] = "Antrag nach Art. 17 DSGVO"
    done = admin.post(f"/ui/actors/{world['ada']}/erase", data=typed)
    assert done.status_code == 303
    assert done.location == f"/ui/actors/{world['ada']}?saved=1"
    actor = svc.ledger.find(Actor, world["ada"])
    assert actor.erased and actor.name == "[erased]" and actor.contact == "[erased]"

    shown = admin.get(done.location).text
    assert "<h1>[gelöscht]</h1>" in shown and "Ada Kaya" not in shown
    assert "ada@example.org" not in shown and "[erased]" not in shown  # German, not English
    assert "Gelöscht am" in shown and date.today().strftime("%d.%m.%Y") in shown
    assert link not in shown  # nothing more to erase
    # The same form sent again (a double click): the actor page, nothing new recorded.
    again = admin.post(f"/ui/actors/{world['ada']}/erase", data=typed)
    assert again.status_code == 303 and svc.ledger.find(Actor, world["ada"]).version == 2


def test_an_erasure_form_opened_before_a_change_says_so(
        app: Flask, svc: Services, world: dict) -> None:
    admin = admin_client(app, world)
    confirm = admin.get(f"/ui/actors/{world['ada']}/erase")
    answer = admin.post(f"/ui/actors/{world['ada']}/erase", data={
        "csrf_token": csrf_of(confirm.text), "version": "7", "reason": "Antrag"})
    assert answer.status_code == 422 and "inzwischen geändert" in answer.text
    assert 'name="version" value="1"' in answer.text  # the form now knows the current one
    assert not svc.ledger.find(Actor, world["ada"]).erased


@pytest.mark.parametrize("role", ["editor", "auditor"])
def test_others_see_no_admin_link_are_refused_and_change_nothing(
        app: Flask, svc: Services, world: dict, role: str) -> None:
    client = app.test_client()
    sign_in(client, svc.tokens.create("jemand", role))
    home = client.get("/ui/")
    assert "/ui/admin/" not in home.text and "Zugänge" not in home.text
    actor_page = client.get(f"/ui/actors/{world['ada']}")
    assert actor_page.status_code == 200 and "/erase" not in actor_page.text
    csrf = csrf_of(home.text)
    before = states(svc)

    for path in ("/ui/admin/tokens", "/ui/admin/tokens/verwaltung/revoke",
                 f"/ui/actors/{world['ada']}/erase"):
        answer = client.get(path)
        assert answer.status_code == 403, path
        assert "der Verwaltung vorbehalten" in answer.text, path
    assert client.post("/ui/admin/tokens", data={
        "csrf_token": csrf, "name": "eingeschlichen", "role": "admin"}).status_code == 403
    assert client.post("/ui/admin/tokens/verwaltung/revoke",
                       data={"csrf_token": csrf}).status_code == 403
    assert client.post(f"/ui/actors/{world['ada']}/erase", data={
        "csrf_token": csrf, "version": "1", "reason": "weil"}).status_code == 403

    assert states(svc) == before
    assert not svc.ledger.find(Actor, world["ada"]).erased


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
        app: Flask, svc: Services, world: dict) -> None:
    svc.tokens.create("redaktion", "editor")
    admin = admin_client(app, world)
    before = states(svc)
    for path, data in (("/ui/admin/tokens", {"name": "ohne-schutz", "role": "admin"}),
                       ("/ui/admin/tokens/redaktion/revoke", {}),
                       (f"/ui/actors/{world['ada']}/erase", {"version": "1", "reason": "x"})):
        answer = admin.post(path, data=data)
        assert answer.status_code == 400 and "Formular" in answer.text, path
        answer = admin.post(path, data={**data, "csrf_token": "nachgemacht"})
        assert answer.status_code == 400, path
    assert states(svc) == before
    assert not svc.ledger.find(Actor, world["ada"]).erased


@pytest.mark.parametrize(("typed", "field", "message"), [
    ({"name": "", "role": "editor"}, "name", "Bitte 1–100 Buchstaben"),
    ({"name": "mit leerzeichen", "role": "editor"}, "name", "Bitte 1–100 Buchstaben"),
    ({"name": "verwaltung", "role": "editor"}, "name", "trägt schon ein Schlüssel"),
    ({"name": "neu", "role": ""}, "role", "Bitte eine der Möglichkeiten"),
    ({"name": "neu", "role": "king"}, "role", "Bitte eine der Möglichkeiten"),
    ({"name": "neu", "role": "editor", "scope": "not-a-process"}, "scope",
     "Bitte eine der Möglichkeiten"),
    ({"name": "neu", "role": "editor", "scope": "6f1d6c1e-0000-4000-8000-000000000000"},
     "scope", "Bitte eine der Möglichkeiten"),
    ({"name": "neu", "role": "editor", "expires_on": "01.01.2020"}, "expires_on",
     "einen Tag nach heute"),
    ({"name": "neu", "role": "editor", "expires_on": "31.02.2030"}, "expires_on",
     "Bitte ein Datum"),
])
def test_a_refused_token_shows_why_at_the_field_keeps_what_was_typed_and_issues_nothing(
        app: Flask, svc: Services, world: dict, typed: dict, field: str, message: str) -> None:
    before = states(svc)
    answer = issue(admin_client(app, world), **typed)
    assert answer.status_code == 422
    assert re.search(rf'id="{field}-error"[^>]*>[^<]*{message}', answer.text), answer.text
    assert TOKEN.search(answer.text) is None
    if typed["name"]:
        assert f'value="{typed["name"]}"' in answer.text
    assert states(svc) == before


def test_the_admin_pages_in_english(app: Flask, world: dict) -> None:
    admin = admin_client(app, world)
    admin.get("/ui/language/en?next=/ui/")
    page = admin.get("/ui/admin/tokens").text
    assert '<html lang="en">' in page and "Issue a new token" in page
    assert "Zugangsschlüssel" not in page and "Ausstellen" not in page
