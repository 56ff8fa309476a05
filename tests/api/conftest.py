"""The API under Flask's test client, on every store, with a few tokens and a small history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import create_app
from api.services import Services, current

# Refused at the edge before any store is asked: one store is enough.
edge_only = pytest.mark.parametrize("database_url", ["memory://"], ids=["memory"])


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    app = create_app({"KIEZLEDGER_DATABASE_URL": database_url, "TESTING": True})
    yield app
    app.extensions["kiezledger"].close()


@pytest.fixture
def services(app: Flask) -> Services:
    with app.app_context():
        return current()


@dataclass
class Client:
    """Flask's test client with a bearer token and JSON by default."""

    flask: FlaskClient
    token: str | None
    headers: dict[str, str] = field(default_factory=dict)

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(self.headers)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        headers.update(extra or {})
        return headers

    def get(self, path: str, *, headers: dict[str, str] | None = None, **kw: Any):
        return self.flask.get(path, headers=self._headers(headers), **kw)

    def post(self, path: str, body: Any = None, *, headers: dict[str, str] | None = None,
             **kw: Any):
        if "data" not in kw:
            kw["data"] = json.dumps(body)
            kw.setdefault("content_type", "application/json")
        return self.flask.post(path, headers=self._headers(headers), **kw)

    def create(self, path: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
        response = self.post(path, body)
        assert response.status_code == status, response.get_json()
        return response.get_json()

    def as_(self, token: str) -> Client:
        return Client(self.flask, token, dict(self.headers))


@pytest.fixture
def admin_token(services: Services) -> str:
    return services.tokens.create("admin", "admin")


@pytest.fixture
def client(app: Flask, admin_token: str) -> Client:
    return Client(app.test_client(), admin_token)


@pytest.fixture
def anonymous(app: Flask) -> Client:
    return Client(app.test_client(), None)


def head(services: Services) -> int:
    return services.ledger.recorder.max_notification_id() or 0


@dataclass
class World:
    """A process with people, a gathering, a charter, an open proposal and an open vote."""

    ada: dict
    ben: dict
    cem: dict
    process: dict
    other_process: dict
    gathering: dict
    charter: dict
    proposal: dict
    vote: dict


def build_world(c: Client) -> World:
    ada = c.create("/v1/actors", {"kind": "person", "name": "Ada", "kiez": "Reichenberger Kiez"})
    ben = c.create("/v1/actors", {"kind": "initiative", "name": "Ben's Garden"})
    cem = c.create("/v1/actors", {"kind": "funder", "name": "Stiftung Cem"})
    process = c.create("/v1/processes", {
        "title": "Kiez process", "level": "kiez", "started_on": "2021-01-10",
        "topics": ["depaving"], "goals": {"open_assemblies_per_year": 2},
    })
    other = c.create("/v1/processes", {"title": "Other", "level": "street",
                                       "started_on": "2021-01-10"})
    gathering = c.create("/v1/gatherings", {
        "process_id": process["id"], "format": "open_assembly", "title": "Spring assembly",
        "held_on": "2021-03-01", "attendance": 40,
    })
    charter = c.create("/v1/charters", {"process_id": process["id"], "title": "Kiez-Charta",
                                        "established_on": "2021-01-20"})
    proposal = c.create("/v1/proposals", {
        "process_id": process["id"], "title": "Depave the tree pits", "text": "We depave.",
        "author_ids": [ada["id"]], "submitted_on": "2021-02-01", "charter_id": charter["id"],
        "clause": {"action": "add", "heading": "Green pits"},
    })
    vote = c.create("/v1/votes", {
        "subject_type": "proposal", "subject_id": proposal["id"],
        "gathering_id": gathering["id"], "method": "simple_majority", "opened_on": "2021-03-01",
    })
    return World(ada, ben, cem, process, other, gathering, charter, proposal, vote)


@pytest.fixture
def world(client: Client) -> World:
    return build_world(client)


@pytest.fixture
def token_for(services: Services):
    """token_for("editor", scope=[process_id]) -> a new token."""
    made = iter(range(1, 10_000))

    def make(role: str, scope: list[str] = ()) -> str:
        return services.tokens.create(f"{role}-{next(made)}", role, list(scope))

    return make
