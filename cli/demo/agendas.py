"""Agendas after the scripted years: each year's assemblies draw motions from a pool, with
outcomes, amendments and the fate of their promises drawn too."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from cli.demo.context import Context
from cli.demo.data.actors import ORGANISATIONS, PERSONS
from cli.demo.data.agendas import (
    AMENDMENT_ADDITIONS,
    DISTRICT_POOL,
    EVIDENCE,
    KIEZ_POOL,
    KIEZE,
    PROGRESS_NOTES,
    WITHDRAWAL_REASONS,
)
from cli.demo.data.places import RATHAUS
from cli.demo.records import (
    Amendment,
    Fulfilled,
    Gathering,
    Kiez,
    Motion,
    PoolMotion,
    PoolPromise,
    Process,
    Progress,
    Promise,
    Withdrawn,
)
from cli.demo.timeline import add_months, month_end, saturday


@dataclass(frozen=True)
class Session:
    title: str
    month: int
    place: str
    attendance: tuple[int, int]
    format: str


@dataclass(frozen=True)
class Agenda:
    """How a process draws its agendas: sessions, pool, possible authors, most motions."""

    sessions: tuple[Session, ...]
    pool: tuple[PoolMotion, ...]
    authors: tuple[str, ...]
    most_motions: int
    kiez: Kiez | None  # None: the district; promises name actors, not roles
    names: dict


def agenda_of(process: Process) -> Agenda:
    if process.level != "kiez":
        return Agenda(
            sessions=(Session("Offene Bezirksversammlung", 3, RATHAUS, (55, 95), "open_assembly"),
                      Session("Bezirksgipfel", 11, RATHAUS, (90, 150), "summit")),
            pool=DISTRICT_POOL, authors=ORGANISATIONS, most_motions=2, kiez=None, names={})
    assert process.kiez is not None  # a kiez-level process names its kiez
    kiez = KIEZE[process.kiez]
    return Agenda(
        sessions=(Session("Frühjahrsversammlung", kiez.spring_month, kiez.place, (40, 70),
                          "open_assembly"),
                  Session("Herbstversammlung", kiez.autumn_month, kiez.hall, (36, 64),
                          "open_assembly")),
        pool=KIEZ_POOL, authors=PERSONS[process.kiez], most_motions=3, kiez=kiez,
        names={"name": kiez.name, "place": kiez.place, "hall": kiez.hall})


def drawn_gatherings(ctx: Context, process: Process, year: int) -> list[Gathering]:
    rng = ctx.rng(process.key, "agenda", year)
    agenda = agenda_of(process)
    names = dict(agenda.names, year=year, next=year + 1)
    suffix = f" {agenda.kiez.name}" if agenda.kiez else ""
    found = []
    for session in agenda.sessions:
        held = saturday(rng, year, session.month)
        entries = rng.sample(agenda.pool, rng.randint(1, agenda.most_motions))
        motions = tuple(drawn_motion(rng, entry, held, agenda, names) for entry in entries)
        found.append(Gathering(year=year, month=session.month, format=session.format,
                               title=f"{session.title} {year}{suffix}", place=session.place,
                               attendance=session.attendance, motions=motions, day=held.day))
    return found


def drawn_motion(rng: random.Random, entry: PoolMotion, held: date, agenda: Agenda,
                 names: dict) -> Motion:
    text = entry.text.format(**names)
    result = rng.choices(("adopted", "rejected", "withdrawn"), weights=(7, 2, 1))[0]
    method = rng.choice(("simple_majority", "simple_majority", "consent"))
    amendments: tuple[Amendment, ...] = ()
    if result != "withdrawn" and rng.random() < 0.3:
        addition = rng.choice(AMENDMENT_ADDITIONS)
        author = rng.choice(agenda.authors)
        amendments = (Amendment(f"{text} {addition.text}", (author,),
                                rng.choice(("adopted", "rejected")),
                                rationale=addition.rationale),)
    promises: tuple[Promise, ...] = ()
    if entry.promise and result == "adopted":
        promises = (drawn_promise(rng, entry.promise, held, agenda, names),)
    authors = tuple(rng.sample(agenda.authors, rng.randint(1, 2)))
    return Motion(entry.title.format(**names), text, authors, result, method=method,
                        ballots=rng.random() < 0.35, amendments=amendments, promises=promises)


def drawn_promise(rng: random.Random, promise: PoolPromise, held: date, agenda: Agenda,
                  names: dict) -> Promise:
    due = month_end(add_months(held, promise.due_in_months))
    end = drawn_end(rng, held, due)
    horizon = end.on if end else due + timedelta(days=90)
    actor = agenda.kiez.actor(promise.actor) if agenda.kiez else promise.actor
    return Promise(actor, promise.description.format(**names), due,
                   progress=drawn_progress(rng, held, horizon), end=end)


def drawn_end(rng: random.Random, held: date, due: date) -> Fulfilled | Withdrawn | None:
    fate = rng.choices(("on_time", "late", "open", "withdrawn"), weights=(5, 3, 2, 1))[0]
    if fate == "on_time":
        on = due - timedelta(days=rng.randint(1, 20))
        return Fulfilled(on, rng.choice(EVIDENCE))
    if fate == "late":
        on = due + timedelta(days=rng.randint(10, 120))
        return Fulfilled(on, rng.choice(EVIDENCE))
    if fate == "withdrawn":
        on = held + timedelta(days=rng.randint(21, (due - held).days))
        return Withdrawn(on, rng.choice(WITHDRAWAL_REASONS))
    return None


def drawn_progress(rng: random.Random, held: date, horizon: date) -> tuple[Progress, ...]:
    span = (horizon - held).days
    if span <= 8:
        return ()
    days = sorted(rng.sample(range(7, span), min(rng.randint(0, 2), span - 7)))
    return tuple(Progress(held + timedelta(days=d), rng.choice(PROGRESS_NOTES)) for d in days)
