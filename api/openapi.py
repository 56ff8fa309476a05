"""The OpenAPI document names each operation's error answers instead of one `default`.

flask-smorest documents every error as `default`, which makes any status code "documented":
a client cannot tell which answers to expect, and the fuzz test's status-code check
(tests/test_fuzz.py) could never fail. This apispec plugin replaces `default` by the codes
each operation can answer, from what the edge does (api.guards, api.auth, api.errors):

    400  a write: body not JSON or not application/json, a bad If-Match or Idempotency-Key
    401  every operation that needs a token (all of /v1/ except the public ones)
    403  every operation that needs a token (role, scope, read-only token)
    404  an operation on one record (a path parameter) or naming records in its query
    409  a write: a domain rule, an Idempotency-Key still in flight
    412  an operation that takes If-Match
    413  a write: a body over the limit (api.MAX_BODY)
    422  an operation with query parameters or a body (validation, unknown references),
         and every write (an Idempotency-Key reused for another request)
    406  every operation whose success has a body: `Accept` names none of its media types
    503  a read: a store that does not answer, read models not there yet (worker mode)

An operation keeps whatever its view documented itself. The plugin also names each operation
(`operationId`: the view's endpoint name, e.g. `close_vote`, unless the view's doc gives one),
notes the media types each endpoint answers with (`produces`, for `api.guards.check_accept`)
and declares the response headers of SUCCESS_HEADERS; `finish` completes the served document
(output schemas' `required`, the headers of error answers).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from http import HTTPStatus
from typing import Any

from apispec import BasePlugin

WRITES = ("post", "put", "patch", "delete")
METHODS = ("get", "post", "put", "patch", "delete")


def _parameters(operation: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in operation.get("parameters", ()) if isinstance(p, dict)]


def _names_records(operation: dict[str, Any]) -> bool:
    """A query parameter holding an id (format uuid) or named `*_id`."""
    for p in _parameters(operation):
        schema = p.get("schema") or {}
        if p.get("in") == "query" and (schema.get("format") == "uuid"
                                       or str(p.get("name", "")).endswith("_id")):
            return True
    return False


def error_codes(path: str, method: str, operation: dict[str, Any]) -> set[int]:
    """The error statuses `method path` can answer (see the module's table)."""
    codes: set[int] = set()
    public = operation.get("security") == [] or not path.startswith("/v1/")
    if not public:
        codes |= {401, 403}
    if "{" in path or _names_records(operation):
        codes.add(404)
    parameters = _parameters(operation)
    if any(p.get("in") == "query" for p in parameters) or "requestBody" in operation:
        codes.add(422)
    if any(p.get("in") == "header" and p.get("name") == "If-Match" for p in parameters):
        codes.add(412)
    if method in WRITES:
        codes |= {400, 409, 413, 422}
    else:
        codes.add(503)
    if any(_media(operation, status) for status in _successes(operation)):
        codes.add(406)
    return codes


def _successes(operation: dict[str, Any]) -> list[int]:
    return [int(code) for code in operation.get("responses", {}) if str(code).startswith("2")]


class ErrorResponsesPlugin(BasePlugin):
    """Runs after flask-smorest's and marshmallow's plugins: parameters are expanded."""

    def __init__(self) -> None:
        super().__init__()
        # (endpoint, METHOD) -> the media types its successes answer with
        self.produces: dict[tuple[str, str], set[str]] = {}
        self.operation_ids: set[str] = set()

    def operation_helper(self, path: str | None = None,
                         operations: dict[str, Any] | None = None, **kwargs: Any) -> None:
        rule = kwargs.get("rule")
        endpoint = getattr(rule, "endpoint", "") or ""
        many = len([m for m in (operations or {}) if m in METHODS]) > 1
        for method, operation in (operations or {}).items():
            if method not in METHODS or not isinstance(operation, dict):
                continue
            name = endpoint.rsplit(".", 1)[-1] + (f"_{method}" if many else "")
            operation.setdefault("operationId", name)
            if operation["operationId"] in self.operation_ids:
                raise ValueError(f"operationId {operation['operationId']!r} used twice")
            self.operation_ids.add(operation["operationId"])
            responses = operation.setdefault("responses", {})
            responses.pop("default", None)
            for code in sorted(error_codes(path or "", method, operation)):
                # flask-smorest registered a (lazy) problem+json response per status name.
                responses.setdefault(str(code), HTTPStatus(code).name)
            self.produces[(endpoint, method.upper())] = {
                media for status in _successes(operation) for media in _media(operation, status)}
            for status in _successes(operation):
                response = responses.get(status, responses.get(str(status)))
                if not isinstance(response, dict):
                    continue
                headers = response.setdefault("headers", {})
                for header, applies in SUCCESS_HEADERS:
                    if applies(path or "", method, status, operation):
                        headers.setdefault(header, header_ref(header))
                if not headers:
                    del response["headers"]


# --- response headers: one table, so a new header is declared in one place ------------------

# name -> (description, schema)
HEADERS: dict[str, tuple[str, dict[str, Any]]] = {
    "ETag": ('The record\'s version, e.g. `"3"`: send it back as `If-Match`.',
             {"type": "string"}),
    "Location": ("Where the new record is read.", {"type": "string"}),
    "Idempotent-Replayed": ("`true` when this is the stored answer to an earlier request with "
                            "the same `Idempotency-Key`.", {"type": "string", "enum": ["true"]}),
    "Kiezledger-Position": ("The log position of the write's last event: send it back as "
                            "`Kiezledger-Min-Position` to read your own write from a replica.",
                            {"type": "integer"}),
    "Kiezledger-Projections-Lag": ("Events the read models were still behind when the write "
                                   "stopped waiting for them (worker mode only).",
                                   {"type": "integer"}),
    "Retry-After": ("Seconds to wait before asking again.", {"type": "integer"}),
    "WWW-Authenticate": ("The scheme to authenticate with: `Bearer`.", {"type": "string"}),
    "Kiezledger-Ledger-Position": ("The log position the answer was counted at.",
                                   {"type": "integer"}),
    "Kiezledger-Ledger-Hash": ("The hash chain's hash at that position (hex SHA-256).",
                               {"type": "string"}),
    "Content-Disposition": ("`attachment` (or `inline` for HTML) with a file name.",
                            {"type": "string"}),
}


def _is_write(path: str, method: str, status: int, op: dict[str, Any]) -> bool:
    return method in WRITES and 200 <= status < 300 and path.startswith("/v1/")


def _writes_a_record(path: str, method: str, status: int, op: dict[str, Any]) -> bool:
    return _is_write(path, method, status, op) and not path.startswith("/v1/tokens")


def _reads_one_record(path: str, method: str, status: int, op: dict[str, Any]) -> bool:
    return (method == "get" and status == 200 and path.startswith("/v1/")
            and path.endswith("/{id}"))


def _is_a_report(path: str, method: str, status: int, op: dict[str, Any]) -> bool:
    return path.startswith("/v1/reports/") and status == 200


# Which success answers carry which header: (header, predicate(path, method, status, op)).
# Error answers carry theirs in ERROR_HEADERS.
SUCCESS_HEADERS: list[tuple[str, Any]] = [
    ("ETag", lambda *a: _writes_a_record(*a) or _reads_one_record(*a)),
    ("Location", lambda path, method, status, op: status == 201
     and _writes_a_record(path, method, status, op)),
    ("Idempotent-Replayed", _is_write),
    ("Kiezledger-Position", _writes_a_record),
    ("Kiezledger-Projections-Lag", _writes_a_record),
    ("Kiezledger-Ledger-Position", _is_a_report),
    ("Kiezledger-Ledger-Hash", _is_a_report),
    ("Content-Disposition", lambda path, method, status, op: _is_a_report(
        path, method, status, op) and any(m != "application/json" for m in _media(op, status))),
]
ERROR_HEADERS = {401: ["WWW-Authenticate"], 503: ["Retry-After"]}


def _media(op: dict[str, Any], status: int) -> list[str]:
    response = op.get("responses", {}).get(str(status)) or op.get("responses", {}).get(status)
    return list((response or {}).get("content", {})) if isinstance(response, dict) else []


def header_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


# --- output schemas: what is always there is required -------------------------------------

OPTIONAL = "optional"  # field metadata: the key may be absent from an answer


class OutputSchemasPlugin(BasePlugin):
    """Notes each component schema's fields that may be absent from an answer (metadata
    `optional`); `finish` marks all other fields of the schemas that answers use as
    required (marshmallow dumps every field the object has)."""

    def __init__(self) -> None:
        super().__init__()
        self.optional: dict[str, set[str]] = {}

    def schema_helper(self, name: str, definition: dict[str, Any], **kwargs: Any) -> None:
        schema = kwargs.get("schema")
        if schema is None:
            return
        instance = schema() if isinstance(schema, type) else schema
        self.optional[name] = {
            field.data_key or key for key, field in instance.fields.items()
            if field.metadata.get(OPTIONAL) or field.load_only}


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            yield ref.rsplit("/", 1)[-1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _reachable(document: dict[str, Any], roots: Iterable[str]) -> set[str]:
    schemas = document.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name not in seen and name in schemas:
            seen.add(name)
            todo.extend(_refs(schemas[name]))
    return seen


def output_schemas(document: dict[str, Any]) -> set[str]:
    """The component schemas an answer's body is made of (not those of bodies sent)."""
    roots: list[str] = []
    for item in document.get("paths", {}).values():
        for method, op in item.items():
            if method in METHODS:
                roots.extend(_refs(op.get("responses", {})))
    roots.extend(_refs(document.get("components", {}).get("responses", {})))
    return _reachable(document, roots)


def finish(document: dict[str, Any], optional: dict[str, set[str]]) -> dict[str, Any]:
    """The document as served: output schemas' required fields, the response headers."""
    document = copy.deepcopy(document)
    components = document.setdefault("components", {})
    schemas = components.get("schemas", {})
    for name in sorted(output_schemas(document)):
        schema = schemas[name]
        props = schema.get("properties", {})
        if props:
            required = [p for p in props if p not in optional.get(name, ())]
            if required:
                schema["required"] = required
    components["headers"] = {
        name: {"description": text, "schema": schema} for name, (text, schema) in HEADERS.items()}
    responses = components.get("responses", {})
    for code, names in ERROR_HEADERS.items():
        response = responses.get(HTTPStatus(code).name)
        if response is not None:
            response.setdefault("headers", {}).update({n: header_ref(n) for n in names})
    return document
