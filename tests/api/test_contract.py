"""The served OpenAPI document is a contract tools can rely on (issue 14): it validates with
openapi-spec-validator, and every operation's answers, successes and errors alike, validate
with openapi-core (status, media type, headers, body against the schema with its `required`
and nullable fields). The output schemas' `required` lists are checked against what the
answers really hold: a field left optional must be absent from some answer.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate as validate_document
from werkzeug.test import EnvironBuilder

from api.openapi import output_schemas
from tests.api.conftest import Client

METHODS = ("get", "post", "put", "patch", "delete")
FROM, TO = "2021-01-01", "2021-12-31"
# Optional output fields no story here leaves out (each absent only in rare cases).
RARELY_ABSENT = {
    ("CloudEventOut", "hash"),  # the chain hash not computed yet (worker mode, behind)
    ("CloudEventOut", "recordedby"),  # events recorded before tokens were named in them
}


class Contract:
    """Calls operations by operationId, validates each answer, notes what answers held."""

    def __init__(self, client: Client, spec: dict[str, Any]) -> None:
        self.client = client
        self.spec = spec
        # openapi-core reads application/json only; these are JSON too (RFC 6839 `+json`).
        # The text formats are read as text (UTF-8), as a client does.
        readers: dict[str, Any] = {media: json.loads for media in (
            "application/problem+json", "application/cloudevents-batch+json")}
        readers.update({media: lambda data: data.decode("utf-8") for media in (
            "application/x-pem-file", "application/graphml+xml", "text/csv", "text/html",
            "text/markdown")})
        self.openapi = OpenAPI.from_dict(
            spec, config=Config(extra_media_type_deserializers=readers))
        self.operations = {op["operationId"]: (method, path, op)
                           for path, item in spec["paths"].items()
                           for method, op in item.items() if method in METHODS}
        self.answered: dict[str, set[int]] = defaultdict(set)
        # schema name -> [set of keys of each object an answer held for it]
        self.seen: dict[str, list[set[str]]] = defaultdict(list)

    def call(self, operation_id: str, status: int, /, *, body: Any = None, token: Any = ...,
             headers: dict[str, str] | None = None, **params: Any) -> Any:
        method, template, op = self.operations[operation_id]
        path = template.format(**{k: params.pop(k) for k in list(params)
                                  if "{" + k + "}" in template})
        client = self.client if token is ... else self.client.as_(token)
        kwargs: dict[str, Any] = {"query_string": params}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        request = dict(path=path, method=method.upper(), headers=client._headers(headers),
                       **kwargs)
        response = client.flask.open(**request)
        assert response.status_code == status, (operation_id, response.get_data(as_text=True))
        sent = EnvironBuilder(**request).get_request()  # the test client's is read already
        self.openapi.validate_response(WerkzeugOpenAPIRequest(sent),
                                       WerkzeugOpenAPIResponse(response))
        self.answered[operation_id].add(status)
        if status == 204:
            assert "Content-Type" not in response.headers and not response.data
            return None
        media = response.mimetype
        if media.endswith("json"):
            documented = op["responses"][str(status)]
            if "$ref" in documented:
                documented = self.resolve(documented)
            schema = documented["content"][media]["schema"]
            self.note(schema, response.get_json())
            return response.get_json()
        return response.data

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        target: Any = self.spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return target

    def note(self, schema: dict[str, Any], value: Any) -> None:
        """Walk `value` along `schema`, noting each component schema's object keys."""
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if isinstance(value, dict):
                self.seen[name].append(set(value))
            schema = self.resolve(schema)
        for branch in schema.get("anyOf", ()):
            if value is not None and branch.get("type") != "null":
                self.note(branch, value)
        if isinstance(value, list):
            for item in value:
                self.note(schema.get("items", {}), item)
        elif isinstance(value, dict):
            for key, sub in schema.get("properties", {}).items():
                if key in value:
                    self.note(sub, value[key])


@pytest.fixture
def spec(anonymous: Client) -> dict[str, Any]:
    return anonymous.get("/openapi.json").get_json()


@pytest.mark.parametrize("database_url", ["memory://"], ids=["memory"])
def test_the_document_is_valid_openapi_3_1(spec):
    validate_document(spec)
    assert spec["openapi"] == "3.1.0"
    ids = [op["operationId"] for item in spec["paths"].values()
           for method, op in item.items() if method in METHODS]
    assert len(ids) == len(set(ids)) and all(i.isidentifier() for i in ids)
    # Nullable objects are `anyOf: [ref, {type: null}]`, never the 3.0 `nullable` object.
    text = json.dumps(spec)
    assert '"nullable"' not in text and '"type": "object", "nullable"' not in text
    # Every timestamp has its format.
    schemas = spec["components"]["schemas"]
    for name, field in (("EventOut", "recorded_at"), ("CloudEventOut", "time"),
                        ("CheckpointOut", "signed_at")):
        assert schemas[name]["properties"][field]["format"] == "date-time", (name, field)
    assert schemas["CloudEventOut"]["properties"]["occurredon"]["format"] == "date"


@pytest.mark.parametrize("database_url", ["memory://"], ids=["memory"])
def test_each_format_is_an_operation_of_its_own(spec):
    """One media type per operation except the JSON ones that also negotiate: a generated
    client reads bytes (or text) where the document says so, JSON only for JSON."""
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            media = [m for code, r in op["responses"].items() if code.startswith("2")
                     for m in r.get("content", {})]
            if "." in path.rsplit("/", 1)[-1]:
                assert len(media) == 1 and media[0] != "application/json", path
            elif media:
                assert media[0] == "application/json", path
    pdf = spec["paths"]["/v1/reports/funding.pdf"]["get"]["responses"]["200"]
    assert pdf["content"]["application/pdf"]["schema"]["format"] == "binary"
    csv = spec["paths"]["/v1/reports/accountability.csv"]["get"]["responses"]["200"]
    assert set(csv["headers"]) == {"Kiezledger-Ledger-Position", "Kiezledger-Ledger-Hash",
                                   "Content-Disposition"}


@pytest.mark.parametrize("database_url", ["memory://"], ids=["memory"])
def test_headers_and_406_are_declared(spec):
    paths, components = spec["paths"], spec["components"]
    register = paths["/v1/actors"]["post"]["responses"]["201"]["headers"]
    assert {"ETag", "Location", "Idempotent-Replayed"} <= set(register)
    assert "ETag" in paths["/v1/actors/{id}"]["get"]["responses"]["200"]["headers"]
    assert "WWW-Authenticate" in components["responses"]["UNAUTHORIZED"]["headers"]
    assert "Retry-After" in components["responses"]["SERVICE_UNAVAILABLE"]["headers"]
    for path in ("/v1/charters/{id}/text", "/v1/network", "/v1/actors", "/v1/integrity/key"):
        assert "406" in paths[path]["get"]["responses"], path
    for ref in (h["$ref"] for r in [*components["responses"].values(),
                                    *(op["responses"][c] for item in paths.values()
                                      for m, op in item.items() if m in METHODS
                                      for c in op["responses"])]
                if isinstance(r, dict) for h in r.get("headers", {}).values()):
        assert ref.rsplit("/", 1)[-1] in components["headers"]


@pytest.mark.parametrize("database_url", ["memory://"], ids=["memory"])
def test_answer_schemas_are_not_request_schemas(spec):
    outputs = output_schemas(spec)
    inputs = {ref.rsplit("/", 1)[-1] for item in spec["paths"].values()
              for method, op in item.items() if method in METHODS
              for ref in _refs(op.get("requestBody", {}))}
    assert inputs and outputs and not inputs & outputs
    schemas = spec["components"]["schemas"]
    without = {name for name in outputs
               if schemas[name].get("properties") and not schemas[name].get("required")}
    assert without == {"GoalsOut"}  # `goals` may be {}: its one field is optional


def _refs(node: Any) -> list[str]:
    text = json.dumps(node)
    return [part.split('"')[0] for part in text.split("#/components/schemas/")[1:]]


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["memory://"], ids=["memory"])
def test_every_operation_answers_as_the_document_says(client: Client, spec, token_for):
    c = Contract(client, spec)
    story(c, token_for)
    documented = set(c.operations)
    assert documented == {op for op, codes in c.answered.items() if any(s < 300 for s in codes)}
    assert documented == {op for op, codes in c.answered.items() if any(s >= 400 for s in codes)}
    # `required` matches the answers: what is required was always there (openapi-core), and
    # every field left optional was left out of some answer.
    schemas = spec["components"]["schemas"]
    always_there = sorted(
        f"{name}.{field}" for name in output_schemas(spec) if c.seen.get(name)
        for field in set(schemas[name].get("properties", {}))
        - set(schemas[name].get("required", ()))
        if (name, field) not in RARELY_ABSENT
        and all(field in keys for keys in c.seen[name]))
    assert not always_there, f"in every answer, so mark them required: {always_there}"
    assert len(c.seen) > 40  # the walk reached the nested schemas


def story(c: Contract, token_for) -> None:
    """Every operation: a success, then errors every client meets (no token, an `Accept`
    nothing satisfies, an unknown or malformed id, a refused value)."""
    call = c.call
    assert call("healthz", 200)["status"] == "ok"
    assert call("readyz", 200)["status"] == "ready"
    ada = call("register_actor", 201, body={"kind": "person", "name": "Ada"})
    ini = call("register_actor", 201, body={"kind": "initiative", "name": "Kiez hilft",
                                            "kiez": "Wrangelkiez"})
    fund = call("register_actor", 201, body={"kind": "funder", "name": "Stiftung"})
    bob = call("register_actor", 201, body={"kind": "person", "name": "Bob"})
    call("register_actor", 422, body={"kind": "ghost", "name": "X"})
    p = call("start_process", 201, body={
        "title": "Kiez", "level": "kiez", "started_on": "2021-01-10", "topics": ["trees"],
        "goals": {"open_assemblies_per_year": 2}})["id"]
    call("start_process", 422, body={"title": "", "level": "moon", "started_on": "x"})
    call("start_process", 201, body={"title": "No goals", "level": "street",
                                     "started_on": "2021-01-10"})  # `goals` is {}
    call("add_participant", 200, id=p, body={"actor_id": ada["id"], "role": "resident",
                                             "joined_on": "2021-01-11"})
    call("add_participant", 422, id=p, body={"actor_id": ada["id"]})
    call("start_phase", 200, id=p, body={"name": "Listening", "started_on": "2021-01-12"})
    call("start_phase", 404, id="00000000-0000-4000-8000-000000000000",
         body={"name": "X", "started_on": "2021-01-12"})
    g = call("record_gathering", 201, body={
        "process_id": p, "format": "open_assembly", "title": "Assembly",
        "held_on": "2021-03-01", "attendance": 40})["id"]
    call("record_gathering", 422, body={"process_id": p})
    ch = call("establish_charter", 201, body={"process_id": p, "title": "Charta",
                                              "established_on": "2021-01-20"})["id"]
    call("establish_charter", 422, body={"process_id": p})
    prop = call("submit_proposal", 201, body={
        "process_id": p, "title": "Trees", "text": "We plant.", "author_ids": [ada["id"]],
        "submitted_on": "2021-02-01", "charter_id": ch,
        "clause": {"action": "add", "heading": "Trees"}})["id"]
    call("submit_proposal", 422, body={"process_id": p, "title": "T"})
    other = call("submit_proposal", 201, body={
        "process_id": p, "title": "Later", "text": "Not now.", "author_ids": [ada["id"]],
        "submitted_on": "2021-02-02"})["id"]
    amend = call("submit_amendment", 201, id=prop, body={
        "author_ids": [ini["id"]], "text": "We plant and water.", "submitted_on": "2021-02-10"})
    call("submit_amendment", 422, id=prop, body={"text": "x"})
    dropped = call("submit_amendment", 201, id=other, body={
        "author_ids": [ini["id"]], "text": "Drop it.", "submitted_on": "2021-02-11"})["id"]
    call("withdraw_amendment", 200, id=dropped, body={"withdrawn_on": "2021-02-12"})
    call("withdraw_amendment", 409, id=dropped, body={"withdrawn_on": "2021-02-12"})
    call("withdraw_proposal", 200, id=other, body={"withdrawn_on": "2021-02-13"})
    call("withdraw_proposal", 409, id=other, body={"withdrawn_on": "2021-02-13"})
    on_amend = call("open_vote", 201, body={
        "subject_type": "amendment", "subject_id": amend["id"], "gathering_id": g,
        "method": "consent", "opened_on": "2021-03-01"})["id"]
    call("open_vote", 422, body={"subject_type": "amendment"})
    call("count_tally", 200, id=on_amend, body={"yes": 30, "no": 2, "abstain": 1})
    call("count_tally", 422, id=on_amend, body={"yes": -1})
    call("close_vote", 200, id=on_amend, body={"closed_on": "2021-03-01"})
    v = call("open_vote", 201, body={
        "subject_type": "proposal", "subject_id": prop, "gathering_id": g,
        "method": "simple_majority", "opened_on": "2021-03-01"})
    call("cast_ballot", 200, id=v["id"], body={"voter_id": ada["id"], "choice": "yes"})
    call("cast_ballot", 409, id=v["id"], body={"voter_id": ada["id"], "choice": "yes"})
    # a form opened at another version of the vote (ballots no longer move it on)
    call("close_vote", 412, id=v["id"], body={"closed_on": "2021-03-01"},
         headers={"If-Match": '"9"'})
    call("close_vote", 200, id=v["id"], body={"closed_on": "2021-03-01"})
    commit = call("make_commitment", 201, body={
        "actor_id": ini["id"], "process_id": p, "description": "Water the trees",
        "made_on": "2021-03-01", "due_on": "2021-06-30", "proposal_id": prop})["id"]
    call("make_commitment", 422, body={"actor_id": ini["id"]})
    call("report_progress", 200, id=commit, body={"reported_on": "2021-04-01",
                                                  "note": "Half done"})
    call("report_progress", 422, id=commit, body={"note": ""})
    call("fulfil_commitment", 200, id=commit, body={"fulfilled_on": "2021-05-01"})
    call("fulfil_commitment", 409, id=commit, body={"fulfilled_on": "2021-05-01"})
    gone = call("make_commitment", 201, body={
        "actor_id": ada["id"], "process_id": p, "description": "Paint",
        "made_on": "2021-03-01", "due_on": "2021-04-30"})["id"]
    call("withdraw_commitment", 200, id=gone, body={"withdrawn_on": "2021-03-02",
                                                     "reason": "No paint"})
    call("withdraw_commitment", 409, id=gone, body={"withdrawn_on": "2021-03-02",
                                                     "reason": "No paint"})
    coop = call("start_cooperation", 201, body={
        "actor_ids": [ada["id"], ini["id"]], "kind": "partnership",
        "started_on": "2021-02-01", "process_id": p})["id"]
    call("start_cooperation", 422, body={"actor_ids": [ada["id"]], "kind": "partnership"})
    call("start_cooperation", 201, body={
        "actor_ids": [ini["id"], fund["id"]], "kind": "joint_action",
        "started_on": "2021-02-01", "process_id": p})
    call("end_cooperation", 200, id=coop, body={"ended_on": "2021-10-01"})
    call("end_cooperation", 409, id=coop, body={"ended_on": "2021-10-01"})
    f = call("grant_funding", 201, body={
        "funder_id": fund["id"], "recipient_id": ini["id"], "process_id": p,
        "logic": "process", "period_start": "2021-01-01", "period_end": "2021-12-31",
        "amount": "9000.00", "currency": "EUR", "granted_on": "2021-01-15"})["id"]
    call("grant_funding", 422, body={"funder_id": fund["id"], "amount": 9000})
    call("disburse", 200, id=f, body={"amount": "3000.50", "paid_on": "2021-02-01"})
    call("disburse", 422, id=f, body={"amount": "lots"})
    # The books of the funding and an impact indicator (the proof of use).
    call("decide_plan", 200, id=f, body={"decided_on": "2021-01-16", "reason": "Antrag", "lines": [
        {"code": "honorare", "name": "Honorare", "planned": {"2021": "6000.00"}},
        {"code": "eigen", "name": "Eigenmittel", "side": "income", "planned": {"2021": "500.00"}}]})
    call("decide_plan", 422, id=f, body={"decided_on": "2021-01-16"})
    spent = call("book_expenditure", 200, id=f, body={
        "paid_on": "2021-02-02", "amount": "1200.00", "line": "honorare", "payee": "Moderation",
        "receipt_number": "B-1", "purpose": "Versammlung"})
    call("book_expenditure", 409, id=f, body={
        "paid_on": "2021-02-03", "amount": "10.00", "line": "honorare", "payee": "X",
        "receipt_number": "B-1", "purpose": "twice"})
    call("book_income", 200, id=f, body={
        "received_on": "2021-02-04", "amount": "500.00", "source": "own_contribution",
        "payer": "Verein", "receipt_number": "E-1", "purpose": "Eigenanteil", "line": "eigen"})
    call("book_income", 422, id=f, body={"amount": "500.00"})
    call("record_volunteer_work", 200, id=f, body={
        "person_id": ada["id"], "name": "Ada", "worked_on": "2021-02-05", "hours": "3",
        "hourly_rate": "15.00", "activity": "Aufbau"})
    call("record_volunteer_work", 422, id=f, body={"hours": "-1"})
    booked = next(e["id"] for e in spent["entries"] if e.get("receipt_number") == "B-1")
    call("reverse_entry", 200, id=f, body={"reverses": booked, "reversed_on": "2021-02-06",
                                           "reason": "doppelt"})
    call("reverse_entry", 409, id=f, body={"reverses": booked, "reversed_on": "2021-02-06",
                                           "reason": "doppelt"})
    ind = call("declare_indicator", 201, body={
        "process_id": p, "name": "Entsiegelte Fläche", "unit": "m²", "target_per_year": "40",
        "counts_from": "2021-02-01"})["id"]
    call("declare_indicator", 422, body={"process_id": p})
    call("measure", 200, id=ind, body={"measured_on": "2021-03-01", "value": "12.5",
                                       "source": {"kind": "gathering", "gathering_id": g}})
    call("measure", 422, id=ind, body={"value": "x"})
    call("erase_actor", 200, id=bob["id"], body={"reason": "Asked to be forgotten"})
    call("erase_actor", 422, id=bob["id"], body={})

    # Reads: each record kind's list, one, one as of a moment, history; errors.
    records = {"actor": ada["id"], "cooperation": coop, "process": p, "gathering": g,
               "charter": ch, "proposal": prop, "amendment": amend["id"], "vote": v["id"],
               "commitment": commit, "funding": f, "indicator": ind}
    for noun, id in records.items():
        listing = f"list_{noun}es" if noun == "process" else f"list_{noun}s"
        assert call(listing, 200, limit=2)["items"]
        call(listing, 422, limit=0)
        first = call(f"get_{noun}", 200, id=id)
        call(f"get_{noun}", 200, id=id, as_of=first["recorded_at"])
        call(f"get_{noun}", 404, id="not-a-uuid")
        call(f"{noun}_events", 200, id=id)
        call(f"{noun}_events", 404, id="00000000-0000-4000-8000-000000000000")
    call("list_commitments", 200, status="fulfilled")

    log = call("list_events", 200, limit=1000)["events"]
    assert log[0]["type"] == "org.kiezledger.actor.registered.v1"
    batch = call("list_events", 200, headers={"Accept": "application/cloudevents-batch+json"},
                 limit=5)
    assert batch == log[:5]
    call("list_events", 422, limit=0)
    reader = token_for("editor", [p])
    call("create_token", 201, body={"name": "temp", "role": "auditor"})
    call("create_token", 409, body={"name": "temp", "role": "auditor"})
    call("list_tokens", 200)
    call("list_tokens", 403, token=reader)
    call("revoke_token", 204, name="temp")
    call("revoke_token", 404, name="nobody")
    call("get_integrity", 200)
    call("get_public_key", 200, token=None)
    call("get_public_key_pem", 200, token=None)
    call("verify_integrity", 200)
    call("verify_integrity", 403, token=reader)

    period = {"from": FROM, "to": TO}
    for report, subject in (("funding", {"funder_id": fund["id"]}),
                            ("accountability", {"process_id": p}),
                            ("proof_of_use", {"funding_id": f})):
        call(f"get_{report}_report", 200, **subject, **period)
        call(f"get_{report}_report", 422, **subject, **{"from": TO, "to": FROM})
        for ext in ("csv", "html", "pdf"):
            call(f"get_{report}_report_{ext}", 200, **subject, **period)
            call(f"get_{report}_report_{ext}", 404,
                 **{k: "00000000-0000-4000-8000-000000000000" for k in subject}, **period)
    call("get_charter_text", 200, id=ch)
    call("get_charter_text_md", 200, id=ch, on="2021-03-02")
    call("get_charter_diff", 200, id=ch, **period)
    call("get_charter_diff", 422, id=ch)
    call("get_timeline", 200, id=p)
    call("get_timeline", 422, id=p, **{"from": TO, "to": FROM})
    net = call("get_network", 200, on="2021-06-01")
    assert {e["until"] for e in net["edges"]} == {"2021-10-01", None}
    call("get_network_graphml", 200, on="2021-06-01")
    call("get_network", 422, on="someday")
    call("get_network_graphml", 422, on="someday")
    call("conclude_process", 200, id=p, body={"concluded_on": "2021-12-31",
                                              "summary": "Done"})
    call("conclude_process", 409, id=p, body={"concluded_on": "2021-12-31",
                                              "summary": "Done"})

    # What every operation can answer: 401 without a token, 406 for an Accept nothing
    # satisfies (before anything is stored).
    for operation_id, (_, template, op) in c.operations.items():
        params = {name: "00000000-0000-4000-8000-000000000000" for name in ("id", "name")
                  if "{" + name + "}" in template}
        if op.get("security") != [] and template.startswith("/v1/"):
            call(operation_id, 401, token=None, **params)
        if "406" in op["responses"]:  # all but a 204 without a body
            call(operation_id, 406, headers={"Accept": "image/png"}, **params)
