"""A funding's books and a process's indicators as storylines: each step on its day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from uuid import UUID

from cli.demo.context import Context
from cli.demo.data.actors import ACTORS
from cli.demo.data.books import receipt_hash
from cli.demo.records import Books, Expenditure, Income, Indicator, Reversal, VolunteerWork
from cli.demo.timeline import ScriptError, Story

NAMES = {actor.key: actor.name for actor in ACTORS}


def books_story(ctx: Context, books: Books) -> Story:
    steps = sorted([(d.decided_on, 0, i) for i, d in enumerate(books.plan)]
                   + [(_day(e), 1, i) for i, e in enumerate(books.entries)])
    entries: dict[str, UUID] = {}  # receipt number -> entry id
    for on, kind, i in steps:
        yield on
        funding = ctx.state.fundings.get(books.funding)
        if funding is None:
            raise ScriptError(f"books of {books.funding!r} before its grant")
        if kind == 0:
            d = books.plan[i]
            ctx.app.decide_plan(funding, decided_on=d.decided_on, reason=d.reason, lines=[
                {"code": line.code, "name": line.name, "side": line.side,
                 "planned": {str(y): Decimal(a) for y, a in line.planned}}
                for line in d.lines])
        else:
            _book(ctx, funding, books.entries[i], entries)


def _day(entry: Expenditure | Income | VolunteerWork | Reversal) -> date:
    if isinstance(entry, Expenditure):
        return entry.paid_on
    if isinstance(entry, Income):
        return entry.received_on
    if isinstance(entry, VolunteerWork):
        return entry.worked_on
    return entry.reversed_on


def _book(ctx: Context, funding: UUID, entry: Expenditure | Income | VolunteerWork | Reversal,
          entries: dict[str, UUID]) -> None:
    app = ctx.app
    if isinstance(entry, Expenditure):
        written = app.book_expenditure(
            funding, paid_on=entry.paid_on, amount=Decimal(entry.amount), line=entry.line,
            payee=entry.payee, receipt_number=entry.receipt, purpose=entry.purpose,
            receipt_sha256=receipt_hash(entry.receipt))
    elif isinstance(entry, Income):
        written = app.book_income(
            funding, received_on=entry.received_on, amount=Decimal(entry.amount),
            source=entry.source, payer=entry.payer, receipt_number=entry.receipt,
            purpose=entry.purpose, line=entry.line, receipt_sha256=receipt_hash(entry.receipt))
    elif isinstance(entry, VolunteerWork):
        app.record_volunteer_work(
            funding, person_id=ctx.actor(entry.person), name=NAMES[entry.person],
            worked_on=entry.worked_on, hours=Decimal(entry.hours),
            hourly_rate=Decimal(entry.rate), activity=entry.activity)
        return
    else:
        app.reverse_entry(funding, reverses=entries[entry.receipt],
                          reversed_on=entry.reversed_on, reason=entry.reason)
        return
    entries[entry.receipt] = UUID(written.record.receipt_numbers[entry.receipt])


def indicator_story(ctx: Context, indicator: Indicator) -> Story:
    yield indicator.counts_from
    iid = ctx.app.declare_indicator(
        process_id=ctx.process(indicator.process), name=indicator.name, unit=indicator.unit,
        target_per_year=Decimal(indicator.target_per_year),
        counts_from=indicator.counts_from).record.id
    last: UUID | None = None
    for m in indicator.measurements:
        yield m.measured_on
        if m.action_year is not None:
            gathering = ctx.state.gatherings.get((indicator.process, "action", m.action_year))
            if gathering is None:
                raise ScriptError(f"no action of {indicator.process} in {m.action_year}")
            source: dict[str, object] = {"kind": "action", "gathering_id": gathering}
        else:
            source = {"kind": "document", "document": m.document}
        written = ctx.app.measure(iid, measured_on=m.measured_on, value=Decimal(m.value),
                                  source=source,
                                  corrects=last if m.corrects_previous else None)
        last = _newest(written.record.measurements)


def _newest(measurements: dict) -> UUID:
    keys: Iterator[str] = reversed(list(measurements))
    return UUID(next(keys))
