"""A gathering as a storyline: motions filed weeks before, amendments until the day, then the
gathering itself with its votes, charter changes and commitments."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from cli.demo.commitments import make_promise
from cli.demo.context import Context
from cli.demo.records import (
    AddClause,
    Amendment,
    ClauseChange,
    Gathering,
    Motion,
    Process,
    RepealClause,
    ReplaceClause,
)
from cli.demo.timeline import ScriptError, Step, Story, plan_story, saturday
from cli.demo.votes import Question, Room, hold_vote
from ledger.domain.charters import ClauseRequest


def gathering_story(ctx: Context, process: Process, gathering: Gathering) -> Story:
    yield from plan_story(GatheringScript(ctx, process, gathering).steps())


class GatheringScript:
    """The dated steps of one gathering. Its random draws come from one generator, in a fixed
    order: the date, the attendance, the filing dates, then the votes on the day."""

    def __init__(self, ctx: Context, process: Process, gathering: Gathering):
        self.ctx = ctx
        self.process = process
        self.gathering = gathering
        self.rng = rng = ctx.rng(process.key, gathering.year, gathering.title)
        g = gathering
        self.held = date(g.year, g.month, g.day) if g.day else saturday(rng, g.year, g.month)
        self.attendance = rng.randint(*g.attendance)
        self.proposals: dict[int, Any] = {}
        self.amendments: dict[tuple[int, int], UUID] = {}

    def steps(self) -> list[Step]:
        steps: list[Step] = []
        for i, motion in enumerate(self.gathering.motions):
            steps.extend(self.filing_steps(i, motion))
        steps.append((self.held, self.hold))
        return steps

    # -- before the day ----------------------------------------------------------------------

    def filing_steps(self, i: int, motion: Motion) -> list[Step]:
        if motion.outcome == "withdrawn" and motion.amendments:
            raise ScriptError(f"{motion.title!r}: a withdrawn proposal with amendments")
        rng, held = self.rng, self.held
        submitted = max(self.process.started_on, held - timedelta(days=rng.randint(14, 42)))
        steps: list[Step] = [(submitted, lambda: self.submit(i, motion, submitted))]
        window = (held - submitted).days
        for j, amendment in enumerate(motion.amendments):
            filed = submitted + timedelta(days=rng.randint(window // 2, window))
            steps.append((filed, lambda j=j, a=amendment, on=filed: self.amend(i, j, a, on)))
            if amendment.outcome == "withdrawn":
                steps.append((held, lambda j=j: self.ctx.app.withdraw_amendment(
                    self.amendments[i, j], withdrawn_on=held)))
        if motion.outcome == "withdrawn":
            gone = submitted + timedelta(days=rng.randint(1, max(1, window - 1)))
            steps.append((gone, lambda: self.ctx.app.withdraw_proposal(
                self.proposals[i].id, withdrawn_on=gone)))
        return steps

    def submit(self, i: int, motion: Motion, on: date) -> None:
        ctx = self.ctx
        charter_id = ctx.state.charters[self.process.key] if motion.clause else None
        self.proposals[i] = ctx.app.submit_proposal(
            process_id=ctx.process(self.process.key), title=motion.title, text=motion.text,
            author_ids=[ctx.actor(a) for a in motion.authors], submitted_on=on,
            charter_id=charter_id, clause=clause_request(ctx, motion.clause),
        ).record

    def amend(self, i: int, j: int, amendment: Amendment, on: date) -> None:
        ctx = self.ctx
        self.amendments[i, j] = ctx.app.submit_amendment(
            self.proposals[i].id, author_ids=[ctx.actor(k) for k in amendment.authors],
            text=amendment.text, submitted_on=on, rationale=amendment.rationale,
        ).record.id

    # -- on the day --------------------------------------------------------------------------

    def hold(self) -> None:
        ctx, g = self.ctx, self.gathering
        pid = ctx.process(self.process.key)
        gathering_id = ctx.app.record_gathering(
            process_id=pid, format=g.format, title=g.title, held_on=self.held, place=g.place,
            attendance=self.attendance,
        ).record.id
        ctx.state.gatherings[(self.process.key, g.format, self.held.year)] = gathering_id
        if g.charter:
            title = self.process.charter_title
            if title is None:
                raise ScriptError(f"{self.process.key}: a charter gathering without charter_title")
            ctx.state.charters[self.process.key] = ctx.app.establish_charter(
                process_id=pid, title=title, established_on=self.held).record.id
        room = Room(gathering_id, self.held, self.process.voters, self.attendance)
        for i, motion in enumerate(g.motions):
            if motion.outcome != "withdrawn":
                self.decide(room, i, motion)
        for promise in g.promises:
            make_promise(ctx, self.process.key, promise, made_on=self.held,
                         gathering_id=gathering_id)

    def decide(self, room: Room, i: int, motion: Motion) -> None:
        """Votes on the amendments, then on the motion; an adopted one takes effect."""
        for j, a in enumerate(motion.amendments):
            if a.outcome != "withdrawn":
                hold_vote(self.ctx, self.rng, room, Question(
                    "amendment", self.amendments[i, j], a.method, a.outcome == "adopted",
                    motion.ballots))
        proposal = self.proposals[i]
        adopted = motion.outcome == "adopted"
        hold_vote(self.ctx, self.rng, room, Question(
            "proposal", proposal.id, motion.method, adopted, motion.ballots))
        if not adopted:
            return
        clauses = self.ctx.state.clauses
        if isinstance(motion.clause, AddClause):
            clauses[motion.clause.key] = proposal.clause["new_clause_id"]
        elif isinstance(motion.clause, RepealClause):
            del clauses[motion.clause.key]
        for promise in motion.promises:
            make_promise(self.ctx, self.process.key, promise, made_on=self.held,
                         proposal_id=proposal.id, gathering_id=room.gathering_id)


def clause_request(ctx: Context, change: ClauseChange | None) -> ClauseRequest | None:
    """The charter change a proposal asks for, in the ledger's terms."""
    if change is None:
        return None
    if isinstance(change, AddClause):
        return {"action": "add", "heading": change.heading}
    action = "replace" if isinstance(change, ReplaceClause) else "repeal"
    request: ClauseRequest = {"action": action, "clause_id": ctx.state.clauses[change.key]}
    if isinstance(change, ReplaceClause) and change.heading:
        request["heading"] = change.heading
    return request
