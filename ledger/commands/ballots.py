"""Which ballot records each vote has: an index of the log's `Ballot.Cast` events, kept in
the application's memory and caught up from the log before each use."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.utils import get_topic

from ledger.domain.votes import Ballot

BALLOT_TOPIC = get_topic(Ballot.Cast)  # type: ignore[attr-defined]
_PAGE = 1000


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


# What the index keeps of one ballot: (position in the log, recorded at, choice). Whole
# events cost about 1.6 KB a ballot and every ballot ever cast is kept, so a worker grew
# with the log (1 GB at 10^6 events); the events themselves are read again when a vote's
# history asks for them.
Entry = tuple[int, datetime, str]


class BallotIndex:
    """Vote id -> voter id hex -> the ballot: every ballot record in the log up to `through`.

    Reading on from `through` costs only the events recorded since, so closing a vote or
    showing its ballots does not read the log again (nor each ballot record). Ballots are
    never changed or removed, so what is indexed stays true.
    """

    def __init__(self, recorder: ApplicationRecorder, mapper: Decoder) -> None:
        self._recorder = recorder
        self._mapper = mapper
        self._lock = threading.Lock()
        self._through = 0
        # vote -> voter hex -> its ballot, in the order cast (a voter casts once)
        self._votes: dict[UUID, dict[str, Entry]] = {}

    def ballots(self, vote_id: UUID, *, as_of: datetime | None = None) -> Ballots:
        """The vote's ballot records, all that the log holds now (or recorded by `as_of`)."""
        with self._lock:
            through = self._catch_up()
            cast = dict(self._votes.get(vote_id, {}))
        return Ballots({voter: choice for voter, (_, at, choice) in cast.items()
                        if as_of is None or at <= as_of}, through)

    def plain(self, vote_id: UUID) -> list[dict[str, str]]:
        """The vote's ballot records now, as `{"voter_id": "<uuid>", "choice": ...}`, in the
        order they were cast."""
        with self._lock:
            self._catch_up()
            cast = list(self._votes.get(vote_id, {}).items())
        return [{"voter_id": str(UUID(voter)), "choice": choice} for voter, (_, _, choice) in cast]

    def counter(self) -> Callable[[UUID], int]:
        """How many ballots a vote has, as the log stands now: one catch-up here, then a
        look-up per vote (a page of 200 votes asks 200 times; counts only grow)."""
        with self._lock:
            self._catch_up()

        def count(vote_id: UUID) -> int:
            with self._lock:
                return len(self._votes.get(vote_id, ()))

        return count

    def events(self, vote_id: UUID) -> list[Cast]:
        """The events of the vote's ballot records, in log order (read again from the log,
        between the vote's first and last ballot)."""
        with self._lock:
            self._catch_up()
            positions = sorted(position for position, _, _ in
                               self._votes.get(vote_id, {}).values())
        found: list[Cast] = []
        if not positions:
            return found
        start, last = positions[0], positions[-1]
        while start <= last:
            page = self._recorder.select_notifications(
                start=start, limit=_PAGE, stop=last, topics=(BALLOT_TOPIC,))
            for notification in page:
                event = self._mapper.to_domain_event(notification)
                if event.vote_id == vote_id:  # type: ignore[attr-defined]
                    found.append(Cast(event, notification.id))
            if len(page) < _PAGE:
                break
            start = page[-1].id + 1
        return found

    def of_vote(self, vote_id: UUID, stored: StoredEvent) -> bool:
        """Whether a stored ballot belongs to the vote (`NothingNew.concerns`)."""
        event = self._mapper.to_domain_event(stored)
        return isinstance(event, Ballot.Cast) and event.vote_id == vote_id  # type: ignore[attr-defined]

    def _catch_up(self) -> int:
        head = self._recorder.max_notification_id() or 0
        while self._through < head:
            page = self._recorder.select_notifications(
                start=self._through + 1, limit=_PAGE, stop=head, topics=(BALLOT_TOPIC,))
            for notification in page:
                event = self._mapper.to_domain_event(notification)
                vote_id, voter_id = event.vote_id, event.voter_id  # type: ignore[attr-defined]
                choice = sys.intern(event.choice)  # type: ignore[attr-defined]
                self._votes.setdefault(vote_id, {})[voter_id.hex] = (
                    notification.id, event.timestamp, choice)
            self._through = page[-1].id if len(page) == _PAGE else head
        return self._through
