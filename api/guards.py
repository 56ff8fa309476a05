"""What every request under /v1/ passes before and after its view, in this order:
token, role, `Accept`, Idempotency-Key, JSON body; after it, a 204 loses its Content-Type.
"""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import RequestEntityTooLarge

from api import auth, services
from api.errors import Problem
from api.idempotency import MAX_KEY_LENGTH, Claimed, InFlight, Mismatch, Request

logger = logging.getLogger(__name__)

API_PREFIX = "/v1/"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Under /v1/ but readable without a token: the key funders check checkpoints with.
PUBLIC_PATHS = frozenset({"/v1/integrity/key", "/v1/integrity/key.pem"})
# app.extensions key: (endpoint, METHOD) -> media types its successes answer with (api.openapi)
PRODUCES = "kiezledger_produces"
# Writes whose answer holds a secret shown once: never kept for replays.
NOT_REPLAYED = frozenset({("POST", "/v1/tokens")})


def _is_api() -> bool:
    return request.path.startswith(API_PREFIX)


def _is_write() -> bool:
    """A write to a route that exists (404 and 405 answer before the body is looked at)."""
    return (_is_api() and request.method not in SAFE_METHODS
            and request.routing_exception is None)


def with_article(word: str) -> str:
    """"an auditor", "a reader": the indefinite article the word's first letter asks for."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def check_token() -> None:
    if _is_api() and request.path not in PUBLIC_PATHS:
        who = auth.authenticate()
        if request.method not in SAFE_METHODS and who.role not in auth.WRITERS:
            raise auth.forbidden(f"{with_article(who.role)} token may only read")


def check_accept() -> None:
    """406 when `Accept` names none of the media types the operation answers with (as the
    OpenAPI document lists them), before anything is stored. No `Accept`, or one that
    accepts anything, is fine; views that offer several types pick among them, and a
    `format` query parameter (the reports') wins over `Accept`."""
    if (request.url_rule is None or not request.headers.get("Accept", "").strip()
            or request.args.get("format")):
        return
    offered = current_app.extensions.get(PRODUCES, {}).get(
        (request.url_rule.endpoint, request.method))
    if offered and request.accept_mimetypes.best_match(sorted(offered)) is None:
        raise Problem(406, "Not Acceptable",
                      f"This resource is available as {', '.join(sorted(offered))}.",
                      slug="not-acceptable")


def claim_idempotency_key() -> Response | None:
    key = request.headers.get("Idempotency-Key")
    if key is None or not _is_write():
        return None
    if (request.method, request.path.rstrip("/")) in NOT_REPLAYED:
        raise Problem(400, "Bad Request",
                      "This write takes no Idempotency-Key: its answer holds a token that is "
                      "shown once and never stored. Send it without the header.",
                      slug="idempotency-key-refused",
                      errors={"Idempotency-Key": ["Not accepted on this write."]})
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise Problem(400, "Bad Request",
                      f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable ASCII characters.")
    req = Request.of(auth.principal().name, key, request.method, request.path,
                     request.get_data(cache=True))
    try:
        outcome = services.current().idempotency.begin(req)
    except Mismatch as exc:
        raise Problem(422, "Idempotency-Key reused", str(exc), slug="idempotency-key-reused",
                      errors={"Idempotency-Key": [str(exc)]}) from exc
    except InFlight as exc:
        raise Problem(409, "Idempotency-Key in flight", str(exc),
                      slug="idempotency-key-in-flight") from exc
    if isinstance(outcome, Claimed):
        g.idempotency = req
        return None
    return outcome.response


def check_body_size() -> None:
    """413 for a chunked body over the limit too. Without a Content-Length, Werkzeug stops
    reading at MAX_CONTENT_LENGTH and hands on the cut body as if it were whole."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if not _is_write() or limit is None or request.content_length is not None:
        return
    if len(request.get_data(cache=True)) >= limit and request.environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge()


def parse_json_body() -> None:
    """Writes carry one JSON document; it is parsed once, here, for the schemas."""
    if not _is_write():
        return
    check_body_size()
    if request.method == "DELETE" and not request.get_data(cache=True):
        return  # a DELETE needs no body
    if not request.is_json:
        raise Problem(400, "Bad Request", "Send the body as application/json.",
                      slug="content-type")
    try:
        g.json_body = json.loads(request.get_data(cache=True).decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise Problem(400, "Bad Request", "The body is not valid JSON.",
                      slug="malformed-json") from exc


def no_content_no_type(response: Response) -> Response:
    """A 204 has no body, so no Content-Type either."""
    if response.status_code == 204:
        response.headers.pop("Content-Type", None)
        response.set_data(b"")
    return response


def remember_answer(response: Response) -> Response:
    req = g.pop("idempotency", None)
    if req is not None:
        store = services.current().idempotency
        if response.status_code >= 500:
            store.release(req)  # not an answer: the client may try again
        else:
            store.finish(req, response)
    return response


def release_unanswered(exc: BaseException | None) -> None:
    req = g.pop("idempotency", None)
    if req is not None:
        try:
            services.current().idempotency.release(req)
        except Exception:
            logger.exception("could not release Idempotency-Key %r", req.key)


def register(app: Flask) -> None:
    app.before_request(check_token)
    app.before_request(check_accept)
    app.before_request(claim_idempotency_key)
    app.before_request(parse_json_body)
    app.after_request(remember_answer)
    app.after_request(no_content_no_type)  # runs first: after_request hooks run in reverse
    app.teardown_request(release_unanswered)
