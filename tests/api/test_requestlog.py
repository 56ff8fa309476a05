"""The access log: one JSON line per request, and the `Request-Id` sent back on every answer."""

from __future__ import annotations

import json
import logging

from tests.api.conftest import edge_only


def access_lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "kiezledger.access"]


@edge_only
def test_a_request_id_sent_is_answered_and_logged_in_one_json_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="kiezledger.access"):
        response = client.get("/v1/actors/00000000-0000-0000-0000-000000000001",
                              headers={"Request-Id": "abc"})
    assert response.status_code == 404
    assert response.headers["Request-Id"] == "abc"
    [line] = access_lines(caplog)
    assert line["method"] == "GET"
    assert line["route"] == "/v1/actors/<uuid:id>"  # the template, not the path sent
    assert line["status"] == 404
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["token"] == "admin"
    assert line["request_id"] == "abc"


@edge_only
def test_without_a_request_id_a_fresh_one_is_made_for_each_answer(client, anonymous, caplog):
    with caplog.at_level(logging.INFO, logger="kiezledger.access"):
        first = client.get("/v1/actors")
        second = anonymous.get("/v1/actors")
    assert first.status_code == 200 and second.status_code == 401
    ids = [first.headers["Request-Id"], second.headers["Request-Id"]]
    assert all(ids) and ids[0] != ids[1]
    lines = access_lines(caplog)
    assert [(line["request_id"], line["status"], line["token"]) for line in lines] == [
        (ids[0], 200, "admin"), (ids[1], 401, None)]


@edge_only
def test_a_request_id_too_long_or_not_printable_is_replaced(anonymous):
    for sent in ("x" * 129, "a b", "tab\there"):
        answered = anonymous.get("/healthz", headers={"Request-Id": sent}).headers["Request-Id"]
        assert answered and answered != sent
    assert anonymous.get("/healthz", headers={"Request-Id": "x" * 128}).headers[
        "Request-Id"] == "x" * 128
