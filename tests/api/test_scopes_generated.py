"""Every operation of the OpenAPI document, tried with tokens that must not make or see it.

The list of operations comes from the app's own /openapi.json, so a new write operation is
tested here the day it is added, or fails here until it can be. For each one, on a fresh
store with two processes A and B (set up through the API by an admin), a valid request for a
record of A is built from the operation's body schema, filled with real ids of A's records,
and sent with:

- an editor token scoped to B: refused exactly as an unknown id is (404 for a record named in
  the path, 422 naming the field for one named in the body);
- auditor tokens (unscoped, scoped to A, scoped to B): 403, an auditor only reads;
- then, the positive control, the editor scoped to A: 2xx. The same body is accepted, so a
  refusal above cannot come from a broken body.

Each refusal is a problem+json answer and stores nothing: the event log's head and the token
table are unchanged. A few operations follow another rule of the contract (DESIGN.md, API
contract; api/auth.py): actors belong to no process (any editor registers one), only an
unscoped token starts a process, and tokens and erasure are for admins; `RULES` names them.

Two more checks for a write of one process: the same body with only its required fields and
its process (so another reference, a charter say, is not what keeps it out), and a write of
B by B's editor naming one record of A (a proposal, a gathering, a charter), answered as one
naming an unknown record. And every read of the document, as B's editor and auditor with A's
ids: answered as with unknown ids, and no 2xx answer shows an id or a title of A.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from hypothesis import find
from hypothesis import strategies as st

from api import auth, create_app
from api.resources import common
from api.services import Services
from tests.api.conftest import Client, build_world, head

WRITES = ("post", "put", "patch", "delete")
UNKNOWN = "00000000-0000-4000-8000-000000000001"
DAY = "2021-09-01"  # every domain date of a generated body: after all of the world's dates

# The rule each write follows when it is not "a record of one process". Any other operation is
# held to that strictest rule.
PROCESS, NO_PROCESS, UNSCOPED, ADMIN = "process", "no process", "unscoped only", "admin only"
RULES = {
    "POST /v1/actors": NO_PROCESS,
    "POST /v1/processes": UNSCOPED,
    "POST /v1/actors/{id}/erase": ADMIN,
    "POST /v1/tokens": ADMIN,
    "DELETE /v1/tokens/{name}": ADMIN,
}

# What an id field of a body names (its name without _id/_ids, then this table).
REFERENCES = {"voter": "actor", "author": "actor", "recipient": "actor", "subject": "proposal",
              "funder": "funder", "scope": "process", "person": "actor", "reverses": "entry",
              "corrects": "measurement"}
# Records that belong to no process: every token may name them.
SHARED = {"actor", "funder", "token"}
# Optional id fields left out: they need a record the world does not have.
NOT_FILLED = {"clause_id"}
# Values the domain needs that a schema cannot say (optional fields named here are sent too).
VALUES = {"period_end": "2022-08-31", "clause": {"action": "add", "heading": "Shade"},
          "planned": {"2021": "100.00"}}


class NoBody(Exception):
    """The operation's body cannot be built from its schema: teach this module how."""


# --- the operations --------------------------------------------------------------------------


def document(app: Flask) -> dict[str, Any]:
    return app.test_client().get("/openapi.json").get_json()


def write_operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, item in doc["paths"].items()
            for method, op in item.items() if method in WRITES]


def _document_at_collection() -> dict[str, Any]:
    app = create_app({"KIEZLEDGER_DATABASE_URL": "memory://", "TESTING": True})
    try:
        return document(app)
    finally:
        app.extensions["kiezledger"].close()


document_at_collection = _document_at_collection()
OPERATIONS = write_operations(document_at_collection)


# --- a small world: processes A and B, and a record of each kind in A -----------------------


@dataclass
class Setting:
    app: Flask
    services: Services
    admin: Client
    records: dict[str, list[str]]  # noun -> ids (or names) of records in A
    records_b: dict[str, list[str]]  # the same for B, fewer kinds
    a: str
    b: str
    foreign: list[str]  # ids and titles of A's records: what B's tokens must never see

    def token(self, role: str, scope: list[str] = ()) -> Client:
        name = f"{role}-{len(self.services.tokens.list())}"
        return self.admin.as_(self.services.tokens.create(name, role, list(scope)))

    def state(self) -> tuple[Any, ...]:
        """What a refused write must leave as it was: the log's head and the token table."""
        return head(self.services), [(t.name, t.revoked_at) for t in self.services.tokens.list()]


@pytest.fixture
def setting() -> Iterator[Callable[[], Setting]]:
    opened: list[Flask] = []

    def make() -> Setting:
        app = create_app({"KIEZLEDGER_DATABASE_URL": "memory://", "TESTING": True})
        opened.append(app)
        return build_setting(app)

    yield make
    for app in opened:
        app.extensions["kiezledger"].close()


def build_setting(app: Flask) -> Setting:
    svc = app.extensions["kiezledger"]
    admin = Client(app.test_client(), svc.tokens.create("admin", "admin"))
    w = build_world(admin)
    a = w.process["id"]
    amendment = admin.create(f"/v1/proposals/{w.proposal['id']}/amendments", {
        "author_ids": [w.ben["id"]], "text": "We depave more.", "submitted_on": "2021-02-10"})
    commitment = admin.create("/v1/commitments", {
        "actor_id": w.ben["id"], "process_id": a, "description": "Water the pits",
        "made_on": "2021-03-01", "due_on": "2021-12-31"})
    funding = admin.create("/v1/fundings", {
        "funder_id": w.cem["id"], "recipient_id": w.ben["id"], "process_id": a,
        "logic": "process", "period_start": "2021-01-01", "period_end": "2022-12-31",
        "amount": "90000.00", "currency": "EUR", "granted_on": "2020-12-01"})
    # the funding's books: a plan with the line "x" (a schema's smallest code) and an entry
    admin.post(f"/v1/fundings/{funding['id']}/plan", {
        "decided_on": "2021-01-05", "reason": "Antrag",
        "lines": [{"code": "x", "name": "Honorare", "planned": {"2021": "1000.00"}}]})
    booked = admin.post(f"/v1/fundings/{funding['id']}/expenditures", {
        "paid_on": "2021-03-01", "amount": "10.00", "line": "x", "payee": "P",
        "receipt_number": "W-1", "purpose": "Moderation"}).get_json()
    indicator = admin.create("/v1/indicators", {
        "process_id": a, "name": "Entsiegelte Fläche", "unit": "m²", "target_per_year": "40",
        "counts_from": "2021-02-01"})
    measured = admin.post(f"/v1/indicators/{indicator['id']}/measurements", {
        "measured_on": "2021-03-01", "value": "5",
        "source": {"kind": "document", "document": "Aufmaß"}}).get_json()
    cooperation = admin.create("/v1/cooperations", {
        "actor_ids": [w.ada["id"], w.ben["id"]], "kind": "partnership",
        "started_on": "2021-04-01", "process_id": a})
    spare = admin.create("/v1/tokens", {"name": "spare", "role": "auditor"})
    records = {
        "actor": [w.ada["id"], w.ben["id"]], "funder": [w.cem["id"]], "process": [a],
        "gathering": [w.gathering["id"]], "charter": [w.charter["id"]],
        "proposal": [w.proposal["id"]], "amendment": [amendment["id"]],
        "vote": [w.vote["id"]], "commitment": [commitment["id"]], "funding": [funding["id"]],
        "cooperation": [cooperation["id"]], "token": [spare["name"]],
        "entry": [booked["entries"][0]["id"]], "indicator": [indicator["id"]],
        "measurement": [measured["measurements"][0]["id"]],
    }
    b = w.other_process["id"]
    gathering_b = admin.create("/v1/gatherings", {
        "process_id": b, "format": "summit", "title": "Street summit", "held_on": "2021-04-01"})
    charter_b = admin.create("/v1/charters", {"process_id": b, "title": "Street charter",
                                              "established_on": "2021-01-20"})
    proposal_b = admin.create("/v1/proposals", {
        "process_id": b, "title": "Benches", "text": "We place benches.",
        "author_ids": [w.ada["id"]], "submitted_on": "2021-02-01"})
    # B's own funder: the funding report of A's funder stays without B's funding, whose
    # report words ("Änderungen der Kiez-Charta") would read like A's charter title
    funder_b = admin.create("/v1/actors", {"kind": "funder", "name": "Stiftung B"})
    funding_b = admin.create("/v1/fundings", {
        "funder_id": funder_b["id"], "recipient_id": w.ben["id"], "process_id": b,
        "logic": "project", "period_start": "2021-01-01", "period_end": "2022-12-31",
        "amount": "5000.00", "currency": "EUR", "granted_on": "2020-12-01"})
    admin.post(f"/v1/fundings/{funding_b['id']}/plan", {
        "decided_on": "2021-01-05", "reason": "Antrag",
        "lines": [{"code": "x", "name": "Sachkosten", "planned": {"2021": "500.00"}}]})
    booked_b = admin.post(f"/v1/fundings/{funding_b['id']}/expenditures", {
        "paid_on": "2021-03-01", "amount": "10.00", "line": "x", "payee": "P",
        "receipt_number": "W-1", "purpose": "Bänke"}).get_json()
    indicator_b = admin.create("/v1/indicators", {
        "process_id": b, "name": "Bänke", "unit": "Bänke", "target_per_year": "4",
        "counts_from": "2021-02-01"})
    measured_b = admin.post(f"/v1/indicators/{indicator_b['id']}/measurements", {
        "measured_on": "2021-04-01", "value": "2",
        "source": {"kind": "gathering", "gathering_id": gathering_b["id"]}}).get_json()
    records_b = {
        "actor": records["actor"], "funder": records["funder"], "process": [b],
        "gathering": [gathering_b["id"]], "charter": [charter_b["id"]],
        "proposal": [proposal_b["id"]], "funding": [funding_b["id"]],
        "entry": [booked_b["entries"][0]["id"]], "indicator": [indicator_b["id"]],
        "measurement": [measured_b["measurements"][0]["id"]],
    }
    foreign = [i for noun, ids in records.items() if noun not in SHARED for i in ids]
    titles = [w.process["title"], w.gathering["title"], w.charter["title"], w.proposal["title"]]
    return Setting(app, svc, admin, records, records_b, a, b, foreign + titles)


# --- a valid request for a record of A -------------------------------------------------------


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _noun(name: str) -> str:
    noun = re.sub(r"_ids?$", "", name)
    return REFERENCES.get(noun, noun)


def _ids(name: str, count: int, records: dict[str, list[str]]) -> list[str]:
    ids = records.get(_noun(name), [])
    if len(ids) < count:
        raise NoBody(f"no {count} record(s) for the id field {name!r}: add them to the world "
                     "or to REFERENCES")
    return ids[:count]


def _is_id(schema: dict[str, Any]) -> bool:
    return schema.get("format") == "uuid" or (
        schema.get("type") == "array" and (schema.get("items") or {}).get("format") == "uuid")


def value(doc: dict[str, Any], name: str, schema: dict[str, Any],
          records: dict[str, list[str]]) -> Any:
    """A valid value for field `name`: real ids of A for ids, the smallest valid value from
    the schema (hypothesis for patterns) for the rest."""
    schema = _resolve(doc, schema)
    if name in VALUES:
        return VALUES[name]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return body(doc, schema, records)
    if kind == "array":
        items = _resolve(doc, schema.get("items") or {})
        count = max(schema.get("minItems", 1), 1)
        if items.get("format") == "uuid":
            return _ids(name, count, records)
        return [value(doc, name, items, records) for _ in range(count)]
    if schema.get("format") == "uuid":
        return _ids(name, 1, records)[0]
    if schema.get("format") == "date":
        return DAY
    if kind == "integer":
        return schema.get("minimum", 0)
    if kind == "string" and "example" in schema:
        return schema["example"]
    if kind == "string" and "pattern" in schema:
        return find(st.from_regex(schema["pattern"], fullmatch=True), lambda _: True)
    if kind == "string" and "format" not in schema:
        return "x" * max(schema.get("minLength", 1), 1)
    raise NoBody(f"cannot make a value for {name!r} from {schema}")


def body(doc: dict[str, Any], schema: dict[str, Any],
         records: dict[str, list[str]]) -> dict[str, Any]:
    """Every required field, every optional id field (ids tie a record to a process) and
    every field VALUES names."""
    schema = _resolve(doc, schema)
    required = set(schema.get("required", ()))
    out = {}
    for name, field in (schema.get("properties") or {}).items():
        field = _resolve(doc, field)
        wanted = name in VALUES or (_is_id(field) and name not in NOT_FILLED)
        if name in required or wanted:
            out[name] = value(doc, name, field, records)
    return out


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: dict[str, Any] | None
    path_id: str | None  # the record of A named in the path

    def send(self, client: Client, path: str | None = None):
        data = None if self.body is None else json.dumps(self.body)
        return client.flask.open(path or self.path, method=self.method, data=data,
                                 content_type="application/json" if data else None,
                                 headers=client._headers(None))


def request_for(doc: dict[str, Any], method: str, path: str, op: dict[str, Any],
                records: dict[str, list[str]]) -> Request:
    """The request that `method path` makes on a record of A."""
    path_id = None
    parameters = re.findall(r"{(\w+)}", path)
    for name in parameters:
        collection = path.split("/")[2]
        nouns = ["token"] if name == "name" else [collection[:-1], collection[:-2]]
        noun = next((n for n in nouns if n in records), None)
        if noun is None:
            raise NoBody(f"no record for {{{name}}} in {path}")
        path_id = records[noun][0]
        path = path.replace(f"{{{name}}}", path_id)
    content = (op.get("requestBody") or {}).get("content") or {}
    if "requestBody" in op and "application/json" not in content:
        raise NoBody(f"the body of {method} {path} is not JSON")
    made = body(doc, content["application/json"]["schema"], records) if content else None
    return Request(method, path, made, path_id)


# --- the check ------------------------------------------------------------------------------


def _problem(response) -> str | None:
    """Why the answer is not a problem+json body matching its status, or None."""
    if response.mimetype != "application/problem+json":
        return f"content type {response.content_type}"
    got = response.get_json(silent=True)
    if not isinstance(got, dict) or got.get("status") != response.status_code:
        return f"body {response.get_data(as_text=True)[:300]}"
    return None


def _same_as_unknown(response, unknown_response, id: str) -> str | None:
    """An out-of-scope id must answer as an unknown id does (apart from the id itself)."""
    got = {k: v for k, v in response.get_json().items() if k != "instance"}
    expected = json.loads(unknown_response.get_data(as_text=True).replace(UNKNOWN, id))
    expected.pop("instance", None)
    return None if got == expected else f"answers {got}, an unknown id {expected}"


def minimal(doc: dict[str, Any], op: dict[str, Any], request: Request) -> Request:
    """The request with only the body's required fields and its process: other references
    (a charter, a proposal) must not be what keeps a write out of another process."""
    if not request.body:
        return request
    schema = _resolve(doc, op["requestBody"]["content"]["application/json"]["schema"])
    kept = set(schema.get("required", ())) | {"process_id"}
    return Request(request.method, request.path,
                   {k: v for k, v in request.body.items() if k in kept}, request.path_id)


def check_operation(setting: Setting, doc: dict[str, Any], method: str, path: str,
                    op: dict[str, Any]) -> list[str]:
    """The failures of one write operation against the contract (empty: it holds)."""
    label = f"{method} {path}"
    rule = RULES.get(label, PROCESS)
    full = request_for(doc, method, path, op, setting.records)
    requests = [full]
    if rule == PROCESS and (lean := minimal(doc, op, full)) != full:
        requests.append(lean)
    a, b = setting.a, setting.b
    refusals: list[tuple[str, Client, set[int]]] = [
        ("auditor", setting.token("auditor"), {403}),
        ("auditor scoped to A", setting.token("auditor", [a]), {403}),
        ("auditor scoped to B", setting.token("auditor", [b]), {403}),
    ]
    if rule == PROCESS:
        refusals.append(("editor scoped to B", setting.token("editor", [b]),
                         {404} if full.path_id else {422}))
        allowed = ("editor scoped to A", setting.token("editor", [a]))
    elif rule == NO_PROCESS:
        allowed = ("editor scoped to B", setting.token("editor", [b]))
    elif rule == UNSCOPED:
        refusals += [("editor scoped to A", setting.token("editor", [a]), {403}),
                     ("editor scoped to B", setting.token("editor", [b]), {403})]
        allowed = ("unscoped editor", setting.token("editor"))
    else:
        refusals += [("editor scoped to A", setting.token("editor", [a]), {403}),
                     ("unscoped editor", setting.token("editor"), {403})]
        allowed = ("admin", setting.admin)

    failures = []
    for request in requests:
        for who, client, expected in refusals:
            failures += _refused(setting, label, rule, request, who, client, expected)
    if rule == PROCESS:
        failures += _check_references(setting, doc, method, path, op)

    # The positive control; the minimal body of a create too (a second action on the same
    # record might be refused for another reason, e.g. a vote closed twice).
    who, client = allowed
    for request in requests if full.path_id is None else [full]:
        response = request.send(client)
        if not 200 <= response.status_code < 300:
            failures.append(f"{label} as {who} (the positive control) answers "
                            f"{response.status_code}: {response.get_data(as_text=True)[:300]} "
                            f"for the body {request.body}")
    return failures


def _refused(setting: Setting, label: str, rule: str, request: Request, who: str,
             client: Client, expected: set[int]) -> list[str]:
    failures = []
    before = setting.state()
    response = request.send(client)
    said = f"{label} as {who} ({rule}): {response.status_code}"
    if response.status_code not in expected:
        failures.append(f"{said}, expected {sorted(expected)}: "
                        f"{response.get_data(as_text=True)[:300]} for the body {request.body}")
    elif (why := _problem(response)) is not None:
        failures.append(f"{said} is not problem+json: {why}")
    elif response.status_code == 404 and request.path_id:
        unknown = request.send(client, request.path.replace(request.path_id, UNKNOWN))
        if (why := _same_as_unknown(response, unknown, request.path_id)) is not None:
            failures.append(f"{said} {why}")
    elif response.status_code == 422:
        fields = set(response.get_json().get("errors") or {})
        if not fields or not fields <= set(request.body or {}):
            failures.append(f"{said} names no field of the body: {response.get_json()}")
    if setting.state() != before:
        failures.append(f"{said} stored something")
    return failures


def _check_references(setting: Setting, doc: dict[str, Any], method: str, path: str,
                      op: dict[str, Any]) -> list[str]:
    """A write of B by B's editor that names one record of A (a proposal, a gathering, a
    charter) answers as one naming an unknown record, and stores nothing; the same write
    naming only B's records is accepted (so the body is sound)."""
    base = request_for(doc, method, path, op, setting.records)
    named = [name for name, v in (base.body or {}).items()
             if name != "process_id" and _noun(name) not in SHARED
             and isinstance(v, str) and v in setting.foreign]
    if not named:
        return []
    label = f"{method} {path}"
    editor = setting.token("editor", [setting.b])
    mine = request_for(doc, method, path, op, setting.records_b)
    failures = []
    for name in named:
        before = setting.state()
        theirs = Request(method, mine.path, {**mine.body, name: base.body[name]}, None)
        unknown = Request(method, mine.path, {**mine.body, name: UNKNOWN}, None)
        response, expected = theirs.send(editor), unknown.send(editor)
        said = f"{label} by B's editor naming A's {name}: {response.status_code}"
        if response.status_code != expected.status_code:
            failures.append(f"{said}, an unknown {name} {expected.status_code}: "
                            f"{response.get_data(as_text=True)[:300]}")
        elif (why := _problem(response)) is not None:
            failures.append(f"{said} is not problem+json: {why}")
        elif (why := _same_as_unknown(response, expected, base.body[name])) is not None:
            failures.append(f"{said} {why}")
        if setting.state() != before:
            failures.append(f"{said} stored something")
    response = mine.send(editor)
    if not 200 <= response.status_code < 300:
        failures.append(f"{label} by B's editor naming B's records (the positive control) "
                        f"answers {response.status_code}: {response.get_data(as_text=True)[:300]}")
    return failures


# --- reads -------------------------------------------------------------------------------

# Reads for a token of every process (the positive control uses an unscoped one) or an admin.
READ_RULES = {"GET /v1/events": UNSCOPED, "GET /v1/tokens": ADMIN}


def read_requests(doc: dict[str, Any], path: str, op: dict[str, Any],
                  records: dict[str, list[str]]) -> list[str]:
    """GET `path` naming records of A in the path and the required query parameters, with
    and without every optional id of the query (a list unfiltered, and filtered by A's
    process); one URL per report format."""
    request = request_for(doc, "GET", path, {}, records)
    required, optional, formats = {}, {}, [None]
    for p in op.get("parameters", ()):
        if p.get("in") != "query":
            continue
        schema = _resolve(doc, p.get("schema") or {})
        if p["name"] == "format" and "enum" in schema:
            formats += schema["enum"]
        elif p.get("required"):
            required[p["name"]] = value(doc, p["name"], schema, records)
        elif _is_id(schema):
            optional[p["name"]] = value(doc, p["name"], schema, records)
    queries = [required] + ([{**required, **optional}] if optional else [])
    return [request.path + "?" + urlencode({**query, **({"format": f} if f else {})})
            for query in queries for f in formats]


def _normalised(response, ids: list[str]) -> str:
    text = response.get_data(as_text=True)
    for id in [*ids, UNKNOWN]:
        text = text.replace(id, "ID")
    return re.sub(r'"instance": "[^"]*"', "", text)


def check_read(setting: Setting, doc: dict[str, Any], path: str,
               op: dict[str, Any]) -> list[str]:
    """A token of B reading with A's ids is answered as with unknown ids, and no 2xx answer
    (JSON, CSV, HTML, Markdown, GraphML; not PDF, compressed) shows an id or a title of A."""
    label = f"GET {path}"
    rule = READ_RULES.get(label, PROCESS)
    a_ids = [i for i in setting.foreign if re.fullmatch(r"[0-9a-f-]{36}", i)]
    failures = []
    for url in read_requests(doc, path, op, setting.records):
        unknown_url = url
        for id in a_ids:
            unknown_url = unknown_url.replace(id, UNKNOWN)
        for who, client in (("editor scoped to B", setting.token("editor", [setting.b])),
                            ("auditor scoped to B", setting.token("auditor", [setting.b]))):
            response, unknown = client.get(url), client.get(unknown_url)
            said = f"GET {url} as {who}: {response.status_code}"
            if response.status_code != unknown.status_code:
                failures.append(f"{said}, with unknown ids {unknown.status_code}")
            elif response.status_code >= 400 and (
                    _normalised(response, a_ids) != _normalised(unknown, a_ids)):
                failures.append(f"{said} {response.get_data(as_text=True)[:300]}, with "
                                f"unknown ids {unknown.get_data(as_text=True)[:300]}")
            elif response.status_code < 300 and response.mimetype != "application/pdf":
                text = response.get_data(as_text=True)
                if shown := [word for word in setting.foreign if word in text]:
                    failures.append(f"{said} shows A's {shown}")
        allowed = {PROCESS: setting.token("auditor", [setting.a]),
                   UNSCOPED: setting.token("auditor"), ADMIN: setting.admin}[rule]
        if not 200 <= (status := allowed.get(url).status_code) < 300:
            failures.append(f"GET {url} (the positive control, {rule}) answers {status}")
    return failures


# --- the tests ------------------------------------------------------------------------------


def test_the_document_lists_the_writes_this_module_knows_the_rules_of():
    labels = {f"{method} {path}" for method, path, _ in OPERATIONS}
    assert len(labels) >= 20  # the document was read, not an empty list
    reads = {f"GET {path}" for path, _ in READS}
    gone = (set(RULES) - labels) | (set(READ_RULES) - reads)
    assert not gone, f"the rules name operations that no longer exist: {gone}"


@pytest.mark.parametrize(("method", "path", "op"), OPERATIONS,
                         ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_a_write_is_refused_to_tokens_outside_its_scope(setting, method, path, op):
    s = setting()
    failures = check_operation(s, document(s.app), method, path, op)
    assert not failures, "\n".join(failures)


READS = [(path, op) for path, item in document_at_collection["paths"].items()
         for method, op in item.items() if method == "get"]


@pytest.mark.parametrize(("path", "op"), READS, ids=[p for p, _ in READS])
def test_a_read_with_ids_of_another_process_answers_as_with_unknown_ones(setting, path, op):
    s = setting()
    failures = check_read(s, document(s.app), path, op)
    assert not failures, "\n".join(failures)


PLANTED = ["POST /v1/commitments", "POST /v1/fundings", "POST /v1/charters",
           "POST /v1/proposals", "POST /v1/gatherings", "POST /v1/cooperations"]


@pytest.mark.parametrize("label", PLANTED)
def test_without_the_scope_check_on_a_create_the_check_fails(setting, monkeypatch, label):
    """The planted bug of issue 10, item 20: a no-op scope check must not go unnoticed."""
    monkeypatch.setattr(auth, "check_scope", lambda *args, **kwargs: None)
    s = setting()
    method, path = label.split(" ")
    op = next(op for m, p, op in OPERATIONS if (m, p) == (method, path))
    failures = check_operation(s, document(s.app), method, path, op)
    assert any("as editor scoped to B" in f and ": 201, expected [422]" in f
               for f in failures), failures


def test_without_the_record_scope_check_every_action_fails_the_check(setting, monkeypatch):
    monkeypatch.setattr(auth, "check_may_change", lambda *args, **kwargs: None)
    s = setting()
    doc = document(s.app)
    caught, missed = [], []
    for method, path, op in OPERATIONS:
        if "{id}" not in path or RULES.get(f"{method} {path}", PROCESS) != PROCESS:
            continue
        failures = check_operation(setting(), doc, method, path, op)
        (caught if any("as editor scoped to B" in f for f in failures) else missed).append(path)
    assert caught and not missed, missed


@pytest.mark.parametrize("label", ["POST /v1/commitments", "POST /v1/proposals",
                                   "POST /v1/votes"])
def test_without_the_reference_check_naming_a_record_of_another_process_fails_the_check(
        setting, monkeypatch, label):
    monkeypatch.setattr(common, "check_references", lambda body: None)
    s = setting()
    method, path = label.split(" ")
    op = next(op for m, p, op in OPERATIONS if (m, p) == (method, path))
    failures = check_operation(s, document(s.app), method, path, op)
    assert any("by B's editor naming A's" in f for f in failures), failures


def test_an_operation_without_a_way_to_build_its_body_fails():
    doc = {"components": {"schemas": {}}}
    op = {"requestBody": {"content": {"application/json": {"schema": {
        "type": "object", "required": ["widget_id"],
        "properties": {"widget_id": {"type": "string", "format": "uuid"}}}}}}}
    with pytest.raises(NoBody, match="widget_id"):
        request_for(doc, "POST", "/v1/widgets", op, {"process": ["p"]})
    with pytest.raises(NoBody, match="widgets"):
        request_for(doc, "POST", "/v1/widgets/{id}/spin", {}, {"process": ["p"]})
