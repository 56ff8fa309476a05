"""Which ballot records each vote has: an index of the log's `Ballot.Cast` events, kept in
a `BallotStore` (a table beside the event table; in memory only for the in-memory store)
and caught up from the log before each use."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.utils import get_topic

from ledger.ballot_store import BallotStore, Found, ReadOnlyStore, Row
from ledger.domain.votes import Ballot

BALLOT_TOPIC = get_topic(Ballot.Cast)  # type: ignore[attr-defined]
_PAGE = 1000
_FAR = 10_000  # log positions: ask the store where it is rather than read them


class Decoder(Protocol):
    def to_domain_event(self, stored_event: StoredEvent) -> Ballot.Event: ...


@dataclass(frozen=True)
class Cast:
    """A ballot record's event and its position in the log."""

    event: Ballot.Event
    position: int


@dataclass(frozen=True)
class Ballots:
    """A vote's ballot records as of log position `through`: voter id hex -> choice."""

    choices: dict[str, str]
    through: int


class BallotIndex:
    """Vote id -> its ballots: every ballot record in the log, read per vote from the store.

    Before each use the store is caught up from the position it reached to the log's head
    (pages of `Ballot.Cast` events, each page's rows and position in one transaction), so
    closing a vote or showing its ballots reads one vote's rows, not the log, and a worker
    keeps nothing per ballot. Ballots are never changed or removed, so what is indexed stays
    true; every process over the same database shares the one table.
    """

    def __init__(self, recorder: ApplicationRecorder, mapper: Decoder,
                 store: BallotStore) -> None:
        self._recorder = recorder
        self._mapper = mapper
        self.store = store
        self._lock = threading.Lock()  # one catch-up at a time in this process
        self._read_only = False
        # Every ballot up to `_through` is in the store (read from its position, or this
        # process read the log past it and found none, or added them); `_stored` is the
        # store's own position as last seen (-1: not yet asked).
        self._through = 0
        self._stored = -1

    def ballots(self, vote_id: UUID, *, as_of: datetime | None = None) -> Ballots:
        """The vote's ballot records, all that the log holds now (or recorded by `as_of`)."""
        found, head = self._found(vote_id, as_of)
        return Ballots({voter: choice for voter, _, choice in found}, head)

    def plain(self, vote_id: UUID) -> list[dict[str, str]]:
        """The vote's ballot records now, as `{"voter_id": "<uuid>", "choice": ...}`, in the
        order they were cast."""
        return [{"voter_id": str(UUID(voter)), "choice": choice}
                for voter, _, choice in self._found(vote_id)[0]]

    def last_ballots(self, vote_ids: Sequence[UUID]) -> dict[UUID, int]:
        """Each vote's last ballot's log position as the log stands now (votes without:
        absent); one query for a page of votes. Where the store is behind the log (it takes
        no writes), every vote answers the log's head: a value that moves with any ballot."""
        head, indexed = self.catch_up()
        if indexed < head:
            return dict.fromkeys(vote_ids, head)
        return self.store.last_positions(vote_ids, indexed)

    def events(self, vote_id: UUID) -> list[Cast]:
        """The events of the vote's ballot records, in log order (read again from the log,
        between the vote's first and last ballot)."""
        positions = [position for _, position, _ in self._found(vote_id)[0]]
        found: list[Cast] = []
        if not positions:
            return found
        after, last = positions[0] - 1, positions[-1]
        while after < last:
            page, after = self._page(after, last)
            found += [Cast(event, position) for position, event in page
                      if event.vote_id == vote_id]  # type: ignore[attr-defined]
        return found

    def of_vote(self, vote_id: UUID, stored: StoredEvent) -> bool:
        """Whether a stored ballot belongs to the vote (`NothingNew.concerns`)."""
        event = self._mapper.to_domain_event(stored)
        return isinstance(event, Ballot.Cast) and event.vote_id == vote_id  # type: ignore[attr-defined]

    def _found(self, vote_id: UUID, as_of: datetime | None = None) -> tuple[list[Found], int]:
        """The vote's ballots through the log's head, in log order, and that head."""
        head, indexed = self.catch_up()
        # Through `head`, not further: what another process indexed since is not counted,
        # and the close's precondition checks the log after `head`.
        found = self.store.of_vote(vote_id, indexed, as_of)
        if indexed < head:  # a read-only store: the rest from the log
            found += [(voter, position, choice) for voter, position, at, choice
                      in self._read(indexed, head, vote_id) if as_of is None or at <= as_of]
        return found, head

    def catch_up(self) -> tuple[int, int]:
        """Index what the log recorded since: (the log's head, the position through which
        every ballot is in the store), the head unless the store takes no writes and ballots
        came after its position. `kiezledger init` calls it, so that the first catch-up of
        a large log (a store of an earlier release) is not a serving worker's."""
        head = self._recorder.max_notification_id() or 0
        if self._through >= head:
            return head, head
        with self._lock:
            if self._stored < 0 or head - self._through > _FAR:
                # First use, or far behind: another process may have indexed it already.
                self._stored = self.store.through()
                self._through = max(self._through, self._stored)
            while self._through < head:
                page, reached = self._page(self._through, head)
                rows: list[Row] = [
                    (event.vote_id, event.voter_id, position, event.timestamp,  # type: ignore[attr-defined]
                     event.choice) for position, event in page]  # type: ignore[attr-defined]
                # Without ballots the position is written only now and then: a worker
                # knows the stretch it read holds none, others read it once.
                if rows or reached - self._stored >= _FAR:
                    self._stored = max(self._stored, self.store.through())
                    if self._stored < reached and not self._read_only:
                        try:
                            self._stored = self.store.add(rows, reached)
                        except ReadOnlyStore:
                            self._read_only = True
                    if rows and self._stored < reached:  # a store that takes no writes:
                        self._through = max(self._through, self._stored)
                        break  # `_found` reads the rest from the log
                self._through = max(self._through, reached, self._stored)
            return head, min(self._through, head)

    def _read(self, after: int, head: int,
              vote_id: UUID) -> list[tuple[str, int, datetime, str]]:
        """The vote's ballots in the log after `after` up to `head`, decoded."""
        found = []
        while after < head:
            page, after = self._page(after, head)
            found += [(event.voter_id.hex, position, event.timestamp,  # type: ignore[attr-defined]
                       event.choice) for position, event in page  # type: ignore[attr-defined]
                      if event.vote_id == vote_id]  # type: ignore[attr-defined]
        return found

    def _page(self, after: int, until: int) -> tuple[list[tuple[int, Ballot.Event]], int]:
        """One page of the log's ballot events after `after` up to `until`, decoded with
        their positions, and the position the page reaches (`until` when it is the last)."""
        page = self._recorder.select_notifications(
            start=after + 1, limit=_PAGE, stop=until, topics=(BALLOT_TOPIC,))
        reached = page[-1].id if len(page) == _PAGE else until
        return [(n.id, self._mapper.to_domain_event(n)) for n in page], reached
