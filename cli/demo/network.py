"""The cooperation network as one storyline: cooperations started and, some, ended."""

from __future__ import annotations

from uuid import UUID

from cli.demo.context import Context
from cli.demo.data.network import COOPERATIONS
from cli.demo.records import Cooperation
from cli.demo.timeline import Step, Story, plan_story


def network_story(ctx: Context) -> Story:
    started: dict[int, UUID] = {}
    steps: list[Step] = []
    for i, cooperation in enumerate(COOPERATIONS):
        steps.append((cooperation.started_on,
                      lambda i=i, c=cooperation: start(ctx, started, i, c)))
        if cooperation.ended_on:
            steps.append((cooperation.ended_on, lambda i=i, on=cooperation.ended_on:
                          ctx.app.end_cooperation(started[i], ended_on=on)))
    yield from plan_story(steps)


def start(ctx: Context, started: dict[int, UUID], i: int, cooperation: Cooperation) -> None:
    a, b = cooperation.actors
    process = cooperation.process
    started[i] = ctx.app.start_cooperation(
        actor_ids=[ctx.actor(a), ctx.actor(b)], kind=cooperation.kind,
        started_on=cooperation.started_on,
        process_id=ctx.process(process) if process else None,
    ).record.id
