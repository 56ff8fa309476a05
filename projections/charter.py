"""The charter (Kiez-Charta) on any day, with the decision behind each clause.

Every clause change is one row of `charter_versions`: its domain date (`valid_from`, the day
of the decision), when the ledger recorded it (`recorded_at`), its log position, the heading
and text it gave the clause (text NULL for a repeal) and its provenance. So both questions
are one query:

- on day D: per clause, the last version with `valid_from <= D`, ordered by
  (`valid_from`, position). A decision whose minutes were entered weeks late takes its place
  by its domain date, not by when it was typed in.
- as the ledger recorded it at T: the same, over the versions with `recorded_at <= T`
  (the event's timestamp), on T's date unless a day is given too.

Where domain order and recorded order disagree, the read model still agrees with the
aggregate on which clauses exist: a change dated before its clause's own addition (a slip
the ledger cannot refuse, as it checks clauses in recorded order) takes effect on the day of
the addition, after it; and a repeal is final from its day on, even over a replacement that
is dated later but was recorded before it.

Clauses keep the order of their first addition in the log, the order the aggregate lists
them in; they are numbered 1..n over the clauses in effect.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from eventsourcing.dispatch import singledispatchmethod

from ledger.domain.charters import Charter
from projections.db import Cursor, Database
from projections.dispatch import EventProjection
from projections.support import (
    day,
    ids_list,
    ids_text,
    insert_rows,
    moment,
    norm_id,
    select_in,
    sid,
)


class CharterProjection(EventProjection):
    name = "charter"
    version = 1
    deferred_indexes = ("charter_versions_by_charter",)
    cost = 0.5  # us CPU per event over reading the log (bench/projections.py)
    buffered = True

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS charter_charters ("
            "charter_id TEXT PRIMARY KEY, process_id TEXT, title TEXT NOT NULL, "
            "established_on TEXT NOT NULL, recorded_at TEXT NOT NULL, position BIGINT NOT NULL)"
        )
        cur.execute(
            "CREATE TABLE IF NOT EXISTS charter_clauses ("
            "clause_id TEXT PRIMARY KEY, charter_id TEXT NOT NULL, "
            "added_position BIGINT NOT NULL, added_on TEXT NOT NULL)"
        )
        cur.execute(
            "CREATE TABLE IF NOT EXISTS charter_versions ("
            "position BIGINT PRIMARY KEY, charter_id TEXT NOT NULL, clause_id TEXT NOT NULL, "
            "change TEXT NOT NULL, valid_from TEXT NOT NULL, recorded_at TEXT NOT NULL, "
            "heading TEXT, text TEXT, proposal_id TEXT, amendment_ids TEXT NOT NULL, "
            "vote_id TEXT, gathering_id TEXT, decided_on TEXT NOT NULL)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS charter_versions_by_charter "
            "ON charter_versions (charter_id, valid_from)"
        )

    def clear(self, cur: Cursor) -> None:
        for table in ("charter_charters", "charter_clauses", "charter_versions"):
            cur.execute(f"DELETE FROM {table}")

    def begin_batch(self, cur: Cursor) -> None:
        self.charters: list[tuple] = []
        self.clauses: list[tuple] = []
        self.added_on: dict[str, str] = {}  # clause id -> day of its addition
        self.versions: list[list[Any]] = []

    @singledispatchmethod
    def project(self, event: Any, position: int) -> None:
        """Other events: not wanted."""

    @project.register
    def _established(self, e: Charter.Established, position: int) -> None:
        self.charters.append((
            sid(e.originator_id), sid(e.process_id), e.title, day(e.established_on),
            moment(e.timestamp), position,
        ))

    @project.register
    def _added(self, e: Charter.ClauseAdded, position: int) -> None:
        self._change(e, position, "added", e.heading, e.text)

    @project.register
    def _replaced(self, e: Charter.ClauseReplaced, position: int) -> None:
        self._change(e, position, "replaced", e.heading, e.text)

    @project.register
    def _repealed(self, e: Charter.ClauseRepealed, position: int) -> None:
        self._change(e, position, "repealed", None, None)

    def _change(
        self, e: Any, position: int, change: str, heading: str | None, text: str | None,
    ) -> None:
        charter_id, clause_id = sid(e.originator_id), sid(e.clause_id)
        decision = e.decision
        decided_on = day(decision["decided_on"])
        if change == "added":
            self.clauses.append((clause_id, charter_id, position, decided_on))
            self.added_on[clause_id] = decided_on
        self.versions.append([
            position, charter_id, clause_id, change, decided_on, moment(e.timestamp),
            heading, text, sid(decision.get("proposal_id")),
            ids_text(decision.get("amendment_ids") or ()), sid(decision.get("vote_id")),
            sid(decision.get("gathering_id")), decided_on,
        ])

    def end_batch(self, cur: Cursor) -> None:
        insert_rows(cur, "charter_charters",
                    "charter_id, process_id, title, established_on, recorded_at, position",
                    self.charters)
        insert_rows(cur, "charter_clauses", "clause_id, charter_id, added_position, added_on",
                    self.clauses)
        if not self.versions:
            return
        # A change takes effect no earlier than its clause's addition (see the module doc).
        missing = {v[2] for v in self.versions} - self.added_on.keys()
        if missing:
            self.added_on.update(select_in(
                cur, "SELECT clause_id, added_on FROM charter_clauses WHERE clause_id IN ({})",
                missing,
            ))
        for row in self.versions:
            added_on = self.added_on.get(row[2])
            if added_on is not None and added_on > row[4]:
                row[4] = added_on
        insert_rows(cur, "charter_versions",
                    "position, charter_id, clause_id, change, valid_from, recorded_at, heading, "
                    "text, proposal_id, amendment_ids, vote_id, gathering_id, decided_on",
                    self.versions)


# --- queries ------------------------------------------------------------------------------


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
        changes.append({
            "clause_id": clause_id,
            "heading": (new or old)["heading"],
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
