"""Actors, cooperations, processes and gatherings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from ledger.commands.base import LedgerBase, Written, recorded, retrying
from ledger.domain.actors import Actor, Cooperation
from ledger.domain.processes import Gathering, Goals, Process


class ParticipationCommands(LedgerBase):
    @recorded
    def register_actor(
        self, *, kind: str, name: str, district: str | None = None, kiez: str | None = None,
        contact: str | None = None,
    ) -> Written[Actor]:
        return self.store(Actor.register(kind=kind, name=name, district=district, kiez=kiez,
                                         contact=contact))

    @retrying
    def erase_actor(self, id: UUID, *, reason: str, erased_on: date | None = None,  # noqa: A002
                    if_match: int | None = None) -> Written[Actor]:
        """GDPR Art. 17: destroy the actor's personal key, then record `Actor.Erased`.

        A person loses name and contact, any other actor its contact (see ledger.personal).
        The key goes first: should recording the event fail, the data is gone all the same
        and a retry records the event. An actor already erased is refused (after making
        sure its key is gone).
        """
        actor = self.find(Actor, id)
        self.check_version(actor, if_match)
        if actor.erased:
            self.personal_keys.erase(str(id), _now())
        actor.erase(reason, erased_on or date.today())
        self.personal_keys.erase(str(id), _now())
        return self.store(actor)

    @recorded
    def start_cooperation(
        self, *, actor_ids: list[UUID], kind: str, started_on: date,
        process_id: UUID | None = None,
    ) -> Written[Cooperation]:
        for actor_id in actor_ids:
            self.find(Actor, actor_id, field="actor_ids")
        process = None
        if process_id is not None:
            process = self.find(Process, process_id, field="process_id")
        return self.store(Cooperation.start(actor_ids=actor_ids, kind=kind,
                                            started_on=started_on, process=process))

    @retrying
    def end_cooperation(self, id: UUID, *, ended_on: date,  # noqa: A002
                        if_match: int | None = None) -> Written[Cooperation]:
        cooperation = self.find(Cooperation, id)
        self.check_version(cooperation, if_match)
        self.check_open_on(cooperation.process_id, ended_on, "ended_on")
        cooperation.end(ended_on)
        return self.store(cooperation)

    @recorded
    def start_process(
        self, *, title: str, level: str, started_on: date, topics: list[str] | None = None,
        area: str | None = None, goals: Goals | None = None,
    ) -> Written[Process]:
        return self.store(Process.start(title=title, level=level, started_on=started_on,
                                        topics=topics, area=area, goals=goals))

    @retrying
    def add_participant(self, process_id: UUID, *, actor_id: UUID, role: str,
                        joined_on: date, if_match: int | None = None) -> Written[Process]:
        process = self.find(Process, process_id)
        self.check_version(process, if_match)
        self.find(Actor, actor_id, field="actor_id")
        process.add_participant(actor_id, role, joined_on)
        return self.store(process)

    @retrying
    def start_phase(self, process_id: UUID, *, name: str, started_on: date,
                    if_match: int | None = None) -> Written[Process]:
        process = self.find(Process, process_id)
        self.check_version(process, if_match)
        process.start_phase(name, started_on)
        return self.store(process)

    @retrying
    def conclude_process(self, process_id: UUID, *, concluded_on: date, summary: str,
                         if_match: int | None = None) -> Written[Process]:
        process = self.find(Process, process_id)
        self.check_version(process, if_match)
        process.conclude(concluded_on, summary)
        return self.store(process)

    @recorded
    def record_gathering(
        self, *, process_id: UUID, format: str, title: str, held_on: date,  # noqa: A002
        place: str | None = None, attendance: int | None = None,
    ) -> Written[Gathering]:
        process = self.find(Process, process_id, field="process_id")
        return self.store(Gathering.record(process=process, format=format, title=title,
                                           held_on=held_on, place=place,
                                           attendance=attendance))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
