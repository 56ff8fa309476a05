"""Where the ballot index (`ledger.commands.ballots`) keeps what it read of the log: one row
per ballot record (vote, voter, position, recorded at, choice) and the log position it is
caught up through.

A worker once kept every ballot ever cast in its memory, so it grew with the log (40 MB at
10^6 events even when kept compact). Over a database the rows live in a table beside the
event table (`store.ballots`), read per vote; only the in-memory event store keeps them in
memory here (`MemoryBallotStore`), as it keeps its events.

Rows are only ever added, never changed: a voter casts once (`Ballot`'s id is uuid5 of vote
and voter), so adding a row twice (two workers catching up at once) keeps the first, which
is the same row.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

# vote id, voter id, log position, recorded at, choice
Row = tuple[UUID, UUID, int, datetime, str]
# voter id hex, log position, choice
Found = tuple[str, int, str]


class ReadOnlyStore(Exception):
    """The database takes no writes (a PostgreSQL hot standby): the index cannot be caught
    up there, so ballots after its position are read from the log instead."""


class BallotStore(Protocol):
    def create_table(self) -> None:
        """Make the table and the position row if missing (idempotent)."""

    def through(self) -> int:
        """The log position the rows are caught up through (0: none yet)."""

    def add(self, rows: Sequence[Row], through: int) -> int:
        """Add `rows` (a row already there is kept) and advance the position to `through`
        unless it is further already, in one transaction; answer the position now.
        Raise `ReadOnlyStore` where the database takes no writes."""

    def of_vote(self, vote_id: UUID, through: int,
                as_of: datetime | None = None) -> list[Found]:
        """The vote's ballots up to log position `through` (recorded by `as_of`), in log
        order."""

    def last_positions(self, vote_ids: Sequence[UUID], through: int) -> dict[UUID, int]:
        """Each vote's last ballot's log position up to `through` (votes without: absent)."""


class MemoryBallotStore:
    """The rows in a dict: for the in-memory event store, which holds every event anyway."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._through = 0
        # vote -> voter hex -> (position, recorded at, choice), in log order
        self._votes: dict[UUID, dict[str, tuple[int, datetime, str]]] = {}

    def create_table(self) -> None:
        pass

    def through(self) -> int:
        return self._through

    def add(self, rows: Sequence[Row], through: int) -> int:
        with self._lock:
            for vote_id, voter_id, position, at, choice in rows:
                self._votes.setdefault(vote_id, {}).setdefault(voter_id.hex,
                                                               (position, at, choice))
            self._through = max(self._through, through)
            return self._through

    def of_vote(self, vote_id: UUID, through: int,
                as_of: datetime | None = None) -> list[Found]:
        with self._lock:
            cast = list(self._votes.get(vote_id, {}).items())
        return sorted(((voter, position, choice) for voter, (position, at, choice) in cast
                       if position <= through and (as_of is None or at <= as_of)),
                      key=lambda found: found[1])

    def last_positions(self, vote_ids: Sequence[UUID], through: int) -> dict[UUID, int]:
        with self._lock:
            found = {vote_id: [position for position, _, _ in self._votes.get(vote_id, {})
                               .values() if position <= through] for vote_id in vote_ids}
        return {vote_id: max(positions) for vote_id, positions in found.items() if positions}
