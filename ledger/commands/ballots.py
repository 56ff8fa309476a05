"""Which ballot records each vote has: an index of the log's `Ballot.Cast` events, kept in
the application's memory and caught up from the log before each use."""

from __future__ import annotations

import threading
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
        self._votes: dict[UUID, dict[str, Cast]] = {}  # vote -> voter hex -> its ballot
        # vote -> its ballots as JSON values, in log order: a vote's answer lists them all
        # after each ballot, so they are made once, not per answer.
        self._plain: dict[UUID, list[dict[str, str]]] = {}

    def ballots(self, vote_id: UUID, *, as_of: datetime | None = None) -> Ballots:
        """The vote's ballot records, all that the log holds now (or recorded by `as_of`)."""
        with self._lock:
            through = self._catch_up()
            cast = dict(self._votes.get(vote_id, {}))
        return Ballots({voter: c.event.choice for voter, c in cast.items()  # type: ignore[attr-defined]
                        if as_of is None or c.event.timestamp <= as_of}, through)

    def plain(self, vote_id: UUID) -> list[dict[str, str]]:
        """The vote's ballot records now, as `{"voter_id": "<uuid>", "choice": ...}`."""
        with self._lock:
            self._catch_up()
            return list(self._plain.get(vote_id, ()))

    def events(self, vote_id: UUID) -> list[Cast]:
        """The events of the vote's ballot records, in log order."""
        with self._lock:
            self._catch_up()
            return sorted(self._votes.get(vote_id, {}).values(), key=lambda c: c.position)

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
                self._votes.setdefault(vote_id, {})[voter_id.hex] = Cast(event, notification.id)
                self._plain.setdefault(vote_id, []).append(
                    {"voter_id": str(voter_id), "choice": event.choice})  # type: ignore[attr-defined]
            self._through = page[-1].id if len(page) == _PAGE else head
        return self._through
