"""`Accept` is honoured on every operation, a malformed id is the same 404 as an unknown one,
and a 204 has no Content-Type (issue 14)."""

from __future__ import annotations

from tests.api.conftest import Client, edge_only, head


@edge_only
def test_an_accept_nothing_satisfies_is_406_everywhere(client: Client, anonymous: Client):
    for answer in (client.get("/v1/actors", headers={"Accept": "text/csv"}),
                   anonymous.get("/v1/integrity/key", headers={"Accept": "image/png"}),
                   client.get("/v1/reports/funding.pdf", headers={"Accept": "text/csv"},
                              query_string={"funder_id": "0" * 8 + "-0000-4000-8000-" + "0" * 12,
                                            "from": "2021-01-01", "to": "2021-12-31"}),
                   client.get("/healthz", headers={"Accept": "text/html"})):
        assert answer.status_code == 406, answer.request.path
        problem = answer.get_json()
        assert answer.mimetype == "application/problem+json"
        assert problem["type"] == "urn:kiezledger:problem:not-acceptable"
    # What does satisfy: nothing named, anything, JSON among others, a wildcard.
    for accept in (None, "*/*", "text/html, application/json;q=0.1", "application/*"):
        headers = {"Accept": accept} if accept else {}
        assert client.get("/v1/actors", headers=headers).status_code == 200, accept
    assert anonymous.get("/v1/integrity/key.pem", headers={"Accept": "application/x-pem-file"}
                         ).status_code == 200


@edge_only
def test_a_write_asking_for_what_it_cannot_answer_stores_nothing(client: Client, services):
    before = head(services)
    refused = client.post("/v1/actors", {"kind": "person", "name": "Ada"},
                          headers={"Accept": "text/csv", "Idempotency-Key": "k1"})
    assert refused.status_code == 406
    assert head(services) == before
    # The key was not used up by the refusal.
    stored = client.post("/v1/actors", {"kind": "person", "name": "Ada"},
                         headers={"Idempotency-Key": "k1"})
    assert stored.status_code == 201 and "Idempotent-Replayed" not in stored.headers


@edge_only
def test_a_malformed_id_is_the_404_of_an_unknown_id(client: Client):
    unknown = client.get("/v1/actors/3f2b8c1e-0d4a-4e9b-9a57-6c2d1e8f4b10")
    malformed = client.get("/v1/actors/not-a-uuid")
    nowhere = client.get("/v1/nothing-here")
    for answer in (unknown, malformed, nowhere):
        assert answer.status_code == 404 and answer.mimetype == "application/problem+json"
        problem = answer.get_json()
        assert (problem["type"], problem["title"]) == ("urn:kiezledger:problem:not-found",
                                                       "Not found")
        assert problem["detail"] and "browser" not in problem["detail"]
        assert problem["instance"] == answer.request.path


@edge_only
def test_a_204_has_no_content_type(client: Client, services):
    services.tokens.create("temp", "auditor")
    revoked = client.flask.delete("/v1/tokens/temp", headers=client._headers(None))
    assert revoked.status_code == 204
    assert "Content-Type" not in revoked.headers and revoked.data == b""
