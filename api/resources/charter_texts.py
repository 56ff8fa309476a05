"""The charter's text on any day, with the decision behind each clause, and what changed
between two days (read model `projections.charter`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema, fields

from api.fields import IsoDate, Moment
from api.resources.common import Blueprint, ledger, visible
from api.resources.formats import MARKDOWN, add_format_routes
from api.resources.readmodels import (
    JSON,
    VARY,
    Day,
    DayRange,
    alternative,
    fresh_db,
    negotiate,
    not_projected_yet,
    text_response,
)
from ledger.domain.charters import Charter
from queries.charter import charter_diff, charter_markdown, charter_text

blp = Blueprint("charter_texts", __name__, url_prefix="/v1/charters",
                description="A charter's text on any day, clause by clause with the decision "
                            "behind each, and what changed between two days")


MARKDOWN_TEXT = ("The charter as Markdown: its title, the day, each clause with its heading, "
                 "text and the decision behind it.")


class TextQuery(Schema):
    on = IsoDate(metadata={"description": "The domain day (YYYY-MM-DD): the clauses in effect "
                                          "at its end. Default: today, or the day of `as_of`."})
    as_of = Moment(metadata={"description": "As the ledger had recorded it at this moment "
                                            "(ISO 8601; naive means UTC). Default: now."})


class DiffQuery(DayRange):
    from_ = IsoDate(data_key="from", required=True,
                    metadata={"description": "The earlier domain day (YYYY-MM-DD)."})
    to = IsoDate(required=True,
                 metadata={"description": "The later domain day (YYYY-MM-DD), not before "
                                          "`from`."})


class AdoptedByOut(Schema):
    proposal_id = fields.UUID(allow_none=True)
    amendment_ids = fields.List(fields.UUID(),
                                metadata={"description": "Adopted amendments that shaped the "
                                                         "words, in order."})
    vote_id = fields.UUID(allow_none=True)
    gathering_id = fields.UUID(allow_none=True)
    decided_on = Day()


class ClauseTextOut(Schema):
    clause_id = fields.UUID()
    number = fields.Integer(metadata={"description": "1..n over the clauses in effect."})
    heading = fields.String()
    text = fields.String()
    adopted_by = fields.Nested(AdoptedByOut, metadata={"description": "The decision that "
                                                                      "gave the clause its words."})


class CharterTextOut(Schema):
    charter_id = fields.UUID()
    on = Day()
    clauses = fields.List(fields.Nested(ClauseTextOut))


class CharterChangeOut(Schema):
    clause_id = fields.UUID()
    heading = fields.String()
    change = fields.String(metadata={"enum": ["added", "replaced", "repealed"]})
    before = fields.String(allow_none=True, metadata={"description": "The text on `from`."})
    after = fields.String(allow_none=True, metadata={"description": "The text on `to`."})


class CharterDiffOut(Schema):
    from_ = Day(data_key="from", attribute="from")
    to = Day()
    changes = fields.List(fields.Nested(CharterChangeOut))


@blp.route("/<uuid:id>/text", methods=["GET"])
@blp.arguments(TextQuery, location="query")
@blp.response(200, CharterTextOut)
@blp.doc(**alternative(MARKDOWN, MARKDOWN_TEXT))
def get_charter_text(query: dict[str, Any], id: UUID) -> Any:
    """The charter in effect on a day, each clause with the decision behind it
    (`Accept: text/markdown` for Markdown, or `GET .../text.md`)"""
    return charter_text_answer(negotiate(JSON, MARKDOWN), query, id)


def charter_text_answer(wanted: str, query: dict[str, Any], id: UUID) -> Any:
    charter = visible(Charter, id)
    as_of = query.get("as_of")
    if as_of is not None:
        ledger().find_as_of(Charter, id, as_of)  # 404 if not recorded by then
    text = charter_text(fresh_db(), id, on=query.get("on"), as_of=as_of)
    if text is None:
        raise not_projected_yet("charter")
    if wanted == MARKDOWN:
        return text_response(charter_markdown(text, charter.title), MARKDOWN)
    return text, VARY


add_format_routes(blp, "/<uuid:id>/text", "get_charter_text", {MARKDOWN: MARKDOWN_TEXT},
                  charter_text_answer, query=TextQuery,
                  summary="The charter in effect on a day")


@blp.route("/<uuid:id>/diff", methods=["GET"])
@blp.arguments(DiffQuery, location="query")
@blp.response(200, CharterDiffOut)
def get_charter_diff(query: dict[str, Any], id: UUID) -> Any:
    """What changed in the charter between the end of one day and the end of another"""
    visible(Charter, id)
    diff = charter_diff(fresh_db(), id, query["from_"], query["to"])
    if diff is None:
        raise not_projected_yet("charter")
    return diff
