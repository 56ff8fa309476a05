"""The API fuzzed with schemathesis against its own /openapi.json: every operation, a bounded
number of examples each, deterministic. No answer may be a 5xx, and every answer must match
the document: a documented status code, a documented content type and headers, a body that
validates against the documented schema; a token must be needed wherever the document says;
a method the document does not list for a path is a 405.

The status-code check has teeth because the document names each operation's error codes
(api.openapi) instead of flask-smorest's catch-all `default`, under which any code "conforms".

schemathesis' pytest integration does not run under pytest 9, so this drives its Python API
from a plain test: load the document from the WSGI app, turn each operation into a Hypothesis
strategy of cases, call the app with a token and validate each answer.

Three tokens, one test each: an admin, and an editor and an auditor scoped to the second of two
processes that both have records. With a scoped token one more check: no 2xx answer, in any
format but PDF (compressed), carries an id or the title of a record of the other process.

Positive cases (valid by the document) and negative ones (breaking it) for each operation.
String fields of format `uuid` (ids in paths, bodies and queries) are drawn from the ids of a
small real history half of the time (three in four for the scoped tokens), so cases reach
past "404 unknown id" into the domain rules; the rest are random UUIDs.

KIEZLEDGER_FUZZ_EXAMPLES sets the examples per operation and mode (default 25), shared among
the tokens: half for the admin, a quarter each for the scoped editor and auditor.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
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
SHARES = {"admin": 2, "editor": 1, "auditor": 1}  # of MAX_EXAMPLES, per token
KEPT_FAILURES = 3  # per operation, mode and kind of failure


def examples_for(role: str) -> int:
    return max(1, round(MAX_EXAMPLES * SHARES[role] / sum(SHARES.values())))


def build_other_process(c: Client, world: Any) -> dict[str, dict[str, Any]]:
    """In the second process what the first has (a gathering, a charter, a proposal with a
    vote), and in both a commitment and a funding by the same funder."""
    other = world.other_process["id"]
    made: dict[str, dict[str, Any]] = {}
    made["gathering"] = c.create("/v1/gatherings", {
        "process_id": other, "format": "summit", "title": "Street summit",
        "held_on": "2021-04-01", "attendance": 12})
    made["charter"] = c.create("/v1/charters", {"process_id": other, "title": "Street charter",
                                                "established_on": "2021-01-20"})
    made["proposal"] = c.create("/v1/proposals", {
        "process_id": other, "title": "Benches", "text": "We place benches.",
        "author_ids": [world.ben["id"]], "submitted_on": "2021-02-01",
        "charter_id": made["charter"]["id"], "clause": {"action": "add", "heading": "Seats"}})
    made["vote"] = c.create("/v1/votes", {
        "subject_type": "proposal", "subject_id": made["proposal"]["id"],
        "gathering_id": made["gathering"]["id"], "method": "consent",
        "opened_on": "2021-04-01"})
    for key, process in (("commitment", other), ("process_commitment", world.process["id"])):
        made[key] = c.create("/v1/commitments", {
            "actor_id": world.ben["id"], "process_id": process, "description": "Repaint",
            "made_on": "2021-04-01", "due_on": "2021-06-30"})
    for key, process in (("funding", other), ("process_funding", world.process["id"])):
        made[key] = c.create("/v1/fundings", {
            "funder_id": world.cem["id"], "recipient_id": world.ben["id"],
            "process_id": process, "logic": "process", "period_start": "2021-01-01",
            "period_end": "2022-12-31", "amount": "1000.00", "currency": "EUR",
            "granted_on": "2020-12-01"})
    return made


@dataclass
class Fuzzed:
    app: Any
    tokens: dict[str, str]  # role -> token (editor and auditor scoped to the other process)
    ids: list[str]  # of every record of the history
    foreign: list[str]  # ids and titles of the records outside the scoped tokens' process


@pytest.fixture
def fuzzed_app(database_url: str, tmp_path, monkeypatch) -> Iterator[Fuzzed]:
    """The app over a small real history in two processes; the tokens; its ids."""
    monkeypatch.setenv(signing.SIGNING_KEY_ENV, str(tmp_path / "keys" / "signing-key.pem"))
    app = create_app({"KIEZLEDGER_DATABASE_URL": database_url, "TESTING": True})
    try:
        svc = app.extensions["kiezledger"]
        token = svc.tokens.create("fuzz-admin", "admin")
        client = Client(app.test_client(), token)
        world = build_world(client)
        other = build_other_process(client, world)
        scope = [world.other_process["id"]]
        tokens = {"admin": token, **{role: svc.tokens.create(f"fuzz-{role}", role, scope)
                                     for role in ("editor", "auditor")}}
        records = [*vars(world).values(), *other.values()]
        foreign = [r for r in records if r.get("process_id") == world.process["id"]]
        foreign.append(world.process)
        yield Fuzzed(app, tokens, [r["id"] for r in records],
                     [r["id"] for r in foreign] + [r["title"] for r in foreign if "title" in r])
    finally:
        app.extensions["kiezledger"].close()


def no_record_of_another_process(foreign: list[str]) -> Any:
    """A schemathesis check: a 2xx answer names none of `foreign` (ids and titles)."""

    def check(ctx: Any, response: Any, case: Any) -> None:
        if not 200 <= response.status_code < 300:
            return
        text = response.content.decode("utf-8", "replace")
        shown = [word for word in foreign if word in text]
        assert not shown, f"a scoped token's 2xx answer shows another process: {shown}"

    check.__name__ = no_record_of_another_process.__name__
    return check


@pytest.fixture
def known_uuids(fuzzed_app: Fuzzed, role: str) -> Iterator[None]:
    # Half the ids are real; for a scoped token three in four, so that its fewer examples
    # still ask for many records of the other process.
    known = st.sampled_from(fuzzed_app.ids)
    weight = 1 if role == "admin" else 3
    schemathesis.openapi.format("uuid", st.one_of(*[known] * weight, st.uuids().map(str)))
    try:
        yield
    finally:
        from schemathesis.specs.openapi.formats import unregister_string_format

        unregister_string_format("uuid")


def fuzz(operation: Any, mode: GenerationMode, token: str,
         failures: dict[tuple[str, ...], list[str]], calls: Counter[str], *,
         examples_count: int = MAX_EXAMPLES, checks: list[Any] = CHECKS) -> None:
    headers = {"Authorization": f"Bearer {token}"}

    @settings(max_examples=examples_count, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
              print_blob=False)
    @given(case=operation.as_strategy(generation_mode=mode))
    def examples(case: Any) -> None:
        calls[operation.label] += 1
        try:
            case.call_and_validate(headers=headers, checks=checks)
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
@pytest.mark.parametrize("role", list(SHARES))
def test_every_operation_answers_as_documented_and_never_5xx(fuzzed_app, known_uuids, role):
    app, token = fuzzed_app.app, fuzzed_app.tokens[role]
    checks = CHECKS if role == "admin" else [
        *CHECKS, no_record_of_another_process(fuzzed_app.foreign)]
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    document = app.test_client().get("/openapi.json").get_json()
    documented = {f"{method.upper()} {path}" for path, item in document["paths"].items()
                  for method in item if method in ("get", "post", "put", "patch", "delete")}

    failures: dict[tuple[str, ...], list[str]] = defaultdict(list)
    calls: Counter[str] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode in MODES:
            fuzz(operation, mode, token, failures, calls, examples_count=examples_for(role),
                 checks=checks)

    assert {op.label for op in operations} == documented  # every operation ...
    assert set(calls) == documented  # ... was called
    report = "\n\n".join(
        f"### {' | '.join(key)}\n{examples[0]}" for key, examples in sorted(failures.items()))
    assert not failures, f"{len(failures)} kinds of failure:\n\n{report}"
