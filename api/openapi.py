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
    503  a read: a store that does not answer, read models not there yet (worker mode)

An operation keeps whatever its view documented itself (e.g. 406 for content negotiation).
"""

from __future__ import annotations

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
    return codes


class ErrorResponsesPlugin(BasePlugin):
    """Runs after flask-smorest's and marshmallow's plugins: parameters are expanded."""

    def operation_helper(self, path: str | None = None,
                         operations: dict[str, Any] | None = None, **kwargs: Any) -> None:
        for method, operation in (operations or {}).items():
            if method not in METHODS or not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            responses.pop("default", None)
            for code in sorted(error_codes(path or "", method, operation)):
                # flask-smorest registered a (lazy) problem+json response per status name.
                responses.setdefault(str(code), HTTPStatus(code).name)
