"""The API fuzzed with schemathesis against its own /openapi.json: every operation, a bounded
number of examples each, deterministic. No answer may be a 5xx, and every answer must match
the document: a documented status code, a documented content type and headers, a body that
validates against the documented schema; a token must be needed wherever the document says;
a method the document does not list for a path is a 405.

The status-code check has teeth because the document names each operation's error codes
(api.openapi) instead of flask-smorest's catch-all `default`, under which any code "conforms".

schemathesis' pytest integration does not run under pytest 9, so this drives its Python API
from a plain test: load the document from the WSGI app, turn each operation into a Hypothesis
strategy of cases, call the app with an admin token and validate each answer.

Positive cases (valid by the document) and negative ones (breaking it) for each operation.
String fields of format `uuid` (ids in paths, bodies and queries) are drawn from the ids of a
small real history half of the time, so cases reach past "404 unknown id" into the domain
rules; the rest are random UUIDs.

KIEZLEDGER_FUZZ_EXAMPLES sets the examples per operation and mode (default 25).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from api import create_app
from store import signing
from tests.api.conftest import Client, build_world

MAX_EXAMPLES = int(os.environ.get("KIEZLEDGER_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    missing_required_header,
    ignored_auth,
    unsupported_method,
]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
KEPT_FAILURES = 3  # per operation, mode and kind of failure


@pytest.fixture
def fuzzed_app(database_url: str, tmp_path, monkeypatch) -> Iterator[tuple[Any, str, list[str]]]:
    """The app over a small real history; an admin token; the ids of that history."""
    monkeypatch.setenv(signing.SIGNING_KEY_ENV, str(tmp_path / "keys" / "signing-key.pem"))
    app = create_app({"KIEZLEDGER_DATABASE_URL": database_url, "TESTING": True})
    try:
        svc = app.extensions["kiezledger"]
        token = svc.tokens.create("fuzz-admin", "admin")
        world = build_world(Client(app.test_client(), token))
        svc.tokens.create("fuzz-editor", "editor", [world.process["id"]])
        ids = [record["id"] for record in vars(world).values()]
        yield app, token, ids
    finally:
        app.extensions["kiezledger"].close()


@pytest.fixture
def known_uuids(fuzzed_app) -> Iterator[None]:
    _, _, ids = fuzzed_app
    schemathesis.openapi.format("uuid", st.one_of(st.sampled_from(ids), st.uuids().map(str)))
    try:
        yield
    finally:
        from schemathesis.specs.openapi.formats import unregister_string_format

        unregister_string_format("uuid")


def fuzz(operation: Any, mode: GenerationMode, token: str,
         failures: dict[tuple[str, ...], list[str]], calls: Counter[str]) -> None:
    headers = {"Authorization": f"Bearer {token}"}

    @settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
              print_blob=False)
    @given(case=operation.as_strategy(generation_mode=mode))
    def examples(case: Any) -> None:
        calls[operation.label] += 1
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        # Record and go on: one run shows every kind of failure. schemathesis raises its
        # failures as a FailureGroup, a BaseExceptionGroup (not an Exception).
        except (Exception, BaseExceptionGroup) as exc:
            summary = str(exc).strip().splitlines()
            key = (operation.label, mode.value, type(exc).__name__,
                   next((s.strip() for s in summary if s.strip().startswith("-")), ""))
            if len(failures[key]) < KEPT_FAILURES:
                failures[key].append(str(exc))

    try:
        examples()
    except Unsatisfiable:
        # Nothing can break the document of an operation without parameters or body
        # (e.g. negative cases of GET /healthz): only positive cases exist for it.
        assert mode is GenerationMode.NEGATIVE, operation.label


@pytest.mark.slow
@pytest.mark.parametrize("database_url", [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
], indirect=True)
def test_every_operation_answers_as_documented_and_never_5xx(fuzzed_app, known_uuids):
    app, token, _ = fuzzed_app
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    document = app.test_client().get("/openapi.json").get_json()
    documented = {f"{method.upper()} {path}" for path, item in document["paths"].items()
                  for method in item if method in ("get", "post", "put", "patch", "delete")}

    failures: dict[tuple[str, ...], list[str]] = defaultdict(list)
    calls: Counter[str] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode in MODES:
            fuzz(operation, mode, token, failures, calls)

    assert {op.label for op in operations} == documented  # every operation ...
    assert set(calls) == documented  # ... was called
    report = "\n\n".join(
        f"### {' | '.join(key)}\n{examples[0]}" for key, examples in sorted(failures.items()))
    assert not failures, f"{len(failures)} kinds of failure:\n\n{report}"
