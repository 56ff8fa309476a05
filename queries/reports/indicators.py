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


def indicators(cur: Cursor, process_id: str, frm: date, to: date) -> list[dict[str, Any]]:
    """Each indicator of the process, per year against its target."""
    out = []
    for iid, name, unit, target, counts_from in cur.execute(
            "SELECT indicator_id, name, unit, target_per_year, counts_from FROM "
            "proof_indicators WHERE process_id = %s ORDER BY position", (process_id,)
    ).fetchall():
        measured: dict[int, Decimal] = defaultdict(Decimal)
        count: dict[int, int] = defaultdict(int)
        for on, value in cur.execute(
                "SELECT m.measured_on, m.value FROM proof_measurements m "
                "WHERE m.indicator_id = %s AND m.measured_on >= %s AND m.measured_on <= %s "
                "AND NOT EXISTS (SELECT 1 FROM proof_measurements c "
                "WHERE c.corrects = m.measurement_id) ORDER BY m.measured_on",
                (iid, frm.isoformat(), to.isoformat())).fetchall():
            measured[int(on[:4])] += Decimal(value)
            count[int(on[:4])] += 1
        first = max(frm.year, int(counts_from[:4]))
        goal = Decimal(target)
        years = [{"year": y, "value": _number(str(measured[y])), "target": _number(target),
                  "met": measured[y] >= goal, "measurements": count[y],
                  "percent": str((measured[y] * 100 / goal).quantize(Decimal("0.1")))}
                 for y in range(first, to.year + 1)]
        out.append({"indicator_id": iid, "name": name, "unit": unit,
                    "target_per_year": _number(target), "counts_from": counts_from,
                    "years": years})
    return out
