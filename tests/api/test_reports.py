"""GET /v1/reports/funding and /v1/reports/accountability: formats, negotiation, the ledger
head, roles and scopes, refusals. The scenario is written through the API; its figures are
counted by hand in the comments (period 2022-01-01..2024-06-30) and also compared with
`funding_report` / `accountability_report` read straight from the store."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask

from api import create_app
from api.services import Services, current
from ledger import integrity
from queries import integrity as chain
from queries.reports import accountability_report, funding_report
from queries.reports.csv_report import COLUMNS
from tests.api.conftest import Client

FROM, TO = "2022-01-01", "2024-06-30"
PERIOD = f"from={FROM}&to={TO}"
PROBLEM = "application/problem+json"


# -- the scenario, through the API -------------------------------------------------------------


@dataclass
class Scenario:
    ids: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.ids[name]

    def funding_url(self, query: str = "", funder: str = "funder") -> str:
        return f"/v1/reports/funding?funder_id={self[funder]}&{PERIOD}{query}"

    def accountability_url(self, query: str = "", process: str = "P") -> str:
        return f"/v1/reports/accountability?process_id={self[process]}&{PERIOD}{query}"


def build_scenario(c: Client) -> Scenario:
    ids: dict[str, str] = {}

    def make(name: str, path: str, body: dict) -> None:
        ids[name] = c.create(path, body)["id"]

    def act(path: str, body: dict) -> None:
        response = c.post(path, body)
        assert response.status_code in (200, 201), response.get_json()

    for name, kind, label in (("anna", "person", "Anna Müller"), ("ben", "person", "Ben Öztürk"),
                              ("ini", "initiative", "Kiez hilft e.V."),
                              ("office", "administration", "Bezirksamt"),
                              ("funder", "funder", "Stiftung Nachbarschaft")):
        make(name, "/v1/actors", {"kind": kind, "name": label})
    make("P", "/v1/processes", {"title": "Kiez-Charta Wrangelkiez", "level": "kiez",
                                "started_on": "2021-06-01",
                                "goals": {"open_assemblies_per_year": 2}})
    make("Q", "/v1/processes", {"title": "Energiewende Reuterkiez", "level": "kiez",
                                "started_on": "2022-01-01",
                                "goals": {"open_assemblies_per_year": 0}})
    P = ids["P"]
    act(f"/v1/processes/{P}/participants",
        {"actor_id": ids["anna"], "role": "Sprecherin", "joined_on": "2022-01-15"})  # in
    for name, fmt, held, attendance in (
        ("g0", "open_assembly", "2021-12-31", 10),     # the day before: not counted
        ("g1", "open_assembly", "2022-01-01", 40),     # first day
        ("g2", "open_assembly", "2022-11-05", 25),
        ("g3", "future_workshop", "2023-04-01", 12),   # 2023: no open assembly
        ("g4", "open_assembly", "2024-06-30", 30),     # last day
        ("g5", "open_assembly", "2024-07-01", 99),     # the day after: not counted
    ):
        make(name, "/v1/gatherings", {"process_id": P, "format": fmt, "title": f"{name} {fmt}",
                                      "held_on": held, "attendance": attendance})
    make("charter", "/v1/charters", {"process_id": P, "title": "Kiez-Charta",
                                     "established_on": "2021-07-01"})
    make("pr1", "/v1/proposals", {
        "process_id": P, "title": "Grün im Kiez", "text": "Mehr Bäume.",
        "author_ids": [ids["anna"]], "submitted_on": "2022-10-01",
        "charter_id": ids["charter"], "clause": {"action": "add", "heading": "Grün im Kiez"}})
    make("v1", "/v1/votes", {"subject_type": "proposal", "subject_id": ids["pr1"],
                             "gathering_id": ids["g2"], "method": "simple_majority",
                             "opened_on": "2022-11-05"})
    act(f"/v1/votes/{ids['v1']}/ballots", {"voter_id": ids["ben"], "choice": "yes"})
    act(f"/v1/votes/{ids['v1']}/close", {"closed_on": "2022-11-05"})        # adopted: a change
    make("c1", "/v1/commitments", {"actor_id": ids["office"], "process_id": P,
                                   "description": "Bänke aufstellen", "made_on": "2022-02-01",
                                   "due_on": "2022-06-30"})
    act(f"/v1/commitments/{ids['c1']}/fulfil", {"fulfilled_on": "2022-08-01"})   # late
    make("c2", "/v1/commitments", {"actor_id": ids["office"], "process_id": P,
                                   "description": "Tempo-30-Schilder", "made_on": "2023-01-10",
                                   "due_on": "2023-12-31"})
    act(f"/v1/commitments/{ids['c2']}/fulfil", {"fulfilled_on": "2024-08-01"})   # overdue then
    make("k1", "/v1/cooperations", {"actor_ids": [ids["ini"], ids["office"]],
                                    "kind": "partnership", "started_on": "2023-03-01",
                                    "process_id": P})
    make("F1", "/v1/fundings", {"funder_id": ids["funder"], "recipient_id": ids["ini"],
                                "process_id": P, "logic": "process",
                                "period_start": "2022-01-01", "period_end": "2025-12-31",
                                "amount": "90000.00", "currency": "EUR",
                                "granted_on": "2021-12-01"})
    for amount, paid in (("30000.00", "2021-12-20"), ("22500.50", "2022-01-01"),
                         ("15000.25", "2024-06-30"), ("10000.00", "2024-07-01")):
        act(f"/v1/fundings/{ids['F1']}/disbursements", {"amount": amount, "paid_on": paid})
    make("F2", "/v1/fundings", {"funder_id": ids["funder"], "recipient_id": ids["ini"],
                                "process_id": ids["Q"], "logic": "project",
                                "period_start": "2023-01-01", "period_end": "2023-12-31",
                                "amount": "5000.00", "currency": "EUR",
                                "granted_on": "2022-12-01"})
    return Scenario(ids)


# By hand, for P in the period.
P_FIGURES = {
    "continuity": [
        {"year": 2022, "open_assemblies": 2, "goal": 2, "met": True},     # g1, g2
        {"year": 2023, "open_assemblies": 0, "goal": 2, "met": False},    # only a workshop
        {"year": 2024, "open_assemblies": 1, "goal": 2, "met": False},    # g4 on the last day
    ],
    "gatherings": 4,                                  # g1..g4
    "attendance": 107,                                # 40 + 25 + 12 + 30
    "decisions": {"adopted": 1, "rejected": 0},
    "commitments": {"made": 2, "fulfilled": 1, "fulfilled_late": 1, "overdue": 1,
                    "withdrawn": 0, "carried_over": 0, "open": 0},   # 2 + 0 = 1 + 0 + 1 + 0
    "cooperations_started": 1,
    "charter_changes": 1,
    "participants": 3,                                # anna (joined, author), ben, office
}


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[Flask, Client, Scenario]]:
    """One SQLite store for the module's read-only tests: the app, an admin, the scenario."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reports')}/kiezledger.db"
    app = create_app({"KIEZLEDGER_DATABASE_URL": url, "TESTING": True})
    with app.app_context():
        token = current().tokens.create("admin", "admin")
    client = Client(app.test_client(), token)
    scenario = build_scenario(client)
    yield app, client, scenario
    app.extensions["kiezledger"].close()


@pytest.fixture(scope="module")
def admin(served) -> Client:
    return served[1]


@pytest.fixture(scope="module")
def s(served) -> Scenario:
    return served[2]


@pytest.fixture(scope="module")
def svc(served) -> Services:
    with served[0].app_context():
        return current()


@pytest.fixture(scope="module")
def as_role(served, svc):
    """as_role("auditor", scope=[process_id]) -> a client with a new token."""
    made = iter(range(1, 10_000))

    def make(role: str, scope: list[str] = ()) -> Client:
        return served[1].as_(svc.tokens.create(f"{role}-{next(made)}", role, list(scope)))

    return make


def head_now(svc: Services) -> tuple[int, str]:
    svc.refresh()
    return chain.head(svc.db)


def csv_rows(body: bytes) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(body.decode("utf-8"), newline=""))
    assert tuple(reader.fieldnames) == COLUMNS
    return list(reader)


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    assert body.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


# -- JSON --------------------------------------------------------------------------------------


def test_funding_report_json_has_the_hand_counted_figures_and_the_ledger_head(admin, s, svc):
    response = admin.get(s.funding_url())
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/json"
    assert "Content-Disposition" not in response.headers
    assert response.headers["Vary"] == "Accept"
    body = response.get_json()
    assert body["funder"] == {"id": s["funder"], "name": "Stiftung Nachbarschaft"}
    assert body["period"] == {"from": FROM, "to": TO}
    assert [f["funding_id"] for f in body["fundings"]] == [s["F1"], s["F2"]]
    f1 = body["fundings"][0]
    assert f1["process"] == {"id": s["P"], "title": "Kiez-Charta Wrangelkiez"}
    assert (f1["logic"], f1["amount"], f1["currency"]) == ("process", "90000.00", "EUR")
    assert f1["disbursed"] == "37500.75"              # 22500.50 on the first day + 15000.25 last
    assert {k: f1[k] for k in P_FIGURES} == P_FIGURES
    # The head: the chain at the position the figures were counted at (here: the log's head).
    position, digest = head_now(svc)
    assert body["ledger_head"] == {"position": position, "hash": digest}
    assert (position, digest) == integrity.head(svc.ledger)
    assert response.headers["Kiezledger-Ledger-Position"] == str(position)
    assert response.headers["Kiezledger-Ledger-Hash"] == digest


def test_json_figures_equal_the_report_read_from_the_store(admin, s, svc):
    body = admin.get(s.funding_url()).get_json()
    assert body.pop("ledger_head")
    assert body == json.loads(json.dumps(funding_report(svc.db, s["funder"], FROM, TO)))
    body = admin.get(s.accountability_url()).get_json()
    assert body.pop("ledger_head")
    expected = accountability_report(svc.db, s["P"], FROM, TO)
    assert body == json.loads(json.dumps(expected))
    assert {k: body[k] for k in P_FIGURES} == P_FIGURES
    statuses = {c["description"]: (c["status"], c["fulfilled_late"])
                for c in body["commitment_list"]}
    assert statuses == {"Bänke aufstellen": ("fulfilled", True),
                        "Tempo-30-Schilder": ("overdue", False)}
    assert [c["change"] for c in body["charter_change_list"]] == ["add"]
    assert body["charter_change_list"][0]["provenance"]["vote_id"] == s["v1"]
    assert body["timeline"] and all(FROM <= e["on"] <= TO for e in body["timeline"])


def test_reports_read_current_projections(admin, s, svc):
    """A gathering written a moment ago is in the next report, and the head moved with it."""
    before = admin.get(s.accountability_url(process="Q")).get_json()
    svc.ledger.record_gathering(process_id=uuid.UUID(s["Q"]), format="open_assembly",
                                title="Energie", held_on=date(2023, 5, 5),
                                attendance=7)                 # not through the API: no refresh
    after = admin.get(s.accountability_url(process="Q")).get_json()
    assert (before["gatherings"], after["gatherings"]) == (0, 1)
    assert after["attendance"] == 7
    assert after["ledger_head"]["position"] > before["ledger_head"]["position"]
    assert after["ledger_head"] == dict(zip(("position", "hash"), integrity.head(svc.ledger),
                                            strict=True))


# -- formats and negotiation -------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "query", "expected"), [
    (None, "", "application/json"),
    ("*/*", "", "application/json"),
    ("text/csv", "", "text/csv"),
    ("application/pdf", "", "application/pdf"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "", "text/html"),
    ("application/json;q=0.5, text/csv", "", "text/csv"),
    ("text/csv", "&format=json", "application/json"),           # format wins over Accept
    ("image/png", "&format=pdf", "application/pdf"),
])
def test_format_by_accept_or_query(admin, s, accept, query, expected):
    headers = {"Accept": accept} if accept else {}
    response = admin.get(s.funding_url(query), headers=headers)
    assert response.status_code == 200
    assert response.mimetype == expected


def test_csv_parses_back_with_the_figures_and_the_head(admin, s, svc):
    response = admin.get(s.funding_url("&format=csv"))
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=funding-report_stiftung-nachbarschaft_{FROM}_{TO}.csv")
    rows = csv_rows(response.data)
    position, digest = head_now(svc)
    assert {(r["ledger_position"], r["ledger_hash"]) for r in rows} == {(str(position), digest)}
    f1 = {(r["figure"], r["year"]): (r["value"], r["currency"])
          for r in rows if r["funding_id"] == s["F1"]}
    assert f1[("disbursed", "")] == ("37500.75", "EUR")
    assert f1[("attendance", "")] == ("107", "")
    assert f1[("commitments.overdue", "")] == ("1", "")
    # `value` holds numbers only; words and booleans stand in `text`.
    texts = {(r["figure"], r["year"]): r["text"] for r in rows if r["funding_id"] == s["F1"]}
    assert [f1[("continuity.met", y)][0] for y in ("2022", "2023", "2024")] == ["", "", ""]
    assert [texts[("continuity.met", y)] for y in ("2022", "2023", "2024")] == [
        "true", "false", "false"]
    assert f1[("logic", "")][0] == "" and texts[("logic", "")] in ("process", "project")
    for r in rows:
        assert r["value"] == "" or float(r["value"]) is not None
        assert not (r["value"] and r["text"])


def test_pdf_holds_title_figures_and_head_hash(admin, s, svc):
    response = admin.get(s.funding_url("&format=pdf"))
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Content-Disposition"].endswith(".pdf")
    text = pdf_text(response.data)
    _, digest = head_now(svc)
    assert "Förderbericht" in text and "Stiftung Nachbarschaft" in text
    assert digest in text and "37.500,75 EUR" in text
    english = pdf_text(admin.get(s.accountability_url("&format=pdf&lang=en")).data)
    assert "Accountability report" in english and "Kiez-Charta Wrangelkiez" in english
    assert digest in english


def test_html_has_inline_svg_charts_and_the_head_hash(admin, s, svc):
    response = admin.get(s.accountability_url("&lang=en"), headers={"Accept": "text/html"})
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f"inline; filename=accountability-report_kiez-charta-wrangelkiez_{FROM}_{TO}.html")
    html = response.get_data(as_text=True)
    _, digest = head_now(svc)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert html.count("<svg") == 4 and digest in html
    assert "Accountability report" in html and "<script" not in html
    german = admin.get(s.funding_url("&format=html")).get_data(as_text=True)
    assert '<html lang="de">' in german and "Förderbericht" in german
    assert german.count("<svg") == 8 and digest in german            # two fundings


# -- refusals ----------------------------------------------------------------------------------


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    return response.get_json()


@pytest.mark.parametrize(("path", "field"), [
    (f"/v1/reports/funding?{PERIOD}", "funder_id"),
    (f"/v1/reports/funding?funder_id=nope&{PERIOD}", "funder_id"),
    (f"/v1/reports/accountability?process_id=&{PERIOD}", "process_id"),
    ("/v1/reports/funding?funder_id={funder}&to=2024-01-01", "from"),
    ("/v1/reports/funding?funder_id={funder}&from=2022-02-30&to=2024-01-01", "from"),
    ("/v1/reports/funding?funder_id={funder}&from=2022-1-1&to=2024-01-01", "from"),
    ("/v1/reports/funding?funder_id={funder}&from=2024-01-02&to=2024-01-01", "to"),
    ("/v1/reports/funding?funder_id={funder}&from=2022-01-01&to=2024-01-01&format=xml",
     "format"),
    ("/v1/reports/accountability?process_id={P}&from=2022-01-01&to=2024-01-01&lang=fr",
     "lang"),
    # Dates far out of any neighbourhood's history (once a 500 in HTML and PDF).
    ("/v1/reports/funding?funder_id={funder}&from=0001-01-01&to=0001-12-31&format=pdf", "from"),
    ("/v1/reports/accountability?process_id={P}&from=9999-01-01&to=9999-12-31&format=html",
     "from"),
    ("/v1/reports/accountability?process_id={P}&from=2022-01-01&to=9999-12-31&format=html",
     "to"),
])
def test_bad_queries_are_422_problems(admin, s, path, field):
    body = problem(admin.get(path.format(funder=s["funder"], P=s["P"])), 422)
    assert field in body["errors"], body


GARBAGE = ["", "x", "-1", "0", "1e999", "\u0000", "%00", "%ff", "2021-02-30", "9" * 40,
           "0000-00-00", "9999-12-31", "00000000-0000-0000-0000-000000000000", "a" * 5000]


def test_garbage_in_any_query_parameter_is_never_a_500(admin, s):
    valid = {"funder_id": s["funder"], "from": FROM, "to": TO, "format": "json", "lang": "de"}
    for name in valid:
        for value in GARBAGE:
            query = "&".join(f"{k}={value if k == name else v}" for k, v in valid.items())
            response = admin.get(f"/v1/reports/funding?{query}")
            assert response.status_code < 500, (name, value, response.get_data(as_text=True))
            assert response.status_code == 200 or response.mimetype == PROBLEM


def test_a_period_of_a_hundred_years_and_more_is_refused(admin, s):
    ok = admin.get(f"/v1/reports/funding?funder_id={s['funder']}&from=1950-01-01&to=2049-12-31")
    assert ok.status_code == 200
    assert len(ok.get_json()["fundings"][0]["continuity"]) == 100
    body = problem(admin.get(f"/v1/reports/funding?funder_id={s['funder']}"
                             "&from=1950-01-01&to=2050-01-01&format=pdf"), 422)
    assert "100 calendar years" in body["errors"]["to"][0]


def test_a_period_of_one_day_is_fine(admin, s):
    body = admin.get(f"/v1/reports/accountability?process_id={s['P']}"
                     "&from=2024-06-30&to=2024-06-30").get_json()
    assert (body["gatherings"], body["attendance"]) == (1, 30)


def test_unknown_funder_and_process_are_404_problems(admin, s):
    unknown = str(uuid.uuid4())
    assert "funder" in problem(admin.get(
        f"/v1/reports/funding?funder_id={unknown}&{PERIOD}&format=pdf"), 404)["detail"]
    assert "process" in problem(admin.get(
        f"/v1/reports/accountability?process_id={unknown}&{PERIOD}"), 404)["detail"]


def test_an_accept_nobody_can_satisfy_is_406(admin, s):
    body = problem(admin.get(s.funding_url(), headers={"Accept": "image/png"}), 406)
    assert "text/csv" in body["detail"]


# -- roles and scopes --------------------------------------------------------------------------


def test_without_a_token_401(served, s):
    anonymous = Client(served[1].flask, None)
    problem(anonymous.get(s.funding_url()), 401)
    problem(anonymous.get(s.accountability_url()), 401)


def test_funding_reports_are_for_admins_and_auditors(s, as_role):
    assert as_role("auditor").get(s.funding_url()).status_code == 200
    editor = as_role("editor")
    problem(editor.get(s.funding_url()), 403)
    problem(editor.get("/v1/reports/funding?format=xml"), 403)   # the role before the query


def test_a_scoped_auditor_sees_only_the_fundings_of_its_processes(s, as_role):
    auditor = as_role("auditor", scope=[s["P"]])
    body = auditor.get(s.funding_url()).get_json()
    assert [f["funding_id"] for f in body["fundings"]] == [s["F1"]]
    rows = csv_rows(auditor.get(s.funding_url("&format=csv")).data)
    assert {r["funding_id"] for r in rows} == {s["F1"]}
    other = as_role("auditor", scope=[s["Q"]])
    assert [f["process"]["id"] for f in other.get(s.funding_url()).get_json()["fundings"]] == [
        s["Q"]]


def test_accountability_reports_within_the_token_scope(s, as_role):
    for role in ("auditor", "editor"):
        scoped = as_role(role, scope=[s["P"]])
        assert scoped.get(s.accountability_url()).status_code == 200
        problem(scoped.get(s.accountability_url(process="Q")), 404)
        problem(scoped.get(f"/v1/reports/accountability?process_id={uuid.uuid4()}&{PERIOD}"),
                404)                                  # outside the scope, known or not
        assert as_role(role).get(s.accountability_url(process="Q")).status_code == 200


# -- the head when the read models move or lag -------------------------------------------------


def test_figures_counted_again_when_the_read_model_moves_meanwhile(monkeypatch):
    from queries.reports import make as reports

    app = create_app({"KIEZLEDGER_DATABASE_URL": "memory://", "TESTING": True})
    try:
        with app.app_context():
            svc = current()
            process = svc.ledger.start_process(title="P", level="kiez",
                                               started_on=date(2022, 1, 1)).record.id
            calls = []
            build = reports.build_report

            def racing(*args, **kwargs):
                calls.append(1)
                if len(calls) == 1:  # another request writes and projects meanwhile
                    svc.ledger.record_gathering(process_id=process, format="open_assembly",
                                                title="A", held_on=date(2022, 3, 1))
                    svc.refresh()
                return build(*args, **kwargs)

            monkeypatch.setattr(reports, "build_report", racing)
            made = reports.make_report(svc, "accountability", process, "2022-01-01",
                                       "2022-12-31")
            body = json.loads(made.body)
            assert len(calls) == 2
            assert body["gatherings"] == 1
            assert made.head == integrity.head(svc.ledger) == (2, body["ledger_head"]["hash"])
    finally:
        app.extensions["kiezledger"].close()


def test_head_links_the_events_the_integrity_read_model_has_not_reached():
    from queries.reports.make import head_at

    app = create_app({"KIEZLEDGER_DATABASE_URL": "memory://", "TESTING": True})
    try:
        with app.app_context():
            svc = current()
            for year in (2021, 2022, 2023):
                svc.ledger.start_process(title=f"P{year}", level="kiez",
                                         started_on=date(year, 1, 1))
            svc.refresh()
            expected = integrity.head(svc.ledger)
            assert head_at(svc, 3) == expected
            svc.db.execute("DELETE FROM integrity_chain WHERE position > 1")  # it lags
            assert head_at(svc, 3) == expected
            assert head_at(svc, 0) == (0, integrity.GENESIS.hex())
            svc.db.execute("DROP TABLE integrity_chain")                      # not there
            assert head_at(svc, 3) == expected
    finally:
        app.extensions["kiezledger"].close()


# -- OpenAPI -----------------------------------------------------------------------------------


def test_openapi_documents_both_reports_in_four_content_types(admin):
    spec = admin.get("/openapi.json").get_json()
    for path, subject, schema in (("/v1/reports/funding", "funder_id", "FundingReportOut"),
                                  ("/v1/reports/accountability", "process_id",
                                   "AccountabilityReportOut")):
        get = spec["paths"][path]["get"]
        assert [p["name"] for p in get["parameters"]] == [subject, "from", "to", "format",
                                                          "lang"]
        ok = get["responses"]["200"]
        assert list(ok["content"]) == ["application/json", "text/csv", "text/html",
                                       "application/pdf"]
        assert ok["content"]["application/json"]["schema"]["$ref"].endswith(schema)
        assert {"Kiezledger-Ledger-Hash", "Content-Disposition"} <= set(ok["headers"])
        for status in ("403", "404", "406", "422"):
            assert status in get["responses"]
    schemas = spec["components"]["schemas"]
    assert "ledger_head" in schemas["FundingReportOut"]["properties"]
    assert "commitment_list" in schemas["AccountabilityReportOut"]["properties"]


# -- PostgreSQL --------------------------------------------------------------------------------


def test_postgresql_smoke(postgres_url):
    app = create_app({"KIEZLEDGER_DATABASE_URL": postgres_url, "TESTING": True})
    try:
        with app.app_context():
            svc = current()
            admin = Client(app.test_client(), svc.tokens.create("admin", "admin"))
        s = build_scenario(admin)
        body = admin.get(s.funding_url()).get_json()
        head = body.pop("ledger_head")
        assert body == json.loads(json.dumps(funding_report(svc.db, s["funder"], FROM, TO)))
        assert {k: body["fundings"][0][k] for k in P_FIGURES} == P_FIGURES
        assert (head["position"], head["hash"]) == integrity.head(svc.ledger)
        text = pdf_text(admin.get(s.accountability_url("&format=pdf")).data)
        assert "Rechenschaftsbericht" in text and head["hash"] in text
        rows = csv_rows(admin.get(s.funding_url(), headers={"Accept": "text/csv"}).data)
        assert {r["ledger_hash"] for r in rows} == {head["hash"]}
    finally:
        app.extensions["kiezledger"].close()


def test_a_pdf_report_logs_no_font_tools_info_line(admin, s, caplog):
    import logging

    with caplog.at_level(logging.DEBUG):
        response = admin.get(s.funding_url("&format=pdf"))
    assert response.mimetype == "application/pdf"
    assert [r.getMessage() for r in caplog.records if r.name.startswith("fontTools")] == []
