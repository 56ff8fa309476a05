"""Funding and accountability reports: the figures of the `facts` read model as JSON, CSV,
HTML or PDF, stamped with the ledger head they were counted at.

Who may read which report:

- funding report (`GET /v1/reports/funding`): `admin` and `auditor`. A token scoped to some
  processes sees only the fundings of those processes (the funder may fund others too).
  An `editor` gets 403: a funder's money across processes is not an initiative's business.
- accountability report (`GET /v1/reports/accountability`): every role, for the processes
  its token covers; a process outside a scoped token's scope is 404, as an unknown one.

The format is `?format=` if given, else the best of the `Accept` header (JSON for `*/*` or
none); 406 when `Accept` names nothing we make. `?lang=de|en` changes HTML and PDF.

Every report is counted at one log position: the position the `facts` read model had reached
(read before and after the figures; counted again when they differ), and carries the hash
chain's hash at that position (from the `integrity` read model, else the log's head from
`ledger.integrity.head`). The command line (`kiezledger report`) calls the same
`queries.reports.make.make_report`, so both produce the same bytes (HTML and PDF differ only
in their generation time).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Response, request
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api import auth, services
from api.errors import PROBLEM, Problem, ProblemSchema
from api.fields import IsoDate
from api.resources.common import Blueprint
from api.resources.formats import CSV, HTML, PDF, add_format_routes, body_schema
from queries.reports import FORMATS
from queries.reports.i18n import LANGS
from queries.reports.make import Made, ReportsUnavailable, make_report

blp = Blueprint("reports", __name__, url_prefix="/v1/reports",
                description="Funding and accountability reports: JSON, CSV, HTML, PDF")

# What `Accept` may ask for, in the order a tie (e.g. `*/*`) is decided.
OFFERED = {"application/json": "json", "text/csv": "csv", "text/html": "html",
           "application/pdf": "pdf"}
OFFERED_BY_MEDIA = OFFERED
FUNDING_READERS = ("admin", "auditor")
ACCOUNTABILITY_READERS = ("admin", "auditor", "editor")

# --- the HTTP edge -----------------------------------------------------------------------------


class ReportQuery(Schema):
    """The subject first (declared by each report), then the period, format and language."""

    @validates_schema
    def period_in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "from_" in data and "to" in data and data["to"] < data["from_"]:
            raise ValidationError(f"to {data['to']} is before from {data['from_']}", "to")


def report_query(name: str, subject: str, description: str, *,
                 with_format: bool = True) -> type[Schema]:
    fields_: dict[str, fields.Field[Any]] = {
        subject: fields.UUID(required=True, metadata={"description": description}),
        "from_": IsoDate(required=True, data_key="from", metadata={
            "description": "First day of the period (YYYY-MM-DD), included."}),
        "to": IsoDate(required=True, metadata={
            "description": "Last day of the period (YYYY-MM-DD), included."}),
        "format": fields.String(validate=validate.OneOf(FORMATS), metadata={
            "description": "json, csv, html or pdf; wins over `Accept`. A generated client "
                           "reads JSON here and the other formats from the `.csv`, `.html` "
                           "and `.pdf` addresses."}),
        "lang": fields.String(load_default="de", validate=validate.OneOf(LANGS), metadata={
            "description": "Language of HTML and PDF: de (default) or en."}),
    }
    if not with_format:
        del fields_["format"]
    return ReportQuery.from_dict(fields_, name=name)


FundingQuery = report_query("FundingQuery", "funder_id", "The funder (an actor).")
ProofOfUseQuery = report_query("ProofOfUseQuery", "funding_id", "The funding.")
AccountabilityQuery = report_query("AccountabilityQuery", "process_id", "The process.")
FundingFileQuery = report_query("FundingFileQuery", "funder_id", "The funder (an actor).",
                                with_format=False)
AccountabilityFileQuery = report_query("AccountabilityFileQuery", "process_id",
                                       "The process.", with_format=False)
ProofOfUseFileQuery = report_query("ProofOfUseFileQuery", "funding_id", "The funding.",
                                   with_format=False)


# Documentation only: the JSON answers (the bytes come from queries.reports.render).


class ReportRefOut(Schema):
    id = fields.UUID()
    name = fields.String(allow_none=True)


class ReportProcessOut(Schema):
    id = fields.UUID()
    title = fields.String()


class ReportPeriodOut(Schema):
    from_ = fields.Date(data_key="from")
    to = fields.Date()


class ReportContinuityOut(Schema):
    year = fields.Integer()
    open_assemblies = fields.Integer()
    goal = fields.Integer(allow_none=True, metadata={
        "description": "The process's open_assemblies_per_year; null without a goal or in a "
                       "year the process did not run."})
    met = fields.Boolean(allow_none=True, metadata={"description": "open_assemblies >= goal"})


class ReportDecisionsOut(Schema):
    adopted = fields.Integer()
    rejected = fields.Integer()


class ReportCommitmentsOut(Schema):
    made = fields.Integer(metadata={"description": "Made inside the period."})
    fulfilled = fields.Integer()
    fulfilled_late = fields.Integer()
    overdue = fields.Integer()
    withdrawn = fields.Integer()
    carried_over = fields.Integer(metadata={
        "description": "Made before the period, neither fulfilled nor withdrawn at its start; "
                       "made + carried_over = fulfilled + withdrawn + overdue + open."})
    open = fields.Integer(metadata={"description": "Unkept at the period's end, not yet due."})


class ReportLedgerHeadOut(Schema):
    position = fields.Integer(metadata={"description": "The log position the figures were "
                                                       "counted at."})
    hash = fields.String(metadata={"description": "The hash chain at that position (hex); "
                                                  "compare with GET /v1/integrity/verify."})


class ReportIndicatorYearOut(Schema):
    year = fields.Integer()
    value = fields.String(metadata={
        "description": "The sum of the year's measurements in the period, a corrected "
                       "measurement counted as its correction says", "example": "42.5"})
    target = fields.String(metadata={"example": "40"})
    met = fields.Boolean(metadata={"description": "value >= target"})
    measurements = fields.Integer()
    percent = fields.String(metadata={"description": "value as a share of the target",
                                      "example": "106.3"})


class ReportIndicatorOut(Schema):
    indicator_id = fields.UUID()
    name = fields.String()
    unit = fields.String()
    target_per_year = fields.String(metadata={"example": "40"})
    counts_from = fields.Date()
    years = fields.List(fields.Nested(ReportIndicatorYearOut), metadata={
        "description": "From the year the indicator counts from to the period's last"})


class ReportFiguresOut(Schema):
    continuity = fields.List(fields.Nested(ReportContinuityOut))
    indicators = fields.List(fields.Nested(ReportIndicatorOut), metadata={
        "description": "The process's indicators per year against their targets, as in the "
                       "proof of use; empty when it declares none"})
    gatherings = fields.Integer()
    attendance = fields.Integer()
    decisions = fields.Nested(ReportDecisionsOut)
    commitments = fields.Nested(ReportCommitmentsOut)
    cooperations_started = fields.Integer()
    charter_changes = fields.Integer()
    participants = fields.Integer()


class ReportFundingOut(ReportFiguresOut):
    funding_id = fields.UUID()
    process = fields.Nested(ReportProcessOut)
    logic = fields.String(metadata={"description": "process or project"})
    amount = fields.String(metadata={"example": "90000.00"})
    currency = fields.String(metadata={"example": "EUR"})
    disbursed = fields.String(metadata={"description": "Paid inside the period.",
                                        "example": "37500.75"})


class FundingReportOut(Schema):
    funder = fields.Nested(ReportRefOut)
    period = fields.Nested(ReportPeriodOut)
    fundings = fields.List(fields.Nested(ReportFundingOut))
    ledger_head = fields.Nested(ReportLedgerHeadOut)


class ReportProcessFundingOut(Schema):
    funding_id = fields.UUID()
    funder = fields.Nested(ReportRefOut)
    logic = fields.String()
    amount = fields.String()
    currency = fields.String()
    disbursed = fields.String()


class ReportTimelineRefOut(Schema):
    type = fields.String()
    id = fields.UUID()


class ReportTimelineEntryOut(Schema):
    on = fields.Date()
    kind = fields.String()
    summary = fields.String(metadata={"description": "In English; HTML and PDF say it in "
                                                    "their language from `data`."})
    data = fields.Dict(metadata={"description": "What the entry says, language-neutral "
                                                "(as in GET /v1/processes/{id}/timeline)."})
    ref = fields.Nested(ReportTimelineRefOut)


class ReportCommitmentOut(Schema):
    commitment_id = fields.UUID()
    actor = fields.Nested(ReportRefOut)
    description = fields.String()
    made_on = fields.Date()
    due_on = fields.Date()
    status = fields.String(metadata={"description": "open, overdue, fulfilled or withdrawn "
                                                    "on the period's last day"})
    fulfilled_on = fields.Date(allow_none=True)
    fulfilled_late = fields.Boolean()
    withdrawn_on = fields.Date(allow_none=True)


class ReportGatheringOut(Schema):
    id = fields.UUID(allow_none=True)
    title = fields.String(allow_none=True)
    held_on = fields.Date(allow_none=True)


class ReportVoteOut(Schema):
    id = fields.UUID(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    outcome = fields.String(allow_none=True, metadata={"description": "adopted or rejected"})
    yes = fields.Integer(allow_none=True)
    no = fields.Integer(allow_none=True)
    abstain = fields.Integer(allow_none=True)
    objections = fields.Integer(allow_none=True)


class ReportProvenanceOut(Schema):
    proposal = fields.Nested(ReportProcessOut)
    amendment_ids = fields.List(fields.UUID())
    vote_id = fields.UUID(allow_none=True)
    vote = fields.Nested(ReportVoteOut, metadata={
        "description": "The vote by its day and result (HTML and PDF name it so)."})
    gathering = fields.Nested(ReportGatheringOut)
    decided_on = fields.Date()


class ReportCharterChangeOut(Schema):
    decided_on = fields.Date()
    charter = fields.Nested(ReportProcessOut)
    clause_id = fields.UUID()
    change = fields.String(metadata={"description": "add, replace or repeal"})
    heading = fields.String(allow_none=True)
    provenance = fields.Nested(ReportProvenanceOut)


class AccountabilityReportOut(ReportFiguresOut):
    process = fields.Nested(ReportProcessOut)
    period = fields.Nested(ReportPeriodOut)
    fundings = fields.List(fields.Nested(ReportProcessFundingOut))
    timeline = fields.List(fields.Nested(ReportTimelineEntryOut))
    commitment_list = fields.List(fields.Nested(ReportCommitmentOut))
    charter_change_list = fields.List(fields.Nested(ReportCharterChangeOut))
    ledger_head = fields.Nested(ReportLedgerHeadOut)


FILES = {CSV: "The figures as typed CSV rows (columns: see the README).",
         HTML: "The report as a page (`lang` de or en).",
         PDF: "The report as PDF (`lang` de or en)."}
OTHER_FORMATS = {media: {"schema": body_schema(media, text)} for media, text in FILES.items()}


def documented(json_schema: type[Schema], what: str) -> Callable[[Callable[..., Any]],
                                                                     Callable[..., Any]]:
    """The 200 answer in its four content types, and the refusals of a report."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view = blp.doc(responses={200: {"content": OTHER_FORMATS}})(view)
        view = blp.alt_response(406, schema=ProblemSchema, content_type=PROBLEM,
                                description="`Accept` names no format we make")(view)
        view = blp.alt_response(404, schema=ProblemSchema, content_type=PROBLEM,
                                description=f"No such {what}")(view)
        view = blp.alt_response(403, schema=ProblemSchema, content_type=PROBLEM,
                                description="The token's role or scope does not allow it")(view)
        return blp.response(200, json_schema, content_type="application/json",
                            description="The report: JSON by default; CSV, HTML or PDF by "
                                        "`format` or `Accept`")(view)

    return decorate


def readers(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Refuse other roles before the query is looked at."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            auth.require_role(*roles)
            return view(*args, **kwargs)

        return checked

    return decorate


def chosen_format(query: dict[str, Any]) -> str:
    if query.get("format"):
        return query["format"]
    if not request.headers.get("Accept", "").strip():
        return "json"
    best = request.accept_mimetypes.best_match(list(OFFERED))
    if best is None:
        raise Problem(406, "Not Acceptable",
                      f"Reports are made as {', '.join(OFFERED)}; ask with Accept or ?format=.",
                      slug="not-acceptable")
    return OFFERED[best]


def scoped_report(kind: str, subject_id: Any, from_: Any, to: Any, fmt: str,
                  lang: str) -> Made:
    """A report as the token may read it (the API and the pages): the role first, then the
    scope (a funding report: only the fundings of the token's processes; an accountability
    report: 404 outside the scope, as for an unknown process)."""
    if kind == "funding":
        who = auth.require_role(*FUNDING_READERS)
        process_ids = sorted(who.scope) if who.scoped else None
    elif kind == "proof-of-use":
        from queries.reports.proof_make import funding_process

        auth.require_role(*ACCOUNTABILITY_READERS)
        process_id = funding_process(services.current(), subject_id)
        auth.check_record_scope("funding", subject_id, process_id)
        process_ids = None
    else:
        auth.require_role(*ACCOUNTABILITY_READERS)
        auth.check_scope(subject_id)
        process_ids = None
    try:
        if kind == "proof-of-use":
            from queries.reports.proof_make import make_proof

            return make_proof(services.reading(), subject_id, from_, to, fmt=fmt, lang=lang)
        return make_report(services.reading(), kind, subject_id, from_, to, fmt=fmt,
                           lang=lang, process_ids=process_ids)
    except ReportsUnavailable as exc:
        raise Problem(503, "Service Unavailable", str(exc), slug="reports-unavailable") from exc


def answer(kind: str, subject_id: Any, query: dict[str, Any], fmt: str | None = None
           ) -> Response:
    fmt = fmt or chosen_format(query)
    made = scoped_report(kind, subject_id, query["from_"], query["to"], fmt, query["lang"])
    response = Response(made.body, mimetype=made.mimetype.split(";")[0])
    response.headers["Content-Type"] = made.mimetype
    response.headers["Vary"] = "Accept"
    response.headers["Kiezledger-Ledger-Position"] = str(made.head[0])
    response.headers["Kiezledger-Ledger-Hash"] = made.head[1]
    if fmt != "json":
        disposition = "inline" if fmt == "html" else "attachment"
        response.headers.set("Content-Disposition", disposition, filename=made.filename)
    return response


@blp.route("/funding", methods=["GET"])
@blp.doc(operationId="get_funding_report")
@readers(*FUNDING_READERS)
@blp.arguments(FundingQuery, location="query")
@documented(FundingReportOut, "funder")
def funding_report(query: dict[str, Any]) -> Response:
    """A funder's report: per funding, money and the funded process's figures in the period

    admin and auditor; a token scoped to some processes sees only their fundings."""
    return answer("funding", query["funder_id"], query)


@blp.route("/accountability", methods=["GET"])
@blp.doc(operationId="get_accountability_report")
@readers(*ACCOUNTABILITY_READERS)
@blp.arguments(AccountabilityQuery, location="query")
@documented(AccountabilityReportOut, "process")
def accountability_report(query: dict[str, Any]) -> Response:
    """A process's report: its figures, fundings, timeline, commitments and charter changes

    Every role, for the processes its token covers (outside a scoped token's scope: 404, as
    for an unknown process)."""
    return answer("accountability", query["process_id"], query)


class ProofOfUseOut(Schema):
    """The proof of use (Verwendungsnachweis): `sachbericht` and `nachweis`."""

    report = fields.String(metadata={"example": "proof_of_use"})
    funding = fields.Dict(metadata={"description": "The funding: funder, recipient, logic, "
                                                   "amount, currency, its period"})
    process = fields.Nested(ReportProcessOut)
    period = fields.Nested(ReportPeriodOut)
    sachbericht = fields.Dict(metadata={
        "description": "activities (day, format, title, attendance), by_format (participant "
                       "statistics), continuity, indicators (per year against the target), "
                       "decisions, commitments and commitment_list, cooperations_started, "
                       "charter_changes and charter_change_list with provenance"})
    nachweis = fields.Dict(metadata={
        "description": "currency, plan_changes, lines (plan against actual per year, "
                       "over_tolerance beyond 20%), income_by_source, balance, belegliste "
                       "(expenditure and income, grouped as the plan, in date order, each "
                       "entry with day, party, purpose, amount, receipt_number, "
                       "receipt_sha256), flags"})
    ledger_head = fields.Nested(ReportLedgerHeadOut)


@blp.route("/proof-of-use", methods=["GET"])
@blp.doc(operationId="get_proof_of_use_report")
@readers(*ACCOUNTABILITY_READERS)
@blp.arguments(ProofOfUseQuery, location="query")
@documented(ProofOfUseOut, "funding")
def proof_of_use_report(query: dict[str, Any]) -> Response:
    """A funding's proof of use (Verwendungsnachweis): Sachbericht and financial statement

    Every role, for the fundings of the processes its token covers (outside a scoped token's
    scope: 404, as for an unknown funding)."""
    return answer("proof-of-use", query["funding_id"], query)


add_format_routes(
    blp, "/funding", "get_funding_report", FILES,
    lambda media, query: answer("funding", query["funder_id"], query, OFFERED_BY_MEDIA[media]),
    query=FundingFileQuery, summary="A funder's report as a file",
    guard=readers(*FUNDING_READERS))
add_format_routes(
    blp, "/accountability", "get_accountability_report", FILES,
    lambda media, query: answer("accountability", query["process_id"], query,
                                OFFERED_BY_MEDIA[media]),
    query=AccountabilityFileQuery, summary="A process's report as a file",
    guard=readers(*ACCOUNTABILITY_READERS))
add_format_routes(
    blp, "/proof-of-use", "get_proof_of_use_report", FILES,
    lambda media, query: answer("proof-of-use", query["funding_id"], query,
                                OFFERED_BY_MEDIA[media]),
    query=ProofOfUseFileQuery, summary="A funding's proof of use as a file",
    guard=readers(*ACCOUNTABILITY_READERS))
