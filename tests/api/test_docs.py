"""The OpenAPI document, its browsable page, liveness and metrics."""

from __future__ import annotations

import re

from tests.api.conftest import Client, edge_only


@edge_only
def test_openapi_documents_every_endpoint_with_schemas(anonymous: Client):
    spec = anonymous.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for collection in ("actors", "cooperations", "processes", "gatherings", "charters",
                       "proposals", "amendments", "votes", "commitments", "fundings"):
        assert "get" in paths[f"/v1/{collection}"]
        assert "get" in paths[f"/v1/{collection}/{{id}}"]
        assert "get" in paths[f"/v1/{collection}/{{id}}/events"]
    assert "post" in paths["/v1/votes/{id}/close"] and "get" in paths["/v1/events"]
    close = paths["/v1/votes/{id}/close"]["post"]
    assert {p["name"] for p in close["parameters"]} == {"If-Match", "Idempotency-Key"}
    assert [p["name"] for p in paths["/v1/votes/{id}/close"]["parameters"]] == ["id"]
    assert "200" in close["responses"]
    schemas = spec["components"]["schemas"]
    assert schemas["VoteOut"]["properties"]["id"]["readOnly"] is True
    assert schemas["FundingIn"]["properties"]["amount"]["type"] == "string"
    assert {"Problem", "CloseIn", "CloudEventOut", "ActorPage"} <= set(schemas)
    # Each operation names its error codes (api.openapi), all of them problem+json.
    assert sorted(close["responses"]) == ["200", "400", "401", "403", "404", "406", "409",
                                          "412", "413", "422"]
    assert "default" not in close["responses"]
    for name, response in spec["components"]["responses"].items():
        assert list(response["content"]) == ["application/problem+json"], name
    assert sorted(paths["/healthz"]["get"]["responses"]) == ["200", "406", "503"]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert paths["/healthz"]["get"]["security"] == []


@edge_only
def test_docs_page_is_served(anonymous: Client):
    page = anonymous.get("/docs")
    assert page.status_code == 200 and b"swagger-ui" in page.data
    assert b"/openapi.json" in page.data
    # Its scripts and styles come from this server (an installed package), not from a CDN.
    assets = re.findall(rb'(?:src|href)="([^"]+)"', page.data)
    assert len(assets) == 3 and all(a.startswith(b"/docs/assets/") for a in assets), assets
    for asset in assets:
        answer = anonymous.get(asset.decode())
        assert answer.status_code == 200 and len(answer.data) > 1000, asset
    assert b"SwaggerUIBundle" in anonymous.get("/docs/assets/swagger-ui-bundle.js").data


@edge_only
def test_healthz(anonymous: Client):
    response = anonymous.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_healthz_is_503_when_a_store_fails(anonymous: Client, services, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("database gone")

    monkeypatch.setattr(services.db, "fetchone", broken)
    response = anonymous.get("/healthz")
    assert response.status_code == 503 and response.mimetype == "application/problem+json"


@edge_only
def test_metrics_count_requests_by_endpoint_and_status(client: Client):
    client.get("/v1/actors")
    client.get("/v1/nothing")
    text = client.flask.get("/metrics").get_data(as_text=True)
    assert ('kiezledger_http_requests_total{endpoint="/v1/actors",method="GET",status="200"} 1.0'
            in text)
    assert 'endpoint="unmatched"' in text
    assert "kiezledger_http_request_seconds_bucket" in text


@edge_only
def test_metrics_label_invented_methods_and_paths_under_one_value(client: Client):
    for i in range(30):
        client.flask.open(f"/v1/actors/{i}", method=f"FOO{i}", headers=client._headers(None))
        client.get(f"/v1/invented-{i}")
    text = client.flask.get("/metrics").get_data(as_text=True)
    assert "FOO" not in text and "invented" not in text
    series = [line for line in text.splitlines()
              if line.startswith("kiezledger_http_requests_total{")]
    assert any('method="other"' in line for line in series)
    assert len(series) < 10, series
