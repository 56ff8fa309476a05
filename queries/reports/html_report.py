"""The HTML form of a report: one self-contained HTML5 page a funder can file.

Title page, contents, summary figures, per process (per funding) the continuity table, four
charts as inline SVG (no external resources, no JavaScript), the commitments with their
status, the charter changes with their provenance and the timeline; the ledger head hash and
the generation time on the title page and in the footer.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from queries.reports import charts
from queries.reports.i18n import Texts
from queries.reports.view import View, view_of

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True, lstrip_blocks=True,
    )


def titles(view: View, t: Texts) -> tuple[str, str, str]:
    """(title, subtitle, subject) of the report."""
    report = view.report
    if view.kind == "funding":
        funder = report["funder"]["name"] or report["funder"]["id"]
        return t("funding_title"), t("funding_subtitle", funder=funder), funder
    process = report["process"]["title"]
    return t("accountability_title"), t("accountability_subtitle", process=process), process


# The commitment figures in the order of the sentence that adds them up: (figure, label).
COMMITMENT_ROWS = (("made", "made"), ("carried_over", "carried_over"), ("fulfilled", "fulfilled"),
                   ("fulfilled_late", "fulfilled_late"), ("withdrawn", "withdrawn"),
                   ("overdue", "overdue"), ("open", "open_not_due"))


def status_text(t: Texts, commitment: dict[str, Any]) -> str:
    status = commitment["status"]
    if status == "fulfilled":
        key = "fulfilled_late" if commitment.get("fulfilled_late") else "fulfilled_on_time"
        return f"{t(key)} ({t.date(commitment['fulfilled_on'])})"
    if status == "withdrawn":
        return f"{t('withdrawn')} ({t.date(commitment['withdrawn_on'])})"
    return t(status)


_DRAWN: OrderedDict[str, list[tuple[str, str, Markup]]] = OrderedDict()
_DRAWN_LOCK = threading.Lock()
DRAWN_KEPT = 64  # sections' charts kept (about 100 KB each)


def _charts(anchor: str, figures: dict[str, Any], period_to: str,
            t: Texts) -> list[tuple[str, str, Markup]]:
    """A section's four charts as inline SVG, kept by what they are drawn from: drawing them
    is most of a report's time (matplotlib), and a report asked for again draws the same.
    The key is the charts' whole input, so a changed history can never get old drawings."""
    series = figures.get("series") or {}
    drawn_from = {"anchor": anchor, "to": period_to, "lang": t.lang,
                  "continuity": figures["continuity"], "commitments": figures["commitments"],
                  "attendance": series.get("attendance", []),
                  "network": series.get("network", [])}
    key = hashlib.sha256(json.dumps(drawn_from, sort_keys=True, default=str).encode()).hexdigest()
    with _DRAWN_LOCK:
        if key in _DRAWN:
            _DRAWN.move_to_end(key)
            return _DRAWN[key]
    made = []
    for name, fig in charts.charts_for(figures, period_to, t, titled=False):
        caption = t(f"chart_{name}")
        markup = charts.svg(fig, salt=f"{anchor}-{name}", title=caption)
        made.append((name, caption, Markup(markup)))  # noqa: S704
    with _DRAWN_LOCK:
        _DRAWN[key] = made
        while len(_DRAWN) > DRAWN_KEPT:
            _DRAWN.popitem(last=False)
    return made


def render_html(report: dict[str, Any], lang: str = "de", head: Any = None,
                generated_at: datetime | None = None) -> bytes:
    t = Texts(lang)
    view = view_of(report, head, generated_at)
    title, subtitle, subject = titles(view, t)
    drawn = {section.anchor: _charts(section.anchor, section.figures, report["period"]["to"], t)
             for section in view.sections}
    html = environment().get_template("report.html").render(
        t=t, view=view, report=report, title=title, subtitle=subtitle, subject=subject,
        charts=drawn, status_text=lambda c: status_text(t, c), COMMITMENT_ROWS=COMMITMENT_ROWS,
    )
    return html.encode("utf-8")
