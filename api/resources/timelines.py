"""A process's timeline: everything that belongs to it, in domain-date order
(read model `projections.timeline`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema, fields

from api.fields import IsoDate
from api.resources.common import Blueprint, visible
from api.resources.readmodels import Day, DayRange, fresh_db, not_projected_yet
from ledger.domain.processes import Process
from queries.timeline import timeline

blp = Blueprint("timelines", __name__, url_prefix="/v1/processes",
                description="Everything that happened in a process, in domain-date order")


class TimelineQuery(DayRange):
    from_ = IsoDate(data_key="from", metadata={"description": "First domain day (YYYY-MM-DD); "
                                                             "default: the beginning."})
    to = IsoDate(metadata={"description": "Last domain day (YYYY-MM-DD), inclusive; default: "
                                         "no end."})


class RefOut(Schema):
    type = fields.String(metadata={"description": "The kind of record, e.g. `proposal`, "
                                                  "`vote`, `commitment`."})
    id = fields.UUID()


class TimelineEntryOut(Schema):
    on = Day(metadata={"description": "The domain day it happened."})
    kind = fields.String(metadata={"example": "proposal_adopted",
                                   "description": "e.g. `process_started`, `gathering_held`, "
                                                  "`proposal_withdrawn`, `clause_repealed`, "
                                                  "`commitment_fulfilled`, `cooperation_ended`"})
    summary = fields.String(metadata={"description": "The entry in English words (the pages "
                                                    "and German reports say it in German, "
                                                    "from `data`)."})
    data = fields.Dict(metadata={
        "description": "What the entry says, language-neutral: titles, amounts (decimal "
                       "strings with `currency`), days (YYYY-MM-DD), codes (`format`, "
                       "`outcome`, `logic`, `role`, ...) and the actors it names as "
                       "`{id, name}` under their role (`funder`, `recipient`, `actor`, "
                       "`participant`, `authors`, `actors`).",
        "example": {"funder": {"id": "8dbea2a4-61c7-402a-9296-3ae2d1fe33bb",
                               "name": "Stiftung Kiezzukunft"},
                    "recipient": {"id": "5a0e3c4e-0b3d-4b8e-9a57-0c7b0d3c8f11",
                                  "name": "Initiative Reichenberger Kiez"},
                    "amount": "15000.00", "currency": "EUR"}})
    ref = fields.Nested(RefOut, metadata={"description": "The record it is about."})


class TimelineOut(Schema):
    process_id = fields.UUID()
    entries = fields.List(fields.Nested(TimelineEntryOut),
                          metadata={"description": "By domain day, ties in log order."})


@blp.route("/<uuid:id>/timeline", methods=["GET"])
@blp.arguments(TimelineQuery, location="query")
@blp.response(200, TimelineOut)
def get_timeline(query: dict[str, Any], id: UUID) -> Any:
    """Everything that belongs to a process between two domain days, in domain-date order:
    start, phases, participants, gatherings, proposals, amendments, votes, commitments,
    charter changes, cooperations and funding"""
    visible(Process, id)
    answer = timeline(fresh_db(), id, from_=query.get("from_"), to=query.get("to"))
    if answer is None:
        raise not_projected_yet("process")
    return answer
