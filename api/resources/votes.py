"""Votes (Abstimmungen): ballots one by one, or a tally counted in the room."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import g
from marshmallow import Schema, fields, validate

from api.fields import Count, IsoDate, PlainList, Text
from api.resources.common import (
    IDEMPOTENCY_DOC,
    Blueprint,
    ResourceOut,
    add_action,
    add_reads,
    ledger,
    write,
)
from ledger.domain.votes import CHOICES, METHODS, SUBJECT_TYPES, Vote

blp = Blueprint("votes", __name__, url_prefix="/v1/votes",
                description="Votes on proposals and amendments")


class VoteIn(Schema):
    subject_type = Text(required=True, validate=validate.OneOf(SUBJECT_TYPES))
    subject_id = fields.UUID(required=True)
    gathering_id = fields.UUID(required=True)
    method = Text(required=True, validate=validate.OneOf(METHODS))
    opened_on = IsoDate(required=True)


class BallotIn(Schema):
    voter_id = fields.UUID(required=True)
    choice = Text(required=True, validate=validate.OneOf(CHOICES))


class TallyIn(Schema):
    yes = Count(required=True)
    no = Count(required=True)
    abstain = Count(required=True)
    objections = Count(load_default=0)


class CloseIn(Schema):
    closed_on = IsoDate(required=True)


class BallotOut(Schema):
    voter_id = fields.UUID()
    choice = fields.String()


class CountOut(Schema):
    yes = fields.Integer()
    no = fields.Integer()
    abstain = fields.Integer()
    objections = fields.Integer()


class ResultOut(Schema):
    outcome = fields.String(metadata={"enum": ["adopted", "rejected"]})
    yes = fields.Integer()
    no = fields.Integer()
    abstain = fields.Integer()
    objections = fields.Integer()


def ballots(vote: Vote) -> list[dict[str, str]]:
    """Every ballot of the vote (those of release 0.1.0 in it, then the ballot records), as
    BallotOut has them. The answer to each ballot carries them all, so they are not dumped
    one by one through marshmallow (15 us a ballot: 45 ms at the 3,000th) but kept ready by
    the ledger's ballot index."""
    as_of = g.get("as_of")
    if as_of is not None:
        return [{"voter_id": _dashed(voter), "choice": choice}
                for voter, choice in ledger().ballots(vote, as_of=as_of).items()]
    kept = [{"voter_id": _dashed(voter), "choice": choice}
            for voter, choice in vote.ballots.items()]
    return kept + ledger().ballot_index.plain(vote.id)


def _dashed(hex_id: str) -> str:
    """str(UUID(hex=hex_id)), a few times faster."""
    h = hex_id
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class VoteOut(ResourceOut):
    subject_type = fields.String(dump_only=True)
    subject_id = fields.UUID(dump_only=True)
    proposal_id = fields.UUID(dump_only=True)
    process_id = fields.UUID(dump_only=True)
    gathering_id = fields.UUID(dump_only=True)
    method = fields.String(dump_only=True)
    opened_on = fields.Date(dump_only=True)
    ballots = PlainList(fields.Nested(BallotOut), ballots)
    tally = fields.Nested(CountOut, allow_none=True, dump_only=True)
    closed_on = fields.Date(allow_none=True, dump_only=True)
    result = fields.Nested(ResultOut, allow_none=True, dump_only=True)
    status = fields.String(dump_only=True)


@blp.route("", methods=["POST"])
@blp.arguments(VoteIn)
@blp.response(201, VoteOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def open_vote(body: dict[str, Any]) -> Any:
    """Open a vote on a proposal or an amendment (in the subject's process)"""
    # The scope: write() refuses a subject or gathering of another process (check_references).
    return write(ledger().open_vote, created=True, **body)


add_action(blp, Vote, VoteOut, "ballots", BallotIn, "cast_ballot",
           "Cast one voter's ballot while the vote is open")


add_action(blp, Vote, VoteOut, "tally", TallyIn, "count_tally",
           "Record the tally counted in the room (instead of ballots)")


add_action(blp, Vote, VoteOut, "close", CloseIn, "close_vote",
           "Close the vote: its `result` decides the subject; "
           "an adopted proposal changes its charter")


def last_ballots(vote_ids: list[str]) -> dict[str, int]:
    """Each vote's last ballot's log position: a listed vote's answer changes with its
    ballots, which are records of their own and leave its version as it was."""
    found = ledger().ballot_index.last_ballots([UUID(id_) for id_ in vote_ids])
    return {str(vote_id): position for vote_id, position in found.items()}


add_reads(blp, Vote, VoteOut, variant=last_ballots)
