"""How records read on a page: a label for links, and their fields as rows of words and links."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple
from uuid import UUID

from flask import g, url_for

from web.reads import (
    ERASED,
    Actor,
    Amendment,
    Charter,
    Commitment,
    Cooperation,
    Funding,
    Gathering,
    Indicator,
    LedgerAggregate,
    LedgerError,
    Process,
    Proposal,
    Vote,
    actor_labels,
    ledger,
    record_states,
    services,
)

KINDS: dict[str, type[LedgerAggregate]] = {
    cls.collection: cls
    for cls in (Process, Charter, Proposal, Amendment, Vote, Gathering, Actor, Cooperation,
                Commitment, Funding, Indicator)
}
NOUN = {cls.collection: cls.__name__.lower() for cls in KINDS.values()}
COLLECTION = {noun: collection for collection, noun in NOUN.items()}

FIELDS: dict[str, tuple[str, ...]] = {
    "processes": ("level", "area", "topics", "started_on", "goals", "phases", "concluded_on",
                  "summary", "status"),
    "charters": ("process_id", "established_on"),
    "proposals": ("process_id", "status", "text", "original_text", "author_ids", "submitted_on",
                  "charter_id", "clause", "amendment_ids", "adopted_amendment_ids",
                  "decided_by", "decided_on", "withdrawn_on"),
    "amendments": ("process_id", "proposal_id", "status", "text", "rationale", "author_ids",
                   "submitted_on", "decided_by", "decided_on", "withdrawn_on"),
    "votes": ("process_id", "subject_type", "subject_id", "gathering_id", "method", "opened_on",
              "ballots", "tally", "closed_on", "result", "status"),
    "gatherings": ("process_id", "format", "held_on", "place", "attendance"),
    "actors": ("kind", "district", "kiez", "contact", "erased", "erased_on"),
    "cooperations": ("actor_ids", "kind", "started_on", "ended_on", "process_id", "status"),
    "commitments": ("process_id", "actor_id", "description", "made_on", "due_on", "proposal_id",
                    "gathering_id", "progress", "fulfilled_on", "evidence", "withdrawn_on",
                    "withdrawal_reason", "fulfilled_late"),
    "fundings": ("process_id", "funder_id", "recipient_id", "logic", "period_start",
                 "period_end", "amount", "granted_on", "disbursements"),
    "indicators": ("process_id", "name", "unit", "target_per_year", "counts_from"),
}

REFS = {
    "process_id": "processes", "proposal_id": "proposals", "gathering_id": "gatherings",
    "charter_id": "charters", "decided_by": "votes", "actor_id": "actors",
    "voter_id": "actors", "funder_id": "actors", "recipient_id": "actors",
    "author_ids": "actors", "actor_ids": "actors", "amendment_ids": "amendments",
    "adopted_amendment_ids": "amendments",
}
CODES = {"format": "format", "method": "method", "logic": "logic", "level": "level",
         "status": "status", "subject_type": "subject"}


class Part(NamedTuple):
    text: str
    href: str | None = None


def _t() -> Any:
    return g.words


def find(kind: str, id: Any) -> Any:
    """A record by collection and id, once per request."""
    cache = g.setdefault("records", {})
    key = (kind, str(id))
    if key not in cache:
        try:
            cache[key] = ledger().find(KINDS[kind], id if isinstance(id, UUID) else UUID(str(id)))
        except (LedgerError, ValueError):
            cache[key] = None
    return cache[key]


def preload(refs: Iterable[dict[str, Any]]) -> None:
    """Fetch what the links of a page say in two queries, instead of replaying each record:
    records from the `records` read model, actors' names from the `facts` one."""
    cache = g.setdefault("records", {})
    names = g.setdefault("actor_names", {})
    wanted = {}
    actors = set()
    for ref in refs:
        kind, key = COLLECTION.get(ref["type"]), str(ref["id"])
        if kind == "actors" and key not in names:
            actors.add(key)
        elif kind is not None and kind != "actors" and (kind, key) not in cache:
            wanted[key] = kind
    db = services.read_db()  # a replica, where the request reads from one
    for record_id, record in record_states(db, wanted).items():
        if isinstance(record, KINDS[wanted[record_id]]):
            cache[(wanted[record_id], record_id)] = record
    names.update(actor_labels(db, actors))


def label(kind: str, record: Any) -> str:
    """What a link to a record says."""
    t = _t()
    if record is None:
        return t("dash")
    if kind == "actors":
        return t("erased") if record.erased else record.name
    if kind == "votes":
        return f"{t('kind_vote')} {t.date(record.opened_on)}"
    if kind == "amendments":
        return f"{t('kind_amendment')} {t.date(record.submitted_on)}"
    if kind == "cooperations":
        names = " – ".join(label("actors", find("actors", a)) for a in record.actor_ids)
        return f"{t.value('coop', record.kind)}: {names}"
    if kind == "commitments":
        return record.description
    if kind == "indicators":
        return record.name
    if kind == "fundings":
        return f"{t.value('logic', record.logic)} {t.money(record.amount, record.currency)}"
    return getattr(record, "title", None) or t(f"kind_{NOUN[kind]}")


def link(kind: str, id: Any) -> Part:
    known = g.get("actor_names", {}).get(str(id)) if kind == "actors" else None
    if known is not None:  # as `label` says it: erased actors by the word for it
        text = _t()("erased") if known[1] else known[0]
    else:
        text = label(kind, find(kind, id))
    return Part(text, url_for("web.record", kind=kind, id=id)
                if kind not in ("processes", "charters")
                else url_for(f"web.{NOUN[kind]}", id=id))


def _value(kind: str, field: str, value: Any, record: Any) -> list[Part]:
    t = _t()
    if value == ERASED:  # the ledger's marker, in the page's language
        return [Part(t("erased"))]
    if field in REFS:
        ids = value if isinstance(value, list | tuple) else [value]
        return [link(REFS[field], i) for i in ids]
    if field == "subject_id":
        return [link(f"{record.subject_type}s", value)]
    if field in CODES or (field == "kind" and kind in ("actors", "cooperations")):
        prefix = CODES.get(field) or ("actor" if kind == "actors" else "coop")
        return [Part(t.value(prefix, value))]
    if field == "amount":
        return [Part(t.money(value, record.currency))]
    if field == "target_per_year":
        return [Part(f"{t.quantity(value)} {record.unit}")]
    if isinstance(value, bool):
        return [Part(t("yes" if value else "no"))]
    if isinstance(value, date):
        return [Part(t.date(value))]
    if field in ("tally", "result"):
        text = t("counts", **{k: value.get(k, 0) for k in ("yes", "no", "abstain", "objections")})
        if "outcome" in value:
            text = f"{t.value('outcome', value['outcome'])} ({text})"
        return [Part(text)]
    if field == "ballots":
        return [Part(f"{label('actors', find('actors', voter))}: {t.value('choice', choice)}")
                for voter, choice in value.items()]
    if field == "clause":
        parts = [Part(t(f"action_{value['action']}"))]
        if value.get("heading"):
            parts.append(Part(value["heading"]))
        return parts
    if field == "goals":
        goal = value.get("open_assemblies_per_year")
        return [Part(f"{t('continuity')}: {goal}")] if goal is not None else []
    if field == "phases":
        return [Part(f"{p['name']} ({t.date(p['started_on'])})") for p in value]
    if field == "progress":
        return [Part(f"{t.date(p['reported_on'])}: {p['note']}") for p in value]
    if field == "disbursements":
        return [Part(f"{t.date(d['paid_on'])}: {t.money(d['amount'], record.currency)}")
                for d in value]
    if isinstance(value, list | tuple):
        return [Part(str(v)) for v in value]
    if isinstance(value, Decimal | int):
        return [Part(t.number(value))]
    return [Part(str(value))]


def details(kind: str, record: Any) -> list[tuple[str, list[Part]]]:
    """(label, parts) for each field of the record that has a value."""
    rows = []
    for field in FIELDS[kind]:
        value = getattr(record, field, None)
        if value in (None, [], {}, ""):
            continue
        if field == "original_text" and value == record.text:
            continue
        parts = _value(kind, field, value, record)
        if parts:
            rows.append((_t()(f"f_{field}"), parts))
    return rows
