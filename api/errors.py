"""Every error as `application/problem+json` (RFC 9457), field errors under `errors`."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from ledger.errors import (
    ConcurrentWrites,
    InvalidValue,
    LedgerError,
    NotFound,
    RuleViolation,
    StaleVersion,
    UnknownReference,
)

logger = logging.getLogger(__name__)

PROBLEM = "application/problem+json"

# status, type slug
LEDGER_ERRORS: dict[type[LedgerError], tuple[int, str]] = {
    NotFound: (404, "not-found"),
    UnknownReference: (422, "unknown-reference"),
    InvalidValue: (422, "invalid-value"),
    RuleViolation: (409, "rule-violation"),
    ConcurrentWrites: (409, "concurrent-writes"),
    StaleVersion: (412, "stale-version"),
}


class ProblemSchema(Schema):
    """RFC 9457 problem details (documentation only; `optional`: see api.openapi)."""

    type = fields.String(metadata={"example": "urn:kiezledger:problem:rule-violation"})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    instance = fields.String()
    errors = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()),
        metadata={"description": "field -> messages (validation errors)", "optional": True},
    )


class Problem(Exception):
    """Raise from anywhere in the API to answer with a problem."""

    def __init__(self, status: int, title: str, detail: str | None = None, *,
                 slug: str | None = None, errors: dict[str, list[str]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.slug = slug
        self.errors = errors
        self.headers = headers or {}


def problem_response(status: int, title: str, detail: str | None = None, *,
                     slug: str | None = None, errors: Mapping[str, list[str]] | None = None,
                     headers: Mapping[str, str] | None = None) -> Response:
    body: dict[str, Any] = {
        "type": f"urn:kiezledger:problem:{slug}" if slug else "about:blank",
        "title": title,
        "status": status,
    }
    body["detail"] = detail or title  # always there: clients may show it as it is
    body["instance"] = request.path
    if errors:
        body["errors"] = dict(errors)
    # A trailing newline, as Flask ends JSON: a terminal shows the next prompt on its own line.
    response = Response(json.dumps(body) + "\n", status=status, mimetype=PROBLEM)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def field_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """Marshmallow's nested messages as {"field.sub.0": [message, ...]}."""
    if isinstance(messages, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            flat.update(field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(messages, (list, tuple)) and all(isinstance(m, str) for m in messages):
        return {prefix or "_body": list(messages)}
    if isinstance(messages, (list, tuple)):
        flat = {}
        for i, value in enumerate(messages):
            flat.update(field_errors(value, f"{prefix}.{i}" if prefix else str(i)))
        return flat
    return {prefix or "_body": [str(messages)]}


def ledger_status(exc: LedgerError) -> tuple[int, str]:
    """Status and slug of the nearest mapped class in the error's hierarchy (a subclass such
    as ErasedSubject answers as its base does)."""
    for cls in type(exc).__mro__:
        if cls in LEDGER_ERRORS:
            return LEDGER_ERRORS[cls]
    return 409, "refused"


def handle_ledger_error(exc: LedgerError) -> Response:
    status, slug = ledger_status(exc)
    errors = {exc.field: [exc.detail]} if exc.field else None
    return problem_response(status, exc.title, exc.detail, slug=slug, errors=errors)


def handle_problem(exc: Problem) -> Response:
    return problem_response(exc.status, exc.title, exc.detail, slug=exc.slug,
                            errors=exc.errors, headers=exc.headers)


def handle_http_exception(exc: HTTPException) -> Response:
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    errors: dict[str, list[str]] | None = None
    detail = exc.description
    messages = data.get("messages")
    if isinstance(messages, Mapping):
        # webargs: {location: {field: [messages]}}; malformed JSON: {"json": ["Invalid..."]}
        errors = {}
        for location_messages in messages.values():
            errors.update(field_errors(location_messages))
        if status == 422:
            detail = "The request did not pass validation; see `errors`."
        elif list(errors) == ["_body"]:
            detail, errors = "; ".join(errors["_body"]), None
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    headers.update(data.get("headers") or {})
    slug = "validation" if status == 422 else None
    title = exc.name
    if status == 404:
        # No route matched (an unknown path, an id that is no UUID): the same answer as for
        # an unknown id, not Werkzeug's text.
        slug, title = "not-found", NotFound.title
        detail = ("Nothing is recorded at this address; ids are UUIDs such as "
                  "3f2b8c1e-0d4a-4e9b-9a57-6c2d1e8f4b10.")
    elif status == 406:
        slug = "not-acceptable"
    return problem_response(status, title, detail, slug=slug, errors=errors, headers=headers)


def handle_unexpected(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):  # pragma: no cover - routed to its own handler
        return handle_http_exception(exc)
    logger.exception("unexpected error on %s %s", request.method, request.path)
    return problem_response(500, "Internal Server Error",
                            "The server failed to answer; the error was logged.")


def register(app: Flask) -> None:
    app.register_error_handler(LedgerError, handle_ledger_error)
    app.register_error_handler(Problem, handle_problem)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
