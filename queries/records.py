"""Records by collection: pages of a collection and where each record's events stand in the
log, from the `catalog` read model; a record's event history with its log positions and chain
hashes (from the `integrity` read model)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from typing import Any, Generic, TypedDict, TypeVar
from uuid import UUID

from ledger.application import Ledger
from ledger.domain.base import LedgerAggregate
from ledger.events import event_data, event_type, occurred_on, recorded_by
from projections.records import decode_state, state_transcoder
from queries.integrity import hashes
from store.layout import stored_events_of
from store.sql import Database

A = TypeVar("A", bound=LedgerAggregate)
# Brings the read models up to the head of the log (`api.services.Services.refresh`).
Refresh = Callable[[], None]
# A page's (id, version)s -> what stands in for each record (the API's kept JSON), or None;
# asked once per page, so that what a kept item also depends on is read for all at once.
Reuse = Callable[[list[tuple[str, int]]], list[Any]]

_TRANSCODER = state_transcoder()


def list_records(
    db: Database, collection: str, *, process_ids: set[str] | None = None,
    unassigned: bool = False, after: str | None = None, limit: int = 50,
    reuse: Reuse | None = None,
) -> list[tuple[str, Any]]:
    """(id, current record) of a collection in creation order (the `catalog` read model), the
    record from the `records` read model, None where it keeps no state (actors: read them
    from the ledger); `after` is the last id of the previous page (KeyError when it is not
    one of this collection). With `process_ids`, only records of those processes, and also
    those of no process when `unassigned`. With `reuse`, what it answers for a record's
    (id, version) stands in for the record, whose state is then neither read nor decoded."""
    start = 0
    if after is not None:
        row = db.fetchone(
            "SELECT position FROM catalog_records WHERE id = %s AND collection = %s",
            (after, collection),
        )
        if row is None:
            raise KeyError(after)
        start = row[0]
    # The page's ids first, then their versions: joined before the LIMIT, PostgreSQL (its
    # estimate of a collection's size off, e.g. before an ANALYZE) joined and sorted every
    # record of the collection (1,002 cooperations: 100 ms at 10^5 events).
    sql = ("SELECT id, position FROM catalog_records "
           "WHERE collection = %s AND position > %s")
    params: list[Any] = [collection, start]
    if process_ids is not None:
        alternatives = ["process_id IS NULL"] if unassigned else []
        if process_ids:
            alternatives.append(
                "process_id IN (" + ", ".join(["%s"] * len(process_ids)) + ")")
            params.extend(sorted(process_ids))
        if not alternatives:
            return []
        sql += " AND (" + " OR ".join(alternatives) + ")"
    sql = (f"SELECT c.id, r.version FROM ({sql} ORDER BY position LIMIT %s) c "
           "LEFT JOIN record_states r ON r.id = c.id ORDER BY c.position")
    params.append(limit)
    rows = db.fetchall(sql, tuple(params))
    versioned = [(record_id, int(version)) for record_id, version in rows
                 if version is not None]
    stand_ins = dict(zip([record_id for record_id, _ in versioned], reuse(versioned),
                         strict=True)) if reuse is not None and versioned else {}
    # Only the states not stood in for: decoding them was most of a page's time (200
    # processes with their participants and phases: 8 of 10 ms).
    wanted = [record_id for record_id, _ in versioned if stand_ins.get(record_id) is None]
    states = record_states(db, wanted) if wanted else {}
    return [(record_id, kept if (kept := stand_ins.get(record_id)) is not None
             else states.get(record_id)) for record_id, _ in rows]


def record_states(db: Database, ids: Iterable[str]) -> dict[str, Any]:
    """Current records by id from the `records` read model, in one query per 500 ids; ids it
    keeps no state for (actors, unknown ids) are left out."""
    wanted = sorted({str(i) for i in ids})
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        rows = db.fetchall("SELECT id, state FROM record_states WHERE id IN ("
                           + ", ".join(["%s"] * len(part)) + ")", tuple(part))
        found.update((record_id, decode_state(_TRANSCODER, state)) for record_id, state in rows)
    return found


def actor_labels(db: Database, ids: Iterable[str]) -> dict[str, tuple[str, bool]]:
    """(name, erased) of actors by id from the `facts` read model, which an erasure updates
    before it answers (`api.resources.actors.erase`): what a link to an actor says, without
    replaying the actor and unsealing its name."""
    wanted = sorted({str(i) for i in ids})
    found: dict[str, tuple[str, bool]] = {}
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        rows = db.fetchall("SELECT actor_id, name, erased FROM facts_actors WHERE actor_id IN ("
                           + ", ".join(["%s"] * len(part)) + ")", tuple(part))
        found.update((actor_id, (name, bool(erased))) for actor_id, name, erased in rows)
    return found


class Page(TypedDict, Generic[A]):
    items: list[A]
    next: str | None  # the last id of this page when there are more, else None


def records_page(
    ledger: Ledger, db: Database, cls: type[A], *, process_ids: set[str] | None = None,
    unassigned: bool = False, after: str | None = None, limit: int = 50,
    reuse: Reuse | None = None,
) -> Page[A]:
    """One page of a collection in creation order (see `list_records`, and `reuse` there),
    with the id to pass as `after` for the next page; KeyError when `after` is not an id of
    this collection."""
    found = list_records(db, cls.collection, process_ids=process_ids, unassigned=unassigned,
                         after=after, limit=limit + 1, reuse=reuse)
    # Actors' state is personal data, kept in the ledger only (see projections.records):
    # their events are read in one query and each replayed, its personal fields unsealed
    # with the person's key as the ledger does (one query where 200 reads were).
    shown = found[:limit]
    missing = [record_id for record_id, record in shown if record is None]
    replayed_now = _replay_all(ledger, db, missing) if missing else {}
    items = [record if record is not None
             else replayed_now.get(record_id) or ledger.find(cls, UUID(record_id))
             for record_id, record in shown]
    return {"items": items, "next": found[limit - 1][0] if len(found) > limit else None}


def _replay_all(ledger: Ledger, db: Database, ids: list[str]) -> dict[str, Any]:
    """id -> record replayed from its events, read for all `ids` at once; {} where the
    read-side database does not reach the ledger's log."""
    stored = stored_events_of(ledger, db, ids)
    if stored is None:
        return {}
    to_domain_event = ledger.mapper.to_domain_event
    keys = getattr(ledger.mapper, "keys", None)
    out: dict[str, Any] = {}
    # The people's keys in one read too (actors are sealed with their own id as subject).
    with keys.read_together(stored) if keys is not None else nullcontext():
        for record_id, events in stored.items():
            record = None
            for event in events:
                record = to_domain_event(event).mutate(record)
            if record is not None:
                out[record_id] = record
    return out


def event_positions(db: Database, originator_id: str) -> dict[int, int]:
    """Version -> global log position for one record's events."""
    rows = db.fetchall(
        "SELECT version, position FROM catalog_events WHERE originator_id = %s",
        (originator_id,),
    )
    return {int(version): int(position) for version, position in rows}


def replayed(ledger: Ledger, cls: type[A], id: UUID) -> tuple[A, list[LedgerAggregate.Event]]:
    """A record's events and the record replayed from them (no second read of the log);
    NotFound, with the usual message, when there is no `cls` of that id."""
    events: list[LedgerAggregate.Event] = ledger.history(id)
    record: LedgerAggregate | None = None
    for event in events:
        record = event.mutate(record)
    if not isinstance(record, cls):
        return ledger.find(cls, id), events  # raises NotFound
    return record, events


def chain_hashes(db: Database, positions: Iterable[int], *, refresh: Refresh) -> dict[int, str]:
    """The chain hash at each position (the integrity read model), caught up first if it
    lacks some; positions it has not reached yet (worker mode) are left out."""
    wanted = list(positions)
    found = hashes(db, wanted)
    if len(found) < len(set(wanted)):
        refresh()
        found = hashes(db, wanted)
    return found


def history(db: Database, id: UUID, events: Sequence[LedgerAggregate.Event], *,
            refresh: Refresh,
            more: Sequence[tuple[int, LedgerAggregate.Event]] = ()) -> list[dict[str, Any]]:
    """The events of record `id` (as `replayed` answers them) with their log positions and
    chain hashes, the read models caught up first if they lack some; with `more`, the
    (position, event) of records that belong to its history (`Ledger.related_events`: a
    vote's ballots), all in log order."""
    positions = event_positions(db, str(id))
    if len(positions) < len(events):
        refresh()
        positions = event_positions(db, str(id))
    placed = [(positions.get(e.originator_version), e) for e in events] + list(more)
    found = chain_hashes(db, [p for p, _ in placed if p is not None], refresh=refresh)
    if more:  # a position not known yet (worker mode) goes last, as it was recorded last
        placed.sort(key=lambda pe: (pe[0] is None, pe[0] or 0))
    rows = []
    for position, e in placed:
        rows.append({
            "position": position,
            "type": event_type(e),
            "version": e.originator_version,
            "occurred_on": occurred_on(e),
            "recorded_at": e.timestamp.isoformat(),
            "recorded_by": recorded_by(e),
            "data": event_data(e),
            "hash": None if position is None else found.get(position),
        })
    return rows
