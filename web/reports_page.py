"""Reports in the browser: choose a process (accountability), a funder (funding) or a
funding (proof of use, the Verwendungsnachweis) and a period; see the HTML report in the page
and download every format the API makes. The choice is read with the API's query schemas and
the report made by its scoped report function."""

from __future__ import annotations

from typing import Any

from flask import Response, g, render_template, request, url_for

from web import bp, error_page, words
from web.filters import parsed
from web.network_page import processes
from web.present import find, label
from web.reads import (
    FUNDING_READERS,
    REPORT_FORMATS,
    AccountabilityQuery,
    Funding,
    FundingQuery,
    LedgerError,
    NotFound,
    ProofOfUseQuery,
    page,
    scoped_report,
)

SHOWN = ("html", "pdf", "csv", "json")  # the API's formats, the most read first
CHOICE = ("kind", "process_id", "funder_id", "funding_id", "from", "to")
SCHEMAS = {"accountability": (AccountabilityQuery, "process_id"),
           "funding": (FundingQuery, "funder_id"),
           "proof-of-use": (ProofOfUseQuery, "funding_id")}


def _kinds() -> list[str]:
    kinds = ["accountability", "proof-of-use"]
    return kinds + ["funding"] if g.principal.role in FUNDING_READERS else kinds


def _fundings() -> list[tuple[str, str]]:
    """The fundings of the processes the token may read, named by process, logic and sum."""
    found = page(Funding, {"limit": 200})["items"]
    named = [(str(f.id), f"{label('processes', find('processes', f.process_id))}: "
                         f"{label('fundings', f)}") for f in found]
    return sorted(named, key=lambda pair: pair[1].casefold())


def _funders() -> list[tuple[str, str]]:
    """Funders of the fundings the token may read."""
    if g.principal.role not in FUNDING_READERS:
        return []
    ids = {str(f.funder_id) for f in page(Funding, {"limit": 200})["items"]}
    return sorted(((i, label("actors", find("actors", i))) for i in ids),
                  key=lambda pair: pair[1].casefold())


def _choice(args: Any, fmt: str) -> tuple[str, dict[str, Any], dict[str, str]]:
    """(kind, query, errors) of the form; an empty form is no error yet."""
    kind = args.get("kind", "")
    if kind not in _kinds():
        return kind, {}, {"kind": "err_choice"}
    schema, _ = SCHEMAS[kind]
    query, errors = parsed(schema, {**args, "format": fmt, "lang": words().lang})
    return kind, query, errors


def _made(kind: str, query: dict[str, Any], fmt: str) -> Any:
    subject = query[SCHEMAS[kind][1]]
    return scoped_report(kind, subject, query["from_"], query["to"], fmt, words().lang)


@bp.route("/reports")
def reports() -> Any:
    kind, made = "", None
    query: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.args:
        kind, query, errors = _choice(request.args, "json")
        if not errors:
            try:  # made once here (the cheapest format) for its checks and its head
                made = _made(kind, query, "json")
            except LedgerError as exc:  # a period the reports do not cover
                if isinstance(exc, NotFound):
                    raise
                errors = {getattr(exc, "field", None) or "to": words().reason(exc.detail)[0]}
    kinds = [(k, words()(f"report_{k}")) for k in _kinds()]
    links = {fmt: _file_url(fmt) for fmt in SHOWN} if made else {}
    page_ = render_template(
        "reports.html", args=request.args, errors=errors, kinds=kinds, kind=kind,
        processes=[(str(p.id), p.title) for p in processes()], funders=_funders(),
        fundings=_fundings(),
        links=links, made=made,
    )
    return (page_, 400) if errors else page_


def _file_url(fmt: str) -> str:
    keep: dict[str, Any] = {k: request.args[k] for k in CHOICE if request.args.get(k)}
    return url_for("web.report_file", format=fmt, **keep)


@bp.route("/reports/file")
def report_file() -> Any:
    fmt = request.args.get("format", "")
    if fmt not in REPORT_FORMATS:
        return error_page(400, words()("bad_request"), words()("err_download"))
    kind, query, errors = _choice(request.args, fmt)
    if errors:
        return error_page(400, words()("bad_request"), words()("err_download"))
    try:
        made = _made(kind, query, fmt)
    except LedgerError as exc:
        if isinstance(exc, NotFound):
            raise
        return error_page(400, words()("bad_request"), words().reason(exc.detail)[0])
    response = Response(made.body, mimetype=made.mimetype.split(";")[0])
    response.headers["Content-Type"] = made.mimetype
    response.headers["Kiezledger-Ledger-Position"] = str(made.head[0])
    response.headers["Kiezledger-Ledger-Hash"] = made.head[1]
    disposition = "inline" if fmt == "html" else "attachment"
    response.headers.set("Content-Disposition", disposition, filename=made.filename)
    return response
