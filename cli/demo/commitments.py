"""Commitments: made at a gathering or on their own date; kept, withdrawn or left open."""

from __future__ import annotations

from uuid import UUID

from cli.demo.context import Context
from cli.demo.records import Fulfilled, Promise
from cli.demo.timeline import ScriptError, Step, Story, plan_story


def make_promise(ctx: Context, process_key: str, promise: Promise, *, made_on,
                 proposal_id: UUID | None = None, gathering_id: UUID | None = None) -> None:
    """Make the commitment now; what became of it follows as a storyline of its own."""
    cid = ctx.app.make_commitment(
        actor_id=ctx.actor(promise.actor), process_id=ctx.process(process_key),
        description=promise.description, made_on=made_on, due_on=promise.due_on,
        proposal_id=proposal_id, gathering_id=gathering_id,
    ).record.id
    ctx.state.commitments.append(cid)
    ctx.timeline.spawn(plan_story(aftermath(ctx, cid, promise)))


def aftermath(ctx: Context, cid: UUID, promise: Promise) -> list[Step]:
    app = ctx.app
    steps: list[Step] = [
        (p.on, lambda p=p: app.report_progress(cid, reported_on=p.on, note=p.note))
        for p in promise.progress
    ]
    end = promise.end
    if isinstance(end, Fulfilled):
        steps.append((end.on, lambda: app.fulfil_commitment(
            cid, fulfilled_on=end.on, evidence=end.evidence)))
    elif end is not None:
        steps.append((end.on, lambda: app.withdraw_commitment(
            cid, withdrawn_on=end.on, reason=end.reason)))
    return steps


def promise_story(ctx: Context, process_key: str, promise: Promise) -> Story:
    """A commitment made outside any gathering, on its own date."""
    if promise.made_on is None:
        raise ScriptError(f"{promise.description!r} is made outside a gathering but has no date")
    yield promise.made_on
    make_promise(ctx, process_key, promise, made_on=promise.made_on)
