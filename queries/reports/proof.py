"""The proof of use (Verwendungsnachweis) of one funding for a period: the Sachbericht (what
was done, against the goals and indicators) and the zahlenmäßiger Nachweis (plan against
actual, income by source, balance, the Belegliste), from the `facts` and `proof` read models.

Rules where the issue leaves room:

- Everything counts by domain date inside the period [from, to], both days included.
- The plan is the one in effect on the period's last day: per budget line the latest plan
  decision naming it that was taken by then. Planned amounts are per calendar year and are
  not pro-rated for a partial year.
- Actual per line and year: the entries of that line dated in the period and that year,
  reversals included with their negative amount (a reversal belongs to the line, side and
  source of the entry it cancels). A line is flagged when its actual exceeds its plan by more
  than 20% (`TOLERANCE`, the usual tolerance of German public funding), per year and in total;
  an actual against a plan of 0 is always over.
- Entries dated outside the funding's own period are flagged (`outside_period`): the ledger
  refuses expenditures and income there, but a reversal may come later, when the proof of use
  is put together.
- Income by source: the grant (disbursements in the period), own contributions, donations,
  other funders, and volunteer work (in kind: hours at the agreed rate). The balance counts
  money only: received (grant paid out plus income) less spent; in-kind value stands beside it.
- Indicators: per calendar year from the year the indicator counts from, the sum of the
  measurements dated in the period and that year, a corrected measurement replaced by its
  correction; `met` when the sum reaches the target per year.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.errors import NotFound
from projections.facts import money
from queries.reports.figures import (
    _process_row,
    charter_change_list,
    commitment_list,
    norm_id,
    parse_period,
    process_figures,
    snapshot,
)
from queries.reports.indicators import indicators
from store.sql import Cursor, Database

TOLERANCE = Decimal("0.20")
INCOME_SOURCES = ("grant", "own_contribution", "donation", "other_funder", "volunteer_work")
_ENTRY_COLUMNS = ("entry_id", "position", "kind", "on", "amount_cents", "line", "party",
                  "receipt_number", "purpose", "receipt_sha256", "source", "reverses",
                  "hours", "hourly_rate")


def _percent(actual: int, planned: int | None) -> str | None:
    """Actual against plan as a percentage with one decimal place (None without a plan)."""
    if not planned:
        return None
    return str((Decimal(actual) * 100 / Decimal(planned)).quantize(Decimal("0.1")))


def _over(actual: int, planned: int | None) -> bool:
    if actual <= 0:
        return False
    if not planned:
        return True
    return Decimal(actual) > Decimal(planned) * (1 + TOLERANCE)


def _funding(cur: Cursor, funding_id: str) -> dict[str, Any] | None:
    row = cur.execute(
        "SELECT f.funding_id, f.funder_id, fa.name, f.recipient_id, ra.name, f.process_id, "
        "f.logic, f.period_start, f.period_end, f.amount_cents, f.currency, f.granted_on "
        "FROM facts_fundings f LEFT JOIN facts_actors fa ON fa.actor_id = f.funder_id "
        "LEFT JOIN facts_actors ra ON ra.actor_id = f.recipient_id WHERE f.funding_id = %s",
        (funding_id,)).fetchone()
    if row is None:
        return None
    (fid, funder_id, funder, recipient_id, recipient, process_id, logic, start, end, amount,
     currency, granted_on) = row
    return {"id": fid, "funder": {"id": funder_id, "name": funder},
            "recipient": {"id": recipient_id, "name": recipient},
            "process_id": process_id, "logic": logic, "period_start": start,
            "period_end": end, "amount": money(amount), "currency": currency,
            "granted_on": granted_on}


def _plan(cur: Cursor, funding_id: str, to: date) -> list[dict[str, Any]]:
    """The budget lines in effect on `to`, in the order they were first planned."""
    rows = cur.execute(
        "SELECT position, ordinal, code, name, side, year, planned_cents FROM proof_plan "
        "WHERE funding_id = %s AND decided_on <= %s ORDER BY position, ordinal, year",
        (funding_id, to.isoformat())).fetchall()
    latest: dict[str, int] = {}
    first: dict[str, tuple[int, int]] = {}
    for position, ordinal, code, *_ in rows:
        latest[code] = max(latest.get(code, 0), position)
        first.setdefault(code, (position, ordinal))
    lines: dict[str, dict[str, Any]] = {}
    for position, _ordinal, code, name, side, year, planned in rows:
        if position != latest[code]:
            continue
        line = lines.setdefault(code, {"code": code, "name": name, "side": side,
                                       "planned": {}})
        if year is not None:
            line["planned"][int(year)] = int(planned or 0)
    return sorted(lines.values(), key=lambda line: (first[line["code"]], line["code"]))


def _plan_changes(cur: Cursor, funding_id: str, to: date) -> list[dict[str, Any]]:
    import json

    return [{"decided_on": on, "reason": reason, "lines": json.loads(codes)}
            for on, reason, codes in cur.execute(
                "SELECT decided_on, reason, codes FROM proof_plan_changes "
                "WHERE funding_id = %s AND decided_on <= %s ORDER BY position",
                (funding_id, to.isoformat())).fetchall()]


def _entries(cur: Cursor, funding_id: str, frm: date, to: date) -> list[dict[str, Any]]:
    rows = cur.execute(
        "SELECT e.entry_id, e.position, e.kind, e.on_date, e.amount_cents, e.line, e.party, "
        "e.receipt_number, e.purpose, e.receipt_sha256, "
        "CASE WHEN e.kind = 'reversal' THEN o.source ELSE e.source END, e.reverses, "
        "e.hours, e.hourly_rate, "
        "CASE WHEN e.kind = 'reversal' THEN o.kind ELSE e.kind END "
        "FROM proof_entries e LEFT JOIN proof_entries o ON o.entry_id = e.reverses "
        "WHERE e.funding_id = %s AND e.on_date >= %s AND e.on_date <= %s "
        "ORDER BY e.on_date, e.position", (funding_id, frm.isoformat(), to.isoformat()),
    ).fetchall()
    out = []
    for row in rows:
        entry = dict(zip(_ENTRY_COLUMNS, row[:-1], strict=True))
        entry["of"] = row[-1]  # expenditure, income or volunteer_work (a reversal: its entry's)
        out.append(entry)
    return out


def _disbursed(cur: Cursor, funding_id: str, frm: date, to: date) -> int:
    row = cur.execute(
        "SELECT COALESCE(SUM(amount_cents), 0) FROM facts_disbursements WHERE funding_id = %s "
        "AND paid_on >= %s AND paid_on <= %s",
        (funding_id, frm.isoformat(), to.isoformat())).fetchone()
    return int(row[0] or 0) if row else 0


def _years(frm: date, to: date) -> list[int]:
    return list(range(frm.year, to.year + 1))


def plan_against_actual(plan: list[dict[str, Any]], entries: list[dict[str, Any]],
                        frm: date, to: date) -> list[dict[str, Any]]:
    """Per budget line and year of the period: planned, actual, deviation, percent, flag."""
    actual: dict[tuple[str, int], int] = defaultdict(int)
    for e in entries:
        if e["line"] is not None:
            actual[(e["line"], int(e["on"][:4]))] += int(e["amount_cents"])
    out = []
    for line in plan:
        years = []
        for year in _years(frm, to):
            planned = line["planned"].get(year)
            spent = actual.get((line["code"], year), 0)
            if planned is None and spent == 0:
                continue
            years.append({"year": year, "planned": money(planned or 0), "actual": money(spent),
                          "deviation": money(spent - (planned or 0)),
                          "percent": _percent(spent, planned),
                          "over_tolerance": _over(spent, planned)})
        planned_total = sum(line["planned"].get(y, 0) for y in _years(frm, to))
        actual_total = sum(actual.get((line["code"], y), 0) for y in _years(frm, to))
        out.append({"code": line["code"], "name": line["name"], "side": line["side"],
                    "years": years, "planned": money(planned_total),
                    "actual": money(actual_total),
                    "deviation": money(actual_total - planned_total),
                    "percent": _percent(actual_total, planned_total),
                    "over_tolerance": _over(actual_total, planned_total)})
    return out


def _receipt_line(e: dict[str, Any], funding: dict[str, Any]) -> dict[str, Any]:
    outside = not (funding["period_start"] <= e["on"] <= funding["period_end"])
    line = {"entry_id": e["entry_id"], "kind": e["kind"], "on": e["on"], "party": e["party"],
            "purpose": e["purpose"], "amount": money(e["amount_cents"]),
            "receipt_number": e["receipt_number"], "receipt_sha256": e["receipt_sha256"],
            "reverses": e["reverses"], "outside_period": outside}
    if e["of"] == "volunteer_work" and e["kind"] != "reversal":
        line["hours"], line["hourly_rate"] = e["hours"], e["hourly_rate"]
    return line


def belegliste(plan: list[dict[str, Any]], entries: list[dict[str, Any]],
               funding: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Expenditure and income apart, each grouped as the plan is (then income without a
    line by its source), each group in date order, with its total."""
    names = {line["code"]: line["name"] for line in plan}
    groups: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = {
        "expenditure": {}, "income": {}}
    order = {line["code"]: i for i, line in enumerate(plan)}
    for e in entries:
        side = "expenditure" if e["of"] == "expenditure" else "income"
        key = ("line", e["line"]) if e["line"] is not None else ("source", e["source"] or "")
        groups[side].setdefault(key, []).append(_receipt_line(e, funding))

    def rank(key: tuple[str, str]) -> tuple:
        if key[0] == "line":
            return (0, order.get(key[1], len(order)), key[1])
        sources = INCOME_SOURCES
        return (1, sources.index(key[1]) if key[1] in sources else len(sources), key[1])

    return {side: [{"group": kind, "code": code,
                    "name": names.get(code) if kind == "line" else None,
                    "entries": lines,
                    "total": money(sum(int(Decimal(x["amount"]) * 100) for x in lines))}
                   for (kind, code), lines in sorted(found.items(), key=lambda kv: rank(kv[0]))]
            for side, found in groups.items()}


def income_by_source(entries: list[dict[str, Any]], disbursed: int) -> list[dict[str, Any]]:
    totals = dict.fromkeys(INCOME_SOURCES, 0)
    totals["grant"] = disbursed
    for e in entries:
        if e["of"] == "income":
            totals[e["source"] or "other_funder"] += int(e["amount_cents"])
        elif e["of"] == "volunteer_work":
            totals["volunteer_work"] += int(e["amount_cents"])
    return [{"source": s, "amount": money(v), "in_kind": s == "volunteer_work"}
            for s, v in totals.items()]


def balance(entries: list[dict[str, Any]], disbursed: int) -> dict[str, str]:
    income = sum(int(e["amount_cents"]) for e in entries if e["of"] == "income")
    spent = sum(int(e["amount_cents"]) for e in entries if e["of"] == "expenditure")
    in_kind = sum(int(e["amount_cents"]) for e in entries if e["of"] == "volunteer_work")
    received = disbursed + income
    return {"grant_received": money(disbursed), "other_income": money(income),
            "received": money(received), "spent": money(spent),
            "balance": money(received - spent), "in_kind": money(in_kind)}


def flags(lines: list[dict[str, Any]], lists: dict[str, list[dict[str, Any]]]
          ) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for line in lines:
        if line["side"] != "expenditure":
            continue
        for year in line["years"]:
            if year["over_tolerance"]:
                found.append({"flag": "line_over_plan", "line": line["code"],
                              "name": line["name"], "year": year["year"],
                              "planned": year["planned"], "actual": year["actual"],
                              "percent": year["percent"]})
    for side, groups in lists.items():
        for group in groups:
            for e in group["entries"]:
                if e["outside_period"]:
                    found.append({"flag": "outside_period", "side": side,
                                  "entry_id": e["entry_id"], "kind": e["kind"], "on": e["on"],
                                  "amount": e["amount"], "receipt_number": e["receipt_number"]})
    return found


def activities(cur: Cursor, process_id: str, frm: date, to: date) -> list[dict[str, Any]]:
    return [{"gathering_id": gid, "on": on, "format": fmt, "title": title,
             "attendance": attendance}
            for gid, on, fmt, title, attendance in cur.execute(
                "SELECT gathering_id, held_on, format, title, attendance FROM facts_gatherings "
                "WHERE process_id = %s AND held_on >= %s AND held_on <= %s "
                "ORDER BY held_on, gathering_id",
                (process_id, frm.isoformat(), to.isoformat())).fetchall()]


def by_format(acts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Participant statistics per gathering format: how many, attendance, average, most."""
    found: dict[str, list[int | None]] = defaultdict(list)
    for a in acts:
        found[a["format"]].append(a["attendance"])
    out = []
    for fmt, counts in sorted(found.items()):
        known = [c for c in counts if c is not None]
        total = sum(known)
        out.append({"format": fmt, "gatherings": len(counts), "attendance": total,
                    "average": str((Decimal(total) / len(known)).quantize(Decimal("0.1")))
                    if known else None,
                    "largest": max(known) if known else None})
    return out


def proof_of_use_report(db: Database, funding_id: Any, from_: date | str,
                        to: date | str) -> dict[str, Any]:
    """The report as a dict (the JSON form): `funding`, `process`, `period`,
    `sachbericht` and `nachweis`."""
    frm, until = parse_period(from_, to)
    fid = norm_id(funding_id)
    with snapshot(db) as cur:
        funding = _funding(cur, fid) if fid else None
        if funding is None or fid is None:
            raise NotFound(f"no funding with id {funding_id}")
        pid = funding.pop("process_id")
        process = _process_row(cur, pid)
        if process is None:
            raise NotFound(f"no process with id {pid}")
        figures = process_figures(cur, process, frm, until)
        acts = activities(cur, pid, frm, until)
        plan = _plan(cur, fid, until)
        entries = _entries(cur, fid, frm, until)
        disbursed = _disbursed(cur, fid, frm, until)
        lines = plan_against_actual(plan, entries, frm, until)
        lists = belegliste(plan, entries, funding)
        report = {
            "report": "proof_of_use",
            "funding": funding,
            "process": {"id": pid, "title": process[1]},
            "period": {"from": frm.isoformat(), "to": until.isoformat()},
            "sachbericht": {
                "activities": acts,
                "by_format": by_format(acts),
                "continuity": figures["continuity"],
                "indicators": indicators(cur, pid, frm, until),
                "gatherings": figures["gatherings"],
                "attendance": figures["attendance"],
                "participants": figures["participants"],
                "decisions": figures["decisions"],
                "commitments": figures["commitments"],
                "commitment_list": commitment_list(cur, pid, frm, until),
                "cooperations_started": figures["cooperations_started"],
                "charter_changes": figures["charter_changes"],
                "charter_change_list": charter_change_list(cur, pid, frm, until),
            },
            "nachweis": {
                "currency": funding["currency"],
                "plan_changes": _plan_changes(cur, fid, until),
                "lines": lines,
                "income_by_source": income_by_source(entries, disbursed),
                "balance": balance(entries, disbursed),
                "belegliste": lists,
                "flags": flags(lines, lists),
                "tolerance_percent": str(int(TOLERANCE * 100)),
            },
        }
    return report


def process_indicators(db: Database, process_id: Any, from_: date | str,
                       to: date | str) -> list[dict[str, Any]]:
    """The indicators of a process per year in [from_, to] (the process page shows them);
    none when the proof read model is not set up."""
    frm, until = parse_period(from_, to)
    if not db.has_table("proof_indicators"):
        return []
    with snapshot(db) as cur:
        return indicators(cur, str(norm_id(process_id)), frm, until)
