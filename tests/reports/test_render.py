"""The report formats: JSON, CSV parsed back, PDF text extracted, HTML checked statically and
rendered once in headless Chromium without console errors."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from ledger.errors import InvalidValue
from projections.catalog import CatalogProjection
from projections.facts import FactsProjection
from projections.runner import ProjectionRunner
from queries.reports import MIMETYPES, produce, render
from queries.reports.csv_report import COLUMNS
from store.ledger import open_ledger
from store.sql import Database
from tests.conftest import in_ci
from tests.reports import scenario
from tests.reports.scenario import FROM, TO

HEAD = (4711, "3f" * 32)
HASH = HEAD[1]
WHEN = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def world():
    """The scenario once, in memory: the renderers do not depend on the store."""
    app = open_ledger("memory://")
    db = Database.from_url("memory://")
    w = scenario.build(app)
    ProjectionRunner(app, db, [FactsProjection(), CatalogProjection()]).catch_up()
    yield db, w
    db.close()
    app.close()


@pytest.fixture(scope="module")
def funding(world):
    from queries.reports import funding_report

    db, w = world
    return funding_report(db, w["funder"], FROM, TO, detail=True)


@pytest.fixture(scope="module")
def accountability(world):
    from queries.reports import accountability_report

    db, w = world
    return accountability_report(db, w["P"], FROM, TO, detail=True)


def make(world, kind: str, fmt: str, lang: str = "de") -> bytes:
    db, w = world
    subject = w["funder"] if kind == "funding" else w["P"]
    body, mimetype = produce(db, kind, subject, FROM, TO, fmt=fmt, lang=lang, head=HEAD,
                             generated_at=WHEN)
    assert mimetype == MIMETYPES[fmt]
    return body


# -- JSON --------------------------------------------------------------------------------------


def test_json_is_the_report(world):
    from queries.reports import funding_report

    db, w = world
    report = funding_report(db, w["funder"], FROM, TO)
    body, mimetype = render(report, "json")
    assert mimetype == "application/json"
    assert json.loads(body) == report
    assert "ledger_head" not in json.loads(body)
    with_head = json.loads(render(report, "json", head=HEAD)[0])
    assert with_head["ledger_head"] == {"position": 4711, "hash": HASH}
    assert json.loads(make(world, "funding", "json")) == {
        **report, "ledger_head": {"position": 4711, "hash": HASH}}


def test_unknown_formats_and_languages_are_refused(funding):
    with pytest.raises(InvalidValue):
        render(funding, "xml")
    with pytest.raises(InvalidValue):
        render(funding, "html", lang="fr")


# -- CSV ---------------------------------------------------------------------------------------


def _parse(body: bytes) -> list[dict[str, str]]:
    text = body.decode("utf-8")
    assert not text.startswith("\ufeff") and text.endswith("\r\n")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames) == COLUMNS
    return list(reader)


def _figures_from(rows: list[dict[str, str]]) -> dict:
    """The JSON figures rebuilt from CSV rows of one funding or process."""
    out: dict = {"continuity": {}, "decisions": {}, "commitments": {}}
    for row in rows:
        # `value` holds numbers, `text` everything else (never both)
        assert not (row["value"] and row["text"]), row
        figure, value = row["figure"], row["value"] or row["text"]
        if figure.startswith("continuity."):
            year = out["continuity"].setdefault(int(row["year"]), {"year": int(row["year"])})
            key = figure.split(".", 1)[1]
            year[key] = (None if value == "" else value == "true") if key == "met" else (
                None if value == "" else int(value))
        elif "." in figure:
            group, key = figure.split(".", 1)
            out[group][key] = int(value)
        elif figure in ("amount", "disbursed", "logic"):
            out[figure] = value
            if row["currency"]:
                out["currency"] = row["currency"]
        else:
            out[figure] = int(value)
    out["continuity"] = [out["continuity"][y] for y in sorted(out["continuity"])]
    return out


def test_csv_funding_report_parses_back_to_the_figures(world, funding):
    rows = _parse(make(world, "funding", "csv"))
    assert {r["report"] for r in rows} == {"funding"}
    assert {(r["period_from"], r["period_to"]) for r in rows} == {("2022-01-01", "2024-06-30")}
    assert {(r["ledger_position"], r["ledger_hash"]) for r in rows} == {("4711", HASH)}
    assert {r["funder_name"] for r in rows} == {"Stiftung Nachbarschaft"}
    ids = list(dict.fromkeys(r["funding_id"] for r in rows))
    assert ids == [f["funding_id"] for f in funding["fundings"]]
    for f in funding["fundings"]:
        mine = [r for r in rows if r["funding_id"] == f["funding_id"]]
        assert {r["process_title"] for r in mine} == {f["process"]["title"]}
        expected = {k: f[k] for k in (
            "logic", "amount", "currency", "disbursed", "continuity", "gatherings",
            "attendance", "decisions", "commitments", "cooperations_started",
            "charter_changes", "participants")}
        assert _figures_from(mine) == expected
    # One row per figure: e.g. the year without assemblies and the money, by hand.
    f1 = funding["fundings"][0]["funding_id"]
    assert [(r["year"], r["value"], r["text"]) for r in rows if r["funding_id"] == f1
            and r["figure"] == "continuity.met"] == [
        ("2022", "", "true"), ("2023", "", "false"), ("2024", "", "false")]
    assert [(r["value"], r["currency"]) for r in rows if r["funding_id"] == f1
            and r["figure"] == "disbursed"] == [("37500.75", "EUR")]


def test_csv_accountability_report_parses_back(world, accountability):
    rows = _parse(make(world, "accountability", "csv", lang="en"))
    process_rows = [r for r in rows if not r["funding_id"]]
    assert {r["process_title"] for r in rows} == {"Kiez-Charta Wrangelkiez"}
    assert _figures_from(process_rows) == scenario.P_FIGURES
    money = [(r["funder_name"], r["figure"], r["value"]) for r in rows if r["funding_id"]]
    assert ("Stiftung Nachbarschaft", "disbursed", "37500.75") in money
    assert ("Förderverein Süd", "amount", "1234.56") in money


def test_csv_cells_that_would_run_as_formulas_are_text(funding):
    hostile = copy.deepcopy(funding)
    hostile["funder"]["name"] = "@SUM(1+1)"
    for i, title in enumerate(['=HYPERLINK("http://evil.example/?x","x")', "+1", "-2+3",
                               "\tTab", "\rCR"]):
        hostile["fundings"][i % len(hostile["fundings"])]["process"]["title"] = title
        rows = _parse(render(hostile, "csv")[0])
        titles = {r["process_title"] for r in rows}
        assert "'" + title in titles, titles
        assert title not in titles
    assert {r["funder_name"] for r in rows} == {"'@SUM(1+1)"}
    # Numbers stay numbers, also where they begin with a sign.
    assert all(r["value"] == "" or r["value"][0] not in "'" for r in rows)


# -- PDF ---------------------------------------------------------------------------------------


def _pdf_text(body: bytes) -> tuple[str, object]:
    from pypdf import PdfReader

    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_pdf_funding_report_text(world):
    text, reader = _pdf_text(make(world, "funding", "pdf"))
    assert "Förderbericht" in text
    assert "Stiftung Nachbarschaft" in text and "Kiez-Charta Wrangelkiez" in text
    assert "37.500,75 EUR" in text and "90.000,00 EUR" in text     # disbursed, amount
    assert "Offene Versammlungen" in text and "überfällig" in text
    assert HASH in text
    assert "Chronik" in text and "Änderungen der Charta und ihre Herkunft" in text
    assert reader.metadata.title.startswith("Förderbericht")
    assert len(reader.pages) >= 4
    english, _ = _pdf_text(make(world, "funding", "pdf", lang="en"))
    assert "Funding report" in english and "37,500.75 EUR" in english and HASH in english


def test_pdf_accountability_report_text(world):
    text, reader = _pdf_text(make(world, "accountability", "pdf"))
    assert "Rechenschaftsbericht" in text and "Kiez-Charta Wrangelkiez" in text
    assert "Bänke aufstellen" in text and "verspätet erfüllt" in text
    assert "Mehr Grün im Kiez" in text and "neu gefasst" in text       # charter, provenance
    assert "Ben Öztürk" in text
    assert HASH in text
    # the figures table: made 6 (a figure), in the summary
    assert "Selbstverpflichtungen: im Zeitraum eingegangen 6" in text


def test_pdf_of_a_report_without_fundings(world):
    db, w = world
    body, _ = produce(db, "funding", w["funder"], "2030-01-01", "2030-12-31", fmt="pdf")
    text, _ = _pdf_text(body)
    assert "Keine Förderungen im Berichtszeitraum." in text
    assert "nicht angegeben" in text         # no head given


# -- HTML --------------------------------------------------------------------------------------


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id":
                self.ids.append(value)
            if name in ("src", "href", "xlink:href", "action") and value:
                self.urls.append(value)

    def handle_data(self, data):
        self.text.append(data)


def _check_html(body: bytes, lang: str) -> _Collect:
    html = body.decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in html
    parsed = _Collect()
    parsed.feed(html)
    parsed.close()
    assert "script" not in parsed.tags
    assert len(parsed.ids) == len(set(parsed.ids)), "ids must be unique"
    # No external resources: only in-page anchors and SVG-internal references.
    assert all(u.startswith("#") for u in parsed.urls), parsed.urls
    assert "url(http" not in html and "@import" not in html
    assert "<metadata" not in html and "rdf:" not in html   # namespaced SVG metadata
    return parsed


def test_html_funding_report(world):
    body = make(world, "funding", "html")
    parsed = _check_html(body, "de")
    html = body.decode()
    text = " ".join(parsed.text)
    assert "Förderbericht" in text and "Stiftung Nachbarschaft" in text
    assert "37.500,75 EUR" in text
    assert HASH in text and "4.711" in text
    assert parsed.tags.count("svg") == 8          # four charts per funding, two fundings
    # Every chart had data but Q's commitments: it has none, and says so.
    assert html.count("Keine Daten im Zeitraum") == 1
    q = html.index('id="funding-2-chart-commitments"')
    assert html.index("Keine Daten im Zeitraum") > q
    for chart in ("continuity", "attendance", "commitments", "network"):
        assert f'id="funding-1-chart-{chart}"' in html
    assert "Chronik" in text and "Änderungen der Charta und ihre Herkunft" in text
    assert "2025-01-15T09:30:00+00:00" in html


def test_html_accountability_report_in_english(world):
    body = make(world, "accountability", "html", lang="en")
    parsed = _check_html(body, "en")
    text = " ".join(parsed.text)
    assert "Accountability report" in text and "Timeline" in text
    assert "fulfilled late (2022-08-01)" in text
    assert "Charter changes and their provenance" in text and "Mehr Grün im Kiez" in text
    assert parsed.tags.count("svg") == 4


def test_html_escapes_what_people_typed(funding):
    hostile = copy.deepcopy(funding)
    hostile["fundings"][0]["process"]["title"] = "<script>alert(1)</script> & Co"
    html = render(hostile, "html")[0].decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


# -- headless Chromium -------------------------------------------------------------------------


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _open_in_chromium(browser: str, path, tmp_path) -> tuple[str, list[str]]:
    """The DOM after loading `path`, and the console messages Chromium logged."""
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


def test_html_renders_in_headless_chromium_without_console_errors(world, tmp_path):
    browser = _chromium()
    if browser is None:
        if in_ci():
            pytest.fail("chromium is required under CI (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium chromium-driver)")
    # The check itself works: a page that logs an error is caught.
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                       "<title>c</title></head><body><script>console.error('boom')</script>"
                       "</body></html>")
    _, console = _open_in_chromium(browser, control, tmp_path)
    assert any("boom" in line for line in console)

    for kind in ("funding", "accountability"):
        page = tmp_path / f"{kind}.html"
        page.write_bytes(make(world, kind, "html"))
        dom, console = _open_in_chromium(browser, page, tmp_path)
        assert console == [], console
        assert "<svg" in dom and HASH in dom
        assert ("Förderbericht" if kind == "funding" else "Rechenschaftsbericht") in dom


@pytest.mark.skipif(not os.environ.get("KIEZLEDGER_KEEP_REPORTS"),
                    reason="set KIEZLEDGER_KEEP_REPORTS=DIR to write the sample reports there")
def test_write_sample_reports(world):  # pragma: no cover - a convenience for looking at them
    target = os.environ["KIEZLEDGER_KEEP_REPORTS"]
    os.makedirs(target, exist_ok=True)
    for kind in ("funding", "accountability"):
        for fmt in ("json", "csv", "html", "pdf"):
            for lang in ("de", "en"):
                with open(os.path.join(target, f"{kind}-{lang}.{fmt}"), "wb") as out:
                    out.write(make(world, kind, fmt, lang))


def test_html_charts_are_drawn_once_per_input_and_anew_when_it_changes(
        accountability, monkeypatch):
    """Drawing is most of a report's time: the same input is drawn once; any change of what
    a chart shows (here one more attendee) is drawn anew, never taken from before."""
    import copy

    from queries.reports import charts, html_report

    drawn = []
    real = charts.charts_for
    monkeypatch.setattr(charts, "charts_for", lambda *a, **k: drawn.append(1) or real(*a, **k))
    monkeypatch.setattr(html_report, "_DRAWN", type(html_report._DRAWN)())
    first = html_report.render_html(accountability, "de", HEAD, WHEN)
    calls = len(drawn)
    assert calls >= 1
    assert html_report.render_html(accountability, "de", HEAD, WHEN) == first
    assert len(drawn) == calls  # nothing drawn again
    changed = copy.deepcopy(accountability)
    points = changed["series"]["attendance"]  # a process's report is its own figures
    assert points, "the scenario has gatherings with attendance"
    points[0]["attendance"] = (points[0].get("attendance") or 0) + 1
    again = html_report.render_html(changed, "de", HEAD, WHEN)
    assert len(drawn) == calls + 1 and again != first
