"""Actors (Akteur:innen) and their cooperations (Kooperationen)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import (
    LedgerAggregate,
    OccurredOn,
    not_before,
    one_of,
    require,
    require_text,
)
from ledger.domain.processes import Process
from ledger.errors import InvalidValue

ACTOR_KINDS = (
    "person", "initiative", "association", "administration",
    "politics", "business", "school", "funder", "other",
)
COOPERATION_KINDS = ("partnership", "membership", "joint_action")


class Actor(LedgerAggregate):
    """Someone who takes part: a person, an initiative, a shop, the district office."""

    collection = "actors"

    @event("Registered")
    def __init__(
        self, kind: str, name: str, district: str | None, kiez: str | None,
        contact: str | None,
    ) -> None:
        self.kind = kind
        self.name = name
        self.district = district
        self.kiez = kiez
        self.contact = contact
        self.erased = False
        self.erased_on: date | None = None
        self.erasure_reason: str | None = None

    @classmethod
    def register(
        cls, *, kind: str, name: str, district: str | None = None, kiez: str | None = None,
        contact: str | None = None,
    ) -> Actor:
        return cls(kind=one_of(kind, ACTOR_KINDS, "kind"), name=require_text(name, "name"),
                   district=district, kiez=kiez, contact=contact)

    def erase(self, reason: str, erased_on: date) -> None:
        """Record that this actor's personal data was erased (its key is destroyed apart)."""
        reason = require_text(reason, "reason")
        require(not self.erased, "the actor's personal data has already been erased")
        self._erase(reason, erased_on)

    @event("Erased")
    def _erase(self, reason: str, erased_on: OccurredOn) -> None:
        # The same fields ledger.personal seals (read back as "[erased]" once the key is gone).
        if self.kind == "person":
            self.name = "[erased]"
        if self.contact is not None:
            self.contact = "[erased]"
        self.erased = True
        self.erased_on = erased_on
        self.erasure_reason = reason


class Cooperation(LedgerAggregate):
    """Kooperation: an edge between two actors, from a date, maybe until a date."""

    collection = "cooperations"

    @event("Started")
    def __init__(
        self, actor_ids: list[UUID], kind: str, started_on: OccurredOn,
        process_id: UUID | None,
    ) -> None:
        self.actor_ids = list(actor_ids)
        self.kind = kind
        self.started_on = started_on
        self.process_id: UUID | None = process_id
        self.ended_on: date | None = None

    @classmethod
    def start(
        cls, *, actor_ids: list[UUID], kind: str, started_on: date,
        process: Process | None = None,
    ) -> Cooperation:
        """`process`: the Process it belongs to, or None."""
        if len(actor_ids) != 2 or actor_ids[0] == actor_ids[1]:
            raise InvalidValue("a cooperation joins exactly two different actors",
                               field="actor_ids")
        kind = one_of(kind, COOPERATION_KINDS, "kind")
        if process is not None:
            process.check_date(started_on, "started_on")
        return cls(actor_ids=actor_ids, kind=kind, started_on=started_on,
                   process_id=process.id if process is not None else None)

    @property
    def status(self) -> str:
        return "ended" if self.ended_on else "running"

    def end(self, ended_on: date) -> None:
        require(self.ended_on is None, "the cooperation has already ended")
        not_before(ended_on, self.started_on, "the cooperation's start", "ended_on")
        self._end(ended_on)

    @event("Ended")
    def _end(self, ended_on: OccurredOn) -> None:
        self.ended_on = ended_on
