"""The timeline of a participation process, from the `timeline` read model
(projections/timeline.py): its entries by domain date, each with its `data` (the words of the
records it names, actors resolved to names at read time: an erased person's reads "[erased]")
and a `summary`, the sentence of `queries.timeline_text` in the language asked for."""


from __future__ import annotations

import json
from datetime import date
from typing import Any

from projections.support import (
    ids_list,
    norm_id,
    select_in,
)
from projections.timeline import ROLES, UNKNOWN
from queries.timeline_text import sentence
from store.sql import Database


def actor_names(db: Database, ids: set[str]) -> dict[str, str]:
    """id -> name (an erased person's reads "[erased]")."""
    if not ids:
        return {}
    return dict(select_in(db, "SELECT id, name FROM timeline_actors WHERE id IN ({})", ids))


def with_actors(kind: str, data: dict[str, Any], actor_ids: list[str],
                names: dict[str, str]) -> dict[str, Any]:
    """The entry's data with its actors under their roles (`ROLES[kind]`) as {id, name}."""
    actors = [{"id": a, "name": names.get(a, UNKNOWN)} for a in actor_ids]
    out = dict(data)
    for i, role in enumerate(ROLES.get(kind, ())):
        if role.endswith("s"):  # takes the rest
            out[role] = actors[i:]
            break
        if i < len(actors):
            out[role] = actors[i]
    return out


def timeline(
    db: Database, process_id: Any, *, from_: date | None = None, to: date | None = None,
    lang: str = "en",
) -> dict | None:
    """Everything belonging to a process between `from_` and `to` (inclusive, domain dates).

    {"process_id", "entries": [{"on", "kind", "summary", "data", "ref": {"type", "id"}}]}
    in domain-date order, ties by log position; `summary` in `lang` (`en` default, `de`);
    None if the process is unknown.
    """
    key = norm_id(process_id)
    if key is None or db.fetchone(
        "SELECT 1 FROM timeline_subjects WHERE id = %s AND kind = %s", (key, "process")
    ) is None:
        return None
    sql = ("SELECT occurred_on, kind, data, actor_ids, ref_type, ref_id "
           "FROM timeline_entries WHERE process_id = %s")
    params: list[Any] = [key]
    if from_ is not None:
        sql += " AND occurred_on >= %s"
        params.append(from_.isoformat())
    if to is not None:
        sql += " AND occurred_on <= %s"
        params.append(to.isoformat())
    rows = db.fetchall(sql + " ORDER BY occurred_on, position", tuple(params))
    names = actor_names(db, {a for row in rows for a in ids_list(row[3])})
    entries = []
    for on, kind, words, actors, ref_type, ref_id in rows:
        data = with_actors(kind, json.loads(words), ids_list(actors), names)
        entries.append({"on": on, "kind": kind, "summary": sentence(kind, data, lang),
                        "data": data, "ref": {"type": ref_type, "id": ref_id}})
    return {"process_id": key, "entries": entries}
