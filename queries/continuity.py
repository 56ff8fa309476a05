"""Open assemblies per year against the goal, for many processes at once (the process list).

The same figures as the accountability report's `continuity` over each process's whole
life (its start to its conclusion, or to `today` while it runs), from the `facts` read model
in two grouped queries for a whole page of processes, instead of one full report each.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from queries.reports.figures import CHUNK, _continuity, snapshot
from store.sql import Database

_PROCESSES = ("SELECT process_id, title, goal_open_assemblies, started_on, concluded_on "
              "FROM facts_processes WHERE process_id IN ({ids})")
_OPEN_ASSEMBLIES = (
    "SELECT g.process_id, substr(g.held_on, 1, 4), COUNT(*) "
    "FROM facts_gatherings g JOIN facts_processes p ON p.process_id = g.process_id "
    "WHERE g.process_id IN ({ids}) AND g.format = 'open_assembly' "
    "AND g.held_on >= p.started_on AND g.held_on <= COALESCE(p.concluded_on, %s) "
    "GROUP BY g.process_id, substr(g.held_on, 1, 4)"
)


def continuity_of(db: Database, process_ids: list[Any], today: date) -> dict[str, list[dict]]:
    """{process id: [{"year", "open_assemblies", "goal", "met"}, ...]}; a process that has not
    begun by `today` (or is unknown to the read model) gets []."""
    ids = [str(i) for i in process_ids]
    processes: dict[str, tuple] = {}
    held: dict[str, dict[int, int]] = defaultdict(dict)
    with snapshot(db) as cur:
        for i in range(0, len(ids), CHUNK):
            part = tuple(ids[i:i + CHUNK])
            marks = ", ".join(["%s"] * len(part))
            for row in cur.execute(_PROCESSES.format(ids=marks), part).fetchall():
                processes[row[0]] = row
            for pid, year, n in cur.execute(_OPEN_ASSEMBLIES.format(ids=marks),
                                            part + (today.isoformat(),)).fetchall():
                held[pid][int(year)] = int(n)
    found: dict[str, list[dict]] = {}
    for pid in ids:
        process = processes.get(pid)
        if process is None:
            found[pid] = []
            continue
        start = date.fromisoformat(process[3])
        until = date.fromisoformat(process[4]) if process[4] else today
        found[pid] = _continuity(process, held[pid], start, until) if start <= until else []
    return found
