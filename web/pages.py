"""The reading pages: processes, a process, a charter on a day, and one page per record kind."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from flask import abort, g, render_template, request

from web import bp
from web.filters import parsed
from web.present import COLLECTION, KINDS, NOUN, details, label, link, preload
from web.reads import (
    Charter,
    Process,
    TextQuery,
    Vote,
    auth,
    charter_text,
    continuity_of,
    history,
    ledger,
    page,
    process_indicators,
    replayed,
    services,
    timeline,
    visible,
)

PER_PAGE = 25
ALL = 200  # the API's largest page: more than any process's list of one kind so far


def _records(cls: type, process_id: Any = None) -> list[Any]:
    query: dict[str, Any] = {"limit": ALL}
    if process_id is not None:
        query["process_id"] = process_id
    return page(cls, query)["items"]


def _continuity(process: Any) -> list[dict[str, Any]]:
    """Open assemblies per year against the goal over the process's life (as its report)."""
    return continuity_of(services.read_db(), [process.id], date.today())[str(process.id)]


def _indicators(process: Any) -> list[dict[str, Any]]:
    """Each impact indicator per year against its target (the proof-of-use report's read)."""
    until = process.concluded_on or date.today()
    if until < process.started_on:
        return []
    return process_indicators(services.read_db(), process.id, process.started_on, until)


@bp.route("/")
def processes() -> str:
    """A page of processes in the order they were recorded, each with its continuity."""
    found = page(Process, {"limit": PER_PAGE, "after": request.args.get("after") or None})
    shown = found["items"]
    continuity = continuity_of(services.read_db(), [p.id for p in shown], date.today())
    return render_template("processes.html",
                           processes=[(p, continuity[str(p.id)]) for p in shown],
                           next_after=found["next"], paged=bool(request.args.get("after")))


@bp.route("/processes/<uuid:id>")
def process(id: UUID) -> str:
    record = visible(Process, id)
    services.current().refresh()
    # The entries in the page's language (queries.timeline_text), as in the reports.
    found = timeline(services.read_db(), id, lang=g.words.lang)
    entries = found["entries"] if found else []
    years = sorted({e["on"][:4] for e in entries}, reverse=True)
    kinds = sorted({e["kind"] for e in entries})
    year, kind = request.args.get("year", ""), request.args.get("kind", "")
    if year:
        entries = [e for e in entries if e["on"].startswith(year)]
    if kind:
        entries = [e for e in entries if e["kind"] == kind]
    pages = max(1, math.ceil(len(entries) / PER_PAGE))
    try:
        number = min(max(1, int(request.args.get("page", "1"))), pages)
    except ValueError:
        number = 1
    shown = entries[(number - 1) * PER_PAGE:number * PER_PAGE]
    from web.reads import Commitment, Funding, Gathering

    fundings = _records(Funding, id)
    preload([e["ref"] for e in shown]
            + [{"type": "actor", "id": p["actor_id"]} for p in record.participants]
            + [{"type": "actor", "id": f.funder_id} for f in fundings])
    return render_template(
        "process.html", process=record, continuity=_continuity(record),
        indicators=_indicators(record), entries=shown,
        years=years, kinds=kinds, year=year, kind=kind, page=number, pages=pages,
        gatherings=_records(Gathering, id), fundings=fundings,
        commitments=_records(Commitment, id), charters=_records(Charter, id),
    )


@bp.route("/charters/<uuid:id>")
def charter(id: UUID) -> Any:
    record = visible(Charter, id)
    query, errors = parsed(TextQuery, request.args)
    on, as_of = query.get("on") or date.today(), query.get("as_of")
    services.current().refresh()
    text = None if errors else charter_text(services.read_db(), id, on=on, as_of=as_of)
    clauses = text["clauses"] if text else []
    votes = {}
    for clause in clauses:
        decided = date.fromisoformat(clause["adopted_by"]["decided_on"])
        clause["diff"] = {"from": (decided - timedelta(days=1)).isoformat(),
                          "to": decided.isoformat()}
        vote_id = clause["adopted_by"].get("vote_id")
        if vote_id and vote_id not in votes:
            votes[vote_id] = ledger().find(Vote, UUID(str(vote_id)))
    page_ = render_template("charter.html", charter=record, on=on, as_of=as_of, clauses=clauses,
                            votes=votes, errors=errors, args=request.args,
                            unrecorded=not errors and text is None)
    return (page_, 400) if errors else page_


@bp.route("/<kind>/<uuid:id>")
@bp.route("/<kind>/<uuid:id>/history", endpoint="history")
def record(kind: str, id: UUID) -> str:
    cls = KINDS.get(kind)
    if cls is None:
        abort(404)
    found, stored = replayed(ledger(), cls, id)
    auth.check_record_scope(cls.__name__.lower(), id, found.process_id)
    svc = services.current()
    events = history(svc.db, id, stored, refresh=svc.refresh,
                     more=ledger().related_events(found))
    if isinstance(found, Vote):  # shown with every ballot, not only those kept in the vote
        found.ballots = ledger().ballots(found)
    return render_template("record.html", kind=kind, noun=NOUN[kind], record=found,
                           title=label(kind, found), rows=details(kind, found), events=events,
                           saved=request.args.get("saved") == "1")


@bp.context_processor
def page_helpers() -> dict[str, Any]:
    return {"link_of": lambda ref: link(COLLECTION[ref["type"]], ref["id"]), "today": date.today()}


@bp.route("/<path:rest>")
def unknown(rest: str) -> Any:
    abort(404)

