"""A process's impact indicators per year against their targets, as the proof of use, the
funding and the accountability reports and the process page show them: per calendar year
from the year an indicator counts from, the sum of the measurements dated in the period and
that year, a corrected measurement replaced by its correction; `met` when the sum reaches the
target per year."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from store.sql import Cursor


def _number(text: str) -> str:
    d = Decimal(text)
    plain = format(d, "f")
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


CHUNK = 500  # process ids per IN list: well below SQLite's limit on variables


def indicators(cur: Cursor, process_id: str, frm: date, to: date) -> list[dict[str, Any]]:
    """Each indicator of the process, per year against its target."""
    return indicators_of(cur, [process_id], frm, to)[process_id]


def indicators_of(cur: Cursor, process_ids: list[str], frm: date,
                  to: date) -> dict[str, list[dict[str, Any]]]:
    """`indicators` of many processes in two queries per few hundred processes (a funding
    report asks for all of its processes at once)."""
    out: dict[str, list[dict[str, Any]]] = {pid: [] for pid in process_ids}
    for i in range(0, len(process_ids), CHUNK):
        part = tuple(process_ids[i:i + CHUNK])
        among = ", ".join(["%s"] * len(part))
        declared = cur.execute(
            "SELECT process_id, indicator_id, name, unit, target_per_year, counts_from FROM "
            f"proof_indicators WHERE process_id IN ({among}) ORDER BY process_id, position",
            part).fetchall()
        measured: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        count: dict[tuple[str, int], int] = defaultdict(int)
        for iid, on, value in cur.execute(
                "SELECT m.indicator_id, m.measured_on, m.value FROM proof_measurements m "
                "JOIN proof_indicators i ON i.indicator_id = m.indicator_id "
                f"WHERE i.process_id IN ({among}) AND m.measured_on >= %s "
                "AND m.measured_on <= %s AND NOT EXISTS (SELECT 1 FROM proof_measurements c "
                "WHERE c.corrects = m.measurement_id) ORDER BY m.measured_on",
                part + (frm.isoformat(), to.isoformat())).fetchall():
            measured[iid, int(on[:4])] += Decimal(value)
            count[iid, int(on[:4])] += 1
        for pid, iid, name, unit, target, counts_from in declared:
            goal = Decimal(target)
            years = [{"year": y, "value": _number(str(measured[iid, y])),
                      "target": _number(target), "met": measured[iid, y] >= goal,
                      "measurements": count[iid, y],
                      "percent": str((measured[iid, y] * 100 / goal).quantize(Decimal("0.1")))}
                     for y in range(max(frm.year, int(counts_from[:4])), to.year + 1)]
            out[pid].append({"indicator_id": iid, "name": name, "unit": unit,
                             "target_per_year": _number(target), "counts_from": counts_from,
                             "years": years})
    return out
