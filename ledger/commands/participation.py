"""Actors, cooperations, processes and gatherings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from ledger.commands.base import LedgerBase, Written, retrying
from ledger.domain.actors import ACTOR_KINDS, COOPERATION_KINDS, Actor, Cooperation
from ledger.domain.base import one_of, require_text
from ledger.domain.processes import GATHERING_FORMATS, LEVELS, Gathering, Process
from ledger.errors import InvalidValue


class ParticipationCommands(LedgerBase):
    def register_actor(
        self, *, kind: str, name: str, district: str | None = None, kiez: str | None = None,
        contact: str | None = None,
    ) -> Written:
        actor = Actor(
            kind=one_of(kind, ACTOR_KINDS, "kind"), name=require_text(name, "name"),
            district=district, kiez=kiez, contact=contact,
        )
        return self.store(actor)

    @retrying
    def erase_actor(self, id: UUID, *, reason: str, erased_on: date | None = None,  # noqa: A002
                    if_match: int | None = None) -> Written:
        """GDPR Art. 17: destroy the actor's personal key, then record `Actor.Erased`.

        A person loses name and contact, any other actor its contact (see ledger.personal).
        The key goes first: should recording the event fail, the data is gone all the same
        and a retry records the event. An actor already erased is refused (after making
        sure its key is gone).
        """
        actor = self.find(Actor, id)
        self.check_version(actor, if_match)
        reason = require_text(reason, "reason")
        if actor.erased:
            self.personal_keys.erase(str(id), _now())  # type: ignore[attr-defined]
        actor.erase(reason, erased_on or date.today())
        self.personal_keys.erase(str(id), _now())  # type: ignore[attr-defined]
        return self.store(actor)

    def start_cooperation(
        self, *, actor_ids: list[UUID], kind: str, started_on: date,
        process_id: UUID | None = None,
    ) -> Written:
        if len(actor_ids) != 2 or actor_ids[0] == actor_ids[1]:
            raise InvalidValue("a cooperation joins exactly two different actors",
                               field="actor_ids")
        for actor_id in actor_ids:
            self.find(Actor, actor_id, field="actor_ids")
        if process_id is not None:
            self.find(Process, process_id, field="process_id").check_date(started_on, "started_on")
        cooperation = Cooperation(
            actor_ids=actor_ids, kind=one_of(kind, COOPERATION_KINDS, "kind"),
            started_on=started_on, process_id=process_id,
        )
        return self.store(cooperation)

    @retrying
    def end_cooperation(self, id: UUID, *, ended_on: date,  # noqa: A002
                        if_match: int | None = None) -> Written:
        cooperation = self.find(Cooperation, id)
        self.check_version(cooperation, if_match)
        cooperation.end(ended_on)
        return self.store(cooperation)

    def start_process(
        self, *, title: str, level: str, started_on: date, topics: list[str] | None = None,
        area: str | None = None, goals: dict | None = None,
    ) -> Written:
        goals = dict(goals or {})
        per_year = goals.get("open_assemblies_per_year")
        if per_year is not None and (not isinstance(per_year, int) or per_year < 0):
            raise InvalidValue("open_assemblies_per_year must be a whole number >= 0",
                               field="goals")
        process = Process(
            title=require_text(title, "title"), level=one_of(level, LEVELS, "level"),
            area=area, topics=list(topics or []), started_on=started_on, goals=goals,
        )
        return self.store(process)

    @retrying
    def add_participant(self, process_id: UUID, *, actor_id: UUID, role: str,
                        joined_on: date, if_match: int | None = None) -> Written:
        process = self.find(Process, process_id)
        self.check_version(process, if_match)
        self.find(Actor, actor_id, field="actor_id")
        process.add_participant(actor_id, require_text(role, "role"), joined_on)
        return self.store(process)

    @retrying
    def start_phase(self, process_id: UUID, *, name: str, started_on: date,
                    if_match: int | None = None) -> Written:
        process = self.find(Process, process_id)
        self.check_version(process, if_match)
        process.start_phase(require_text(name, "name"), started_on)
        return self.store(process)

    @retrying
    def conclude_process(self, process_id: UUID, *, concluded_on: date, summary: str,
                         if_match: int | None = None) -> Written:
        process = self.find(Process, process_id)
        self.check_version(process, if_match)
        process.conclude(concluded_on, require_text(summary, "summary"))
        return self.store(process)

    def record_gathering(
        self, *, process_id: UUID, format: str, title: str, held_on: date,  # noqa: A002
        place: str | None = None, attendance: int | None = None,
    ) -> Written:
        process = self.find(Process, process_id, field="process_id")
        process.check_date(held_on, "held_on")
        if attendance is not None and attendance < 0:
            raise InvalidValue("attendance must not be negative", field="attendance")
        gathering = Gathering(
            process_id=process_id, format=one_of(format, GATHERING_FORMATS, "format"),
            title=require_text(title, "title"), held_on=held_on, place=place,
            attendance=attendance,
        )
        return self.store(gathering)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
