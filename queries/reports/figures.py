"""The figures of the funding and accountability reports, read from the `facts` projection.

Every figure counts by domain date inside the period [from, to], both days included. The
queries of one report run in one read transaction (REPEATABLE READ on PostgreSQL), so a report
shows one consistent state of the read model even while the projection keeps catching up.

Rules where the issue leaves room (see also the module docs of `queries.reports`):

- continuity: one entry per calendar year that overlaps the period; `open_assemblies` are the
  gatherings of format `open_assembly` held in that year *and* inside the period (a partial
  first or last year counts only its days in the period; the goal is not pro-rated). `goal` is
  the process's `open_assemblies_per_year`. `met` is `held >= goal`, so a goal of 0 is always
  met. A process without that goal has `goal: null, met: null`. A year in which the process
  did not run (before its start, or after its conclusion) has `goal: null, met: null` too:
  there was nothing to hold it to.
- commitments: `made`, `fulfilled`, `withdrawn` count the events dated inside the period;
  `fulfilled_late` counts those fulfilled inside the period after their due date; `overdue`
  counts every commitment of the process made by the period's last day that is neither
  fulfilled nor withdrawn by that day and whose due date lies before that day (whenever it was
  made: an old promise still unkept at the end of the period is overdue in it). A commitment
  fulfilled after the period is therefore overdue (or open) in this period's report.
  `carried_over` counts those made before the period and neither fulfilled nor withdrawn
  before its first day; `open` those unkept at its end and not yet due. So the commitments of
  the period, `made + carried_over`, are always `fulfilled + withdrawn + overdue + open`
  (each with its status on the last day, as in `commitment_list`).
- decisions: votes closed inside the period, on proposals and on amendments, by outcome.
- participants: distinct actors who, inside the period, joined the process, authored a
  proposal or amendment, cast a ballot or made a commitment. A tally counted in the room names
  nobody, so it adds no participants.
- fundings of a funder: each funding whose period overlaps the report period, or that was
  granted or had a disbursement inside it. `amount` is the whole grant; `disbursed` the sum
  paid inside the period. The process figures of a funding are the process's figures for the
  report period (not clipped to the funding's own period), so two fundings of one process
  show the same process figures.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

from ledger.errors import InvalidValue, NotFound
from projections.facts import money
from queries.reports.indicators import indicators, indicators_of
from queries.timeline_text import sentence
from store.sql import Cursor, Database

logger = logging.getLogger(__name__)

DECISION_OUTCOMES = ("adopted", "rejected")
COMMITMENT_FIGURES = ("made", "fulfilled", "fulfilled_late", "overdue", "withdrawn",
                      "carried_over", "open")


# -- arguments ---------------------------------------------------------------------------------


def parse_day(value: date | str | None, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise InvalidValue(f"{field} must be a date (YYYY-MM-DD), not {value!r}",
                           field=field) from None


def parse_period(from_: date | str, to: date | str) -> tuple[date, date]:
    frm, until = parse_day(from_, "from"), parse_day(to, "to")
    if until < frm:
        raise InvalidValue(f"to {until} is before from {frm}", field="to")
    return frm, until


def norm_id(value: Any) -> str | None:
    """The id as stored (canonical UUID string), or None when it is no UUID."""
    try:
        return str(value if isinstance(value, UUID) else UUID(str(value)))
    except (TypeError, ValueError, AttributeError):
        return None


@contextmanager
def snapshot(db: Database) -> Iterator[Cursor]:
    """One read transaction for all queries of a report."""
    with db.transaction(readonly=True) as cur:
        if db.dialect == "postgresql":
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield cur


# -- figures of processes ----------------------------------------------------------------------
#
# Each figure is one grouped, indexed aggregate over all processes of a report at once
# (`process_id IN (...) GROUP BY process_id`), so a funding report costs the same handful of
# queries whether the funder funds one process or a hundred.

CHUNK = 500  # ids per IN list: well below SQLite's limit on variables


def _grouped(cur: Cursor, sql: str, ids: list[str], frm: date, to: date,
             bounds_first: bool = False) -> list[tuple]:
    """Run `sql` for all `ids`, a few hundred at a time: `{ids}` in it becomes the IN list;
    its other two `%s` are the period's first and last day, after the ids (or before them)."""
    rows: list[tuple] = []
    bounds = (frm.isoformat(), to.isoformat())
    for i in range(0, len(ids), CHUNK):
        part = tuple(ids[i:i + CHUNK])
        query = sql.format(ids=", ".join(["%s"] * len(part)))
        rows.extend(cur.execute(query, bounds + part if bounds_first else part + bounds)
                    .fetchall())
    return rows


def _process_rows(cur: Cursor, ids: list[str]) -> dict[str, tuple]:
    rows: dict[str, tuple] = {}
    for i in range(0, len(ids), CHUNK):
        part = ids[i:i + CHUNK]
        for row in cur.execute(
            "SELECT process_id, title, goal_open_assemblies, started_on, concluded_on "
            "FROM facts_processes WHERE process_id IN (" + ", ".join(["%s"] * len(part)) + ")",
            tuple(part),
        ).fetchall():
            rows[row[0]] = row
    return rows


def _process_row(cur: Cursor, process_id: str) -> tuple | None:
    return _process_rows(cur, [process_id]).get(process_id)


def _continuity(process: tuple, by_year: dict[int, int], frm: date, to: date) -> list[dict]:
    _, _, goal, started_on, concluded_on = process
    first_year = int(started_on[:4])
    last_year = int(concluded_on[:4]) if concluded_on else None
    continuity = []
    for year in range(frm.year, to.year + 1):
        held = by_year.get(year, 0)
        running = year >= first_year and (last_year is None or year <= last_year)
        year_goal = int(goal) if goal is not None and running else None
        continuity.append({
            "year": year,
            "open_assemblies": held,
            "goal": year_goal,
            "met": None if year_goal is None else held >= year_goal,
        })
    return continuity


# The period's first and last day are the two `%s` besides the ids in every statement.
_GATHERINGS = (
    "SELECT process_id, substr(held_on, 1, 4), "
    "SUM(CASE WHEN format = 'open_assembly' THEN 1 ELSE 0 END), "
    "COUNT(*), COALESCE(SUM(attendance), 0) "
    "FROM facts_gatherings WHERE process_id IN ({ids}) AND held_on >= %s AND held_on <= %s "
    "GROUP BY process_id, substr(held_on, 1, 4)"
)
_DECISIONS = (
    "SELECT process_id, outcome, COUNT(*) FROM facts_votes WHERE process_id IN ({ids}) "
    "AND closed_on >= %s AND closed_on <= %s GROUP BY process_id, outcome"
)
# The commitments' bounds are used several times: joined in as a one-row table (so they
# come before the ids).
_COMMITMENTS = (
    "SELECT c.process_id, "
    "SUM(CASE WHEN c.made_on >= b.lo THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN c.fulfilled_on >= b.lo AND c.fulfilled_on <= b.hi THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN c.fulfilled_on >= b.lo AND c.fulfilled_on <= b.hi "
    "AND c.fulfilled_on > c.due_on THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN c.due_on < b.hi AND (c.fulfilled_on IS NULL OR c.fulfilled_on > b.hi) "
    "AND (c.withdrawn_on IS NULL OR c.withdrawn_on > b.hi) THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN c.withdrawn_on >= b.lo AND c.withdrawn_on <= b.hi THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN c.made_on < b.lo AND (c.fulfilled_on IS NULL OR c.fulfilled_on >= b.lo) "
    "AND (c.withdrawn_on IS NULL OR c.withdrawn_on >= b.lo) THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN c.due_on >= b.hi AND (c.fulfilled_on IS NULL OR c.fulfilled_on > b.hi) "
    "AND (c.withdrawn_on IS NULL OR c.withdrawn_on > b.hi) THEN 1 ELSE 0 END) "
    "FROM facts_commitments c, (SELECT CAST(%s AS TEXT) AS lo, CAST(%s AS TEXT) AS hi) b "
    "WHERE c.process_id IN ({ids}) AND c.made_on <= b.hi GROUP BY c.process_id"
)
_COOPERATIONS = (
    "SELECT process_id, COUNT(*) FROM facts_cooperations WHERE process_id IN ({ids}) "
    "AND started_on >= %s AND started_on <= %s GROUP BY process_id"
)
_CHARTER_CHANGES = (
    "SELECT process_id, COUNT(*) FROM facts_charter_changes WHERE process_id IN ({ids}) "
    "AND decided_on >= %s AND decided_on <= %s GROUP BY process_id"
)
_PARTICIPANTS = (
    "SELECT process_id, COUNT(DISTINCT actor_id) FROM facts_participation "
    "WHERE process_id IN ({ids}) AND on_date >= %s AND on_date <= %s GROUP BY process_id"
)


def figures_of(cur: Cursor, processes: list[tuple], frm: date,
               to: date) -> dict[str, dict[str, Any]]:
    """The figures both reports share, per process (rows of facts_processes)."""
    ids = [p[0] for p in processes]
    if not ids:
        return {}
    years: dict[str, dict[int, int]] = {pid: {} for pid in ids}
    gatherings = dict.fromkeys(ids, 0)
    attendance = dict.fromkeys(ids, 0)
    for pid, year, open_, n, people in _grouped(cur, _GATHERINGS, ids, frm, to):
        years[pid][int(year)] = int(open_)
        gatherings[pid] += int(n)
        attendance[pid] += int(people)
    decisions = {pid: dict.fromkeys(DECISION_OUTCOMES, 0) for pid in ids}
    for pid, outcome, n in _grouped(cur, _DECISIONS, ids, frm, to):
        if outcome in decisions[pid]:
            decisions[pid][outcome] = int(n)
    commitments = {pid: dict.fromkeys(COMMITMENT_FIGURES, 0) for pid in ids}
    for pid, *values in _grouped(cur, _COMMITMENTS, ids, frm, to, bounds_first=True):
        commitments[pid] = {k: int(v or 0) for k, v in zip(COMMITMENT_FIGURES, values,
                                                           strict=True)}
    counts = {}
    for key, sql in (("cooperations_started", _COOPERATIONS),
                     ("charter_changes", _CHARTER_CHANGES), ("participants", _PARTICIPANTS)):
        counts[key] = {pid: int(n) for pid, n in _grouped(cur, sql, ids, frm, to)}
    return {
        pid: {
            "continuity": _continuity(process, years[pid], frm, to),
            "gatherings": gatherings[pid],
            "attendance": attendance[pid],
            "decisions": decisions[pid],
            "commitments": commitments[pid],
            "cooperations_started": counts["cooperations_started"].get(pid, 0),
            "charter_changes": counts["charter_changes"].get(pid, 0),
            "participants": counts["participants"].get(pid, 0),
        }
        for process in processes
        for pid in (process[0],)
    }


def process_figures(cur: Cursor, process: tuple, frm: date, to: date) -> dict[str, Any]:
    """The figures of one process (a row of facts_processes)."""
    return figures_of(cur, [process], frm, to)[process[0]]


def _count(cur: Cursor, sql: str, p: dict[str, Any]) -> int:
    row = cur.execute(sql, p).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def process_series(cur: Cursor, process_id: str, frm: date, to: date) -> dict[str, Any]:
    """What the charts draw beyond the figures: attendance per gathering, network growth."""
    p = {"p": process_id, "from": frm.isoformat(), "to": to.isoformat()}
    gatherings = cur.execute(
        "SELECT held_on, format, attendance FROM facts_gatherings WHERE process_id = %(p)s "
        "AND held_on >= %(from)s AND held_on <= %(to)s ORDER BY held_on, gathering_id", p,
    ).fetchall()
    before = _count(cur, "SELECT COUNT(*) FROM facts_cooperations WHERE process_id = %(p)s "
                         "AND started_on < %(from)s", p)
    started = cur.execute(
        "SELECT started_on, COUNT(*) FROM facts_cooperations WHERE process_id = %(p)s "
        "AND started_on >= %(from)s AND started_on <= %(to)s GROUP BY started_on "
        "ORDER BY started_on", p,
    ).fetchall()
    network = [{"on": p["from"], "total": before}]
    total = before
    for on, n in started:
        total += int(n)
        network.append({"on": on, "total": total})
    return {
        "attendance": [
            {"on": on, "format": fmt, "attendance": attendance}
            for on, fmt, attendance in gatherings
        ],
        "network": network,
    }


# -- the funding report ------------------------------------------------------------------------


def funding_report(
    db: Database, funder_id: Any, from_: date | str, to: date | str, *,
    detail: bool = False, timeline: Any = None, process_ids: Any = None,
) -> dict[str, Any]:
    """Per funding of the funder: money and the funded process's figures in [from_, to].

    `{"funder": {"id", "name"}, "period": {"from", "to"}, "fundings": [{"funding_id",
    "process": {"id", "title"}, "logic", "amount", "currency", "disbursed", "continuity",
    "gatherings", "attendance", "decisions", "commitments", "cooperations_started",
    "charter_changes", "participants", "indicators"}]}`; `indicators` as in the proof of use
    (`queries.reports.proof.indicators`), empty when the process declares none.

    With `detail=True` (what the HTML and PDF renderers want) each funding also carries
    `series` (the data of the attendance and network charts), `timeline`, `commitment_list`
    and `charter_change_list`, as in the accountability report. `process_ids` (ids of the
    processes a scoped auditor may see) leaves out the fundings of other processes. Raises
    NotFound for an unknown funder, InvalidValue for a bad period.
    """
    frm, until = parse_period(from_, to)
    fid = norm_id(funder_id)
    p = {"f": fid, "from": frm.isoformat(), "to": until.isoformat()}
    measured = db.has_table("proof_indicators")
    with snapshot(db) as cur:
        funder = cur.execute(
            "SELECT name FROM facts_actors WHERE actor_id = %s", (fid,),
        ).fetchone() if fid else None
        rows = cur.execute(
            "SELECT f.funding_id, f.process_id, p.title, f.logic, f.amount_cents, f.currency "
            "FROM facts_fundings f JOIN facts_processes p ON p.process_id = f.process_id "
            "WHERE f.funder_id = %(f)s AND ("
            "(f.period_start <= %(to)s AND f.period_end >= %(from)s) "
            "OR (f.granted_on >= %(from)s AND f.granted_on <= %(to)s) "
            "OR EXISTS (SELECT 1 FROM facts_disbursements d WHERE d.funding_id = f.funding_id "
            "AND d.paid_on >= %(from)s AND d.paid_on <= %(to)s)) "
            "ORDER BY f.period_start, f.granted_on, f.funding_id", p,
        ).fetchall() if fid else []
        if funder is None and not rows:
            raise NotFound(f"no funder with id {funder_id}")
        if process_ids is not None:
            allowed = {norm_id(p) for p in process_ids}
            rows = [row for row in rows if row[1] in allowed]
        paid = dict(cur.execute(
            "SELECT d.funding_id, SUM(d.amount_cents) FROM facts_disbursements d "
            "JOIN facts_fundings f ON f.funding_id = d.funding_id WHERE f.funder_id = %(f)s "
            "AND d.paid_on >= %(from)s AND d.paid_on <= %(to)s GROUP BY d.funding_id", p,
        ).fetchall())
        processes = _process_rows(cur, list(dict.fromkeys(row[1] for row in rows)))
        per_process = figures_of(cur, list(processes.values()), frm, until)
        declared = indicators_of(cur, list(per_process), frm, until) if measured else {}
        for process_id, figures in per_process.items():
            figures["indicators"] = declared.get(process_id, [])
        if detail:
            for process_id, figures in per_process.items():
                figures.update(_details(cur, process_id, frm, until))
        fundings = []
        for funding_id, process_id, title, logic, amount, currency in rows:
            fundings.append({
                "funding_id": funding_id,
                "process": {"id": process_id, "title": title},
                "logic": logic,
                "amount": money(amount),
                "currency": currency,
                "disbursed": money(paid.get(funding_id, 0)),
                **per_process[process_id],
            })
    if detail:
        timelines = {pid: timeline_entries(db, pid, frm, until, timeline) for pid in per_process}
        for funding in fundings:
            funding["timeline"] = timelines[funding["process"]["id"]]
    return {
        "funder": {"id": fid, "name": funder[0] if funder else None},
        "period": {"from": frm.isoformat(), "to": until.isoformat()},
        "fundings": fundings,
    }


# -- the accountability report -----------------------------------------------------------------


def _status_at(made_on: str, due_on: str, fulfilled_on: str | None, withdrawn_on: str | None,
               end: str) -> str:
    if fulfilled_on is not None and fulfilled_on <= end:
        return "fulfilled"
    if withdrawn_on is not None and withdrawn_on <= end:
        return "withdrawn"
    return "overdue" if due_on < end else "open"


def commitment_list(cur: Cursor, process_id: str, frm: date, to: date) -> list[dict]:
    """The commitments that were live in the period, with their status at its end.

    Live: made by the last day and not fulfilled or withdrawn before the first. Dates after
    the period are not shown: the report tells the state of the period's last day.
    """
    p = {"p": process_id, "from": frm.isoformat(), "to": to.isoformat()}
    rows = cur.execute(
        "SELECT c.commitment_id, c.actor_id, a.name, c.description, c.made_on, c.due_on, "
        "c.fulfilled_on, c.withdrawn_on FROM facts_commitments c "
        "LEFT JOIN facts_actors a ON a.actor_id = c.actor_id "
        "WHERE c.process_id = %(p)s AND c.made_on <= %(to)s "
        "AND (c.fulfilled_on IS NULL OR c.fulfilled_on >= %(from)s) "
        "AND (c.withdrawn_on IS NULL OR c.withdrawn_on >= %(from)s) "
        "ORDER BY c.due_on, c.made_on, c.commitment_id", p,
    ).fetchall()
    end = p["to"]
    out = []
    for cid, actor_id, name, description, made_on, due_on, fulfilled_on, withdrawn_on in rows:
        status = _status_at(made_on, due_on, fulfilled_on, withdrawn_on, end)
        fulfilled = fulfilled_on if status == "fulfilled" else None
        out.append({
            "commitment_id": cid,
            "actor": {"id": actor_id, "name": name},
            "description": description,
            "made_on": made_on,
            "due_on": due_on,
            "status": status,
            "fulfilled_on": fulfilled,
            "fulfilled_late": bool(fulfilled and fulfilled > due_on),
            "withdrawn_on": withdrawn_on if status == "withdrawn" else None,
        })
    return out


def charter_change_list(cur: Cursor, process_id: str, frm: date, to: date) -> list[dict]:
    """Clauses added, replaced or repealed by decisions in the period, with their provenance."""
    p = {"p": process_id, "from": frm.isoformat(), "to": to.isoformat()}
    rows = cur.execute(
        "SELECT c.position, c.decided_on, c.charter_id, ch.title, c.clause_id, c.change, "
        "c.heading, c.proposal_id, pr.title, c.amendment_ids, c.vote_id, c.gathering_id, "
        "g.title, g.held_on, v.closed_on, v.outcome, v.yes, v.against, v.abstain, "
        "v.objections "
        "FROM facts_charter_changes c "
        "LEFT JOIN facts_charters ch ON ch.charter_id = c.charter_id "
        "LEFT JOIN facts_proposals pr ON pr.proposal_id = c.proposal_id "
        "LEFT JOIN facts_gatherings g ON g.gathering_id = c.gathering_id "
        "LEFT JOIN facts_votes v ON v.vote_id = c.vote_id "
        "WHERE c.process_id = %(p)s AND c.decided_on >= %(from)s AND c.decided_on <= %(to)s "
        "ORDER BY c.decided_on, c.position", p,
    ).fetchall()
    out = []
    for (position, decided_on, charter_id, charter_title, clause_id, change, heading,
         proposal_id, proposal_title, amendment_ids, vote_id, gathering_id, gathering_title,
         held_on, closed_on, outcome, yes, no, abstain, objections) in rows:
        if heading is None:  # a repeal: the heading the clause had before
            prior = cur.execute(
                "SELECT heading FROM facts_charter_changes WHERE clause_id = %s "
                "AND position < %s AND heading IS NOT NULL ORDER BY position DESC LIMIT 1",
                (clause_id, position),
            ).fetchone()
            heading = prior[0] if prior else None
        out.append({
            "decided_on": decided_on,
            "charter": {"id": charter_id, "title": charter_title},
            "clause_id": clause_id,
            "change": change,
            "heading": heading,
            "provenance": {
                "proposal": {"id": proposal_id, "title": proposal_title},
                "amendment_ids": json.loads(amendment_ids or "[]"),
                "vote_id": vote_id,
                "vote": {"id": vote_id, "closed_on": closed_on, "outcome": outcome,
                         "yes": yes, "no": no, "abstain": abstain, "objections": objections},
                "gathering": {"id": gathering_id, "title": gathering_title,
                              "held_on": held_on},
                "decided_on": decided_on,
            },
        })
    return out


def process_fundings(cur: Cursor, process_id: str, frm: date, to: date) -> list[dict]:
    p = {"p": process_id, "from": frm.isoformat(), "to": to.isoformat()}
    rows = cur.execute(
        "SELECT f.funding_id, f.funder_id, a.name, f.logic, f.amount_cents, f.currency, "
        "(SELECT COALESCE(SUM(d.amount_cents), 0) FROM facts_disbursements d "
        " WHERE d.funding_id = f.funding_id AND d.paid_on >= %(from)s "
        " AND d.paid_on <= %(to)s) "
        "FROM facts_fundings f LEFT JOIN facts_actors a ON a.actor_id = f.funder_id "
        "WHERE f.process_id = %(p)s AND ("
        "(f.period_start <= %(to)s AND f.period_end >= %(from)s) "
        "OR (f.granted_on >= %(from)s AND f.granted_on <= %(to)s) "
        "OR EXISTS (SELECT 1 FROM facts_disbursements d WHERE d.funding_id = f.funding_id "
        "AND d.paid_on >= %(from)s AND d.paid_on <= %(to)s)) "
        "ORDER BY f.period_start, f.granted_on, f.funding_id", p,
    ).fetchall()
    return [
        {"funding_id": fid, "funder": {"id": funder_id, "name": name}, "logic": logic,
         "amount": money(amount), "currency": currency, "disbursed": money(paid)}
        for fid, funder_id, name, logic, amount, currency, paid in rows
    ]


def accountability_report(
    db: Database, process_id: Any, from_: date | str, to: date | str, *,
    detail: bool = False, timeline: Any = None,
) -> dict[str, Any]:
    """The process's figures in [from_, to] as top-level keys, with the details behind them.

    `{"process": {"id", "title"}, "period": {"from", "to"}, "continuity", "gatherings",
    "attendance", "decisions", "commitments", "cooperations_started", "charter_changes",
    "participants", "fundings": [{"funding_id", "funder": {"id", "name"}, "logic", "amount",
    "currency", "disbursed"}], "indicators": [{"indicator_id", "name", "unit",
    "target_per_year", "counts_from", "years": [{"year", "value", "target", "met",
    "measurements", "percent"}]}], "timeline": [{"on", "kind", "summary", "data", "ref": {"type",
    "id"}}],
    "commitment_list": [...], "charter_change_list": [...]}`; with `detail=True` also `series`
    (the data of the attendance and network charts).

    `timeline` is a callable `(db, process_id, from_, to) -> list of entries`; by default the
    timeline read model (`projections.timeline.timeline`) when it is there, else the entries
    built from the facts (gatherings, decisions, commitments, cooperations, charter changes).
    """
    frm, until = parse_period(from_, to)
    pid = norm_id(process_id)
    measured = db.has_table("proof_indicators")
    with snapshot(db) as cur:
        process = _process_row(cur, pid) if pid else None
        if process is None or pid is None:
            raise NotFound(f"no process with id {process_id}")
        report: dict[str, Any] = {
            "process": {"id": pid, "title": process[1]},
            "period": {"from": frm.isoformat(), "to": until.isoformat()},
            **process_figures(cur, process, frm, until),
            "fundings": process_fundings(cur, pid, frm, until),
            "indicators": indicator_list(cur, measured, pid, frm, until),
            **_details(cur, pid, frm, until),
        }
        if not detail:
            del report["series"]
    report["timeline"] = timeline_entries(db, pid, frm, until, timeline)
    return report


def indicator_list(cur: Cursor, measured: bool, process_id: str, frm: date,
                   to: date) -> list[dict[str, Any]]:
    """The process's indicators per year against their targets, counted as the proof of use
    counts them (corrections applied); none when the `proof` read model is not set up."""
    if not measured:
        return []
    return indicators(cur, process_id, frm, to)


def _details(cur: Cursor, process_id: str, frm: date, to: date) -> dict[str, Any]:
    return {
        "commitment_list": commitment_list(cur, process_id, frm, to),
        "charter_change_list": charter_change_list(cur, process_id, frm, to),
        "series": process_series(cur, process_id, frm, to),
    }


def timeline_entries(
    db: Database, process_id: str, frm: date, to: date, source: Any = None,
) -> list[dict]:
    """The process's timeline entries in the period: from `source` (a callable
    `(db, process_id, from, to) -> entries or None`) or the timeline read model when there is
    one and it answers, else built from the facts."""
    source = source if source is not None else _timeline_read_model()
    if source is not None:
        try:
            entries = source(db, process_id, frm, to)
        except Exception:  # a broken read model must not take the report down with it
            logger.warning("timeline read model failed; using the facts", exc_info=True)
            entries = None
        if entries is not None:
            return list(entries)
    with snapshot(db) as cur:
        return facts_timeline(cur, process_id, frm, to)


# -- the timeline ------------------------------------------------------------------------------


def _timeline_read_model() -> Any:
    """`queries.timeline.timeline` as `(db, pid, from, to) -> entries`; the entries are None
    when its tables are not set up or it does not know the process."""
    from queries.timeline import timeline as read

    def entries(db: Database, pid: str, frm: date, to: date) -> list[dict] | None:
        if not db.has_table("timeline_entries"):  # not set up on this database
            return None
        found = read(db, pid, from_=frm, to=to)
        return None if found is None else list(found["entries"])

    return entries


def facts_timeline(cur: Cursor, process_id: str, frm: date, to: date) -> list[dict]:
    """A timeline from the facts alone, in the timeline read model's entry shape and kinds
    (with less data: no vote counts, no cooperation partners; see queries.timeline_text)."""
    p = {"p": process_id, "from": frm.isoformat(), "to": to.isoformat()}
    between = "%(from)s AND {0} <= %(to)s"
    entries: list[tuple] = []

    def add(kind: Any, sql: str, data: Any, ref_type: str) -> None:
        for row in cur.execute(sql, p).fetchall():
            name = kind(row) if callable(kind) else kind
            entries.append((row[0], name, data(row), {"type": ref_type, "id": row[1]}))

    def actor(row: tuple, at: int) -> dict[str, Any]:
        return {"id": row[at], "name": row[at + 1] if row[at + 1] is not None else row[at]}

    add("gathering_held",
        "SELECT held_on, gathering_id, format, title, attendance FROM facts_gatherings "
        "WHERE process_id = %(p)s AND held_on >= " + between.format("held_on"),
        lambda r: {"format": r[2], "title": r[3], "attendance": r[4]}, "gathering")
    add("vote_closed",
        "SELECT v.closed_on, v.vote_id, v.subject_type, v.outcome, pr.title, v.yes, v.against, "
        "v.abstain, v.objections FROM facts_votes v "
        "LEFT JOIN facts_proposals pr ON pr.proposal_id = v.subject_id "
        "WHERE v.process_id = %(p)s AND v.closed_on >= " + between.format("v.closed_on"),
        lambda r: {"subject": r[2], "outcome": r[3], "proposal": r[4] or "",
                   "yes": r[5], "no": r[6], "abstain": r[7], "objections": r[8]}, "vote")
    for column, kind in (("made_on", "commitment_made"), ("fulfilled_on",
                                                           "commitment_fulfilled"),
                         ("withdrawn_on", "commitment_withdrawn")):
        add(kind,
            f"SELECT c.{column}, c.commitment_id, c.description, c.due_on, c.actor_id, a.name "
            "FROM facts_commitments c LEFT JOIN facts_actors a ON a.actor_id = c.actor_id "
            f"WHERE c.process_id = %(p)s AND c.{column} >= " + between.format(f"c.{column}"),
            lambda r, k=kind: {"description": r[2] or "", "due_on": r[3],
                               "actor": actor(r, 4),
                               **({"late": r[0] > r[3]} if k == "commitment_fulfilled"
                                  else {})}, "commitment")
    add("cooperation_started",
        "SELECT started_on, cooperation_id, kind FROM facts_cooperations "
        "WHERE process_id = %(p)s AND started_on >= " + between.format("started_on"),
        lambda r: {"cooperation": r[2]}, "cooperation")
    add(lambda r: {"add": "clause_added", "replace": "clause_replaced",
                   "repeal": "clause_repealed"}.get(r[2], "clause_changed"),
        "SELECT c.decided_on, c.charter_id, c.change, c.heading, ch.title "
        "FROM facts_charter_changes c LEFT JOIN facts_charters ch "
        "ON ch.charter_id = c.charter_id "
        "WHERE c.process_id = %(p)s AND c.decided_on >= " + between.format("c.decided_on"),
        lambda r: {"charter": r[4] or "", "heading": r[3] or ""}, "charter")
    entries.sort(key=lambda e: (e[0], e[1]))
    return [{"on": on, "kind": kind, "summary": sentence(kind, data), "data": data, "ref": ref}
            for on, kind, data, ref in entries]
