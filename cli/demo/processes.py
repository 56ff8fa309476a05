"""A process as a storyline: started, then its phases, participants, gatherings, commitments
made outside gatherings and, for some, its conclusion."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

from cli.demo.agendas import drawn_gatherings
from cli.demo.commitments import promise_story
from cli.demo.context import Context
from cli.demo.gatherings import gathering_story
from cli.demo.records import Gathering, Process
from cli.demo.timeline import Step, Story, plan_story


def process_story(ctx: Context, process: Process) -> Story:
    yield process.started_on
    pid = ctx.app.start_process(
        title=process.title, level=process.level, started_on=process.started_on,
        topics=list(process.topics), area=process.area, goals=process.goals.copy(),
    ).record.id
    ctx.state.processes[process.key] = pid
    ctx.timeline.spawn(plan_story(membership_steps(ctx, process, pid)))
    for gathering in gatherings(ctx, process):
        ctx.timeline.spawn(gathering_story(ctx, process, gathering))
    for promise in process.promises:
        ctx.timeline.spawn(promise_story(ctx, process.key, promise))
    if process.conclusion:
        on, summary = process.conclusion.on, process.conclusion.summary
        ctx.timeline.spawn(plan_story([(on, lambda: ctx.app.conclude_process(
            pid, concluded_on=on, summary=summary))]))


def membership_steps(ctx: Context, process: Process, pid: UUID) -> list[Step]:
    app = ctx.app
    steps: list[Step] = [
        (phase.started_on, lambda phase=phase: app.start_phase(
            pid, name=phase.name, started_on=phase.started_on))
        for phase in process.phases
    ]
    steps.extend(
        (p.joined_on, lambda p=p: app.add_participant(
            pid, actor_id=ctx.actor(p.actor), role=p.role, joined_on=p.joined_on))
        for p in process.participants
    )
    return steps


def gatherings(ctx: Context, process: Process) -> list[Gathering]:
    """The scripted gatherings, then the yearly ones, then those with drawn agendas."""
    found = list(process.gatherings)
    found.extend(recurring_gatherings(process, ctx.today))
    if process.agendas_from is not None:
        for year in range(process.agendas_from, ctx.today.year + 1):
            found.extend(drawn_gatherings(ctx, process, year))
    return found


def recurring_gatherings(process: Process, today: date) -> Iterator[Gathering]:
    for recurring in process.recurring:
        for year in recurring.years:
            if year > today.year:
                break
            yield Gathering(year=year, month=recurring.month, format=recurring.format,
                            title=recurring.title.format(year=year), place=recurring.place,
                            attendance=recurring.attendance)
