"""Funding and accountability reports: figures from the `facts` read model, rendered as JSON,
CSV, HTML or PDF.

    from queries.reports import funding_report, accountability_report, render, produce

    report = funding_report(db, funder_id, "2022-01-01", "2024-12-31")   # a dict (JSON shape)
    body, mimetype = render(report, "pdf", lang="de", head=ledger.integrity.head(app))

    # or in one step; builds the report with the detail HTML and PDF draw:
    body, mimetype = produce(db, "funding", funder_id, from_, to, fmt="html", head=...)

The reports read the `facts` projection (projections.facts.FactsProjection), which must be
registered with the projection runner and caught up; the accountability report's timeline
comes from the `timeline` read model when it is set up, else from the facts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from queries.reports.figures import accountability_report, funding_report
from queries.reports.render import DETAILED, FORMATS, MIMETYPES, check, render
from store.sql import Database

KINDS = ("funding", "accountability")


def produce(
    db: Database, kind: str, subject_id: Any, from_: date | str, to: date | str, *,
    fmt: str = "json", lang: str = "de", head: Any = None,
    generated_at: datetime | None = None, process_ids: Any = None,
) -> tuple[bytes, str]:
    """Build and render a report: `kind` is `funding` (subject: the funder) or
    `accountability` (subject: the process). Returns (bytes, mimetype).

    `process_ids` (a scoped auditor's processes) limits a funding report to those
    processes' fundings; for an accountability report the caller checks the scope."""
    check(fmt, lang)
    if kind == "funding":
        report = funding_report(db, subject_id, from_, to, detail=fmt in DETAILED,
                                process_ids=process_ids)
    elif kind == "accountability":
        report = accountability_report(db, subject_id, from_, to, detail=fmt in DETAILED)
    else:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return render(report, fmt, lang, head, generated_at)


__all__ = [
    "FORMATS", "KINDS", "MIMETYPES", "accountability_report", "funding_report", "produce",
    "render",
]
