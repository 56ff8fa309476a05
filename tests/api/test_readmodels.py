"""The read-model endpoints through the HTTP API (Flask's test client), on every store: charter
text and diff, process timeline, network, commitments board.

The story (recorded through the API, so every write takes the usual path and waits for the
read models) has amendments adopted, withdrawn and rejected, proposals adopted, rejected and
withdrawn, a replaced and a repealed clause, an ended cooperation, and commitments fulfilled
late, fulfilled on time, withdrawn, overdue and open:

Process P (Reuterkiez) with charter C; process Q (Schulweg).
- 2022-03-01, gathering g1: clause A "Grünflächen" by prop1 as amended by am1; clause B
  "Verkehr" by prop2 (am2 withdrawn, am3 rejected).
- 2022-05-01: prop4 (no clause) withdrawn.
- 2022-09-01, gathering g2: A replaced by prop5 (heading "Grün und Pflege"); B repealed by
  prop6; prop3 ("Lärm") rejected.
- Commitments: c1 (office, P) due 2022-06-01, progress 2022-04-01, fulfilled late 2022-07-01;
  c2 (initiative, P) due 2022-12-31, fulfilled 2022-11-01; c3 (shop, P) withdrawn 2022-09-15;
  c4 (office, P) due 2023-01-31, never fulfilled (overdue); c5 (school, Q) due 2099-01-01.
- Cooperations: co1 initiative-person (P) 2022-01-20 until 2022-12-31; co2 initiative-office
  (P) from 2022-02-01; co3 shop-school (Q) from 2022-03-01; co4 office-shop (no process) from
  2022-04-01.
- Funding of P: 30000.00 EUR granted 2022-01-25, 10000.00 paid 2022-02-15.
"""

from __future__ import annotations

import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import networkx as nx
import pytest
from flask import Flask

from api import create_app
from tests.api.conftest import Client, edge_only

PROBLEM = "application/problem+json"
GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"


# --- the story ---------------------------------------------------------------------------------


def _moment() -> datetime:
    time.sleep(0.01)  # recorded times on either side differ
    moment = datetime.now(UTC)
    time.sleep(0.01)
    return moment


def build_story(c: Client) -> SimpleNamespace:
    s = SimpleNamespace(moments={})

    def actor(kind: str, name: str) -> str:
        return c.create("/v1/actors", {"kind": kind, "name": name})["id"]

    def ok(path: str, body: dict[str, Any]) -> dict[str, Any]:
        return c.create(path, body, status=200)

    s.ini = actor("initiative", "Initiative Reuterkiez")
    s.bea = actor("person", "Bea Beispiel")
    s.amt = actor("administration", "Bezirksamt Neukölln")
    s.shop = actor("business", "Späti Weserstraße")
    s.school = actor("school", "Schule am Park")
    s.funder = actor("funder", "Stiftung Kiez")

    s.p = c.create("/v1/processes", {"title": "Reuterkiez gestalten", "level": "kiez",
                                     "started_on": "2022-01-10",
                                     "goals": {"open_assemblies_per_year": 2}})["id"]
    s.q = c.create("/v1/processes", {"title": "Sicherer Schulweg", "level": "street",
                                     "started_on": "2022-02-01"})["id"]
    ok(f"/v1/processes/{s.p}/participants",
       {"actor_id": s.bea, "role": "member", "joined_on": "2022-01-15"})
    ok(f"/v1/processes/{s.p}/phases", {"name": "Werkstatt", "started_on": "2022-02-01"})
    s.moments["before_charter"] = _moment()
    s.charter = c.create("/v1/charters", {"process_id": s.p, "title": "Kiez-Charta Reuterkiez",
                                          "established_on": "2022-01-20"})["id"]

    def cooperate(a: str, b: str, kind: str, started_on: str, process: str | None) -> str:
        body = {"actor_ids": [a, b], "kind": kind, "started_on": started_on}
        if process:
            body["process_id"] = process
        return c.create("/v1/cooperations", body)["id"]

    s.co1 = cooperate(s.ini, s.bea, "partnership", "2022-01-20", s.p)
    s.funding = c.create("/v1/fundings", {
        "funder_id": s.funder, "recipient_id": s.ini, "process_id": s.p, "logic": "process",
        "period_start": "2022-01-01", "period_end": "2024-12-31", "amount": "30000.00",
        "currency": "EUR", "granted_on": "2022-01-25"})["id"]
    s.co2 = cooperate(s.ini, s.amt, "joint_action", "2022-02-01", s.p)
    ok(f"/v1/fundings/{s.funding}/disbursements", {"amount": "10000.00",
                                                   "paid_on": "2022-02-15"})

    def gathering(title: str, held_on: str, attendance: int) -> str:
        return c.create("/v1/gatherings", {"process_id": s.p, "format": "open_assembly",
                                           "title": title, "held_on": held_on,
                                           "attendance": attendance})["id"]

    def propose(title: str, text: str, submitted_on: str, clause: dict | None) -> str:
        body = {"process_id": s.p, "title": title, "text": text, "author_ids": [s.ini],
                "submitted_on": submitted_on}
        if clause:
            body |= {"charter_id": s.charter, "clause": clause}
        return c.create("/v1/proposals", body)["id"]

    def amend(proposal: str, author: str, text: str, submitted_on: str) -> str:
        return c.create(f"/v1/proposals/{proposal}/amendments",
                        {"author_ids": [author], "text": text,
                         "submitted_on": submitted_on})["id"]

    def decide(subject_type: str, subject: str, gathering_id: str, on: str, yes: int,
               no: int) -> str:
        vote = c.create("/v1/votes", {"subject_type": subject_type, "subject_id": subject,
                                      "gathering_id": gathering_id,
                                      "method": "simple_majority", "opened_on": on})["id"]
        ok(f"/v1/votes/{vote}/tally", {"yes": yes, "no": no, "abstain": 1})
        result = ok(f"/v1/votes/{vote}/close", {"closed_on": on})["result"]
        assert result["outcome"] == ("adopted" if yes > no else "rejected"), result
        return vote

    def clause_ids() -> list[str]:
        return [cl["clause_id"] for cl in c.get(f"/v1/charters/{s.charter}").get_json()["clauses"]]

    # Gathering 1: clauses A and B.
    s.g1 = gathering("Offene Versammlung Frühjahr", "2022-03-01", 40)
    s.prop1 = propose("Grün im Kiez", "Wir begrünen.", "2022-02-10",
                      {"action": "add", "heading": "Grünflächen"})
    s.am1 = amend(s.prop1, s.bea, "Wir begrünen und entsiegeln.", "2022-02-20")
    s.prop2 = propose("Verkehrsberuhigung", "Tempo 30 überall.", "2022-02-15",
                      {"action": "add", "heading": "Verkehr"})
    s.am2 = amend(s.prop2, s.bea, "Tempo 20 überall.", "2022-02-16")
    ok(f"/v1/amendments/{s.am2}/withdraw", {"withdrawn_on": "2022-02-25"})
    s.am3 = amend(s.prop2, s.amt, "Tempo 50 überall.", "2022-02-17")
    s.vote_am1 = decide("amendment", s.am1, s.g1, "2022-03-01", 20, 2)
    s.vote_am3 = decide("amendment", s.am3, s.g1, "2022-03-01", 3, 20)
    s.vote1 = decide("proposal", s.prop1, s.g1, "2022-03-01", 30, 5)
    s.vote2 = decide("proposal", s.prop2, s.g1, "2022-03-01", 25, 10)
    s.clause_a, s.clause_b = clause_ids()

    def commit(actor_id: str, process: str, description: str, made_on: str,
               due_on: str) -> str:
        return c.create("/v1/commitments", {"actor_id": actor_id, "process_id": process,
                                            "description": description, "made_on": made_on,
                                            "due_on": due_on})["id"]

    s.c1 = commit(s.amt, s.p, "Baumscheiben prüfen", "2022-03-01", "2022-06-01")
    s.c2 = commit(s.ini, s.p, "Pflanzaktion", "2022-03-01", "2022-12-31")
    s.c5 = commit(s.school, s.q, "Lotsendienst", "2022-03-01", "2099-01-01")
    s.co3 = cooperate(s.shop, s.school, "membership", "2022-03-01", s.q)
    ok(f"/v1/commitments/{s.c1}/progress", {"reported_on": "2022-04-01",
                                            "note": "Hälfte geprüft"})
    s.co4 = cooperate(s.amt, s.shop, "partnership", "2022-04-01", None)
    s.prop4 = propose("Parkplätze", "Mehr Parkplätze.", "2022-04-01", None)
    ok(f"/v1/proposals/{s.prop4}/withdraw", {"withdrawn_on": "2022-05-01"})
    ok(f"/v1/commitments/{s.c1}/fulfil", {"fulfilled_on": "2022-07-01", "evidence": "Bericht"})
    s.moments["after_march"] = _moment()

    # Gathering 2: A replaced, B repealed, "Lärm" rejected.
    s.g2 = gathering("Offene Versammlung Herbst", "2022-09-01", 55)
    s.prop5 = propose("Grün pflegen", "Wir begrünen, entsiegeln und pflegen.", "2022-08-01",
                      {"action": "replace", "clause_id": s.clause_a,
                       "heading": "Grün und Pflege"})
    s.prop6 = propose("Verkehr neu denken", "Der Abschnitt Verkehr entfällt.", "2022-08-05",
                      {"action": "repeal", "clause_id": s.clause_b})
    s.prop3 = propose("Lärm", "Ruhe ab 20 Uhr.", "2022-08-12",
                      {"action": "add", "heading": "Lärm"})
    s.vote5 = decide("proposal", s.prop5, s.g2, "2022-09-01", 30, 1)
    s.vote6 = decide("proposal", s.prop6, s.g2, "2022-09-01", 30, 1)
    s.vote3 = decide("proposal", s.prop3, s.g2, "2022-09-01", 3, 10)
    s.c3 = commit(s.shop, s.p, "Lastenrad leihen", "2022-09-01", "2022-10-01")
    s.c4 = commit(s.amt, s.p, "Poller aufstellen", "2022-09-01", "2023-01-31")
    ok(f"/v1/commitments/{s.c3}/withdraw", {"withdrawn_on": "2022-09-15",
                                            "reason": "Kein Budget"})
    ok(f"/v1/commitments/{s.c2}/fulfil", {"fulfilled_on": "2022-11-01"})
    ok(f"/v1/cooperations/{s.co1}/end", {"ended_on": "2022-12-31"})
    return s


def snapshot(c: Client, s: SimpleNamespace) -> dict[str, Any]:
    """Every read-model answer about the story, as JSON (and the Markdown and GraphML)."""
    today = date.today().isoformat()
    days = ["2022-01-31", "2022-03-01", "2022-06-30", "2022-09-01", "2022-12-31", today]
    answers: dict[str, Any] = {}

    def get(path: str, accept: str | None = None, **query: Any) -> Any:
        response = c.get(path, query_string=query,
                         headers={"Accept": accept} if accept else None)
        assert response.status_code == 200, (path, query, response.get_data(as_text=True))
        answers[f"{path}?{sorted(query.items())}{accept or ''}"] = (
            response.get_data(as_text=True) if accept else response.get_json())

    for day in days:
        get(f"/v1/charters/{s.charter}/text", on=day)
        get("/v1/network", on=day)
        get("/v1/network", on=day, process_id=s.p)
        get("/v1/commitments", on=day, limit=200)
        for status in ("open", "overdue", "fulfilled", "withdrawn"):
            get("/v1/commitments", on=day, status=status)
    get(f"/v1/charters/{s.charter}/text", accept="text/markdown", on="2022-03-01")
    get("/v1/network", accept="application/graphml+xml", on="2022-06-30")
    get(f"/v1/charters/{s.charter}/diff", **{"from": "2022-01-31", "to": "2022-12-31"})
    get(f"/v1/charters/{s.charter}/diff", **{"from": "2022-03-01", "to": "2022-09-01"})
    for process in (s.p, s.q):
        get(f"/v1/processes/{process}/timeline")
    get(f"/v1/processes/{s.p}/timeline", **{"from": "2022-03-01", "to": "2022-03-01"})
    get("/v1/commitments", actor_id=s.amt)
    return answers


# --- fixtures: one story per store and module (its tests only read) -----------------------------


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("memory", id="memory"),
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ],
)
def story_app(request, tmp_path_factory) -> Iterator[Flask]:
    if request.param == "memory":
        url = "memory://"
    elif request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('story')}/kiezledger.db"
    else:
        from tests import pg

        server = request.getfixturevalue("pg_server")
        with pg.fresh_database(server.admin_url) as url:
            yield from _app(url)
        return
    yield from _app(url)


def _app(url: str) -> Iterator[Flask]:
    app = create_app({"KIEZLEDGER_DATABASE_URL": url, "TESTING": True,
                      "KIEZLEDGER_PROJECTIONS": "inprocess"})
    try:
        yield app
    finally:
        app.extensions["kiezledger"].close()


@pytest.fixture(scope="module")
def story(story_app: Flask) -> SimpleNamespace:
    tokens = story_app.extensions["kiezledger"].tokens
    admin = Client(story_app.test_client(), tokens.create("story-admin", "admin"))
    s = build_story(admin)
    s.admin = admin
    s.q_auditor = admin.as_(tokens.create("q-auditor", "auditor", [s.q]))
    s.q_editor = admin.as_(tokens.create("q-editor", "editor", [s.q]))
    s.pq_auditor = admin.as_(tokens.create("pq-auditor", "auditor", [s.p, s.q]))
    return s


@pytest.fixture
def c(story: SimpleNamespace) -> Client:
    return story.admin


def problem(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == PROBLEM
    return response.get_json()


# --- charter text ------------------------------------------------------------------------------


def test_charter_text_on_a_day_names_the_decision_behind_each_clause(c: Client, story):
    s = story
    answer = c.get(f"/v1/charters/{s.charter}/text?on=2022-03-01")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.get_json() == {
        "charter_id": s.charter,
        "on": "2022-03-01",
        "clauses": [
            {"clause_id": s.clause_a, "number": 1, "heading": "Grünflächen",
             "text": "Wir begrünen und entsiegeln.",
             "adopted_by": {"proposal_id": s.prop1, "amendment_ids": [s.am1],
                            "vote_id": s.vote1, "gathering_id": s.g1,
                            "decided_on": "2022-03-01"}},
            {"clause_id": s.clause_b, "number": 2, "heading": "Verkehr",
             "text": "Tempo 30 überall.",
             "adopted_by": {"proposal_id": s.prop2, "amendment_ids": [],
                            "vote_id": s.vote2, "gathering_id": s.g1,
                            "decided_on": "2022-03-01"}},
        ],
    }
    assert "Accept" in answer.headers["Vary"]


def test_charter_text_before_the_first_decision_and_after_a_replacement_and_a_repeal(
        c: Client, story):
    s = story
    empty = c.get(f"/v1/charters/{s.charter}/text?on=2022-02-28").get_json()
    assert empty == {"charter_id": s.charter, "on": "2022-02-28", "clauses": []}
    autumn = c.get(f"/v1/charters/{s.charter}/text?on=2022-09-01").get_json()
    assert autumn["clauses"] == [
        {"clause_id": s.clause_a, "number": 1, "heading": "Grün und Pflege",
         "text": "Wir begrünen, entsiegeln und pflegen.",
         "adopted_by": {"proposal_id": s.prop5, "amendment_ids": [], "vote_id": s.vote5,
                        "gathering_id": s.g2, "decided_on": "2022-09-01"}},
    ]
    today = c.get(f"/v1/charters/{s.charter}/text").get_json()
    assert today["on"] == date.today().isoformat()
    assert today["clauses"] == autumn["clauses"]


def test_charter_text_as_the_ledger_recorded_it(c: Client, story):
    s = story
    then = s.moments["after_march"]
    answer = c.get(f"/v1/charters/{s.charter}/text",
                   query_string={"as_of": then.isoformat()}).get_json()
    assert answer["on"] == then.date().isoformat()
    assert [(x["heading"], x["text"]) for x in answer["clauses"]] == [
        ("Grünflächen", "Wir begrünen und entsiegeln."), ("Verkehr", "Tempo 30 überall.")]
    # A day and a moment together: what was in effect that day, as recorded then.
    both = c.get(f"/v1/charters/{s.charter}/text",
                 query_string={"as_of": then.isoformat(), "on": "2022-02-01"}).get_json()
    assert both["on"] == "2022-02-01" and both["clauses"] == []
    before = s.moments["before_charter"].isoformat()
    body = problem(c.get(f"/v1/charters/{s.charter}/text", query_string={"as_of": before}), 404)
    assert "was recorded by" in body["detail"]


def test_charter_text_as_markdown(c: Client, story):
    import markdown_it

    s = story
    answer = c.get(f"/v1/charters/{s.charter}/text?on=2022-03-01",
                   headers={"Accept": "text/markdown"})
    assert answer.status_code == 200
    assert answer.mimetype == "text/markdown" and answer.mimetype_params["charset"] == "utf-8"
    assert "Accept" in answer.headers["Vary"]
    text = answer.get_data(as_text=True)
    tokens = markdown_it.MarkdownIt().parse(text)
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens)
                if t.type == "heading_open"]
    assert headings == [("h1", "Kiez-Charta Reuterkiez"), ("h2", "1. Grünflächen"),
                        ("h2", "2. Verkehr")]
    paragraphs = [tokens[i + 1].content for i, t in enumerate(tokens)
                  if t.type == "paragraph_open"]
    assert "Wir begrünen und entsiegeln." in paragraphs and "Tempo 30 überall." in paragraphs
    assert s.am1 in text and s.vote1 in text and s.g1 in text and "2022-03-01" in text
    # Markdown preferred over JSON by quality.
    prefers = c.get(f"/v1/charters/{s.charter}/text?on=2022-03-01",
                    headers={"Accept": "application/json;q=0.5, text/markdown"})
    assert prefers.mimetype == "text/markdown" and prefers.get_data(as_text=True) == text


@pytest.mark.parametrize("accept, mimetype", [
    ("*/*", "application/json"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json"),
    ("application/*", "application/json"),
    ("text/*", "text/markdown"),
    ("application/json, text/markdown", "application/json"),
])
def test_charter_text_negotiates_json_first(c: Client, story, accept, mimetype):
    answer = c.get(f"/v1/charters/{story.charter}/text", headers={"Accept": accept})
    assert answer.status_code == 200 and answer.mimetype == mimetype


def test_only_unsupported_types_accepted_is_406(c: Client, story):
    for path, accept in ((f"/v1/charters/{story.charter}/text", "application/xml"),
                         (f"/v1/charters/{story.charter}/text", "application/graphml+xml"),
                         ("/v1/network", "text/markdown"),
                         ("/v1/network", "application/json;q=0, text/csv")):
        body = problem(c.get(path, headers={"Accept": accept}), 406)
        assert body["type"] == "urn:kiezledger:problem:not-acceptable"


# --- charter diff ------------------------------------------------------------------------------


def test_charter_diff_between_two_days(c: Client, story):
    s = story
    autumn = c.get(f"/v1/charters/{s.charter}/diff?from=2022-03-01&to=2022-09-01")
    assert autumn.status_code == 200
    assert autumn.get_json() == {
        "from": "2022-03-01", "to": "2022-09-01",
        "changes": [
            {"clause_id": s.clause_a, "heading": "Grün und Pflege", "change": "replaced",
             "before": "Wir begrünen und entsiegeln.",
             "after": "Wir begrünen, entsiegeln und pflegen."},
            {"clause_id": s.clause_b, "heading": "Verkehr", "change": "repealed",
             "before": "Tempo 30 überall.", "after": None},
        ],
    }
    spring = c.get(f"/v1/charters/{s.charter}/diff?from=2022-02-28&to=2022-03-01").get_json()
    assert [(x["clause_id"], x["change"], x["before"]) for x in spring["changes"]] == [
        (s.clause_a, "added", None), (s.clause_b, "added", None)]
    # B added and repealed in between: no change; A's latest words only.
    whole = c.get(f"/v1/charters/{s.charter}/diff?from=2022-01-01&to=2023-01-01").get_json()
    assert [(x["clause_id"], x["change"]) for x in whole["changes"]] == [(s.clause_a, "added")]
    same = c.get(f"/v1/charters/{s.charter}/diff?from=2022-09-01&to=2022-09-01").get_json()
    assert same["changes"] == []


def test_charter_diff_needs_both_days_in_order(c: Client, story):
    path = f"/v1/charters/{story.charter}/diff"
    body = problem(c.get(f"{path}?from=2022-09-01&to=2022-03-01"), 422)
    assert "from" in body["errors"]
    assert set(problem(c.get(path), 422)["errors"]) == {"from", "to"}
    assert set(problem(c.get(f"{path}?from=2022-03-01"), 422)["errors"]) == {"to"}
    assert "to" in problem(c.get(f"{path}?from=2022-03-01&to=2022-02-30"), 422)["errors"]


# --- timeline ----------------------------------------------------------------------------------


def test_timeline_of_a_process_in_domain_date_order(c: Client, story):
    s = story
    answer = c.get(f"/v1/processes/{s.p}/timeline")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["process_id"] == s.p
    entries = body["entries"]
    assert [e["on"] for e in entries] == sorted(e["on"] for e in entries)
    kinds = [e["kind"] for e in entries]
    for kind in ("process_started", "participant_joined", "phase_started",
                 "charter_established", "cooperation_started", "cooperation_ended",
                 "funding_granted", "funding_disbursed", "gathering_held", "proposal_submitted",
                 "proposal_adopted", "proposal_rejected", "proposal_withdrawn",
                 "amendment_submitted", "amendment_adopted", "amendment_rejected",
                 "amendment_withdrawn", "vote_closed", "clause_added", "clause_replaced",
                 "clause_repealed", "commitment_made", "commitment_progress",
                 "commitment_fulfilled", "commitment_withdrawn"):
        assert kind in kinds, kind
    assert entries[0] == {"on": "2022-01-10", "kind": "process_started",
                          "summary": "Process started: Reuterkiez gestalten",
                          "data": {"title": "Reuterkiez gestalten"},
                          "ref": {"type": "process", "id": s.p}}
    # The withdrawn proposal, the ended cooperation, the late fulfilment: on their own days.
    by_ref = {(e["ref"]["id"], e["kind"]): e for e in entries}
    assert by_ref[(s.prop4, "proposal_withdrawn")]["on"] == "2022-05-01"
    assert by_ref[(s.co1, "cooperation_ended")]["on"] == "2022-12-31"
    assert "Bea Beispiel" in by_ref[(s.co1, "cooperation_ended")]["summary"]
    assert [a["name"] for a in by_ref[(s.co1, "cooperation_ended")]["data"]["actors"]] == [
        "Initiative Reuterkiez", "Bea Beispiel"]
    assert by_ref[(s.c1, "commitment_fulfilled")]["on"] == "2022-07-01"
    assert by_ref[(s.am2, "amendment_withdrawn")]["on"] == "2022-02-25"
    # Nothing of process Q.
    assert not {s.c5, s.co3} & {e["ref"]["id"] for e in entries}


def test_timeline_between_two_days(c: Client, story):
    s = story
    every = c.get(f"/v1/processes/{s.p}/timeline").get_json()["entries"]
    march = c.get(f"/v1/processes/{s.p}/timeline?from=2022-03-01&to=2022-03-31").get_json()
    assert march["entries"] == [e for e in every if "2022-03-01" <= e["on"] <= "2022-03-31"]
    assert march["entries"] and {e["kind"] for e in march["entries"]} >= {
        "gathering_held", "vote_closed", "clause_added", "commitment_made"}
    since = c.get(f"/v1/processes/{s.p}/timeline?from=2022-09-01").get_json()["entries"]
    assert since == [e for e in every if e["on"] >= "2022-09-01"]
    until = c.get(f"/v1/processes/{s.p}/timeline?to=2022-01-31").get_json()["entries"]
    assert [e["kind"] for e in until] == [
        "process_started", "participant_joined", "charter_established", "cooperation_started",
        "funding_granted"]
    q = c.get(f"/v1/processes/{s.q}/timeline").get_json()["entries"]
    assert {e["ref"]["id"] for e in q} >= {s.q, s.c5, s.co3}
    body = problem(c.get(f"/v1/processes/{s.p}/timeline?from=2022-03-02&to=2022-03-01"), 422)
    assert "from" in body["errors"]


# --- network -----------------------------------------------------------------------------------


def test_network_on_a_day_with_the_bridging_measures(c: Client, story):
    s = story
    answer = c.get("/v1/network?on=2022-06-30")
    assert answer.status_code == 200 and "Accept" in answer.headers["Vary"]
    net = answer.get_json()
    assert net["on"] == "2022-06-30"
    assert [e["id"] for e in net["edges"]] == [s.co1, s.co2, s.co3, s.co4]
    assert net["edges"][0] == {"id": s.co1, "source": s.ini, "target": s.bea,
                               "kind": "partnership", "since": "2022-01-20",
                               "until": "2022-12-31"}
    nodes = {n["id"]: n for n in net["nodes"]}
    assert set(nodes) == {s.ini, s.bea, s.amt, s.shop, s.school}
    assert nodes[s.amt]["name"] == "Bezirksamt Neukölln"
    assert nodes[s.amt]["kind"] == "administration"
    assert {i: n["degree"] for i, n in nodes.items()} == {
        s.ini: 2, s.bea: 1, s.amt: 2, s.shop: 2, s.school: 1}
    # A chain bea - ini - amt - shop - school: the middle one bridges most.
    assert max(nodes.values(), key=lambda n: n["betweenness"])["id"] == s.amt
    assert nodes[s.bea]["betweenness"] == 0 and len({n["component"] for n in nodes.values()}) == 1


def test_network_leaves_out_ended_and_later_cooperations(c: Client, story):
    s = story
    early = c.get("/v1/network?on=2022-01-31").get_json()
    assert [e["id"] for e in early["edges"]] == [s.co1]
    assert {n["id"] for n in early["nodes"]} == {s.ini, s.bea}
    last_day = c.get("/v1/network?on=2022-12-30").get_json()
    assert s.co1 in [e["id"] for e in last_day["edges"]]
    ended = c.get("/v1/network?on=2022-12-31").get_json()
    assert [e["id"] for e in ended["edges"]] == [s.co2, s.co3, s.co4]
    assert s.bea not in {n["id"] for n in ended["nodes"]}
    today = c.get("/v1/network").get_json()
    assert today["on"] == date.today().isoformat() and today["edges"] == ended["edges"]
    assert c.get("/v1/network?on=2021-01-01").get_json() == {
        "on": "2021-01-01", "nodes": [], "edges": [], "measures": {"betweenness": "exact"}}


def test_network_of_one_process(c: Client, story):
    s = story
    net = c.get(f"/v1/network?on=2022-06-30&process_id={s.p}").get_json()
    assert [e["id"] for e in net["edges"]] == [s.co1, s.co2]
    assert {n["id"] for n in net["nodes"]} == {s.ini, s.bea, s.amt}


def test_network_as_graphml(c: Client, story, tmp_path):
    s = story
    answer = c.get("/v1/network?on=2022-06-30", headers={"Accept": "application/graphml+xml"})
    assert answer.status_code == 200 and answer.mimetype == "application/graphml+xml"
    data = answer.get_data()
    root = ET.fromstring(data)
    assert root.tag == f"{GRAPHML_NS}graphml"
    assert len(root.findall(f".//{GRAPHML_NS}node")) == 5
    assert len(root.findall(f".//{GRAPHML_NS}edge")) == 4
    (tmp_path / "network.graphml").write_bytes(data)
    graph = nx.read_graphml(tmp_path / "network.graphml", force_multigraph=True)
    assert not graph.is_directed() and graph.graph["on"] == "2022-06-30"
    as_json = c.get("/v1/network?on=2022-06-30").get_json()
    assert set(graph.nodes) == {n["id"] for n in as_json["nodes"]}
    for node in as_json["nodes"]:
        attrs = graph.nodes[node["id"]]
        assert (attrs["name"], attrs["kind"], attrs["degree"]) == (
            node["name"], node["kind"], node["degree"])
        assert attrs["betweenness"] == pytest.approx(node["betweenness"])
    edges = {key: attrs for _, _, key, attrs in graph.edges(keys=True, data=True)}
    assert set(edges) == {s.co1, s.co2, s.co3, s.co4}
    # An open end is no element at all (JSON: null), not an empty string.
    assert edges[s.co1]["until"] == "2022-12-31" and "until" not in edges[s.co2]
    open_edge = next(e for e in root.iter(f"{GRAPHML_NS}edge") if e.get("id") == s.co2)
    until_key = next(k.get("id") for k in root.iter(f"{GRAPHML_NS}key")
                     if k.get("attr.name") == "until")
    assert [d.get("key") for d in open_edge.iter(f"{GRAPHML_NS}data")].count(until_key) == 0
    assert edges[s.co3]["kind"] == "membership"


# --- commitments board -------------------------------------------------------------------------


def board(c: Client, **query: Any) -> list[dict]:
    answer = c.get("/v1/commitments", query_string=query)
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert set(body) == {"items", "next"}
    return body["items"]


def test_the_board_today_by_due_date(c: Client, story):
    s = story
    items = board(c)
    assert [i["id"] for i in items] == [s.c1, s.c3, s.c2, s.c4, s.c5]
    status = {i["id"]: (i["status"], i["fulfilled_late"]) for i in items}
    assert status == {s.c1: ("fulfilled", True), s.c2: ("fulfilled", False),
                      s.c3: ("withdrawn", False), s.c4: ("overdue", False),
                      s.c5: ("open", False)}
    c1 = items[0]
    assert c1 == {"id": s.c1, "actor_id": s.amt, "process_id": s.p,
                  "description": "Baumscheiben prüfen", "made_on": "2022-03-01",
                  "due_on": "2022-06-01", "status": "fulfilled", "fulfilled_on": "2022-07-01",
                  "fulfilled_late": True, "withdrawn_on": None, "progress_count": 1}
    assert [i["id"] for i in board(c, status="overdue")] == [s.c4]
    assert [i["id"] for i in board(c, status="open")] == [s.c5]
    assert [i["id"] for i in board(c, status="fulfilled")] == [s.c1, s.c2]
    assert [i["id"] for i in board(c, status="withdrawn")] == [s.c3]


def test_the_board_on_a_past_day(c: Client, story):
    s = story
    may = board(c, on="2022-05-01")
    assert {i["id"]: i["status"] for i in may} == {s.c1: "open", s.c2: "open", s.c5: "open"}
    july = {i["id"]: i for i in board(c, on="2022-06-30")}
    assert july[s.c1]["status"] == "overdue" and july[s.c1]["fulfilled_on"] is None
    assert [i["id"] for i in board(c, on="2022-06-30", status="overdue")] == [s.c1]
    sept = {i["id"]: i["status"] for i in board(c, on="2022-09-20")}
    assert sept == {s.c1: "fulfilled", s.c3: "withdrawn", s.c2: "open", s.c4: "open",
                    s.c5: "open"}
    assert board(c, on="2022-02-28") == []


def test_the_board_by_actor_and_process(c: Client, story):
    s = story
    assert [i["id"] for i in board(c, actor_id=s.amt)] == [s.c1, s.c4]
    assert [i["id"] for i in board(c, actor_id=s.amt, status="overdue")] == [s.c4]
    assert [i["id"] for i in board(c, process_id=s.q)] == [s.c5]
    assert [i["id"] for i in board(c, process_id=s.p, actor_id=s.school)] == []


def test_the_board_pages_with_after(c: Client, story):
    every = [i["id"] for i in board(c)]
    seen, after = [], None
    while True:
        query = {"limit": 2, **({"after": after} if after else {})}
        page = c.get("/v1/commitments", query_string=query).get_json()
        seen += [i["id"] for i in page["items"]]
        after = page["next"]
        if after is None:
            break
        assert after == seen[-1]
    assert seen == every
    filtered = c.get("/v1/commitments", query_string={"status": "fulfilled", "limit": 1})
    first = filtered.get_json()
    assert first["next"] == story.c1
    rest = c.get("/v1/commitments", query_string={"status": "fulfilled", "limit": 1,
                                                  "after": first["next"]}).get_json()
    assert [i["id"] for i in rest["items"]] == [story.c2] and rest["next"] is None


def test_bad_board_queries_are_422(c: Client, story):
    for query in ({"status": "late"}, {"on": "2022-02-30"}, {"on": "yesterday"},
                  {"actor_id": "nope"}, {"limit": 0}, {"after": str(uuid.uuid4())},
                  {"after": story.p}):
        body = problem(c.get("/v1/commitments", query_string=query), 422)
        assert set(body["errors"]) == set(query), query


# --- ids, scopes, bad queries ------------------------------------------------------------------


def test_unknown_ids_are_404(c: Client, story):
    nobody = str(uuid.uuid4())
    for path in (f"/v1/charters/{nobody}/text", f"/v1/charters/{story.p}/text",
                 f"/v1/charters/{nobody}/diff?from=2022-01-01&to=2022-02-01",
                 f"/v1/processes/{nobody}/timeline", f"/v1/processes/{story.charter}/timeline",
                 f"/v1/network?process_id={nobody}", f"/v1/network?process_id={story.ini}",
                 f"/v1/commitments?process_id={nobody}", f"/v1/commitments?actor_id={nobody}"):
        problem(c.get(path), 404)


def test_bad_dates_are_422(c: Client, story):
    s = story
    for path, name in ((f"/v1/charters/{s.charter}/text?on=2022-02-30", "on"),
                       (f"/v1/charters/{s.charter}/text?on=20220301", "on"),
                       (f"/v1/charters/{s.charter}/text?as_of=yesterday", "as_of"),
                       (f"/v1/charters/{s.charter}/diff?from=x&to=2022-01-01", "from"),
                       (f"/v1/processes/{s.p}/timeline?to=2022-13-01", "to"),
                       (f"/v1/processes/{s.p}/timeline?from=%00", "from"),
                       ("/v1/network?on=2022-1-1", "on"),
                       ("/v1/network?process_id=P", "process_id")):
        body = problem(c.get(path), 422)
        assert list(body["errors"]) == [name], path


def test_scoped_tokens_see_only_their_processes(story):
    s = story
    for scoped in (s.q_auditor, s.q_editor):
        problem(scoped.get(f"/v1/charters/{s.charter}/text"), 404)
        problem(scoped.get(f"/v1/charters/{s.charter}/diff?from=2022-01-01&to=2023-01-01"),
                404)
        problem(scoped.get(f"/v1/processes/{s.p}/timeline"), 404)
        assert scoped.get(f"/v1/processes/{s.q}/timeline").status_code == 200
        problem(scoped.get(f"/v1/network?process_id={s.p}"), 404)
        # Without process_id: only the cooperations of the token's processes.
        net = scoped.get("/v1/network?on=2022-06-30").get_json()
        assert [e["id"] for e in net["edges"]] == [s.co3]
        assert {n["id"] for n in net["nodes"]} == {s.shop, s.school}
        assert scoped.get(f"/v1/network?on=2022-06-30&process_id={s.q}").get_json() == net
        graphml = scoped.get("/v1/network?on=2022-06-30",
                             headers={"Accept": "application/graphml+xml"})
        assert s.ini not in graphml.get_data(as_text=True)
        problem(scoped.get(f"/v1/commitments?process_id={s.p}"), 404)
        assert [i["id"] for i in board(scoped)] == [s.c5]
        assert board(scoped, actor_id=s.amt) == []
    both = s.pq_auditor
    assert both.get(f"/v1/charters/{s.charter}/text").status_code == 200
    net = both.get("/v1/network?on=2022-06-30").get_json()
    assert [e["id"] for e in net["edges"]] == [s.co1, s.co2, s.co3]  # not co4: no process
    assert [i["id"] for i in board(both)] == [s.c1, s.c3, s.c2, s.c4, s.c5]


def test_reads_need_a_token(story):
    anonymous = Client(story.admin.flask, None)
    for path in (f"/v1/charters/{story.charter}/text", f"/v1/processes/{story.p}/timeline",
                 "/v1/network", "/v1/commitments"):
        problem(anonymous.get(path), 401)


# --- read your writes --------------------------------------------------------------------------


def test_a_read_right_after_a_write_sees_it(client: Client):
    """On every store, in-process: each read-model endpoint shows a write at once."""
    write_and_read_back(client)


def write_and_read_back(c: Client) -> None:
    """Writes, each followed at once by a read of a read model that must show it."""
    ada = c.create("/v1/actors", {"kind": "person", "name": "Ada"})["id"]
    ini = c.create("/v1/actors", {"kind": "initiative", "name": "Kiezini"})["id"]
    p = c.create("/v1/processes", {"title": "P", "level": "kiez",
                                   "started_on": "2023-01-01"})["id"]
    assert [e["kind"] for e in c.get(f"/v1/processes/{p}/timeline").get_json()["entries"]] == [
        "process_started"]
    charter = c.create("/v1/charters", {"process_id": p, "title": "Charta",
                                        "established_on": "2023-01-02"})["id"]
    assert c.get(f"/v1/charters/{charter}/text").get_json()["clauses"] == []
    g = c.create("/v1/gatherings", {"process_id": p, "format": "open_assembly", "title": "OV",
                                    "held_on": "2023-02-01"})["id"]
    prop = c.create("/v1/proposals", {"process_id": p, "title": "T", "text": "Wir teilen.",
                                      "author_ids": [ada], "submitted_on": "2023-01-15",
                                      "charter_id": charter,
                                      "clause": {"action": "add", "heading": "Teilen"}})["id"]
    vote = c.create("/v1/votes", {"subject_type": "proposal", "subject_id": prop,
                                  "gathering_id": g, "method": "consent",
                                  "opened_on": "2023-02-01"})["id"]
    c.create(f"/v1/votes/{vote}/close", {"closed_on": "2023-02-01"}, status=200)
    text = c.get(f"/v1/charters/{charter}/text").get_json()
    assert [x["text"] for x in text["clauses"]] == ["Wir teilen."]
    co = c.create("/v1/cooperations", {"actor_ids": [ada, ini], "kind": "partnership",
                                       "started_on": "2023-01-05", "process_id": p})["id"]
    assert [e["id"] for e in c.get(f"/v1/network?process_id={p}").get_json()["edges"]] == [co]
    commitment = c.create("/v1/commitments", {"actor_id": ini, "process_id": p,
                                              "description": "D", "made_on": "2023-02-01",
                                              "due_on": "2023-03-01"})["id"]
    assert [(i["id"], i["status"]) for i in board(c, process_id=p)] == [(commitment, "overdue")]
    c.create(f"/v1/commitments/{commitment}/fulfil", {"fulfilled_on": "2023-03-05"},
             status=200)
    assert [(i["status"], i["fulfilled_late"]) for i in board(c, process_id=p)] == [
        ("fulfilled", True)]
    kinds = [e["kind"] for e in c.get(f"/v1/processes/{p}/timeline").get_json()["entries"]]
    assert kinds[-1] == "commitment_fulfilled" and "clause_added" in kinds


def test_writes_of_another_process_show_too(client: Client, services):
    """Written straight into the ledger (not through this app): the next read catches up."""
    p = services.ledger.start_process(title="Direct", level="kiez",
                                      started_on=date(2023, 5, 1)).record.id
    entries = client.get(f"/v1/processes/{p}/timeline").get_json()["entries"]
    assert [e["kind"] for e in entries] == ["process_started"]


# --- OpenAPI -----------------------------------------------------------------------------------


@edge_only
def test_openapi_documents_the_read_models(anonymous: Client):
    spec = anonymous.get("/openapi.json").get_json()
    paths, schemas = spec["paths"], spec["components"]["schemas"]

    def params(path: str) -> dict[str, bool]:
        return {p["name"]: p["required"] for p in paths[path]["get"]["parameters"]}

    assert params("/v1/charters/{id}/text") == {"on": False, "as_of": False}
    assert params("/v1/charters/{id}/diff") == {"from": True, "to": True}
    assert params("/v1/processes/{id}/timeline") == {"from": False, "to": False}
    assert params("/v1/network") == {"on": False, "process_id": False}
    assert params("/v1/commitments") == {"limit": False, "after": False, "process_id": False,
                                         "actor_id": False, "status": False, "on": False}
    text = paths["/v1/charters/{id}/text"]["get"]["responses"]["200"]["content"]
    assert text["application/json"]["schema"]["$ref"].endswith("/CharterTextOut")
    assert text["text/markdown"]["schema"]["contentMediaType"] == "text/markdown"
    net = paths["/v1/network"]["get"]["responses"]["200"]["content"]
    assert net["application/json"]["schema"]["$ref"].endswith("/NetworkOut")
    assert net["application/graphml+xml"]["schema"]["format"] == "binary"
    for path, schema in (("/v1/charters/{id}/diff", "CharterDiffOut"),
                         ("/v1/processes/{id}/timeline", "TimelineOut"),
                         ("/v1/commitments", "CommitmentBoardPage")):
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert content["application/json"]["schema"]["$ref"].endswith(f"/{schema}")
    assert set(schemas["ClauseTextOut"]["properties"]) == {
        "clause_id", "number", "heading", "text", "adopted_by"}
    assert set(schemas["AdoptedByOut"]["properties"]) == {
        "proposal_id", "amendment_ids", "vote_id", "gathering_id", "decided_on"}
    assert set(schemas["CharterDiffOut"]["properties"]) == {"from", "to", "changes"}
    assert set(schemas["TimelineEntryOut"]["properties"]) == {"on", "kind", "summary", "data",
                                                              "ref"}
    assert set(schemas["NodeOut"]["properties"]) >= {"id", "name", "kind", "degree",
                                                     "betweenness", "component"}
    assert set(schemas["EdgeOut"]["properties"]) == {"id", "source", "target", "kind", "since",
                                                     "until"}
    board_item = schemas["CommitmentBoardOut"]["properties"]
    assert board_item["status"]["enum"] == ["open", "overdue", "fulfilled", "withdrawn"]
    assert "fulfilled_late" in board_item
    status = next(p for p in paths["/v1/commitments"]["get"]["parameters"]
                  if p["name"] == "status")
    assert status["schema"]["enum"] == ["open", "overdue", "fulfilled", "withdrawn"]


def test_the_answers_for_the_snapshot_are_complete(c: Client, story):
    """The snapshot the rebuild tests compare covers every endpoint and representation."""
    answers = snapshot(c, story)
    assert len(answers) >= 50
    assert any("graphml" in key for key in answers) and any("markdown" in key for key in answers)
    assert snapshot(c, story) == answers  # reads change nothing
