"""A German funder files the German reports of the demo history as they are: no English in
them, German numbers, money and days, words broken only with a hyphen, the whole head hash
on every PDF page, votes named by their day and result, and commitment figures that add up
and say so (issue 10, item 15)."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest

from cli.demo import load_demo
from cli.main import main
from queries.reports.i18n import _TEXTS
from store.ledger import open_ledger

TODAY = date(2026, 11, 26)
FROM, TO = "2021-01-01", "2024-12-31"
# The process began in 2021: from 2023 on, its report has commitments made before the period.
ACCOUNTABILITY_FROM = "2023-01-01"

# What the English timeline, provenance and figures said in the German reports before.
ENGLISH = ("disbursed", "granted", "Proposal", "submitted", "joined as", "Clause",
           "clause added", "Commitment", "commitment", "attending", " held", " by ", "Vote on",
           "closed:", "(due ", "late,", " yes", " no,", "abstain", "objections", "funding",
           "Cooperation", "Amendment", "Progress", "Phase started", "Process started",
           "Charter established", "open assembly", "Open assembly", "other:", "made")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Any]:
    """The demo history in a SQLite file, and its funding report of the foundation and
    accountability report of the Reichenberger Kiez, in JSON and as a German funder gets them."""
    folder = tmp_path_factory.mktemp("german")
    url = f"sqlite:///{folder}/kiezledger.db"
    app = open_ledger(url)
    try:
        summary = load_demo(app, today=TODAY)
    finally:
        app.close()
    subjects = {
        "funding": ("--funder", summary["funders"]["stiftung"], FROM),
        "accountability": ("--process", summary["processes"]["reichenberger_kiez"],
                           ACCOUNTABILITY_FROM),
    }
    made: dict[str, Any] = {}
    for kind, (option, subject, first) in subjects.items():
        for fmt in ("json", "html", "pdf"):
            target = folder / f"{kind}.{fmt}"
            assert main(["--database-url", url, "report", kind, option, str(subject),
                         "--from", first, "--to", TO, "--format", fmt, "--lang", "de",
                         "--output", str(target)]) == 0
            made[f"{kind}.{fmt}"] = target.read_bytes()
    return made


class _Text(HTMLParser):
    """The text a reader sees: no style sheet, no attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        self._style = tag == "style"

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if not self._style:
            self.parts.append(data)


def html_text(body: bytes) -> str:
    parser = _Text()
    parser.feed(body.decode("utf-8"))
    return " ".join(" ".join(parser.parts).split())


def pdf_pages(body: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


def texts(demo) -> dict[str, str]:
    out = {}
    for kind in ("funding", "accountability"):
        out[f"{kind}.html"] = html_text(demo[f"{kind}.html"])
        out[f"{kind}.pdf"] = "\n".join(pdf_pages(demo[f"{kind}.pdf"]))
    return out


def test_no_english_in_the_german_reports(demo):
    for name, text in texts(demo).items():
        found = [phrase for phrase in ENGLISH if phrase in text]
        assert not found, (name, found)
        assert "Chronik" in text, name


def test_german_numbers_money_and_days(demo):
    for name, text in texts(demo).items():
        text = " ".join(text.split())
        assert not re.findall(r"\b\d+\.\d{2} EUR", text), name       # 15000.00 EUR
        assert not re.findall(r"\b\d{1,3}(?:,\d{3})+(?:\.\d{2})?\b", text), name   # 1,486
        assert not re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text), name   # 2024-03-14
        assert re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", text), name
    # The timeline's money, as the issue saw it: "Stiftung Kiezzukunft disbursed 15000.00 EUR".
    html = texts(demo)["funding.html"]
    assert "Stiftung Kiezzukunft zahlte 15.000,00 EUR an" in html
    assert re.search(r"ist dabei als Anwohner:in", html)


def _words(value: Any) -> set[str]:
    """Every word of the report's own strings and of the German report words."""
    if isinstance(value, dict):
        return set().union(*(_words(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_words(v) for v in value)) if value else set()
    if isinstance(value, str):
        return {w.strip(".,;:()„“\"") for w in value.split()}
    return set()


def test_pdf_words_break_only_with_a_hyphen(demo):
    reports = [json.loads(demo[f"{kind}.json"]) for kind in ("funding", "accountability")]
    vocabulary = {w for w in _words(reports) | _words(_TEXTS["de"]) if len(w) >= 6}
    assert {"Veranstaltungen", "Friedrichshain-Kreuzberg"} <= vocabulary
    broken, hyphenated = [], []
    tokens = [t.strip(".,;:()„“\"") for kind in ("funding", "accountability")
              for t in "\n".join(pdf_pages(demo[f"{kind}.pdf"])).split()]
    for x, y in zip(tokens, tokens[1:], strict=False):
        if not x or not y or x in vocabulary or y in vocabulary:
            continue
        if x.endswith("-") and x[:-1] + y in vocabulary:
            hyphenated.append(f"{x}|{y}")
        elif x + y in vocabulary:
            broken.append(f"{x}|{y}")
    assert broken == []
    # The narrow columns did need breaks, and got them at syllables, with a hyphen.
    assert "Veranstal-|tungen" in hyphenated, hyphenated


def test_every_pdf_page_carries_the_whole_head_hash(demo):
    head = json.loads(demo["funding.json"])["ledger_head"]["hash"]
    assert re.fullmatch(r"[0-9a-f]{64}", head)
    for kind in ("funding", "accountability"):
        pages = pdf_pages(demo[f"{kind}.pdf"])
        assert len(pages) > 3
        for number, page in enumerate(pages, start=1):
            assert head in page.replace("\n", ""), (kind, number)


def test_charter_changes_name_their_vote_by_day_and_result(demo):
    report = json.loads(demo["accountability.json"])
    changes = report["charter_change_list"]
    assert changes
    for name in ("accountability.html", "accountability.pdf"):
        text = " ".join(texts(demo)[name].split())
        for change in changes:
            vote = change["provenance"]["vote"]
            assert change["provenance"]["vote_id"] == vote["id"]   # still there for machines
            assert vote["id"] not in text
            abstain = "Enthaltung" if vote["abstain"] == 1 else "Enthaltungen"
            words = {"adopted": "angenommen", "rejected": "abgelehnt"}[vote["outcome"]]
            day = date.fromisoformat(vote["closed_on"]).strftime("%d.%m.%Y")
            line = (f"Abstimmung vom {day}: {words} ({vote['yes']} ja, {vote['no']} nein, "
                    f"{vote['abstain']} {abstain}")
            assert line in text, (name, line)


def test_commitment_figures_add_up_and_say_so(demo):
    report = json.loads(demo["accountability.json"])
    c = report["commitments"]
    assert c["made"] + c["carried_over"] == (c["fulfilled"] + c["withdrawn"] + c["overdue"]
                                             + c["open"])
    assert c["carried_over"] > 0      # the period begins after the process: both sides differ
    # The list of the period's commitments holds exactly those, each with its status.
    listed = report["commitment_list"]
    statuses = [x["status"] for x in listed]
    assert len(listed) == c["made"] + c["carried_over"]
    assert (statuses.count("fulfilled"), statuses.count("withdrawn"),
            statuses.count("overdue"), statuses.count("open")) == (
        c["fulfilled"], c["withdrawn"], c["overdue"], c["open"])
    assert sum(1 for x in listed if x["made_on"] < ACCOUNTABILITY_FROM) == c["carried_over"]
    sentence = (f"{c['made']} darin eingegangen und {c['carried_over']} vorher eingegangen, "
                f"die zu seinem Beginn weder erfüllt noch zurückgezogen waren, zusammen "
                f"{c['made'] + c['carried_over']}. Ihr Stand am 31.12.2024: {c['fulfilled']} "
                f"erfüllt (davon {c['fulfilled_late']} verspätet), {c['withdrawn']} "
                f"zurückgezogen, {c['overdue']} überfällig und {c['open']} offen")
    for name in ("accountability.html", "accountability.pdf"):
        text = " ".join(texts(demo)[name].split())
        assert sentence in text, name
        for label, key in (("im Zeitraum eingegangen", "made"),
                           ("vorher eingegangen, zu Beginn offen", "carried_over"),
                           ("offen, noch nicht fällig", "open")):
            assert f"Selbstverpflichtungen: {label} {c[key]}" in text, (name, label)


def test_no_pdf_heading_stands_alone_at_the_foot_of_a_page(demo):
    """The charts' heading shares its page with a chart (it stood alone above a page break)."""
    from pypdf import PdfReader

    heading = _TEXTS["de"]["charts"]
    for kind in ("funding", "accountability"):
        pages = PdfReader(io.BytesIO(demo[f"{kind}.pdf"])).pages
        with_heading = [p for p in pages if heading in p.extract_text().split("\n")]
        assert with_heading, kind
        for page in with_heading:
            assert len(page.images) >= 1, (kind, pages.index(page) + 1)
