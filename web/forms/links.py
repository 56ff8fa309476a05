"""Which recording forms a page links to: only those the signed-in token may use."""

from __future__ import annotations

from typing import Any

from flask import g, url_for

from web import bp
from web.reads import LedgerError, Problem, auth


def _may_change(noun: str, record: Any) -> bool:
    """The API's own check for a write to this record (role, scope, a record of no process)."""
    who = g.get("principal")
    if who is None or who.role not in ("admin", "editor"):
        return False
    try:
        auth.check_may_change(noun, record.id, record.process_id)
    except (LedgerError, Problem):
        return False
    return True


def process_links(process: Any) -> list[tuple[str, str]]:
    t = g.words
    if not _may_change("process", process):
        return []
    return [(url_for(f"web.{endpoint}", id=process.id), t(key)) for endpoint, key in (
        ("new_gathering", "record_gathering"), ("new_proposal", "record_proposal"),
        ("new_commitment", "fm_record_commitment"), ("new_funding", "fm_record_funding"),
        ("new_cooperation", "fm_record_cooperation"), ("new_actor", "fm_record_actor"))]


def new_process_link() -> tuple[str, str] | None:
    who = g.get("principal")
    if who is None or who.role not in ("admin", "editor") or who.scoped:
        return None
    return url_for("web.new_process"), g.words("fm_record_process")


def record_links(kind: str, record: Any) -> list[tuple[str, str]]:
    """The forms that change or follow up this record, as its state allows."""
    if kind not in _ACTIONS or not _may_change(record.__class__.__name__.lower(), record):
        return []
    t = g.words
    return [(url_for(f"web.{endpoint}", id=record.id, **extra), t(key))
            for endpoint, key, extra in _ACTIONS[kind](record)]


Action = tuple[str, str, dict[str, Any]]


def _proposal(p: Any) -> list[Action]:
    if p.status != "submitted":  # still open
        return []
    return [("new_amendment", "fm_record_amendment", {}),
            ("open_vote", "fm_open_vote", {"kind": "proposals"}),
            ("withdraw_submission", "fm_withdraw_proposals", {"kind": "proposals"})]


def _amendment(a: Any) -> list[Action]:
    if a.status != "submitted":
        return []
    return [("open_vote", "fm_open_vote", {"kind": "amendments"}),
            ("withdraw_submission", "fm_withdraw_amendments", {"kind": "amendments"})]


def _vote(v: Any) -> list[Action]:
    if v.closed_on is not None:
        return []
    counted: list[Action] = [] if v.tally is not None else [("cast_ballot", "fm_cast_ballot", {}),
                                               ("count_tally", "fm_count_tally", {})]
    return [*counted, ("close_vote", "fm_close_vote", {})]


def _commitment(c: Any) -> list[Action]:
    if c.fulfilled_on is not None or c.withdrawn_on is not None:
        return []
    return [("report_progress", "fm_report_progress", {}), ("fulfil_commitment", "fm_fulfil", {}),
            ("withdraw_commitment", "fm_withdraw", {})]


def _cooperation(c: Any) -> list[Action]:
    return [("end_cooperation", "fm_end_cooperation", {})] if c.ended_on is None else []


def _funding(f: Any) -> list[Action]:
    return [("disburse", "fm_disburse", {})] if f.disbursed < f.amount else []


_ACTIONS = {"proposals": _proposal, "amendments": _amendment, "votes": _vote,
            "commitments": _commitment, "cooperations": _cooperation, "fundings": _funding}


@bp.context_processor
def form_links() -> dict[str, Any]:
    return {"process_links": process_links, "record_links": record_links,
            "new_process_link": new_process_link}
