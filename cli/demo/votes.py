"""Votes at a gathering: named ballots or a tally from the room, for the scripted outcome."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from cli.demo.context import Context
from cli.demo.timeline import ScriptError
from ledger.domain.votes import Count, outcome


@dataclass(frozen=True)
class Room:
    """Where and when a vote is held, who may cast a named ballot, and how many are there."""

    gathering_id: UUID
    held_on: date
    voters: tuple[str, ...]
    attendance: int


@dataclass(frozen=True)
class Question:
    subject_type: str  # proposal | amendment
    subject_id: UUID
    method: str
    adopt: bool
    ballots: bool


def hold_vote(ctx: Context, rng: random.Random, room: Room, question: Question) -> None:
    """Open, count (named ballots, or a tally from the room) and close on the day."""
    app = ctx.app
    vote_id = app.open_vote(subject_type=question.subject_type, subject_id=question.subject_id,
                            gathering_id=room.gathering_id, method=question.method,
                            opened_on=room.held_on).record.id
    if question.ballots:
        cast_ballots(ctx, rng, room, question, vote_id)
    else:
        n = max(5, round(room.attendance * rng.uniform(0.6, 0.92)))
        count = counts(rng, question.method, question.adopt, n)
        app.count_tally(vote_id, yes=count.yes, no=count.no, abstain=count.abstain,
                        objections=count.objections)
    result = app.close_vote(vote_id, closed_on=room.held_on).record.result
    assert result is not None  # a closed vote has its result
    if (result["outcome"] == "adopted") != question.adopt:
        raise ScriptError(f"vote on {question.subject_type} {question.subject_id}: {result}")


def cast_ballots(ctx: Context, rng: random.Random, room: Room, question: Question,
                 vote_id: UUID) -> None:
    n = min(len(room.voters), room.attendance, rng.randint(6, 12))
    count = counts(rng, question.method, question.adopt, n)
    choices = (["yes"] * count.yes + ["no"] * count.no + ["abstain"] * count.abstain
               + ["object"] * count.objections)
    rng.shuffle(choices)
    for voter, choice in zip(rng.sample(room.voters, n), choices, strict=True):
        ctx.app.cast_ballot(vote_id, voter_id=ctx.actor(voter), choice=choice)


def counts(rng: random.Random, method: str, adopt: bool, n: int) -> Count:
    """A plausible count of `n` votes that gives the scripted outcome under `method`."""
    wanted = "adopted" if adopt else "rejected"
    for _ in range(500):
        draw = consent_count if method == "consent" else majority_count
        count = draw(rng, method, adopt, n)
        if min(count.yes, count.no, count.abstain, count.objections) >= 0 and outcome(
                method, count) == wanted:
            return count
    raise ScriptError(f"no count of {n} votes is {wanted} under {method}")


def consent_count(rng: random.Random, method: str, adopt: bool, n: int) -> Count:
    objections = 0 if adopt else rng.randint(1, max(1, n // 8))
    abstain = rng.randint(0, n // 6)
    return Count(yes=n - abstain - objections, no=0, abstain=abstain, objections=objections)


def majority_count(rng: random.Random, method: str, adopt: bool, n: int) -> Count:
    if method == "two_thirds":
        share = rng.uniform(0.7, 0.92) if adopt else rng.uniform(0.45, 0.64)
    else:
        share = rng.uniform(0.55, 0.85) if adopt else rng.uniform(0.25, 0.5)
    yes = round(n * share)
    abstain = rng.randint(0, max(0, (n - yes) // 3))
    objections = 1 if rng.random() < 0.15 and n - yes - abstain > 1 else 0
    no = n - yes - abstain - objections
    return Count(yes=yes, no=no, abstain=abstain, objections=objections)
