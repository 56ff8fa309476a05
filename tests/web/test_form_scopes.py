"""A form names records by id: a scoped editor naming one of another process is told what it
would be told of an unknown id (the forms write through the API's `write`, which checks)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Flask

from api.services import Services
from tests.web.test_pages import csrf_of, sign_in, story  # noqa: F401 (fixtures; app and svc: conftest.py)

UNKNOWN = "00000000-0000-4000-8000-000000000001"


def test_a_charter_of_another_process_is_refused_as_an_unknown_one(
        app: Flask, svc: Services, story: dict[str, Any]) -> None:  # noqa: F811
    theirs = svc.ledger.establish_charter(process_id=story["theirs"], title="Charta der anderen",
                                          established_on=date(2022, 1, 2)).record.id
    author = svc.ledger.register_actor(kind="person", name="Ada").record.id
    client = app.test_client()
    sign_in(client, svc.tokens.create("ini", "editor", [str(story["ours"])]))
    path = f"/ui/processes/{story['ours']}/proposals/new"

    def send(charter_id: str, key: str) -> Any:
        form = client.get(path).text
        return client.post(path, data={
            "csrf_token": csrf_of(form), "form_key": key, "title": "Bänke",
            "text": "Wir stellen Bänke auf.", "author_ids": str(author),
            "submitted_on": "2024-04-01", "charter_id": charter_id, "action": "add",
            "heading": "Sitzen"})

    head = svc.ledger.recorder.max_notification_id()
    answer, unknown = send(str(theirs), "k1"), send(UNKNOWN, "k2")
    assert answer.status_code == unknown.status_code == 422

    def said(page: Any, id: str) -> str:
        found = re.search(r'id="charter_id-error"[^>]*>([^<]*)<', page.text)
        assert found, page.text
        return found.group(1).replace(id, "ID")

    assert said(answer, str(theirs)) == said(unknown, UNKNOWN)
    assert "anderen Prozess" not in answer.text and "another process" not in answer.text
    assert svc.ledger.recorder.max_notification_id() == head  # nothing stored
