"""The funding and accountability reports show each indicator of a process per year against
its target, counted as the proof of use counts it (a corrected measurement replaced by its
correction), in JSON, CSV, HTML and PDF, German and English; a process without indicators
gets no indicator table.

The story: the world's process declares "Entsiegelte Fläche" (m², target 40 a year, from
2023-01-01) and is funded by Stiftung Cem; the other process, funded too, declares none.
Measurements: 2023-06-01 25; 2023-09-01 20, corrected to 10; 2024-06-01 45.5. By hand:
2023: 25 + 10 = 35 of 40, not met (2 measurements); 2024: 45.5 of 40, met (1).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader

from tests.api.conftest import Client, World

PERIOD = "from=2023-01-01&to=2024-12-31"


@pytest.fixture
def database_url(request) -> str:
    """Memory, unless a test asks for a store (the counting is SQL: both dialects)."""
    store = getattr(request, "param", "memory")
    return "memory://" if store == "memory" else request.getfixturevalue(f"{store}_url")


def post(c: Client, path: str, body: dict) -> dict:
    response = c.post(path, body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def story(client: Client, world: World) -> dict:
    c = client
    for process, start in ((world.process, "2023-01-01"), (world.other_process, "2023-02-01")):
        c.create("/v1/fundings", {
            "funder_id": world.cem["id"], "recipient_id": world.ben["id"],
            "process_id": process["id"], "logic": "process", "period_start": start,
            "period_end": "2024-12-31", "amount": "1000.00", "currency": "EUR",
            "granted_on": "2022-12-01"})
    i = c.create("/v1/indicators", {
        "process_id": world.process["id"], "name": "Entsiegelte Fläche", "unit": "m²",
        "target_per_year": "40", "counts_from": "2023-01-01"})["id"]
    doc = {"kind": "document", "document": "Aufmaß"}
    post(c, f"/v1/indicators/{i}/measurements",
         {"measured_on": "2023-06-01", "value": "25", "source": doc})
    wrong = post(c, f"/v1/indicators/{i}/measurements",
                 {"measured_on": "2023-09-01", "value": "20", "source": doc})
    post(c, f"/v1/indicators/{i}/measurements",
         {"measured_on": "2023-09-01", "value": "10", "source": doc,
          "corrects": wrong["measurements"][-1]["id"]})
    post(c, f"/v1/indicators/{i}/measurements",
         {"measured_on": "2024-06-01", "value": "45.5", "source": doc})
    return {"indicator": i, "funder": world.cem["id"], "process": world.process["id"],
            "other": world.other_process["id"]}


def get(c: Client, story: dict, kind: str, fmt: str, lang: str = "de", subject: str = ""):
    if kind == "funding":
        path = f"/v1/reports/funding?funder_id={story['funder']}"
    else:
        path = f"/v1/reports/accountability?process_id={story[subject or 'process']}"
    r = c.get(f"{path}&{PERIOD}&format={fmt}&lang={lang}")
    assert r.status_code == 200, r.data[:300]
    return r


def hand_counted(indicators: list[dict], story: dict) -> None:
    (ind,) = indicators
    assert (ind["indicator_id"], ind["name"], ind["unit"], ind["target_per_year"]) == \
        (story["indicator"], "Entsiegelte Fläche", "m²", "40")
    assert [(y["year"], y["value"], y["target"], y["met"], y["measurements"])
            for y in ind["years"]] == [(2023, "35", "40", False, 2), (2024, "45.5", "40", True, 1)]


@pytest.mark.parametrize("database_url", [
    "memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_json_has_the_indicators_per_year_of_each_process(client, story):
    funding = get(client, story, "funding", "json").get_json()
    by_process = {f["process"]["id"]: f for f in funding["fundings"]}
    hand_counted(by_process[story["process"]]["indicators"], story)
    assert by_process[story["other"]]["indicators"] == []
    hand_counted(get(client, story, "accountability", "json").get_json()["indicators"], story)
    other = get(client, story, "accountability", "json", subject="other").get_json()
    assert other["indicators"] == []


def test_csv_has_a_typed_row_per_year_and_figure(client, story):
    for kind in ("funding", "accountability"):
        rows = list(csv.DictReader(io.StringIO(
            get(client, story, kind, "csv").data.decode("utf-8"), newline="")))
        path = f"indicators.{story['indicator']}"
        mine = {(r["figure"], r["year"]): (r["value"], r["text"]) for r in rows
                if r["figure"].startswith(path)}
        assert mine == {
            (f"{path}.name", ""): ("", "Entsiegelte Fläche"),
            (f"{path}.unit", ""): ("", "m²"),
            (f"{path}.target_per_year", ""): ("40", ""),
            (f"{path}.value", "2023"): ("35", ""), (f"{path}.target", "2023"): ("40", ""),
            (f"{path}.met", "2023"): ("", "false"),
            (f"{path}.value", "2024"): ("45.5", ""), (f"{path}.target", "2024"): ("40", ""),
            (f"{path}.met", "2024"): ("", "true"),
        }, kind
        assert all(r["process_id"] == story["process"] for r in rows
                   if r["figure"].startswith("indicators."))


def cells(html: str) -> list[list[str]]:
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(
        r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)]


@pytest.mark.parametrize("lang, words", [
    ("de", ("Wirkungsindikatoren", "Entsiegelte Fläche (m², Ziel 40 pro Jahr)",
            [["2023", "35 m²", "40 m²", "nein", "2"], ["2024", "45,5 m²", "40 m²", "ja", "1"]])),
    ("en", ("Indicators", "Entsiegelte Fläche (m², target 40 a year)",
            [["2023", "35 m²", "40 m²", "no", "2"], ["2024", "45.5 m²", "40 m²", "yes", "1"]])),
])
def test_html_shows_a_table_per_indicator_and_none_without(client, story, lang, words):
    heading, caption, rows = words
    funding = get(client, story, "funding", "html", lang).text
    first = funding[funding.index('id="funding-1"'):funding.index('id="funding-2"')]
    second = funding[funding.index('id="funding-2"'):funding.index('id="notes"')]
    for page in (first, get(client, story, "accountability", "html", lang).text):
        part = page[page.index('-indicators">'):page.index('id="funding-1-chart' if
                                                           page is first else 'chart-')]
        assert f">{heading}</h3>" in part and caption in part
        assert cells(part)[1:] == rows
    assert "-indicators" not in second and heading not in second
    note = "korrigierte Messung" if lang == "de" else "corrected measurement"
    assert note in funding[funding.index('id="notes"'):]
    other = get(client, story, "accountability", "html", lang, subject="other").text
    assert "-indicators" not in other and f">{heading}<" not in other and note not in other


@pytest.mark.parametrize("lang, lines", [
    ("de", ("Wirkungsindikatoren", "2023 35 m² 40 m² nein 2", "2024 45,5 m² 40 m² ja 1")),
    ("en", ("Indicators", "2023 35 m² 40 m² no 2", "2024 45.5 m² 40 m² yes 1")),
])
def test_pdf_shows_the_indicator_table_and_none_without(client, story, lang, lines):
    def text(r) -> str:
        pages = PdfReader(io.BytesIO(r.data)).pages
        return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in pages))

    for kind in ("funding", "accountability"):
        found = text(get(client, story, kind, "pdf", lang))
        assert all(line in found for line in lines), (kind, found[:3000])
    other = text(get(client, story, "accountability", "pdf", lang, subject="other"))
    assert lines[0] not in other and "m²" not in other
