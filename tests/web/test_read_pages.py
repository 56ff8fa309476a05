"""The reading pages beyond the first slice, under Flask's test client on the demo history:
charter as recorded at a moment, its redline between two days and its Markdown; the network
with its GraphML; the commitments board; reports; integrity. Each within the token's scope,
and a bad query answers a page that says so (400), never a 500."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from typing import Any

import networkx as nx
import pytest
from flask import Flask

from api import create_app
from api.services import Services
from cli.demo import load_demo
from queries.reports import FORMATS
from tests.web.test_pages import csrf_of, sign_in


@pytest.fixture(scope="module")
def app() -> Any:
    app = create_app({"KIEZLEDGER_DATABASE_URL": "memory://", "TESTING": True})
    svc = app.extensions["kiezledger"]
    load_demo(svc.ledger)
    svc.refresh()
    yield app
    svc.close()


@pytest.fixture(scope="module")
def svc(app: Flask) -> Services:
    return app.extensions["kiezledger"]


@pytest.fixture(scope="module")
def api(app: Flask, svc: Services) -> Any:
    token = svc.tokens.create("api-reader", "admin")
    client = app.test_client()

    def get(path: str, **params: Any) -> Any:
        answer = client.get(path, query_string=params,
                            headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, (path, answer.text)
        return answer.get_json()

    return get


@pytest.fixture(scope="module")
def processes(api: Any) -> list[dict[str, Any]]:
    return api("/v1/processes")["items"]


def client_as(app: Flask, svc: Services, role: str, scope: list[str] | None = None) -> Any:
    client = app.test_client()
    name = f"{role}-{len(svc.tokens.names(''))}"
    assert sign_in(client, svc.tokens.create(name, role, scope=scope or [])).status_code == 303
    return client


@pytest.fixture(scope="module")
def admin(app: Flask, svc: Services) -> Any:
    return client_as(app, svc, "admin")


def text_of(page: str) -> str:
    """The visible words of a page's main part."""
    main = page[page.index("<main"):page.index("</main>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def replaced_clause(api: Any) -> dict[str, Any]:
    """The demo's first replaced clause: charter, clause, day, and when it was recorded."""
    for charter in api("/v1/charters")["items"]:
        for event in api(f"/v1/charters/{charter['id']}/events")["events"]:
            if event["type"].endswith("ClauseReplaced"):
                return {"charter": charter, "clause": event["data"]["clause_id"],
                        "on": event["occurred_on"], "recorded_at": event["recorded_at"]}
    raise AssertionError("the demo replaces no clause")


def clause_text(api: Any, charter_id: str, clause_id: str, **params: Any) -> str:
    text = api(f"/v1/charters/{charter_id}/text", **params)
    return next(c["text"] for c in text["clauses"] if c["clause_id"] == clause_id)


# -- charter ---------------------------------------------------------------------------------


def test_the_charter_as_recorded_at_a_moment_leaves_out_what_was_recorded_later(
        admin: Any, api: Any) -> None:
    found = replaced_clause(api)
    charter_id, clause_id = found["charter"]["id"], found["clause"]
    recorded = datetime.fromisoformat(found["recorded_at"])
    # The demo records its whole history within a second or two: a moment to the microsecond.
    before = (recorded - timedelta(microseconds=1)).isoformat()
    old = clause_text(api, charter_id, clause_id, on=found["on"], as_of=before)
    new = clause_text(api, charter_id, clause_id, on=found["on"])
    assert old != new

    page = admin.get(f"/ui/charters/{charter_id}", query_string={"on": found["on"],
                                                                 "as_of": before})
    assert page.status_code == 200
    shown = text_of(page.text)
    assert old.split()[0] in shown and "wie aufgezeichnet bis" in shown
    assert html.escape(new, quote=False) not in page.text
    now = admin.get(f"/ui/charters/{charter_id}?on={found['on']}")
    assert html.escape(new, quote=False) in now.text

    long_ago = admin.get(f"/ui/charters/{charter_id}?as_of=2001-01-01T00:00:00")
    assert "noch nicht aufgezeichnet" in long_ago.text


def test_the_redline_between_two_days_strikes_old_words_and_inserts_new_ones(
        admin: Any, api: Any) -> None:
    found = replaced_clause(api)
    charter_id, clause_id = found["charter"]["id"], found["clause"]
    day = date.fromisoformat(found["on"])
    earlier = (day - timedelta(days=1)).isoformat()
    old = clause_text(api, charter_id, clause_id, on=earlier)
    new = clause_text(api, charter_id, clause_id, on=found["on"])
    gone = sorted(set(old.split()) - set(new.split()))
    came = sorted(set(new.split()) - set(old.split()))
    assert gone or came

    page = admin.get(f"/ui/charters/{charter_id}/diff?from={earlier}&to={found['on']}")
    assert page.status_code == 200
    change = re.search(rf'<article[^>]*id="change-{clause_id}".*?</article>', page.text, re.S)
    assert change, "the replaced clause is among the changes"
    deleted = " ".join(re.findall(r"<del>(.*?)</del>", change.group(0), re.S))
    inserted = " ".join(re.findall(r"<ins>(.*?)</ins>", change.group(0), re.S))
    assert all(html.escape(w, quote=False) in deleted for w in gone)
    assert all(html.escape(w, quote=False) in inserted for w in came)
    assert "[gestrichen: " in deleted and "[eingefügt: " in inserted  # words, not colour alone
    assert "neu gefasst" in change.group(0)

    # The charter page leads to the change that gave a clause its words.
    charter_page = admin.get(f"/ui/charters/{charter_id}?on={found['on']}").text
    assert f"/diff?from={earlier}&amp;to={found['on']}" in charter_page


def test_the_charter_as_markdown(admin: Any, api: Any) -> None:
    charter = api("/v1/charters")["items"][0]
    day = date.today().isoformat()
    answer = admin.get(f"/ui/charters/{charter['id']}/markdown?on={day}")
    assert answer.status_code == 200
    assert answer.content_type == "text/markdown; charset=utf-8"
    assert answer.headers["Content-Disposition"].startswith("attachment; filename=")
    body = answer.get_data(as_text=True)
    clauses = api(f"/v1/charters/{charter['id']}/text", on=day)["clauses"]
    assert body.startswith(f"# {charter['title']}\n") and f"_In effect on {day}._" in body
    assert f"## 1. {clauses[0]['heading']}" in body


# -- network ---------------------------------------------------------------------------------


def test_the_network_is_drawn_with_its_bridges_named_and_listed(admin: Any, api: Any) -> None:
    net = api("/v1/network")
    page = admin.get("/ui/network")
    assert page.status_code == 200
    svg = re.search(r"<svg class=\"graph\".*?</svg>", page.text, re.S).group(0)
    assert svg.count('class="edge ') == len(net["edges"])
    assert svg.count("<circle") + svg.count('class="node bridge"') == len(net["nodes"])
    top = max(net["nodes"], key=lambda n: n["betweenness"])
    row = re.search(rf'<tr class="bridge">\s*<th scope="row"><a href="/ui/actors/{top["id"]}">'
                    r".*?</tr>", page.text, re.S)
    assert row and "verbindet Gruppen" in row.group(0)
    assert "Verbindend: " + html.escape(top["name"], quote=False) in page.text  # the <desc>
    for node in net["nodes"]:  # the table names every actor
        assert f'href="/ui/actors/{node["id"]}"' in page.text
    assert page.text == admin.get("/ui/network").text  # the same drawing every time


def test_the_network_of_one_process_and_its_graphml(admin: Any, api: Any,
                                                     processes: list) -> None:
    process = processes[0]["id"]
    wanted = api("/v1/network", process_id=process)
    others = {n["id"] for n in api("/v1/network")["nodes"]} - {n["id"] for n in wanted["nodes"]}
    assert others
    page = admin.get(f"/ui/network?process_id={process}").text
    assert all(f"/ui/actors/{o}" not in page for o in others)

    answer = admin.get(f"/ui/network.graphml?process_id={process}")
    assert answer.status_code == 200
    assert answer.content_type == "application/graphml+xml; charset=utf-8"
    assert "attachment" in answer.headers["Content-Disposition"]
    graph = nx.parse_graphml(answer.get_data(as_text=True))
    assert set(graph.nodes) == {n["id"] for n in wanted["nodes"]}
    assert graph.number_of_edges() == len(wanted["edges"])


# -- commitments board ------------------------------------------------------------------------


def test_the_board_shows_overdue_commitments_in_words_and_filters(admin: Any, api: Any) -> None:
    board = api("/v1/commitments", limit=200)["items"]
    overdue = [c for c in board if c["status"] == "overdue"]
    assert overdue
    page = admin.get("/ui/commitments").text
    for item in overdue:
        row = re.search(rf'<tr class="status-overdue">\s*<th scope="row"><a href="/ui/'
                        rf'commitments/{item["id"]}">.*?</tr>', page, re.S)
        assert row and "⚠ überfällig" in row.group(0)
    assert f"{len(overdue)} überfällig" in page

    only = admin.get("/ui/commitments?status=overdue").text
    assert only.count('<tr class="status-') == len(overdue)
    actor = overdue[0]["actor_id"]
    theirs = admin.get(f"/ui/commitments?actor_id={actor}").text
    assert theirs.count('<tr class="status-') == sum(c["actor_id"] == actor for c in board)

    # On an earlier day, commitments made later are not on the board yet.
    first = min(c["made_on"] for c in board)
    early = admin.get(f"/ui/commitments?on={first}").text
    assert early.count('<tr class="status-') == sum(c["made_on"] <= first for c in board)


# -- reports ----------------------------------------------------------------------------------


def test_a_report_is_shown_and_every_format_downloads(admin: Any, processes: list) -> None:
    process = processes[0]
    choice = f"kind=accountability&process_id={process['id']}&from=2022-01-01&to=2024-12-31"
    page = admin.get(f"/ui/reports?{choice}")
    assert page.status_code == 200
    assert '<iframe class="report"' in page.text
    links = {fmt: html.unescape(href) for href, fmt in
             re.findall(r'href="(/ui/reports/file\?[^"]*?format=(\w+)[^"]*)"', page.text)}
    assert set(links) == set(FORMATS)  # every format the API makes
    kinds = {"json": "application/json", "csv": "text/csv", "html": "text/html",
             "pdf": "application/pdf"}
    for fmt, href in links.items():
        answer = admin.get(href)
        assert answer.status_code == 200, fmt
        assert answer.content_type.split(";")[0] == kinds[fmt], fmt
        assert answer.headers["Kiezledger-Ledger-Hash"]
        if fmt == "pdf":
            assert answer.data.startswith(b"%PDF")
        elif fmt == "json":
            assert answer.get_json()["process"]["title"] == process["title"]
        else:
            assert process["title"] in answer.get_data(as_text=True), fmt
    assert "inline" in admin.get(links["html"]).headers["Content-Disposition"]


def test_a_funding_report_for_a_funder_of_the_demo(admin: Any, api: Any) -> None:
    funding = api("/v1/fundings")["items"][0]
    page = admin.get("/ui/reports").text
    assert f'<option value="{funding["funder_id"]}"' in page
    answer = admin.get(f"/ui/reports/file?kind=funding&funder_id={funding['funder_id']}"
                       "&from=2020-01-01&to=2026-12-31&format=csv")
    assert answer.status_code == 200 and answer.content_type.startswith("text/csv")
    assert funding["id"] in answer.get_data(as_text=True)


@pytest.mark.parametrize(("query", "field"), [
    ("kind=accountability&process_id={p}&from=2024-01-01&to=2022-12-31", "to"),
    ("kind=accountability&process_id={p}&from=2024-13-01&to=2024-12-31", "from"),
    ("kind=accountability&from=2022-01-01&to=2022-12-31", "process_id"),
    ("kind=accountability&process_id=nonsense&from=2022-01-01&to=2022-12-31", "process_id"),
    ("kind=gossip&process_id={p}&from=2022-01-01&to=2022-12-31", "kind"),
    ("kind=accountability&process_id={p}&from=1900-01-01&to=2199-12-31", "to"),
])
def test_a_bad_report_choice_is_shown_at_its_field(admin: Any, processes: list, query: str,
                                                   field: str) -> None:
    answer = admin.get("/ui/reports?" + query.format(p=processes[0]["id"]))
    assert answer.status_code == 400
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', answer.text), field
    assert re.search(rf'<small id="{field}-error" class="error">\w', answer.text)
    assert "<iframe" not in answer.text


def test_an_editor_chooses_no_funder(app: Flask, svc: Services, processes: list) -> None:
    editor = client_as(app, svc, "editor")
    page = editor.get("/ui/reports").text
    assert 'name="funder_id"' not in page and "Förderbericht eines" not in page
    answer = editor.get("/ui/reports?kind=funding&from=2022-01-01&to=2022-12-31")
    assert answer.status_code == 400 and 'id="kind-error"' in answer.text


# -- integrity --------------------------------------------------------------------------------


def test_integrity_shows_the_head_the_checkpoint_and_the_key(admin: Any, api: Any) -> None:
    page = admin.get("/ui/integrity").text
    head = api("/v1/integrity")
    key = api("/v1/integrity/key")
    assert f'<code class="hash" id="head-hash">{head["hash"]}</code>' in page
    assert f'<code class="hash" id="fingerprint">{key["fingerprint"]}</code>' in page
    assert head["checkpoint"]["signature"] in page
    assert "kiezledger verify --input ledger.ndjson --checkpoint checkpoint.json" in page

    pem = admin.get("/ui/integrity/kiezledger.pub.pem")
    assert pem.content_type == "application/x-pem-file"
    assert pem.get_data(as_text=True) == key["public_key"]
    checkpoint = admin.get("/ui/integrity/checkpoint.json")
    assert checkpoint.content_type == "application/json"
    assert checkpoint.get_json()["checkpoint"]["hash"] == head["hash"]


def test_verify_now_for_auditors_with_csrf_and_not_for_editors(
        app: Flask, svc: Services) -> None:
    auditor = client_as(app, svc, "auditor")
    page = auditor.get("/ui/integrity").text
    assert "Jetzt prüfen" in page
    done = auditor.post("/ui/integrity/verify", data={"csrf_token": csrf_of(page)})
    assert done.status_code == 200
    checked = svc.ledger.recorder.max_notification_id()
    assert re.search(r'id="verify-result">\s*<p><strong>In Ordnung: '
                     rf'{checked:,} Ereignisse'.replace(",", r"\."), done.text)
    assert auditor.post("/ui/integrity/verify").status_code == 400  # no CSRF token

    editor = client_as(app, svc, "editor")
    page = editor.get("/ui/integrity").text
    assert "Jetzt prüfen" not in page
    assert editor.post("/ui/integrity/verify",
                       data={"csrf_token": csrf_of(page)}).status_code == 403


# -- scope and bad input -----------------------------------------------------------------------


def test_a_scoped_token_finds_nothing_of_other_processes_on_these_pages(
        app: Flask, svc: Services, api: Any, processes: list) -> None:
    ours = processes[0]
    charters = {c["process_id"]: c for c in api("/v1/charters")["items"]}
    theirs = next(p for p in processes[1:] if p["id"] in charters)
    their_charter = charters[theirs["id"]]
    client = client_as(app, svc, "auditor", scope=[ours["id"]])
    their_net = {n["id"] for n in api("/v1/network", process_id=theirs["id"])["nodes"]}
    our_net = {n["id"] for n in api("/v1/network", process_id=ours["id"])["nodes"]}
    their_commitments = api("/v1/commitments", process_id=theirs["id"], limit=200)["items"]
    assert their_net - our_net and their_commitments

    pages = {path: client.get(path) for path in (
        "/ui/network", "/ui/commitments", "/ui/reports", "/ui/integrity",
        f"/ui/commitments?status=overdue&on={date.today()}")}
    for path, page in pages.items():
        assert page.status_code == 200, path
        assert theirs["title"] not in page.text, path
        assert theirs["id"] not in page.text, path
        for commitment in their_commitments:
            assert commitment["id"] not in page.text, path
    for actor in their_net - our_net:
        assert actor not in pages["/ui/network"].text
    graphml = client.get("/ui/network.graphml").get_data(as_text=True)
    assert not any(actor in graphml for actor in their_net - our_net)
    assert ours["title"] in pages["/ui/reports"].text

    for path in (f"/ui/network?process_id={theirs['id']}",
                 f"/ui/network.graphml?process_id={theirs['id']}",
                 f"/ui/commitments?process_id={theirs['id']}",
                 f"/ui/charters/{their_charter['id']}/diff",
                 f"/ui/charters/{their_charter['id']}/markdown",
                 f"/ui/reports?kind=accountability&process_id={theirs['id']}"
                 "&from=2022-01-01&to=2024-12-31",
                 f"/ui/reports/file?kind=accountability&process_id={theirs['id']}"
                 "&from=2022-01-01&to=2024-12-31&format=csv",
                 f"/ui/commitments/{their_commitments[0]['id']}"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert theirs["title"] not in answer.text and their_commitments[0]["description"] \
            not in answer.text, path


@pytest.mark.parametrize("path", [
    "/ui/network?on=gestern", "/ui/network?on=2024-02-30", "/ui/network?process_id=x",
    "/ui/network?on=0001-01-01", "/ui/network.graphml?on=x",
    "/ui/commitments?status=bald", "/ui/commitments?on=01.02.2024",
    "/ui/commitments?actor_id=%00", "/ui/commitments?after=nonsense",
    "/ui/charters/{c}?on=morgen", "/ui/charters/{c}?as_of=nachher",
    "/ui/charters/{c}/diff?from=2024-05-01&to=2024-04-01", "/ui/charters/{c}/diff?to=x",
    "/ui/charters/{c}/markdown?on=x",
    "/ui/reports/file?kind=accountability&format=docx", "/ui/reports/file?format=pdf",
])
def test_a_bad_query_answers_a_page_that_says_so(admin: Any, api: Any, path: str) -> None:
    charter = api("/v1/charters")["items"][0]["id"]
    answer = admin.get(path.format(c=charter))
    assert answer.status_code == 400, answer.text[:500]
    assert "<h1>" in answer.text and "Traceback" not in answer.text
    if "aria-invalid" in answer.text:
        assert re.search(r'<small id="[\w]+-error" class="error">\w', answer.text)


def test_the_pages_in_english_have_no_missing_words(app: Flask, svc: Services,
                                                    api: Any) -> None:
    charter = api("/v1/charters")["items"][0]["id"]
    paths = ["/ui/network", "/ui/commitments", "/ui/reports", "/ui/integrity",
             f"/ui/charters/{charter}/diff", f"/ui/charters/{charter}"]
    client = client_as(app, svc, "admin")
    for lang, word in (("de", "Netzwerk"), ("en", "Network")):
        client.get(f"/ui/language/{lang}?next=/ui/")
        for path in paths:
            page = client.get(path).text
            assert f'<html lang="{lang}">' in page and word in page, path
            # A key without words shows as itself: snake_case in the visible text.
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text_of(page)), (lang, path)


def test_the_process_page_leads_to_its_network_board_report_and_charter_changes(
        admin: Any, api: Any, processes: list) -> None:
    charters = {c["process_id"]: c for c in api("/v1/charters")["items"]}
    process = next(p for p in processes if p["id"] in charters)
    page = admin.get(f"/ui/processes/{process['id']}").text
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]
    network = next(h for h in hrefs if h.startswith("/ui/network?"))
    board = next(h for h in hrefs if h.startswith("/ui/commitments?"))
    report = next(h for h in hrefs if h.startswith("/ui/reports?"))
    charter = charters[process["id"]]["id"]
    diff = next(h for h in hrefs if h.endswith(f"/ui/charters/{charter}/diff"))
    assert process["id"] in network and process["id"] in board and process["id"] in report
    ours = api("/v1/commitments", process_id=process["id"], limit=200)["items"]
    assert admin.get(board).text.count('<tr class="status-') == len(ours)
    assert 'id="report-h"' in admin.get(report).text  # a whole report, not a bare form
    assert admin.get(network).status_code == admin.get(diff).status_code == 200


def test_every_reading_page_and_download_needs_a_session(app: Flask, api: Any) -> None:
    charter = api("/v1/charters")["items"][0]["id"]
    client = app.test_client()
    for path in ("/ui/network", "/ui/network.graphml", "/ui/commitments", "/ui/reports",
                 "/ui/reports/file?format=csv", "/ui/integrity",
                 "/ui/integrity/checkpoint.json", "/ui/integrity/kiezledger.pub.pem",
                 f"/ui/charters/{charter}/diff", f"/ui/charters/{charter}/markdown"):
        answer = client.get(path)
        assert answer.status_code == 302 and "/ui/sign-in" in answer.location, path


def test_the_proof_of_use_of_a_demo_funding_is_shown_and_downloads(
        admin: Any, api: Any) -> None:
    with_plan = [f for f in api("/v1/fundings")["items"] if f.get("plan")]
    assert with_plan, "the demo has a funding with a financing plan"
    funding = with_plan[0]
    page = admin.get("/ui/reports").text
    assert 'value="proof-of-use"' in page and f'<option value="{funding["id"]}"' in page
    query = (f"kind=proof-of-use&funding_id={funding['id']}"
             f"&from={funding['period_start']}&to={funding['period_end']}")
    shown = admin.get(f"/ui/reports?{query}")
    assert shown.status_code == 200, shown.text
    assert "Verwendungsnachweis einer Förderung" in shown.text and "<iframe" in shown.text
    html = admin.get(f"/ui/reports/file?{query}&format=html")
    assert html.status_code == 200 and "Belegliste" in html.get_data(as_text=True)
    csv = admin.get(f"/ui/reports/file?{query}&format=csv")
    assert csv.status_code == 200 and csv.content_type.startswith("text/csv")
    rows = csv.get_data(as_text=True).splitlines()
    assert rows[0].startswith("part,section,line,year,figure,value") and len(rows) > 50
    missing = admin.get(f"/ui/reports?kind=proof-of-use&from={funding['period_start']}"
                        f"&to={funding['period_end']}")
    assert missing.status_code == 400 and 'id="funding_id-error"' in missing.text
