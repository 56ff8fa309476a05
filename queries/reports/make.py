"""A report made once for the API and the command line alike: counted at one log position of
the `facts` read model and stamped with the hash chain's hash there (from the `integrity` read
model, else the log's head from `ledger.integrity.head`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from queries.readmodels import position_of
from queries.reports import KINDS
from store.sql import Database

# How often a report is counted again when the read model moved while it was counted.
ATTEMPTS = 3
# The longest period a report covers, in calendar years (one bar and one table row each).
MAX_YEARS = 100


class ReportsUnavailable(Exception):
    """The read model the reports need is not set up in this store."""


@dataclass(frozen=True)
class Made:
    body: bytes
    mimetype: str
    filename: str
    head: tuple[int, str]  # (log position, hex hash) the figures were counted at


def facts_position(db: Database) -> int | None:
    """The log position the `facts` read model has reached; None when it is not set up."""
    from projections.facts import FactsProjection

    return position_of(db, FactsProjection.name)


def head_at(svc: Any, position: int) -> tuple[int, str]:
    """(position, hash) of the hash chain at `position`.

    From the integrity read model when it has reached `position`; when it is behind (its
    own worker lags), its last hash with the few events after it linked on from the log;
    without that read model, the head of the log from `ledger.integrity.head` (which may
    then lie after `position`)."""
    from ledger import integrity
    from queries import integrity as chain

    if position == 0:
        return 0, integrity.GENESIS.hex()
    if not svc.db.has_table("integrity_chain"):
        return integrity.head(svc.ledger)
    found = chain.hashes(svc.db, [position])
    if position in found:
        return position, found[position]
    reached, digest = chain.head(svc.db)
    if reached > position:  # a gap in the recorded chain: not ours to paper over
        return integrity.head(svc.ledger)
    link = bytes.fromhex(digest)
    for n in integrity.iter_log(svc.ledger, start=reached + 1, stop=position):
        link = integrity.link(link, n)
    return position, link.hex()


def build_report(db: Any, kind: str, subject_id: Any, from_: date | str, to: date | str,
                 fmt: str, process_ids: Any = None) -> dict[str, Any]:
    """The report dict, with the detail HTML and PDF draw (what `produce` builds)."""
    from queries.reports import accountability_report, funding_report
    from queries.reports.render import DETAILED

    detail = fmt in DETAILED
    if kind == "funding":
        return funding_report(db, subject_id, from_, to, detail=detail, process_ids=process_ids)
    return accountability_report(db, subject_id, from_, to, detail=detail)


def checked_request(from_: date | str, to: date | str, fmt: str,
                    lang: str) -> tuple[date, date]:
    """The period of a report asked for, once format, language and period are checked
    (InvalidValue otherwise: a period of at most MAX_YEARS calendar years)."""
    from ledger.errors import InvalidValue
    from queries.reports.figures import parse_period
    from queries.reports.render import check

    check(fmt, lang)
    frm, until = parse_period(from_, to)
    if until.year - frm.year >= MAX_YEARS:
        raise InvalidValue(f"a report covers at most {MAX_YEARS} calendar years, not "
                           f"{frm.year}..{until.year}", field="to")
    return frm, until


def make_report(svc: Any, kind: str, subject_id: Any, from_: date | str, to: date | str, *,
                fmt: str = "json", lang: str = "de", process_ids: Any = None,
                generated_at: datetime | None = None) -> Made:
    """Bring the in-process read models to the head of the log, count the report at one log
    position and render it. Raises the ledger's NotFound (unknown funder or process) and
    InvalidValue (bad period, format or language), and ReportsUnavailable."""
    from queries.reports.render import render

    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    frm, until = checked_request(from_, to, fmt, lang)
    svc.refresh()
    position = facts_position(svc.db)
    if position is None:
        raise ReportsUnavailable("the facts read model is not set up in this store "
                                 "(run `kiezledger init`, then its projections)")
    for _ in range(ATTEMPTS):
        report = build_report(svc.db, kind, subject_id, frm, until, fmt, process_ids)
        after = facts_position(svc.db) or 0
        if after == position:
            break
        position = after  # the figures may hold events past `position`: count again
    head = head_at(svc, position)
    body, mimetype = render(report, fmt, lang, head, generated_at)
    return Made(body, mimetype, filename(kind, report, fmt), head)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                          "ß": "ss"})


def slug(text: str, limit: int = 60) -> str:
    """`Stiftung Nachbarschaft` -> `stiftung-nachbarschaft` (ASCII, for file names)."""
    ascii_ = unicodedata.normalize("NFKD", text.translate(_UMLAUTS)).encode("ascii", "ignore")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_.decode("ascii").lower()).strip("-")
    return words[:limit].rstrip("-")


def filename(kind: str, report: dict[str, Any], fmt: str) -> str:
    """`funding-report_stiftung-nachbarschaft_2022-01-01_2024-06-30.pdf`."""
    if kind == "funding":
        subject = report["funder"]["name"] or "", report["funder"]["id"]
    else:
        subject = report["process"]["title"] or "", report["process"]["id"]
    name = slug(subject[0]) or str(subject[1])[:8]
    period = report["period"]
    return f"{kind}-report_{name}_{period['from']}_{period['to']}.{fmt}"
