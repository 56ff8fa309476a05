"""Operations at the edge: /readyz, what /metrics shows, Kiezledger-Position on writes and
Kiezledger-Min-Position on reads (the real servers and replicas: tests/test_deploy_*.py)."""

from __future__ import annotations

import pytest

from api.services import Services
from tests.api.conftest import Client, head

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def metric(text: str, name: str, **labels: str) -> float | None:
    from tests.test_deploy_compose import sample

    return sample(text, name, **labels)


@sqlite_only
def test_every_write_answers_the_log_position_it_reached(client: Client, services: Services):
    first = client.post("/v1/actors", {"kind": "person", "name": "Ada"})
    second = client.post("/v1/actors", {"kind": "person", "name": "Bea"})
    assert first.status_code == second.status_code == 201
    assert int(second.headers["Kiezledger-Position"]) == head(services)
    assert int(first.headers["Kiezledger-Position"]) == head(services) - 1
    action = client.post(f"/v1/actors/{first.get_json()['id']}/erase", {"reason": "asked"})
    assert int(action.headers["Kiezledger-Position"]) == head(services)
    once = client.post("/v1/actors", {"kind": "person", "name": "Cem"},
                       headers={"Idempotency-Key": "cem"})
    again = client.post("/v1/actors", {"kind": "person", "name": "Cem"},
                        headers={"Idempotency-Key": "cem"})
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Kiezledger-Position"] == once.headers["Kiezledger-Position"]


@sqlite_only
def test_a_read_takes_a_min_position_and_refuses_anything_else(client: Client):
    position = client.post("/v1/actors", {"kind": "person", "name": "Ada"}).headers[
        "Kiezledger-Position"]
    shown = client.get("/v1/actors", headers={"Kiezledger-Min-Position": position})
    assert shown.status_code == 200 and shown.get_json()["items"][0]["name"] == "Ada"
    assert "Kiezledger-Read-From" not in shown.headers  # no replicas configured
    for bad in ("soon", "-1", "1.5", "9" * 30):
        answer = client.get("/v1/actors", headers={"Kiezledger-Min-Position": bad})
        assert answer.status_code == 400, bad
        assert answer.mimetype == "application/problem+json"


@sqlite_only
def test_readyz_turns_503_when_a_read_model_lags_too_far(anonymous: Client, client: Client,
                                                         services: Services, monkeypatch):
    client.post("/v1/actors", {"kind": "person", "name": "Ada"})
    ready = anonymous.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["head"] == 1 and set(ready.get_json()["lag"].values()) == {0}
    for i in range(3):  # stored, not yet applied to the read models
        services.ledger.register_actor(kind="person", name=f"P{i}")
    monkeypatch.setenv("KIEZLEDGER_READY_MAX_LAG", "4")
    assert anonymous.get("/readyz").status_code == 200  # 3 behind: fewer than 4
    monkeypatch.setenv("KIEZLEDGER_READY_MAX_LAG", "3")
    late = anonymous.get("/readyz")
    assert late.status_code == 503 and late.mimetype == "application/problem+json"
    assert "records" in late.get_json()["detail"] and late.headers["Retry-After"] == "1"
    services.refresh()
    assert anonymous.get("/readyz").status_code == 200


@sqlite_only
def test_metrics_show_the_log_the_read_models_appends_and_the_last_verify(client: Client):
    before = client.flask.get("/metrics")
    content_type = before.headers["Content-Type"]
    assert content_type.startswith("text/plain; version=") and content_type.endswith(
        "; charset=utf-8") and content_type.count("charset") == 1, content_type
    assert metric(before.get_data(as_text=True), "kiezledger_verify_ok") is None
    client.post("/v1/actors", {"kind": "person", "name": "Ada"})
    client.post("/v1/actors", {"kind": "person", "name": "Bea"})
    assert client.get("/v1/integrity/verify").get_json()["ok"] is True
    text = client.flask.get("/metrics").get_data(as_text=True)
    assert metric(text, "kiezledger_log_head") == 2
    assert metric(text, "kiezledger_events_appended_total") == 2
    assert metric(text, "kiezledger_read_model_position", read_model="records") == 2
    assert metric(text, "kiezledger_read_model_lag_events", read_model="records") == 0
    assert metric(text, "kiezledger_verify_ok") == 1
    assert (metric(text, "kiezledger_verify_timestamp_seconds") or 0) > 1.7e9
    assert "kiezledger_replica_up" not in text  # no replicas configured
