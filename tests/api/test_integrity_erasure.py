"""POST /v1/actors/{id}/erase: through the HTTP API, the whole SQLite store (event table, keys,
read models, the API's idempotency table, WAL and shared memory) keeps no plaintext of the
person, every answer shows "[erased]", and the chain still verifies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import signing
from store.config import sqlite_path
from tests.api.conftest import Client
from tests.api.test_writes import client_services, problem

NAME = "Zuzanna Wróblewska-Quist"
CONTACT = "zuzanna.quist@example.org"
ERASED = "[erased]"

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture(autouse=True)
def signing_key(tmp_path, monkeypatch):
    monkeypatch.setenv(signing.SIGNING_KEY_ENV, str(tmp_path / "keys" / "signing-key.pem"))


def secrets() -> list[bytes]:
    """The name and contact in every encoding a file could hold them in."""
    found = []
    for text in (NAME, CONTACT, "Wróblewska"):
        found += [text.encode("utf-8"), text.encode("utf-16-le"),
                  json.dumps(text)[1:-1].encode("ascii")]
    return found


def store_bytes(url: str) -> dict[str, bytes]:
    """Every file of the SQLite store: the database, its -wal and -shm."""
    base = Path(sqlite_path(url))
    files = {p.name: p.read_bytes() for p in base.parent.iterdir()
             if p.name.startswith(base.name)}
    assert base.name in files
    return files


def leaks(url: str) -> list[tuple[str, bytes]]:
    return [(name, s) for name, data in store_bytes(url).items() for s in secrets() if s in data]


def a_life(client: Client) -> dict[str, str]:
    """A person who registered (with an Idempotency-Key), joined a process, cooperates and
    made a commitment: their name reaches the read models and the idempotency table."""
    registered = client.post("/v1/actors", {"kind": "person", "name": NAME, "contact": CONTACT,
                                            "kiez": "Schillerkiez"},
                             headers={"Idempotency-Key": "register-zuzanna"})
    assert registered.status_code == 201
    person = registered.get_json()["id"]
    initiative = client.create("/v1/actors", {"kind": "initiative",
                                              "name": "Schillerkiez entsiegeln"})["id"]
    process = client.create("/v1/processes", {"title": "Entsiegelung", "level": "kiez",
                                              "started_on": "2022-03-01"})["id"]
    client.create(f"/v1/processes/{process}/participants",
                  {"actor_id": person, "role": "speaker", "joined_on": "2022-03-01"}, 200)
    client.create("/v1/cooperations", {"actor_ids": [person, initiative], "kind": "membership",
                                       "started_on": "2022-03-01", "process_id": process})
    client.create("/v1/commitments", {"actor_id": person, "process_id": process,
                                      "description": "Baumscheiben gießen",
                                      "made_on": "2022-04-01", "due_on": "2022-09-01"})
    return {"person": person, "process": process}


def reads(client: Client, ids: dict[str, str]) -> list[str]:
    """Every answer that may show the person, as text."""
    person, process = ids["person"], ids["process"]
    paths = [
        f"/v1/actors/{person}", f"/v1/actors/{person}/events", "/v1/actors",
        "/v1/events?limit=1000", f"/v1/processes/{process}/timeline",
        f"/v1/network?on=2023-01-01&process_id={process}",
        f"/v1/reports/accountability?process_id={process}&from=2022-01-01&to=2022-12-31",
        f"/v1/reports/accountability?process_id={process}&from=2022-01-01&to=2022-12-31"
        "&format=html",
        f"/v1/reports/accountability?process_id={process}&from=2022-01-01&to=2022-12-31"
        "&format=csv",
    ]
    answers = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])
        answers.append(response.get_data(as_text=True))
    return answers


@sqlite_only
def test_after_erasure_no_file_of_the_store_holds_the_person(client: Client, database_url):
    ids = a_life(client)
    before = reads(client, ids)
    assert any(NAME in json.loads(a).get("name", "") for a in before[:1])
    assert leaks(database_url)  # the search finds them while they live
    rows = client_services(client).db.fetchall("SELECT body FROM api_idempotency")
    assert any(ids["person"] in body and "Wr" in body for (body,) in rows)

    erased = client.post(f"/v1/actors/{ids['person']}/erase",
                         {"reason": "Antrag nach Art. 17 DSGVO", "erased_on": "2024-05-06"},
                         headers={"Idempotency-Key": "erase-zuzanna"})
    assert erased.status_code == 200, erased.get_json()
    body = erased.get_json()
    assert (body["name"], body["contact"], body["erased"]) == (ERASED, ERASED, True)
    assert body["kiez"] == "Schillerkiez" and erased.headers["ETag"] == '"2"'

    assert leaks(database_url) == []  # db, -wal, -shm

    after = reads(client, ids)
    for text in after:
        assert NAME not in text and CONTACT not in text and "Wr\\u00f3blewska" not in text
        assert "Wróblewska" not in text
    actor = json.loads(after[0])
    assert (actor["name"], actor["contact"]) == (ERASED, ERASED)
    history = json.loads(after[1])["events"]
    assert [e["type"] for e in history] == ["Actor.Registered", "Actor.Erased"]
    assert history[0]["data"]["name"] == ERASED and history[1]["recorded_by"] == "admin"
    assert ERASED in after[4] or ids["person"] not in after[4]  # the timeline
    assert leaks(database_url) == []  # reading put nothing back

    # The chain still verifies: it covers the ciphertext, which did not change.
    assert client.get("/v1/integrity/verify").get_json()["ok"] is True

    # The kept answer of the registration lost the name; its key replays no more (the
    # request digest went too), so a retry cannot bring the person back either.
    retry = client.post("/v1/actors", {"kind": "person", "name": NAME, "contact": CONTACT,
                                       "kiez": "Schillerkiez"},
                        headers={"Idempotency-Key": "register-zuzanna"})
    problem(retry, 422)
    # The erasure's own answer replays.
    again = client.post(f"/v1/actors/{ids['person']}/erase",
                        {"reason": "Antrag nach Art. 17 DSGVO", "erased_on": "2024-05-06"},
                        headers={"Idempotency-Key": "erase-zuzanna"})
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert leaks(database_url) == []


def test_erasure_shows_on_every_store(client: Client):
    ids = a_life(client)
    erased = client.post(f"/v1/actors/{ids['person']}/erase", {"reason": "Art. 17"})
    assert erased.status_code == 200, erased.get_json()
    for text in reads(client, ids):
        assert NAME not in text and CONTACT not in text
    rows = client_services(client).db.fetchall("SELECT body FROM api_idempotency")
    assert rows and not any(NAME in (body or "") or "Wr\\u00f3blewska" in (body or "")
                            for (body,) in rows)
    assert client.get("/v1/integrity/verify").get_json()["ok"] is True


def test_an_organisation_keeps_its_name_and_loses_its_contact(client: Client):
    shop = client.create("/v1/actors", {"kind": "business", "name": "Späti am Eck",
                                        "contact": "+49 30 555 0101"})
    body = client.post(f"/v1/actors/{shop['id']}/erase", {"reason": "Inhaberwechsel"}).get_json()
    assert (body["name"], body["contact"]) == ("Späti am Eck", ERASED)


@pytest.mark.parametrize("database_url", ["memory://"], ids=["memory"])
def test_erasure_is_for_admins_once_with_a_reason(client: Client, token_for):
    person = client.create("/v1/actors", {"kind": "person", "name": "Ada", "contact": "a@b"})
    path = f"/v1/actors/{person['id']}/erase"
    problem(client.as_(token_for("editor")).post(path, {"reason": "r"}), 403)
    problem(client.as_(token_for("auditor")).post(path, {"reason": "r"}), 403)
    assert "reason" in problem(client.post(path, {}), 422)["errors"]
    assert "reason" in problem(client.post(path, {"reason": ""}), 422)["errors"]
    assert "erased_on" in problem(client.post(path, {"reason": "r", "erased_on": "x"}),
                                  422)["errors"]
    problem(client.post("/v1/actors/00000000-0000-4000-8000-000000000000/erase",
                        {"reason": "r"}), 404)
    problem(client.post(path, {"reason": "r"}, headers={"If-Match": '"7"'}), 412)
    assert client.get(f"/v1/actors/{person['id']}").get_json()["name"] == "Ada"
    done = client.post(path, {"reason": "r"}, headers={"If-Match": '"1"'})
    assert done.status_code == 200 and done.get_json()["name"] == ERASED
    problem(client.post(path, {"reason": "again"}), 409)
    # Personal data of an erased person cannot be recorded again... but others can.
    assert client.get(f"/v1/actors/{person['id']}/events").get_json()["events"][-1][
        "data"]["reason"] == "r"
