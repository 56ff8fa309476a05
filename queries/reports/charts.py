"""The report charts, drawn with matplotlib's object API on the Agg canvas.

No pyplot: every chart is its own `Figure`, so nothing is left in global state. Saving reads
two rcParams for SVG (`svg.fonttype`, `svg.hashsalt`); they are set per save inside a lock,
so that charts saved at the same time in other threads keep their own settings.
"""

from __future__ import annotations

import io
import re
import threading
from datetime import date
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from queries.reports.i18n import Texts

SIZE = (7.0, 3.2)  # inches
COLORS = {
    "bar": "#3b7d4f", "goal": "#b5452f", "line": "#2c5d8f", "muted": "#8a8a8a",
    "fulfilled_on_time": "#3b7d4f", "fulfilled_late": "#c9a227", "overdue": "#b5452f",
    "withdrawn": "#8a8a8a", "made": "#2c5d8f", "carried_over": "#7fa6cc", "open": "#6f8f9f",
}
_save_lock = threading.Lock()


def _figure(title: str | None) -> tuple[Figure, Any]:
    fig = Figure(figsize=SIZE, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, fontsize=11, loc="left")
    return fig, ax


def _empty(ax: Any, t: Texts) -> None:
    ax.text(0.5, 0.5, t("no_data"), ha="center", va="center", transform=ax.transAxes,
            color=COLORS["muted"])
    ax.set_xticks([])
    ax.set_yticks([])


def _date_axis(ax: Any, t: Texts) -> None:
    """Days on the x axis as the report writes them: 07.2024 / 14.03.2024 in German."""
    from matplotlib import dates

    locator = dates.AutoDateLocator()
    formatter = dates.AutoDateFormatter(locator)
    german = t.lang == "de"
    formatter.scaled = {
        365.0: "%Y",
        30.0: "%m.%Y" if german else "%Y-%m",
        1.0: "%d.%m.%Y" if german else "%Y-%m-%d",
        1 / 24: "%d.%m.%Y %H:%M" if german else "%Y-%m-%d %H:%M",
    }
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


def continuity_chart(continuity: list[dict], t: Texts, titled: bool = True) -> Figure:
    """Open assemblies per year (bars) against the year's goal (a marker line per year)."""
    fig, ax = _figure(t("chart_continuity") if titled else None)
    if not continuity:
        _empty(ax, t)
        return fig
    years = [c["year"] for c in continuity]
    xs = list(range(len(years)))
    ax.bar(xs, [c["open_assemblies"] for c in continuity], color=COLORS["bar"], width=0.6,
           label=t("held"))
    first = True
    for x, c in zip(xs, continuity, strict=True):
        if c["goal"] is not None:
            ax.hlines(c["goal"], x - 0.4, x + 0.4, colors=COLORS["goal"], linewidth=2.5,
                      label=t("goal") if first else None)
            first = False
    ax.set_xticks(xs, [str(y) for y in years])
    ax.yaxis.get_major_locator().set_params(integer=True)
    top = max([c["open_assemblies"] for c in continuity]
              + [c["goal"] or 0 for c in continuity] + [1])
    ax.set_ylim(0, top + 1)
    ax.set_ylabel(t("open_assemblies"))
    ax.legend(loc="upper right", frameon=False, fontsize=8)
    return fig


def attendance_chart(points: list[dict], t: Texts, titled: bool = True) -> Figure:
    """Attendance per gathering over time: open assemblies and other formats apart."""
    fig, ax = _figure(t("chart_attendance") if titled else None)
    known = [p for p in points if p.get("attendance") is not None]
    if not known:
        _empty(ax, t)
        return fig
    days = [date.fromisoformat(p["on"]) for p in known]
    ax.plot(days, [p["attendance"] for p in known], color=COLORS["line"], linewidth=1,
            alpha=0.6)
    for is_open, marker, label in ((True, "o", t("format_open_assembly")),
                                   (False, "s", t("gatherings"))):
        chosen = [(d, p["attendance"]) for d, p in zip(days, known, strict=True)
                  if (p.get("format") == "open_assembly") == is_open]
        if chosen:
            ax.scatter([d for d, _ in chosen], [a for _, a in chosen], marker=marker, s=22,
                       color=COLORS["bar"] if is_open else COLORS["line"], label=label,
                       zorder=3)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(t("attendance"))
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    _date_axis(ax, t)
    fig.autofmt_xdate()
    return fig


def commitments_chart(commitments: dict[str, int], t: Texts, titled: bool = True,
                      end: str | None = None) -> Figure:
    """The commitments of the period as two stacked bars of the same length: where they came
    from (made before the period and still open at its start, made in it) and their status
    on its last day (fulfilled on time or late, withdrawn, overdue, open)."""
    fig, ax = _figure(t("chart_commitments") if titled else None)
    c = commitments
    on_time = c["fulfilled"] - c["fulfilled_late"]
    bars = [
        (t("commitments_source"), [("carried_over", c.get("carried_over", 0)),
                                      ("made", c["made"])]),
        (t("commitments_status_at", day=t.date(end)) if end else t("status"),
         [("fulfilled_on_time", on_time), ("fulfilled_late", c["fulfilled_late"]),
          ("withdrawn", c["withdrawn"]), ("overdue", c["overdue"]),
          ("open", c.get("open", 0))]),
    ]
    total = max(sum(v for _, v in parts) for _, parts in bars)
    if total == 0:
        _empty(ax, t)
        return fig
    for y, (_, parts) in zip((1, 0), bars, strict=True):
        left = 0
        for key, value in parts:
            if not value:
                continue
            label = t("open_not_due" if key == "open" else key)
            ax.barh(y, value, left=left, color=COLORS[key], height=0.6,
                    label=f"{label}: {t.number(value)}")
            ax.text(left + value / 2, y, t.number(value), ha="center", va="center",
                    fontsize=8, color="white")
            left += value
    ax.set_yticks([1, 0], [name for name, _ in bars])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, total * 1.02)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False,
              fontsize=7)
    return fig


def network_chart(network: list[dict], to: str, t: Texts, titled: bool = True) -> Figure:
    """Cooperations of the process started so far (a step line over the period)."""
    fig, ax = _figure(t("chart_network") if titled else None)
    if not network:
        _empty(ax, t)
        return fig
    days = [date.fromisoformat(p["on"]) for p in network] + [date.fromisoformat(to)]
    totals = [p["total"] for p in network] + [network[-1]["total"]]
    ax.step(days, totals, where="post", color=COLORS["line"], linewidth=2)
    ax.fill_between(days, totals, step="post", color=COLORS["line"], alpha=0.15)
    ax.set_ylim(0, max(totals + [1]) + 1)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel(t("cooperations_total"))
    _date_axis(ax, t)
    fig.autofmt_xdate()
    return fig


def charts_for(figures: dict[str, Any], period_to: str, t: Texts,
               titled: bool = True) -> list[tuple[str, Figure]]:
    """The four charts of one process: (key, figure), in report order. Without `titled`
    the caller puts the title beside the chart (an HTML figcaption)."""
    series = figures.get("series") or {}
    return [
        ("continuity", continuity_chart(figures["continuity"], t, titled)),
        ("attendance", attendance_chart(series.get("attendance", []), t, titled)),
        ("commitments", commitments_chart(figures["commitments"], t, titled, period_to)),
        ("network", network_chart(series.get("network", []), period_to, t, titled)),
    ]


def _save(fig: Figure, fmt: str, rc: dict[RcKeyType, Any], **kwargs: Any) -> bytes:
    out = io.BytesIO()
    with _save_lock, matplotlib.rc_context(rc):
        fig.savefig(out, format=fmt, **kwargs)
    return out.getvalue()


_XML_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)


def svg(fig: Figure, salt: str, title: str | None = None) -> str:
    """The figure as an `<svg>` element for inline use in HTML5.

    Text stays text (`svg.fonttype: none`), ids are prefixed with `salt` (and hashed ids
    salted with it) so that several charts on one page never share an id, and the XML
    prologue, DOCTYPE and RDF metadata are dropped.
    """
    data = _save(fig, "svg", {"svg.fonttype": "none", "svg.hashsalt": salt},
                 metadata={"Date": None, "Creator": None})
    text = _XML_PROLOGUE.sub("", data.decode("utf-8"), count=1)
    # The RDF metadata block uses namespaced attributes HTML5 does not allow inline.
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    # matplotlib numbers its ids per figure (figure_1, patch_1, ...): prefix them, and the
    # references to them, so that they stay unique on a page with several charts.
    text = re.sub(r'(\s)id="([^"]+)"', rf'\1id="{salt}-\2"', text)
    text = re.sub(r'((?:xlink:)?href)="#([^"]+)"', rf'\1="#{salt}-\2"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{salt}-\1)", text)
    # Drop the sizes in pt so the chart scales with the page; the viewBox keeps its shape.
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", text, count=1)
    label = f' role="img" aria-label="{_attr(title)}"' if title else ' role="img"'
    return text.replace("<svg", "<svg" + label, 1).strip()


def png(fig: Figure, dpi: int = 150) -> bytes:
    return _save(fig, "png", {}, dpi=dpi, metadata={"Software": None})


def _attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))

