"""One entry point for every format: `render(report, fmt, lang, head) -> (bytes, mimetype)`."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from ledger.errors import InvalidValue
from queries.reports.i18n import LANGS

FORMATS = ("json", "csv", "html", "pdf")
MIMETYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
# Formats that draw charts and list the timeline: their reports are built with detail=True.
DETAILED = ("html", "pdf")


def check(fmt: str, lang: str) -> None:
    if fmt not in FORMATS:
        raise InvalidValue(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}",
                           field="format")
    if lang not in LANGS:
        raise InvalidValue(f"lang must be one of {', '.join(LANGS)}, not {lang!r}",
                           field="lang")


def render(report: dict[str, Any], fmt: str = "json", lang: str = "de", head: Any = None,
           generated_at: datetime | None = None) -> tuple[bytes, str]:
    """The report as bytes of `fmt` and their mimetype.

    `head` is the ledger head when the report was made: `ledger.integrity.head(app)`'s
    `(position, hash)`, a hex string, or a mapping with `hash` (and `position`); HTML and PDF
    print it, JSON adds it as `ledger_head: {"position", "hash"}` only when it is given, CSV
    repeats it on every row in its `ledger_position` and `ledger_hash` columns (empty when
    not given). `lang` (`de` default, `en`) changes HTML and PDF only.
    """
    check(fmt, lang)
    if fmt == "json":
        body = dict(report)
        if head is not None:
            from queries.reports.view import head_of

            h = head_of(head)
            body["ledger_head"] = {"position": h.position, "hash": h.hash}
        return json.dumps(body, ensure_ascii=False, default=_plain).encode("utf-8"), \
            MIMETYPES[fmt]
    if fmt == "csv":
        from queries.reports.csv_report import render_csv

        return render_csv(report, head), MIMETYPES[fmt]
    if fmt == "html":
        from queries.reports.html_report import render_html

        return render_html(report, lang, head, generated_at), MIMETYPES[fmt]
    from queries.reports.pdf_report import render_pdf

    return render_pdf(report, lang, head, generated_at), MIMETYPES[fmt]


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)
