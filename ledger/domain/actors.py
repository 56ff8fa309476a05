"""Actors (Akteur:innen) and their cooperations (Kooperationen)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from ledger.domain.base import LedgerAggregate, not_before, require

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
    ):
        self.kind = kind
        self.name = name
        self.district = district
        self.kiez = kiez
        self.contact = contact
        self.erased = False
        self.erased_on: date | None = None
        self.erasure_reason: str | None = None

    def erase(self, reason: str, erased_on: date) -> None:
        """Record that this actor's personal data was erased (its key is destroyed apart)."""
        require(not self.erased, "the actor's personal data has already been erased")
        self._erase(reason, erased_on)

    @event("Erased")
    def _erase(self, reason: str, erased_on: date) -> None:
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
        self, actor_ids: list[UUID], kind: str, started_on: date,
        process_id: UUID | None,
    ):
        self.actor_ids = list(actor_ids)
        self.kind = kind
        self.started_on = started_on
        self.process_id = process_id
        self.ended_on: date | None = None

    @property
    def status(self) -> str:
        return "ended" if self.ended_on else "running"

    def end(self, ended_on: date) -> None:
        require(self.ended_on is None, "the cooperation has already ended")
        not_before(ended_on, self.started_on, "the cooperation's start", "ended_on")
        self._end(ended_on)

    @event("Ended")
    def _end(self, ended_on: date) -> None:
        self.ended_on = ended_on
