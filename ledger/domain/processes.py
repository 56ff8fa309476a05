"""Participation processes (Beteiligungsprozesse) and the gatherings held in them."""

from __future__ import annotations

from datetime import date
from typing import TypedDict
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
from ledger.errors import InvalidValue

LEVELS = ("house", "street", "kiez", "district", "state")
GATHERING_FORMATS = (
    "open_assembly", "future_workshop", "energy_assembly", "storytelling_workshop",
    "summit", "training", "action", "other",
)


class Goals(TypedDict, total=False):
    """What a process sets out to do (each goal optional)."""

    open_assemblies_per_year: int | None


class Participant(TypedDict):
    actor_id: UUID
    role: str
    joined_on: date


class Phase(TypedDict):
    name: str
    started_on: date


class Process(LedgerAggregate):
    """A long-running participation process with phases, participants and goals."""

    collection = "processes"

    @event("Started")
    def __init__(
        self, title: str, level: str, area: str | None, topics: list[str],
        started_on: OccurredOn, goals: Goals,
    ) -> None:
        self.title = title
        self.level = level
        self.area = area
        self.topics = list(topics)
        self.started_on = started_on
        self.goals = goals.copy()
        self.participants: list[Participant] = []
        self.phases: list[Phase] = []
        self.concluded_on: date | None = None
        self.summary: str | None = None

    @classmethod
    def start(
        cls, *, title: str, level: str, started_on: date, topics: list[str] | None = None,
        area: str | None = None, goals: Goals | None = None,
    ) -> Process:
        goals = goals.copy() if goals else Goals()
        per_year = goals.get("open_assemblies_per_year")
        if per_year is not None and (not isinstance(per_year, int) or per_year < 0):
            raise InvalidValue("open_assemblies_per_year must be a whole number >= 0",
                               field="goals")
        return cls(title=require_text(title, "title"), level=one_of(level, LEVELS, "level"),
                   area=area, topics=list(topics or []), started_on=started_on, goals=goals)

    @property
    def process_id(self) -> UUID:  # a process is in its own scope
        return self.id

    @property
    def status(self) -> str:
        return "concluded" if self.concluded_on else "running"

    def check_running(self) -> None:
        require(self.concluded_on is None, "the process has been concluded")

    def check_open_on(self, on: date, field: str) -> None:
        """The one rule for every record of the process: nothing of it happens after the
        process concluded (RuleViolation naming `field`)."""
        if self.concluded_on is not None:
            require(
                on <= self.concluded_on,
                f"{field} {on.isoformat()} is after the process concluded "
                f"({self.concluded_on.isoformat()})",
                field=field,
            )

    def check_date(self, on: date, field: str) -> None:
        """A thing in the process cannot happen before it started or after it concluded."""
        not_before(on, self.started_on, "the process's start", field)
        self.check_open_on(on, field)

    def add_participant(self, actor_id: UUID, role: str, joined_on: date) -> None:
        role = require_text(role, "role")
        self.check_date(joined_on, "joined_on")
        self.check_running()
        require(
            all(p["actor_id"] != actor_id for p in self.participants),
            "the actor already takes part in this process", field="actor_id",
        )
        self._join(actor_id, role, joined_on)

    @event("ParticipantJoined")
    def _join(self, actor_id: UUID, role: str, joined_on: OccurredOn) -> None:
        self.participants.append(Participant(actor_id=actor_id, role=role, joined_on=joined_on))

    def start_phase(self, name: str, started_on: date) -> None:
        name = require_text(name, "name")
        self.check_date(started_on, "started_on")
        self.check_running()
        if self.phases:
            not_before(started_on, self.phases[-1]["started_on"], "the previous phase",
                       "started_on")
        self._start_phase(name, started_on)

    @event("PhaseStarted")
    def _start_phase(self, name: str, started_on: OccurredOn) -> None:
        self.phases.append(Phase(name=name, started_on=started_on))

    def conclude(self, concluded_on: date, summary: str) -> None:
        summary = require_text(summary, "summary")
        self.check_running()
        not_before(concluded_on, self.started_on, "the process's start", "concluded_on")
        if self.phases:
            not_before(concluded_on, self.phases[-1]["started_on"], "the last phase's start",
                       "concluded_on")
        if self.participants:
            joined = max(p["joined_on"] for p in self.participants)
            not_before(concluded_on, joined, "the last participant joined", "concluded_on")
        self._conclude(concluded_on, summary)

    @event("Concluded")
    def _conclude(self, concluded_on: OccurredOn, summary: str) -> None:
        self.concluded_on = concluded_on
        self.summary = summary


class Gathering(LedgerAggregate):
    """A meeting or action that took place: an open assembly, a future workshop, a summit."""

    collection = "gatherings"

    @event("Held")
    def __init__(
        self, process_id: UUID, format: str, title: str,  # noqa: A002
        held_on: OccurredOn, place: str | None, attendance: int | None,
    ) -> None:
        self.process_id: UUID = process_id
        self.format = format
        self.title = title
        self.held_on = held_on
        self.place = place
        self.attendance = attendance

    @classmethod
    def record(
        cls, *, process: Process, format: str, title: str, held_on: date,  # noqa: A002
        place: str | None = None, attendance: int | None = None,
    ) -> Gathering:
        process.check_date(held_on, "held_on")
        if attendance is not None and attendance < 0:
            raise InvalidValue("attendance must not be negative", field="attendance")
        return cls(process_id=process.id, format=one_of(format, GATHERING_FORMATS, "format"),
                   title=require_text(title, "title"), held_on=held_on, place=place,
                   attendance=attendance)
