"""Proof of use: a funding's financing plan and books, and the processes' impact indicators,
as the proof-of-use report (queries.reports.proof) reads them.

| table              | one row per                          | for                              |
|--------------------|--------------------------------------|----------------------------------|
| proof_fundings     | funding                              | currency, period, process        |
| proof_plan         | plan decision x budget line x year   | the plan in effect on a day      |
| proof_plan_changes | plan decision                        | the Änderungsanträge             |
| proof_entries      | booked entry (reversals included)    | Belegliste, plan against actual  |
| proof_indicators   | indicator                            | name, unit, target per year      |
| proof_measurements | measurement (corrections included)   | progress per year                |

Money is integer cents (a reversal's negative), indicator values decimal text. A volunteer's
name (personal data, sealed in its event) is kept in `party` until the person is erased
(`Actor.Erased`), when it reads `[erased]` as everywhere else.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from eventsourcing.dispatch import singledispatchmethod

from ledger.domain.actors import Actor
from ledger.domain.fundings import Funding
from ledger.domain.indicators import Indicator
from projections.dispatch import EventProjection
from projections.facts import ERASED, cents
from projections.support import ListedTables, day, sid
from store.sql import Cursor

CENT = Decimal("0.01")
TABLES = ("proof_fundings", "proof_plan", "proof_plan_changes", "proof_entries",
          "proof_indicators", "proof_measurements")

DDL = (
    "CREATE TABLE IF NOT EXISTS proof_fundings (funding_id TEXT PRIMARY KEY, "
    "process_id TEXT NOT NULL, currency TEXT NOT NULL, period_start TEXT NOT NULL, "
    "period_end TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS proof_plan (position BIGINT NOT NULL, funding_id TEXT NOT NULL, "
    "decided_on TEXT NOT NULL, code TEXT NOT NULL, ordinal INTEGER NOT NULL, "
    "name TEXT NOT NULL, side TEXT NOT NULL, year INTEGER, planned_cents BIGINT, "
    "PRIMARY KEY (position, code, year))",
    "CREATE INDEX IF NOT EXISTS proof_plan_by_funding ON proof_plan (funding_id, decided_on)",
    "CREATE TABLE IF NOT EXISTS proof_plan_changes (position BIGINT PRIMARY KEY, "
    "funding_id TEXT NOT NULL, decided_on TEXT NOT NULL, reason TEXT NOT NULL, "
    "codes TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS proof_entries (entry_id TEXT PRIMARY KEY, "
    "position BIGINT NOT NULL, funding_id TEXT NOT NULL, kind TEXT NOT NULL, "
    "on_date TEXT NOT NULL, amount_cents BIGINT NOT NULL, line TEXT, party TEXT, "
    "receipt_number TEXT, purpose TEXT, receipt_sha256 TEXT, source TEXT, reverses TEXT, "
    "person_id TEXT, hours TEXT, hourly_rate TEXT, recorded_by TEXT)",
    "CREATE INDEX IF NOT EXISTS proof_entries_by_funding "
    "ON proof_entries (funding_id, on_date, position)",
    "CREATE INDEX IF NOT EXISTS proof_entries_by_person ON proof_entries (person_id)",
    "CREATE TABLE IF NOT EXISTS proof_indicators (indicator_id TEXT PRIMARY KEY, "
    "position BIGINT NOT NULL, process_id TEXT NOT NULL, name TEXT NOT NULL, "
    "unit TEXT NOT NULL, target_per_year TEXT NOT NULL, counts_from TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS proof_indicators_by_process "
    "ON proof_indicators (process_id, position)",
    "CREATE TABLE IF NOT EXISTS proof_measurements (measurement_id TEXT PRIMARY KEY, "
    "position BIGINT NOT NULL, indicator_id TEXT NOT NULL, measured_on TEXT NOT NULL, "
    "value TEXT NOT NULL, source_kind TEXT NOT NULL, gathering_id TEXT, document TEXT, "
    "corrects TEXT, recorded_by TEXT)",
    "CREATE INDEX IF NOT EXISTS proof_measurements_by_indicator "
    "ON proof_measurements (indicator_id, measured_on)",
)

_ENTRY = ("INSERT INTO proof_entries (entry_id, position, funding_id, kind, on_date, "
          "amount_cents, line, party, receipt_number, purpose, receipt_sha256, source, "
          "reverses, person_id, hours, hourly_rate, recorded_by) "
          "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
# A reversal carries the amount of what it reverses, with the opposite sign.
_REVERSAL = ("INSERT INTO proof_entries (entry_id, position, funding_id, kind, on_date, "
             "amount_cents, line, party, receipt_number, purpose, receipt_sha256, source, "
             "reverses, person_id, hours, hourly_rate, recorded_by) "
             "SELECT %s, %s, funding_id, 'reversal', %s, -amount_cents, line, party, "
             "receipt_number, %s, NULL, kind, entry_id, person_id, NULL, NULL, %s "
             "FROM proof_entries WHERE entry_id = %s")

_WRITES: tuple[tuple[str, str], ...] = (
    ("funding", "INSERT INTO proof_fundings (funding_id, process_id, currency, period_start, "
                "period_end) VALUES (%s, %s, %s, %s, %s)"),
    ("plan", "INSERT INTO proof_plan (position, funding_id, decided_on, code, ordinal, name, "
             "side, year, planned_cents) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"),
    ("plan_change", "INSERT INTO proof_plan_changes (position, funding_id, decided_on, reason, "
                    "codes) VALUES (%s, %s, %s, %s, %s)"),
    ("indicator", "INSERT INTO proof_indicators (indicator_id, position, process_id, name, "
                  "unit, target_per_year, counts_from) VALUES (%s, %s, %s, %s, %s, %s, %s)"),
    ("measurement", "INSERT INTO proof_measurements (measurement_id, position, indicator_id, "
                    "measured_on, value, source_kind, gathering_id, document, corrects, "
                    "recorded_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"),
)


class ProofProjection(ListedTables, EventProjection):
    name = "proof"
    version = 1
    cost = 4.0  # us CPU per event over reading the log (few events are money or measures)
    buffered = True  # apply() only fills buffers
    ddl = DDL
    tables = TABLES

    def __init__(self) -> None:
        self.begin_batch(None)  # type: ignore[arg-type]

    def begin_batch(self, cur: Cursor) -> None:
        self.rows: dict[str, list[tuple]] = {key: [] for key, _ in _WRITES}
        # Entries, reversals and erasures in log order: a reversal reads the entry it names.
        self.steps: list[tuple[str, tuple]] = []

    def end_batch(self, cur: Cursor) -> None:
        for key, sql in _WRITES:
            if self.rows[key]:
                cur.executemany(sql, self.rows[key])
        for sql, row in self.steps:
            cur.execute(sql, row)

    @singledispatchmethod
    def project(self, event: Any, position: int) -> None:
        """Other events: not part of a proof of use."""

    def _entry(self, e: Any, position: int, kind: str, on: Any, amount_cents: int,
               party: str | None, receipt: str | None, purpose: str | None,
               source: str | None = None, person: Any = None, hours: Any = None,
               rate: Any = None) -> None:
        self.steps.append((_ENTRY, (
            sid(e.entry_id), position, sid(e.originator_id), kind, day(on), amount_cents,
            e.line, party, receipt, purpose, getattr(e, "receipt_sha256", None), source, None,
            sid(person) if person is not None else None,
            None if hours is None else str(hours), None if rate is None else str(rate),
            e.recorded_by)))

    @project.register
    def _granted(self, e: Funding.Granted, position: int) -> None:  # type: ignore[name-defined]
        self.rows["funding"].append((sid(e.originator_id), sid(e.process_id), e.currency,
                                     day(e.period_start), day(e.period_end)))

    @project.register
    def _plan(self, e: Funding.PlanDecided, position: int) -> None:  # type: ignore[name-defined]
        fid, on = sid(e.originator_id), day(e.decided_on)
        # `ordinal`: the lines' order in the decision, which the report keeps
        for ordinal, (code, line) in enumerate(e.lines.items()):
            planned = line["planned"] or {}
            head = (position, fid, on, code, ordinal, line["name"], line["side"])
            if not planned:  # a line without years yet: keep its name and side
                self.rows["plan"].append((*head, None, None))
            for year, amount in planned.items():
                self.rows["plan"].append((*head, int(year), cents(amount)))
        self.rows["plan_change"].append((position, fid, on, e.reason,
                                         json.dumps(sorted(e.lines))))

    @project.register
    def _expenditure(self, e: Funding.ExpenditureBooked, position: int) -> None:  # type: ignore[name-defined]
        self._entry(e, position, "expenditure", e.paid_on, cents(e.amount), e.payee,
                    e.receipt_number, e.purpose)

    @project.register
    def _income(self, e: Funding.IncomeBooked, position: int) -> None:  # type: ignore[name-defined]
        self._entry(e, position, "income", e.received_on, cents(e.amount), e.payer,
                    e.receipt_number, e.purpose, source=e.source)

    @project.register
    def _volunteer(self, e: Funding.VolunteerWorkRecorded, position: int) -> None:  # type: ignore[name-defined]
        value = cents((e.hours * e.hourly_rate).quantize(CENT))
        self._entry(e, position, "volunteer_work", e.worked_on, value, e.name, None,
                    e.activity, source="volunteer_work", person=e.person_id, hours=e.hours,
                    rate=e.hourly_rate)

    @project.register
    def _reversed(self, e: Funding.EntryReversed, position: int) -> None:  # type: ignore[name-defined]
        self.steps.append((_REVERSAL, (sid(e.entry_id), position, day(e.reversed_on),
                                       e.reason, e.recorded_by, sid(e.reverses))))

    @project.register
    def _erased(self, e: Actor.Erased, position: int) -> None:  # type: ignore[name-defined]
        self.steps.append(("UPDATE proof_entries SET party = %s WHERE person_id = %s",
                           (ERASED, sid(e.originator_id))))

    @project.register
    def _declared(self, e: Indicator.Declared, position: int) -> None:  # type: ignore[name-defined]
        self.rows["indicator"].append((sid(e.originator_id), position, sid(e.process_id),
                                       e.name, e.unit, str(e.target_per_year),
                                       day(e.counts_from)))

    @project.register
    def _measured(self, e: Indicator.Measured, position: int) -> None:  # type: ignore[name-defined]
        source = e.source or {}
        self.rows["measurement"].append((
            sid(e.measurement_id), position, sid(e.originator_id), day(e.measured_on),
            str(e.value), source.get("kind"), sid(source.get("gathering_id")),
            source.get("document"), sid(e.corrects), e.recorded_by))
