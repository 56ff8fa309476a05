"""The charter (Kiez-Charta) on any day and what changed between two days, from the `charter`
read model (projections/charter.py): per clause, the last version in effect by its domain
date, as the ledger had recorded it by `as_of`."""


from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from projections.support import (
    ids_list,
    moment,
    norm_id,
    select_in,
)
from store.sql import Database

_CHANGES = {
    "Charter.ClauseAdded": "added",
    "Charter.ClauseReplaced": "replaced",
    "Charter.ClauseRepealed": "repealed",
}


def charter_info(db: Database, charter_id: Any, *, as_of: datetime | None = None) -> dict | None:
    """{"charter_id", "process_id", "title", "established_on"}, or None if unknown
    (or not yet recorded at `as_of`)."""
    key = norm_id(charter_id)
    if key is None:
        return None
    sql = ("SELECT charter_id, process_id, title, established_on FROM charter_charters "
           "WHERE charter_id = %s")
    params: list[Any] = [key]
    if as_of is not None:
        sql += " AND recorded_at <= %s"
        params.append(moment(as_of))
    row = db.fetchone(sql, tuple(params))
    if row is None:
        return None
    return {"charter_id": row[0], "process_id": row[1], "title": row[2],
            "established_on": row[3]}


def _clauses_on(
    db: Database, charter_id: str, on: date, as_of: datetime | None = None,
) -> dict[str, dict]:
    """clause id -> {"heading", "text", "adopted_by"} in clause order, in effect at the end
    of `on` (as recorded by `as_of`)."""
    sql = (
        "SELECT v.clause_id, v.heading, v.text, v.proposal_id, v.amendment_ids, v.vote_id, "
        "v.gathering_id, v.decided_on FROM charter_versions v "
        "JOIN charter_clauses c ON c.clause_id = v.clause_id "
        "WHERE v.charter_id = %s AND v.valid_from <= %s"
    )
    params: list[Any] = [charter_id, on.isoformat()]
    if as_of is not None:
        sql += " AND v.recorded_at <= %s"
        params.append(moment(as_of))
    sql += " ORDER BY c.added_position, v.valid_from, v.position"
    state: dict[str, dict] = {}
    repealed: set[str] = set()
    for (clause_id, heading, text, proposal_id, amendment_ids, vote_id, gathering_id,
         decided_on) in db.fetchall(sql, tuple(params)):
        if clause_id in repealed:
            continue
        if text is None:
            # A repeal is final, even over a replacement dated later but recorded earlier.
            repealed.add(clause_id)
            state.pop(clause_id, None)
            continue
        state[clause_id] = {
            "heading": heading,
            "text": text,
            "adopted_by": {
                "proposal_id": proposal_id,
                "amendment_ids": ids_list(amendment_ids),
                "vote_id": vote_id,
                "gathering_id": gathering_id,
                "decided_on": decided_on,
            },
        }
    return state


def _day_of(on: date | None, as_of: datetime | None) -> date:
    if on is not None:
        return on
    if as_of is not None:
        if as_of.tzinfo is None:
            return as_of.date()
        return as_of.astimezone(UTC).date()
    return date.today()


def charter_text(
    db: Database, charter_id: Any, *, on: date | None = None, as_of: datetime | None = None,
) -> dict | None:
    """The charter in effect at the end of domain day `on` (default: today, or `as_of`'s
    UTC date), as the ledger had recorded it by `as_of` (default: now).

    {"charter_id", "on", "clauses": [{"clause_id", "number", "heading", "text",
    "adopted_by": {"proposal_id", "amendment_ids", "vote_id", "gathering_id",
    "decided_on"}}]}; None if the charter is unknown (or not yet recorded at `as_of`).
    """
    info = charter_info(db, charter_id, as_of=as_of)
    if info is None:
        return None
    on = _day_of(on, as_of)
    clauses = _clauses_on(db, info["charter_id"], on, as_of)
    return {
        "charter_id": info["charter_id"],
        "on": on.isoformat(),
        "clauses": [
            {"clause_id": clause_id, "number": number, **clause}
            for number, (clause_id, clause) in enumerate(clauses.items(), start=1)
        ],
    }


def charter_diff(db: Database, charter_id: Any, from_: date, to: date) -> dict | None:
    """What changed between the end of day `from_` and the end of day `to`, clause by clause.

    {"from", "to", "changes": [{"clause_id", "heading", "change": "added" | "replaced" |
    "repealed", "before", "after"}]} in clause order; `before`/`after` are the clause's text
    on either day (None where it was not in effect) and `heading` its heading on `to` (on
    `from_` for a repealed clause). A clause added and repealed in between is not a change;
    a clause whose text or heading differs is `replaced`. None if the charter is unknown.
    """
    info = charter_info(db, charter_id)
    if info is None:
        return None
    before = _clauses_on(db, info["charter_id"], from_)
    after = _clauses_on(db, info["charter_id"], to)
    order = _clause_order(db, info["charter_id"], before.keys() | after.keys())
    changes = []
    for clause_id in order:
        old, new = before.get(clause_id), after.get(clause_id)
        if old is None:
            change = "added"
        elif new is None:
            change = "repealed"
        elif (old["text"], old["heading"]) != (new["text"], new["heading"]):
            change = "replaced"
        else:
            continue
        shown = new if new is not None else old
        assert shown is not None  # every clause in `order` is in effect on one of the days
        changes.append({
            "clause_id": clause_id,
            "heading": shown["heading"],
            "change": change,
            "before": old["text"] if old else None,
            "after": new["text"] if new else None,
        })
    return {"from": from_.isoformat(), "to": to.isoformat(), "changes": changes}


def _clause_order(db: Database, charter_id: str, clause_ids: Any) -> list[str]:
    if not clause_ids:
        return []
    rows = select_in(
        db, "SELECT clause_id, added_position FROM charter_clauses "
        "WHERE charter_id = %s AND clause_id IN ({})", clause_ids, before=(charter_id,),
    )
    return [clause_id for clause_id, _ in sorted(rows, key=lambda r: r[1])]


def charter_markdown(text: dict, title: str) -> str:
    """A `charter_text` answer as Markdown: title, day, numbered clauses with provenance."""
    lines = [f"# {title}", "", f"_In effect on {text['on']}._", ""]
    if not text["clauses"]:
        lines += ["_No clauses are in effect._", ""]
    for clause in text["clauses"]:
        by = clause["adopted_by"]
        source = f"proposal `{by['proposal_id']}`"
        if by["amendment_ids"]:
            amended = ", ".join(f"`{a}`" for a in by["amendment_ids"])
            source += f" as amended by {amended}"
        lines += [
            f"## {clause['number']}. {clause['heading']}",
            "",
            clause["text"].strip(),
            "",
            f"_Adopted on {by['decided_on']}: {source}; vote `{by['vote_id']}` at gathering "
            f"`{by['gathering_id']}`._",
            "",
        ]
    return "\n".join(lines)
