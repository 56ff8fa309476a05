"""The pages as a person uses them: headless Chromium against a real `kiezledger serve`, on the
demo history and on a fresh SQLite store. Every page kind is scanned with axe-core (no serious
or critical violation) and screenshotted to tests/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from tests.api.server import Api, kiezledger, serving
from tests.web.browser import axe_violations, chrome, console_errors, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RECORD_KINDS = ("proposals", "amendments", "votes", "gatherings", "actors", "cooperations",
                "commitments", "fundings")


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    browser = chrome()
    browser.set_script_timeout(60)
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo')}/kiezledger.db"
    done = kiezledger("demo", url=url, timeout=300)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip().splitlines()[-1]
    with serving(url, workers=2) as server:
        yield {"url": url, "base": server.base, "token": token, "server": server,
               "api": Api(server.base, token, requests.Session())}
        assert "Traceback" not in server.output()


def by_css(driver: Any, css: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


def click(driver: Any, element: Any) -> None:
    """Click a link or a submit button and wait until the next page has replaced this one
    (a click returns before the browser navigates)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_: Any) -> bool:
        try:
            page.is_enabled()
        except WebDriverException:  # stale, or (mid-navigation) "does not belong to the document"
            return True
        return False

    WebDriverWait(driver, 30).until(replaced)


def all_css(driver: Any, css: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def checked(driver: Any, name: str, *, status: int = 200) -> None:
    """The page shown has no console error and no serious or critical axe violation
    (a 404 or 422 page's own status is logged as one: that one is expected)."""
    errors = console_errors(driver)
    if status != 200:
        errors = [e for e in errors if f"status of {status}" not in e]
    assert errors == [], name
    assert axe_violations(driver) == [], name
    screenshot(driver, name)


def sign_in(driver: Any, base: str, token: str) -> None:
    driver.delete_all_cookies()
    driver.get(base + "/ui/")
    assert "/ui/sign-in" in driver.current_url
    by_css(driver, "#token").send_keys(token)
    click(driver, by_css(driver, "main form button[type=submit]"))
    assert "Angemeldet als" in by_css(driver, "header").text


def set_value(driver: Any, css: str, value: str) -> None:
    """Type into a field; date and date-time fields get their ISO value (their typing depends
    on the locale)."""
    element = by_css(driver, css)
    if element.get_attribute("type") in ("date", "datetime-local"):
        driver.execute_script("arguments[0].value = arguments[1]", element, value)
    else:
        element.clear()
        element.send_keys(value)


def choose(driver: Any, css: str, *texts: str) -> None:
    from selenium.webdriver.support.ui import Select

    select = Select(by_css(driver, css))
    for text in texts:
        select.select_by_visible_text(text)


def submit(driver: Any) -> None:
    click(driver, by_css(driver, "main form[method=post] button[type=submit]"))


def test_every_page_kind_reads_in_the_browser(driver: Any, demo: dict) -> None:
    driver.get(demo["base"] + "/ui/")
    checked(driver, "sign-in")
    sign_in(driver, demo["base"], demo["token"])
    assert by_css(driver, "h1").text == "Beteiligungsprozesse"
    assert "Offene Versammlungen je Jahr gegen das Ziel" in by_css(driver, "main").text
    checked(driver, "processes")

    links = all_css(driver, "article.process h2 a")
    assert len(links) == 4
    click(driver, links[0])
    assert by_css(driver, "#timeline table tbody tr")
    checked(driver, "process")
    # Filter the timeline by a year and page on.
    year = all_css(driver, "select[name=year] option")[1].text
    choose(driver, "select[name=year]", year)
    click(driver, by_css(driver, "#timeline form button"))
    days = [t.get_attribute("datetime") for t in all_css(driver, "#timeline tbody time")]
    assert days and all(d.startswith(year) for d in days)

    process_page = driver.current_url
    found: dict[str, str] = {}
    for a in all_css(driver, "main a[href*='/ui/']"):
        href = a.get_attribute("href")
        for kind in RECORD_KINDS:
            if f"/ui/{kind}/" in href:
                found.setdefault(kind, href)
    charter = by_css(driver, "#charters a").get_attribute("href")
    driver.get(charter)
    checked(driver, "charter")
    for a in all_css(driver, ".provenance a"):
        href = a.get_attribute("href")
        for kind in RECORD_KINDS:
            if f"/ui/{kind}/" in href:
                found.setdefault(kind, href)
    for process_link in (process_page,):
        driver.get(process_link)
    for a in all_css(driver, "main a[href*='/ui/']"):
        href = a.get_attribute("href")
        if "/ui/actors/" in href:
            found.setdefault("actors", href)
    missing = set(RECORD_KINDS) - set(found)
    for kind in sorted(missing):  # kinds this process lacks: from another process
        item = demo["api"].get(f"/v1/{kind}", limit=1).json()["items"][0]
        found[kind] = f"{demo['base']}/ui/{kind}/{item['id']}"
    for kind, href in sorted(found.items()):
        driver.get(href)
        assert all_css(driver, "table.history tbody tr"), kind
        assert all_css(driver, "code.hash"), kind
        assert "demo" in by_css(driver, "table.history").text, kind  # recorded by
        checked(driver, f"record-{kind}")
    reading_pages(driver, demo)


def reading_pages(driver: Any, demo: dict) -> None:
    """Charter as recorded at a moment, its redline, network, board, reports, integrity:
    each reached from the navigation or the page before, with its real content."""
    def nav(text: str) -> None:
        click(driver, by_css(driver, f"header nav a[href='/ui/{text}']"))

    charter_id, _, day = _replaced_clause(demo["api"])
    driver.get(f"{demo['base']}/ui/charters/{charter_id}")
    set_value(driver, "#as_of", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    click(driver, by_css(driver, "main form button"))
    assert "wie aufgezeichnet bis" in by_css(driver, "#in-effect").text
    assert all_css(driver, "article.clause")
    checked(driver, "charter-as-recorded")
    click(driver, by_css(driver, "a[href$='/diff']"))
    assert by_css(driver, "h1").text.startswith("Änderungen")
    assert all_css(driver, "article.change ins")
    checked(driver, "charter-diff-all")

    nav("network")
    assert len(all_css(driver, "figure.network svg .node")) > 5
    assert "verbindet Gruppen" in by_css(driver, "table.network-actors").text
    checked(driver, "network")
    nav("commitments")
    assert "überfällig" in by_css(driver, "table.board").text
    assert all_css(driver, "tr.status-overdue strong.overdue")
    checked(driver, "board")
    nav("reports")
    checked(driver, "reports-choice")
    choose(driver, "#kind", "Rechenschaftsbericht eines Prozesses")
    choose(driver, "#process_id", all_css(driver, "#process_id option")[1].text)
    set_value(driver, "#from", "2022-01-01")
    set_value(driver, "#to", "2024-12-31")
    click(driver, by_css(driver, "main form button"))
    assert len(all_css(driver, "ul.downloads a")) == 4
    frame = by_css(driver, "iframe.report")
    driver.switch_to.frame(frame)
    assert "2022" in driver.find_element("tag name", "body").text
    driver.switch_to.default_content()
    checked(driver, "report")
    set_value(driver, "#to", "2021-12-31")
    click(driver, by_css(driver, "main form button"))
    assert by_css(driver, "#to").get_attribute("aria-invalid") == "true"
    assert by_css(driver, "#to-error").text
    checked(driver, "report-refused", status=400)
    nav("integrity")
    assert len(by_css(driver, "#head-hash").text) == 64
    assert len(by_css(driver, "#fingerprint").text) == 64
    click(driver, by_css(driver, "main form[method=post] button"))
    assert "In Ordnung" in by_css(driver, "#verify-result").text
    checked(driver, "integrity")


def test_the_charter_diff_strikes_and_inserts_a_changed_clause(driver: Any, demo: dict) -> None:
    from datetime import date, timedelta

    sign_in(driver, demo["base"], demo["token"])
    charter_id, clause_id, day = _replaced_clause(demo["api"])
    before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    driver.get(f"{demo['base']}/ui/charters/{charter_id}/diff")
    set_value(driver, "#from", before)
    set_value(driver, "#to", day)
    click(driver, by_css(driver, "main form button"))
    change = by_css(driver, f"#change-{clause_id}")
    removed = change.find_elements("css selector", "del")
    added = change.find_elements("css selector", "ins")
    assert removed and added
    assert all(e.text for e in removed + added)
    # Read out, not only seen: the marks carry words for screen readers.
    assert "[gestrichen: " in removed[0].get_attribute("textContent")
    assert "[eingefügt: " in added[0].get_attribute("textContent")
    assert "neu gefasst" in change.text
    checked(driver, "charter-diff")


def _replaced_clause(api: Api) -> tuple[str, str, str]:
    """(charter id, clause id, the day it was replaced) of a clause the demo replaced."""
    for charter in api.get("/v1/charters").json()["items"]:
        for event in api.get(f"/v1/charters/{charter['id']}/events").json()["events"]:
            if event["type"].endswith("ClauseReplaced"):
                return charter["id"], event["data"]["clause_id"], event["occurred_on"]
    raise AssertionError("the demo replaces no clause")


def test_the_charter_on_another_day_and_a_clause_to_its_vote_and_gathering(
        driver: Any, demo: dict) -> None:
    from datetime import date, timedelta

    sign_in(driver, demo["base"], demo["token"])
    charter_id, clause_id, day = _replaced_clause(demo["api"])
    driver.get(f"{demo['base']}/ui/charters/{charter_id}")
    before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    texts = []
    for on in (before, day):
        set_value(driver, "#on", on)
        click(driver, by_css(driver, "main form button"))
        assert on in driver.current_url
        texts.append(by_css(driver, f"#clause-{clause_id} .clause-text").text)
    assert texts[0] and texts[1] and texts[0] != texts[1]

    clause = by_css(driver, f"#clause-{clause_id}")
    vote = clause.find_element("css selector", "a[href*='/ui/votes/']")
    gathering_href = clause.find_element(
        "css selector", "a[href*='/ui/gatherings/']").get_attribute("href")
    click(driver, vote)
    assert by_css(driver, "hgroup p").text == "Abstimmung"
    shown = by_css(driver, "dl.facts").text
    assert "Verfahren" in shown and "Ergebnis" in shown and "ja " in shown
    driver.get(gathering_href)
    assert by_css(driver, "hgroup p").text == "Veranstaltung"
    assert "Stattgefunden am" in by_css(driver, "dl.facts").text


def test_a_scoped_token_gets_not_found_for_another_process(driver: Any, demo: dict) -> None:
    processes = demo["api"].get("/v1/processes").json()["items"]
    ours, theirs = processes[0], processes[1]
    done = kiezledger("token", "create", "--role", "auditor", "--name", "scoped-funder",
                      "--scope", ours["id"], url=demo["url"])
    assert done.returncode == 0, done.stderr
    sign_in(driver, demo["base"], done.stdout.strip().splitlines()[-1])
    titles = [a.text for a in all_css(driver, "article.process h2 a")]
    assert titles == [ours["title"]]
    gathering = demo["api"].get("/v1/gatherings", process_id=theirs["id"]).json()["items"][0]
    for path in (f"/ui/processes/{theirs['id']}", f"/ui/gatherings/{gathering['id']}"):
        driver.get(demo["base"] + path)
        assert by_css(driver, "h1").text == "Nicht gefunden", path
        assert theirs["title"] not in by_css(driver, "main").text
    for path in ("/ui/network", "/ui/commitments", "/ui/reports"):
        driver.get(demo["base"] + path)
        assert theirs["title"] not in driver.find_element("tag name", "body").text, path
    driver.get(f"{demo['base']}/ui/network?process_id={theirs['id']}")
    assert by_css(driver, "h1").text == "Nicht gefunden"
    checked(driver, "not-found", status=404)


@contextmanager
def editor_server(tmp_path_factory: Any, name: str) -> Iterator[tuple[Any, str, Api]]:
    """A new SQLite store served by `kiezledger serve`, an editor token and an API client."""
    url = f"sqlite:///{tmp_path_factory.mktemp(name)}/kiezledger.db"
    assert kiezledger("init", url=url).returncode == 0
    done = kiezledger("token", "create", "--role", "editor", "--name", "kiez-redaktion",
                      url=url)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip().splitlines()[-1]
    with serving(url, workers=2) as server:
        yield server, token, Api(server.base, token, requests.Session())


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    with editor_server(tmp_path_factory, "fresh") as (server, token, api):
        ada = api.create("/v1/actors", {"kind": "person", "name": "Ada Kaya"})["id"]
        api.create("/v1/actors", {"kind": "initiative", "name": "Kiez für alle"})
        process = api.create("/v1/processes", {
            "title": "Kiezprozess Wrangelkiez", "level": "kiez", "started_on": "2024-03-01",
            "goals": {"open_assemblies_per_year": 2}})["id"]
        api.create("/v1/charters", {"process_id": process, "title": "Kiez-Charta Wrangelkiez",
                                    "established_on": "2024-03-01"})
        yield {"base": server.base, "token": token, "api": api, "process": process,
               "ada": ada}
        assert "Traceback" not in server.output()


def test_record_a_gathering_and_a_proposal_through_the_forms(driver: Any, fresh: dict) -> None:
    base, process = fresh["base"], fresh["process"]
    sign_in(driver, base, fresh["token"])
    driver.get(f"{base}/ui/processes/{process}")
    click(driver, by_css(driver, f"a[href$='/ui/processes/{process}/gatherings/new']"))
    assert by_css(driver, "#held_on").get_attribute("value") == ""  # never silently today
    checked(driver, "form-gathering")

    # A date before the process began: the reason at the field, what was typed kept.
    choose(driver, "#format", "Offene Versammlung")
    set_value(driver, "#title", "1. Offene Versammlung")
    set_value(driver, "#held_on", "2024-02-01")
    set_value(driver, "#attendance", "63")
    submit(driver)
    error = by_css(driver, "#held_on-error").text
    assert "vor dem Beginn des Prozesses" in error
    assert by_css(driver, "#held_on").get_attribute("aria-invalid") == "true"
    assert by_css(driver, "#title").get_attribute("value") == "1. Offene Versammlung"
    assert by_css(driver, "#attendance").get_attribute("value") == "63"
    checked(driver, "form-gathering-refused", status=422)

    set_value(driver, "#held_on", "2024-04-20")
    form_key = by_css(driver, "input[name=form_key]").get_attribute("value")
    submit(driver)
    assert "Gespeichert" in by_css(driver, "main").text
    assert by_css(driver, "h1").text == "1. Offene Versammlung"
    first = driver.current_url

    # The same form sent again (as a browser resends it): one record.
    driver.get(f"{base}/ui/processes/{process}/gatherings/new")
    driver.execute_script("document.querySelector('input[name=form_key]').value = arguments[0]",
                          form_key)
    choose(driver, "#format", "Offene Versammlung")
    set_value(driver, "#title", "1. Offene Versammlung")
    set_value(driver, "#held_on", "2024-04-20")
    set_value(driver, "#attendance", "63")
    submit(driver)
    assert driver.current_url == first
    gatherings = fresh["api"].get("/v1/gatherings", process_id=process).json()["items"]
    assert [g["title"] for g in gatherings] == ["1. Offene Versammlung"]

    driver.get(f"{base}/ui/processes/{process}")
    click(driver, by_css(driver, f"a[href$='/ui/processes/{process}/proposals/new']"))
    checked(driver, "form-proposal")
    set_value(driver, "#title", "Grün statt Grau")
    set_value(driver, "#text", "Wir entsiegeln jedes Jahr eine Fläche.")
    choose(driver, "#author_ids", "Ada Kaya", "Kiez für alle")
    set_value(driver, "#submitted_on", "2024-04-01")
    choose(driver, "#charter_id", "Kiez-Charta Wrangelkiez")
    choose(driver, "#action", "Abschnitt hinzufügen")
    set_value(driver, "#heading", "Entsiegelung")
    submit(driver)
    assert "Gespeichert" in by_css(driver, "main").text
    shown = by_css(driver, "dl.facts").text
    assert "Abschnitt hinzufügen" in shown and "Entsiegelung" in shown and "Ada Kaya" in shown
    checked(driver, "record-new-proposal")

    driver.get(f"{base}/ui/processes/{process}")
    timeline = by_css(driver, "#timeline").text
    assert "Grün statt Grau" in timeline and "1. Offene Versammlung" in timeline


@pytest.fixture(scope="module")
def blank(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    """A fresh store with one process and its charter (no form records a charter yet)."""
    with editor_server(tmp_path_factory, "blank") as (server, token, api):
        process = api.create("/v1/processes", {"title": "Kiezprozess Reuterkiez",
                                               "level": "kiez", "started_on": "2024-03-01"})["id"]
        charter = api.create("/v1/charters", {"process_id": process, "established_on":
                                              "2024-03-01", "title": "Reuterkiez-Charta"})["id"]
        yield {"base": server.base, "token": token, "api": api, "process": process,
               "charter": charter}
        assert "Traceback" not in server.output()


def follow(driver: Any, text: str) -> None:
    """Click the link (or button-styled link) that says `text`."""
    from selenium.webdriver.common.by import By

    click(driver, driver.find_element(By.LINK_TEXT, text))


def saved(driver: Any) -> str:
    assert by_css(driver, "p.saved").text == "Gespeichert.", by_css(driver, "main").text[:500]
    return driver.current_url.split("?")[0]


def test_record_an_assembly_and_its_decision_like_a_person(driver: Any, blank: dict) -> None:
    base, process = blank["base"], blank["process"]
    sign_in(driver, base, blank["token"])
    driver.get(f"{base}/ui/processes/{process}")
    follow(driver, "Akteur:in eintragen")
    checked(driver, "form-actor")
    choose(driver, "#kind", "Person")
    set_value(driver, "#name", "Ada Kaya")
    submit(driver)
    saved(driver)

    driver.get(f"{base}/ui/processes/{process}")
    follow(driver, "Veranstaltung eintragen")
    choose(driver, "#format", "Offene Versammlung")
    set_value(driver, "#title", "Frühjahrsversammlung")
    set_value(driver, "#held_on", "2024-04-20")
    set_value(driver, "#attendance", "48")
    submit(driver)
    saved(driver)

    driver.get(f"{base}/ui/processes/{process}")
    follow(driver, "Antrag eintragen")
    set_value(driver, "#title", "Grün statt Grau")
    set_value(driver, "#text", "Wir entsiegeln jedes Jahr eine Fläche.")
    choose(driver, "#author_ids", "Ada Kaya")
    set_value(driver, "#submitted_on", "2024-04-02")
    choose(driver, "#charter_id", "Reuterkiez-Charta")
    choose(driver, "#action", "Abschnitt hinzufügen")
    set_value(driver, "#heading", "Entsiegelung")
    submit(driver)
    proposal = saved(driver)

    follow(driver, "Änderungsantrag eintragen")
    assert by_css(driver, "#text").get_attribute("value") == (
        "Wir entsiegeln jedes Jahr eine Fläche.")
    assert by_css(driver, "#submitted_on").get_attribute("value") == ""  # never silently today
    checked(driver, "form-amendment")
    set_value(driver, "#text", "Wir entsiegeln jedes Jahr zwei Flächen.")
    choose(driver, "#author_ids", "Ada Kaya")
    set_value(driver, "#submitted_on", "2024-04-10")
    submit(driver)
    saved(driver)

    # The amendment is voted on first, counted in the room, then the amended proposal.
    for outcome in ("amendment", "proposal"):
        if outcome == "proposal":
            driver.get(proposal)
        follow(driver, "Abstimmung eröffnen")
        if outcome == "amendment":
            checked(driver, "form-vote-open")
        choose(driver, "#gathering_id", "20.04.2024: Frühjahrsversammlung")
        choose(driver, "#method", "einfache Mehrheit")
        set_value(driver, "#opened_on", "2024-04-20")
        submit(driver)
        saved(driver)
        if outcome == "amendment":
            checked(driver, "record-vote-with-forms")
        follow(driver, "Auszählung im Raum eintragen")
        if outcome == "amendment":
            checked(driver, "form-tally")
        set_value(driver, "#yes", "30")
        set_value(driver, "#no", "5")
        set_value(driver, "#abstain", "3")
        submit(driver)
        saved(driver)
        follow(driver, "Abstimmung abschließen")
        if outcome == "amendment":
            checked(driver, "form-vote-close")
        set_value(driver, "#closed_on", "2024-04-20")
        submit(driver)
        saved(driver)
        assert "angenommen (ja 30, nein 5, Enthaltung 3, Einwände 0)" in by_css(
            driver, "dl.facts").text
        assert not all_css(driver, "nav.actions")  # a closed vote offers no form

    driver.get(f"{base}/ui/charters/{blank['charter']}")
    main = by_css(driver, "main").text
    assert "Entsiegelung" in main and "Wir entsiegeln jedes Jahr zwei Flächen." in main
    checked(driver, "charter-after-forms")


def test_every_new_form_kind_reads_well(driver: Any, blank: dict) -> None:
    """Each form on its own page: no console error, no serious axe violation, a screenshot."""
    api, base, process = blank["api"], blank["base"], blank["process"]
    a = api.create("/v1/actors", {"kind": "initiative", "name": "Kiez für alle"})["id"]
    b = api.create("/v1/actors", {"kind": "funder", "name": "Stiftung Kiez"})["id"]
    gathering = api.create("/v1/gatherings", {"process_id": process, "format": "open_assembly",
                                              "title": "Herbst", "held_on": "2024-10-01"})["id"]
    proposal = api.create("/v1/proposals", {"process_id": process, "title": "Laternen",
                                            "text": "Mehr Licht.", "author_ids": [a],
                                            "submitted_on": "2024-09-01"})["id"]
    vote = api.create("/v1/votes", {"subject_type": "proposal", "subject_id": proposal,
                                    "gathering_id": gathering, "method": "consent",
                                    "opened_on": "2024-10-01"})["id"]
    commitment = api.create("/v1/commitments", {
        "actor_id": a, "process_id": process, "description": "Laternen aufstellen",
        "made_on": "2024-10-01", "due_on": "2024-12-01"})["id"]
    funding = api.create("/v1/fundings", {
        "funder_id": b, "recipient_id": a, "process_id": process, "logic": "project",
        "period_start": "2024-03-01", "period_end": "2024-12-31", "amount": "5000.00",
        "currency": "EUR", "granted_on": "2024-02-20"})["id"]
    cooperation = api.create("/v1/cooperations", {"actor_ids": [a, b], "kind": "partnership",
                                                  "started_on": "2024-03-05",
                                                  "process_id": process})["id"]
    sign_in(driver, base, blank["token"])
    driver.get(f"{base}/ui/processes/{process}")
    for text in ("Zusage eintragen", "Förderung eintragen", "Kooperation eintragen"):
        assert text in by_css(driver, "nav.actions").text
    checked(driver, "process-with-forms")
    pages = {
        "form-process": "/ui/processes/new",
        "form-cooperation": f"/ui/processes/{process}/cooperations/new",
        "form-cooperation-end": f"/ui/cooperations/{cooperation}/end",
        "form-commitment": f"/ui/processes/{process}/commitments/new",
        "form-progress": f"/ui/commitments/{commitment}/progress",
        "form-fulfil": f"/ui/commitments/{commitment}/fulfil",
        "form-withdraw": f"/ui/commitments/{commitment}/withdraw",
        "form-funding": f"/ui/processes/{process}/fundings/new",
        "form-disbursement": f"/ui/fundings/{funding}/disbursements/new",
        "form-ballot": f"/ui/votes/{vote}/ballots/new",
        "form-withdraw-proposal": f"/ui/proposals/{proposal}/withdraw",
    }
    for name, path in pages.items():
        driver.get(base + path)
        assert by_css(driver, "h1").text, name
        for day in all_css(driver, "input[type=date]"):
            assert day.get_attribute("value") == "", name
        checked(driver, name)

    # A refusal on a money form: the reason at the field, in German, the typing kept.
    driver.get(f"{base}/ui/fundings/{funding}/disbursements/new")
    set_value(driver, "#amount", "5.000,01")
    set_value(driver, "#paid_on", "2024-04-01")
    submit(driver)
    assert "wäre mehr als die bewilligten 5.000,00 EUR" in by_css(driver, "#amount-error").text
    assert by_css(driver, "#amount").get_attribute("value") == "5.000,01"
    checked(driver, "form-disbursement-refused", status=422)


def test_a_form_opened_before_another_change_says_so(driver: Any, blank: dict) -> None:
    api, base, process = blank["api"], blank["base"], blank["process"]
    actor = api.create("/v1/actors", {"kind": "person", "name": "Bo Lind"})["id"]
    commitment = api.create("/v1/commitments", {
        "actor_id": actor, "process_id": process, "description": "Bänke streichen",
        "made_on": "2024-05-01", "due_on": "2024-07-01"})["id"]
    sign_in(driver, base, blank["token"])
    driver.get(f"{base}/ui/commitments/{commitment}")
    follow(driver, "Als erfüllt eintragen")
    set_value(driver, "#fulfilled_on", "2024-06-20")
    set_value(driver, "#evidence", "Foto vom Kiezfest")
    # Meanwhile someone else reports progress on the same commitment.
    api.create(f"/v1/commitments/{commitment}/progress",
               {"reported_on": "2024-06-01", "note": "Farbe gekauft"}, status=200)
    submit(driver)
    message = by_css(driver, ".form-errors").text
    assert "Jemand hat diesen Eintrag geändert" in message and "Nichts wurde gespeichert" in message
    assert by_css(driver, "#evidence").get_attribute("value") == "Foto vom Kiezfest"
    assert by_css(driver, "#fulfilled_on").get_attribute("value") == "2024-06-20"
    assert api.get(f"/v1/commitments/{commitment}").json()["fulfilled_on"] is None
    checked(driver, "form-stale", status=422)
    # Having looked, the person sends the form again: now it is meant for the new state.
    submit(driver)
    saved(driver)
    assert api.get(f"/v1/commitments/{commitment}").json()["fulfilled_on"] == "2024-06-20"


def test_an_admin_issues_a_token_that_signs_in_elsewhere_and_revoking_it_ends_that_session(
        driver: Any, demo: dict) -> None:
    base = demo["base"]
    driver.get(base + "/ui/sign-in")  # settled on this server first (a click once went astray)
    sign_in(driver, base, demo["token"])
    click(driver, by_css(driver, "header nav a[href$='/ui/admin/tokens']"))
    assert by_css(driver, "h1").text == "Zugangsschlüssel"
    checked(driver, "admin-tokens")

    set_value(driver, "#name", "browser-redaktion")
    choose(driver, "#role", "Redaktion")
    submit(driver)
    token = by_css(driver, "#new-token").get_attribute("value")
    assert token.startswith("kl_")
    assert "nicht wieder angezeigt" in by_css(driver, ".new-token").text
    checked(driver, "admin-token-issued")

    second = chrome()
    try:
        sign_in(second, base, token)
        assert "browser-redaktion" in by_css(second, "header").text
        assert not all_css(second, "header nav a[href$='/ui/admin/tokens']")  # not an admin

        driver.get(base + "/ui/admin/tokens")
        assert token not in driver.page_source
        click(driver, by_css(driver, "a[href$='/ui/admin/tokens/browser-redaktion/revoke']"))
        assert "sofort ungültig" in by_css(driver, "main").text
        checked(driver, "admin-revoke-confirm")
        submit(driver)
        assert "browser-redaktion ist widerrufen" in by_css(driver, "main").text

        second.get(base + "/ui/")
        assert "/ui/sign-in" in second.current_url
        assert "Ihre Anmeldung ist beendet" in by_css(second, "main").text
    finally:
        second.quit()


def test_an_admin_erases_a_person_after_confirming_with_a_reason(driver: Any,
                                                                  demo: dict) -> None:
    base = demo["base"]
    erika = demo["api"].create("/v1/actors", {"kind": "person", "name": "Erika Beispiel",
                                              "contact": "erika@example.org"})["id"]
    driver.get(base + "/ui/sign-in")
    sign_in(driver, base, demo["token"])
    driver.get(f"{base}/ui/actors/{erika}")
    click(driver, by_css(driver, f"a[href$='/ui/actors/{erika}/erase']"))
    assert "Erika Beispiel" in by_css(driver, "main").text
    checked(driver, "admin-erase-confirm")

    submit(driver)  # no reason given
    assert "Bitte ausfüllen" in by_css(driver, "#reason-error").text
    checked(driver, "admin-erase-refused", status=422)
    set_value(driver, "#reason", "Antrag nach Art. 17 DSGVO")
    submit(driver)
    assert by_css(driver, "h1").text == "[gelöscht]"
    assert "Erika Beispiel" not in by_css(driver, "main").text
    assert not all_css(driver, f"a[href$='/ui/actors/{erika}/erase']")
    checked(driver, "admin-erased")
