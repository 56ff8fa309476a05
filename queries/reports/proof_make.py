"""The proof-of-use report made once for the API, the command line and the pages: counted
when the `facts` and `proof` read models stand at one log position, stamped with the hash
chain's hash there (as `queries.reports.make` does for the other reports)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from queries.readmodels import position_of
from queries.reports.make import (
    ATTEMPTS,
    Made,
    ReportsUnavailable,
    checked_request,
    head_at,
    slug,
)
from store.sql import Database

KIND = "proof-of-use"


def positions(db: Database) -> tuple[int | None, int | None]:
    from projections.facts import FactsProjection
    from projections.proof import ProofProjection

    return position_of(db, FactsProjection.name), position_of(db, ProofProjection.name)


def funding_process(svc: Any, funding_id: Any) -> Any:
    """The process of a funding (for the caller's scope check); NotFound when unknown."""
    from uuid import UUID

    from ledger.domain.fundings import Funding
    from ledger.errors import NotFound

    try:
        fid = funding_id if isinstance(funding_id, UUID) else UUID(str(funding_id))
    except ValueError:
        raise NotFound(f"no funding with id {funding_id}") from None
    return svc.ledger.find(Funding, fid).process_id


def make_proof(svc: Any, funding_id: Any, from_: date | str, to: date | str, *,
               fmt: str = "json", lang: str = "de",
               generated_at: datetime | None = None) -> Made:
    from queries.reports.proof import proof_of_use_report
    from queries.reports.proof_render import render_proof

    frm, until = checked_request(from_, to, fmt, lang)
    svc.refresh()
    before = positions(svc.db)
    if None in before:
        raise ReportsUnavailable("the facts and proof read models are not set up in this "
                                 "store (run `kiezledger init`, then its projections)")
    for _ in range(ATTEMPTS):
        report = proof_of_use_report(svc.db, funding_id, frm, until)
        after = positions(svc.db)
        if after == before and after[0] == after[1]:
            break
        svc.refresh()
        before = positions(svc.db)
    head = head_at(svc, int(before[0] or 0))
    body, mimetype = render_proof(report, fmt, lang, head, generated_at)
    name = slug(report["process"]["title"] or "") or report["funding"]["id"][:8]
    filename = f"proof-of-use_{name}_{report['period']['from']}_{report['period']['to']}.{fmt}"
    return Made(body, mimetype, filename, head)
