"""The CSV form of a report: one flat table, one row per figure (per funding).

Columns (always these, in this order; RFC 4180, comma-separated, CRLF line ends, UTF-8
without a byte order mark, a header row first):

- `report`: `funding` or `accountability`
- `period_from`: first day of the period, YYYY-MM-DD
- `period_to`: last day of the period, YYYY-MM-DD
- `funder_id`: the funder (funding rows; empty for process figures of an accountability report)
- `funder_name`: its name
- `funding_id`: the funding the row belongs to (empty for an accountability report's process
  figures)
- `process_id`: the process
- `process_title`: its title
- `figure`: the figure's JSON path: `amount`, `disbursed`, `logic`, `continuity.open_assemblies`,
  `continuity.goal`, `continuity.met`, `gatherings`, `attendance`, `decisions.adopted`,
  `decisions.rejected`, `commitments.made`, `commitments.fulfilled`, `commitments.fulfilled_late`,
  `commitments.overdue`, `commitments.withdrawn`, `commitments.carried_over`,
  `commitments.open`, `cooperations_started`, `charter_changes`, `participants`, and per
  indicator of the process `indicators.<indicator_id>.name`, `.unit`, `.target_per_year`
  and, per year, `.value`, `.target`, `.met`
- `year`: the calendar year for `continuity.*` rows and an indicator's yearly rows, else empty
- `value`: the figure when it is a number, else empty: integers as digits, money as decimal
  strings (`90000.00`); a reader can type the column as a decimal number
- `text`: the figure when it is not a number: `true`/`false` for `continuity.met` and an
  indicator's `met`, `process` or `project` for `logic`, an indicator's name and unit; else
  empty (both are empty for null, e.g. a year without goal)
- `currency`: ISO 4217 code on `amount` and `disbursed` rows, else empty
- `ledger_position`: the ledger head the report was counted at: its log position (the same on every
  row; empty when not given)
- `ledger_hash`: the hash chain's hash at that position, 64 hex digits (likewise)

Text typed by people (names, titles) that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a leading `'`, so a spreadsheet shows it as text instead of running it as a
formula (OWASP's advice against CSV injection). Numbers are never changed.

A funding report has, per funding, the money rows and then the process figures. An
accountability report has the process figures (funding columns empty) and then, per funding
of the process, its `logic`, `amount` and `disbursed` rows. The language does not change the
table: the CSV is for machines and spreadsheets. Lists (timeline, commitments, charter
changes) are in the JSON, HTML and PDF forms.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from queries.reports.view import head_of, kind_of

COLUMNS = ("report", "period_from", "period_to", "funder_id", "funder_name", "funding_id",
           "process_id", "process_title", "figure", "year", "value", "text", "currency",
           "ledger_position", "ledger_hash")
SCALARS = ("gatherings", "attendance", "cooperations_started", "charter_changes",
           "participants")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def _value(value: Any, *, typed: bool = False) -> str:
    """The cell; text a spreadsheet would run as a formula gets a leading `'`, numbers
    stay as they are (none of the typed columns is free text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text.startswith(_FORMULA_START) and not (typed and _NUMBER.fullmatch(text)):
        return "'" + text
    return text


class Text(str):
    """Words people typed (an indicator's name, its unit): `text` even when they look like a
    number."""


def _split(value: Any) -> tuple[Any, Any]:
    """(value, text): a number goes to `value`, anything else to `text`."""
    if value is None:
        return None, None
    if isinstance(value, (bool, Text)) or not _NUMBER.fullmatch(str(value)):
        return None, value
    return value, None


def figure_rows(figures: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(figure, year, value) for the figures a process has in both reports."""
    rows: list[tuple[str, Any, Any]] = []
    for year in figures["continuity"]:
        for key in ("open_assemblies", "goal", "met"):
            rows.append((f"continuity.{key}", year["year"], year[key]))
    rows.append(("gatherings", None, figures["gatherings"]))
    rows.append(("attendance", None, figures["attendance"]))
    for key, value in figures["decisions"].items():
        rows.append((f"decisions.{key}", None, value))
    for key, value in figures["commitments"].items():
        rows.append((f"commitments.{key}", None, value))
    for key in SCALARS[2:]:
        rows.append((key, None, figures[key]))
    for ind in figures.get("indicators", ()):
        path = f"indicators.{ind['indicator_id']}"
        rows.append((f"{path}.name", None, Text(ind["name"])))
        rows.append((f"{path}.unit", None, Text(ind["unit"])))
        rows.append((f"{path}.target_per_year", None, ind["target_per_year"]))
        for year in ind["years"]:
            for key in ("value", "target", "met"):
                rows.append((f"{path}.{key}", year["year"], year[key]))
    return rows


def render_csv(report: dict[str, Any], head: Any = None) -> bytes:
    """The table; `head` (any form `view.head_of` reads) fills the two ledger columns."""
    kind = kind_of(report)
    ledger = head_of(head)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    period = (report["period"]["from"], report["period"]["to"])

    def row(funder: dict | None, funding_id: Any, process: dict, figure: str, year: Any,
            value: Any, currency: Any = None) -> None:
        funder = funder or {}
        writer.writerow([
            *(_value(v) for v in (kind, *period, funder.get("id"), funder.get("name"),
                                  funding_id, process["id"], process["title"], figure)),
            *(_value(v, typed=True) for v in (year, _split(value)[0])),
            *(_value(v) for v in (_split(value)[1], currency, ledger.position, ledger.hash)),
        ])

    def money_rows(funder: dict, funding: dict, process: dict) -> None:
        fid = funding["funding_id"]
        row(funder, fid, process, "logic", None, funding["logic"])
        row(funder, fid, process, "amount", None, funding["amount"], funding["currency"])
        row(funder, fid, process, "disbursed", None, funding["disbursed"], funding["currency"])

    if kind == "funding":
        funder = report["funder"]
        for funding in report["fundings"]:
            process = funding["process"]
            money_rows(funder, funding, process)
            for figure, year, value in figure_rows(funding):
                row(funder, funding["funding_id"], process, figure, year, value)
    else:
        process = report["process"]
        for figure, year, value in figure_rows(report):
            row(None, None, process, figure, year, value)
        for funding in report.get("fundings", []):
            money_rows(funding["funder"], funding, process)
    return out.getvalue().encode("utf-8")
