"""The PDF form of a report (fpdf2): the same content as the HTML form, charts as PNG.

DejaVu Sans (bundled with matplotlib) is embedded as a Unicode TrueType font, so umlauts and
the en dash render, and the text can be extracted again (fpdf2 writes a ToUnicode map).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Set as AbstractSet
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.line_break import SOFT_HYPHEN

from queries.reports import charts
from queries.reports.html_report import COMMITMENT_ROWS, status_text, titles
from queries.reports.i18n import Texts
from queries.reports.view import Section, View, view_of

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
GREEN = (59, 125, 79)
MUTED = (95, 107, 117)
LIGHT = (238, 243, 239)


class ReportPDF(FPDF):
    def __init__(self, t: Texts, footer_text: str, head_hash: str | None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.t = t
        self.footer_text = footer_text
        self.head_hash = head_hash
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=20)
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.add_font("DejaVuMono", "", str(FONTS / "DejaVuSansMono.ttf"))
        self.set_font("DejaVu", size=10)

    def footer(self) -> None:
        """Title and page, then the whole head hash on a line of its own (the title page
        shows it in large)."""
        if self.page_no() == 1:
            return
        self.set_y(-15)
        self.set_font("DejaVu", size=7)
        self.set_text_color(*MUTED)
        page = f"{self.t('page')} {self.page_no()}/{{nb}}"
        self.cell(self.epw - 25, 4, self.footer_text)
        self.cell(25, 4, page, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(self.get_string_width(self.t("head") + ": ") + 1, 4, f"{self.t('head')}: ")
        if self.head_hash:
            self.set_font("DejaVuMono", size=6.5)
            self.cell(0, 4, self.head_hash)
        else:
            self.cell(0, 4, self.t("head_missing"))
        self.set_text_color(0, 0, 0)

    # -- building blocks ---------------------------------------------------------------------

    def heading(self, text: str, size: int = 15, keep: float = 0) -> None:
        """A heading, on a new page when it or the `keep` mm that follow would not fit."""
        if self.get_y() > self.h - 45 or self.get_y() + 15 + keep > self.h - self.b_margin:
            self.add_page()
        self.ln(3)
        self.set_font("DejaVu", "B", size)
        self.set_text_color(*GREEN)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_font("DejaVu", size=10)
        self.ln(1)

    def paragraph(self, text: str, size: float = 10, color: tuple = (0, 0, 0)) -> None:
        self.set_font("DejaVu", size=size)
        self.set_text_color(*color)
        # ragged right: justified German text opens wide gaps beside long compounds
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_font("DejaVu", size=10)

    def pairs(self, rows: list[tuple[str, str]], mono: AbstractSet[int] = frozenset()) -> None:
        for i, (label, value) in enumerate(rows):
            self.set_font("DejaVu", "B", 10)
            self.cell(58, 6, label)
            self.set_font("DejaVuMono" if i in mono else "DejaVu", size=8.5 if i in mono else 10)
            self.multi_cell(0, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", size=10)

    def table_of(self, header: list[str], rows: list[list[str]],
                 widths: tuple[int, ...] | None = None, numeric: AbstractSet[int] = frozenset(),
                 size: float = 9) -> None:
        self.set_font("DejaVu", size=size)
        aligns = tuple("RIGHT" if i in numeric else "LEFT" for i in range(len(header)))
        with self.table(
            col_widths=widths, text_align=aligns, line_height=size * 0.55,
            headings_style=_headings_style(), borders_layout="HORIZONTAL_LINES",
            first_row_as_headings=True,
        ) as table:
            table.row([self.hyphenated(cell) for cell in header])
            for row in rows:
                table.row([self.hyphenated(cell) for cell in row])
        self.set_font("DejaVu", size=10)
        self.ln(2)


    def hyphenated(self, text: str) -> str:
        """Soft hyphens at the syllables of the longer words, so that a narrow column
        breaks `Veranstal-tungen` with a hyphen instead of cutting a word anywhere."""
        return hyphenate(text, self.t.lang)


_WORD = re.compile(r"[^\W\d_]{5,}")


@lru_cache(maxsize=2)
def _dictionary(lang: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang="de_DE" if lang == "de" else "en_US")


def hyphenate(text: str, lang: str) -> str:
    """`text` with soft hyphens (U+00AD) where `lang`'s words may break; fpdf2 breaks a line
    there and prints a hyphen, and prints nothing where it does not break."""
    words = _dictionary(lang)
    return _WORD.sub(lambda m: words.inserted(m[0], hyphen=SOFT_HYPHEN), text)


def _headings_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(emphasis="BOLD", fill_color=LIGHT)


def _figures_rows(t: Texts, f: dict[str, Any]) -> list[list[str]]:
    rows = [[t("gatherings"), t.number(f["gatherings"])],
            [t("attendance"), t.number(f["attendance"])],
            [t("participants"), t.number(f["participants"])],
            [f"{t('decisions')}: {t('adopted')}", t.number(f["decisions"]["adopted"])],
            [f"{t('decisions')}: {t('rejected')}", t.number(f["decisions"]["rejected"])]]
    for key, label in COMMITMENT_ROWS:
        rows.append([f"{t('commitments')}: {t(label)}", t.number(f["commitments"][key])])
    rows.append([t("cooperations_started"), t.number(f["cooperations_started"])])
    rows.append([t("charter_changes"), t.number(f["charter_changes"])])
    return rows


def _title_page(pdf: ReportPDF, view: View, t: Texts) -> None:
    title, subtitle, _ = titles(view, t)
    report = view.report
    pdf.add_page()
    pdf.set_y(70)
    pdf.set_font("DejaVu", "B", 28)
    pdf.set_text_color(*GREEN)
    pdf.multi_cell(0, 13, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*MUTED)
    pdf.set_font("DejaVu", size=14)
    pdf.multi_cell(0, 8, subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(12)
    if view.kind == "funding":
        who = (t("funder"), report["funder"]["name"] or report["funder"]["id"])
    else:
        who = (t("process"), report["process"]["title"])
    rows = [who,
            (t("period"), t("period_value", from_=t.date(report["period"]["from"]),
                                 to=t.date(report["period"]["to"]))),
            (t("generated_at"), t.moment(view.generated_at))]
    if view.head.position is not None:
        rows.append((t("head_position"), t.number(view.head.position)))
    pdf.pairs(rows)
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 6, t("head"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if view.head.hash:
        pdf.set_font("DejaVuMono", size=9)
        pdf.multi_cell(0, 5, view.head.hash, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.set_font("DejaVu", size=10)
        pdf.cell(0, 6, t("head_missing"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", size=10)
    pdf.ln(6)
    pdf.paragraph(t("head_note"), size=9, color=MUTED)


def _section(pdf: ReportPDF, view: View, section: Section, t: Texts) -> None:
    pdf.add_page()
    pdf.heading(section.title, size=17)
    f = section.figures
    if section.funding:
        g = section.funding
        pdf.pairs([(t("funding_id"), g["funding_id"]), (t("logic"), t(f"logic_{g['logic']}")),
                   (t("amount"), t.money(g["amount"], g["currency"])),
                   (t("disbursed"), t.money(g["disbursed"], g["currency"]))], mono={0})
        pdf.heading(t("figures"), size=12)
        pdf.table_of([t("figure"), t("value")], _figures_rows(t, f), widths=(120, 40),
                     numeric={1})
        pdf.paragraph(t.commitments(f["commitments"], view.report["period"]["to"]), size=9,
                      color=MUTED)
    if section.fundings:
        pdf.heading(t("fundings"), size=12)
        pdf.table_of(
            [t("funder"), t("logic"), t("amount"), t("disbursed")],
            [[g["funder"]["name"] or g["funder"]["id"], t(f"logic_{g['logic']}"),
              t.money(g["amount"], g["currency"]), t.money(g["disbursed"], g["currency"])]
             for g in section.fundings],
            widths=(60, 35, 40, 40), numeric={2, 3})
    pdf.heading(t("continuity"), size=12)
    pdf.table_of([t("year"), t("open_assemblies"), t("goal"), t("met")],
                 [[str(c["year"]), t.number(c["open_assemblies"]), t.number(c["goal"]),
                   t.flag(c["met"])] for c in f["continuity"]],
                 widths=(30, 50, 30, 30), numeric={1, 2})
    _indicators(pdf, f.get("indicators") or [], t)
    height = pdf.epw * charts.SIZE[1] / charts.SIZE[0]
    pdf.heading(t("charts"), size=12, keep=height)  # never a heading alone above a page break
    for key, fig in charts.charts_for(f, view.report["period"]["to"], t):
        image = charts.png(fig)
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.image(io.BytesIO(image), w=pdf.epw, h=height, alt_text=t(f"chart_{key}"))
        pdf.ln(3)
    if "commitment_list" in f:
        pdf.heading(t("commitment_list"), size=12)
        if f["commitment_list"]:
            pdf.table_of(
                [t("description"), t("actor"), t("made_on"), t("due_on"), t("status")],
                [[c["description"] or "", c["actor"]["name"] or c["actor"]["id"],
                  t.date(c["made_on"]), t.date(c["due_on"]), status_text(t, c)]
                 for c in f["commitment_list"]],
                widths=(50, 35, 22, 22, 45), size=8)
        else:
            pdf.paragraph(t("no_entries"))
    if "charter_change_list" in f:
        pdf.heading(t("charter_change_list"), size=12)
        if f["charter_change_list"]:
            rows = []
            for c in f["charter_change_list"]:
                p = c["provenance"]
                origin = f"{t('proposal')}: {p['proposal']['title'] or p['proposal']['id']}"
                if p["amendment_ids"]:
                    origin += f"\n{t('amendments')}: {len(p['amendment_ids'])}"
                gathering = p["gathering"]["title"] or p["gathering"]["id"]
                if p["gathering"]["held_on"]:
                    gathering += f" ({t.date(p['gathering']['held_on'])})"
                origin += f"\n{t('gathering')}: {gathering}\n{t.vote(p.get('vote'))}"
                rows.append([t.date(c["decided_on"]), c["heading"] or c["clause_id"],
                             t(f"change_{c['change']}"), origin])
            pdf.table_of([t("decided_on"), t("clause"), t("change"), t("provenance")], rows,
                         widths=(24, 40, 24, 86), size=8)
        else:
            pdf.paragraph(t("no_entries"))
    if "timeline" in f:
        pdf.heading(t("timeline"), size=12)
        if f["timeline"]:
            pdf.table_of([t("on"), t("kind"), t("entry")],
                         [[t.date(e["on"]), t.kind(e["kind"]), t.entry(e)]
                          for e in f["timeline"]],
                         widths=(22, 46, 106), size=8)
        else:
            pdf.paragraph(t("no_entries"))


def _indicators(pdf: ReportPDF, indicators: list[dict[str, Any]], t: Texts) -> None:
    """Each indicator per year against its target; nothing at all for a process without."""
    if not indicators:
        return
    pdf.heading(t("indicators"), size=12)
    for ind in indicators:
        pdf.paragraph(t("indicator_heading", name=ind["name"], unit=ind["unit"],
                        target=t.quantity(ind["target_per_year"])), size=10)
        pdf.table_of([t("year"), t("value"), t("target"), t("met"), t("measurements")],
                     [[str(y["year"]), f"{t.quantity(y['value'])} {ind['unit']}",
                       f"{t.quantity(y['target'])} {ind['unit']}", t.flag(y["met"]),
                       t.number(y["measurements"])] for y in ind["years"]],
                     widths=(25, 40, 40, 25, 30), numeric={1, 2, 4})


def _funding(section: Section) -> dict[str, Any]:
    """The funding a section of a funding report is about (each one is about one)."""
    if section.funding is None:
        raise ValueError(f"the section {section.title!r} is about no funding")
    return section.funding


def _summary(pdf: ReportPDF, view: View, t: Texts) -> None:
    pdf.add_page()
    pdf.heading(t("summary"))
    report = view.report
    if view.kind == "funding":
        if not view.sections:
            pdf.paragraph(t("no_fundings"))
            return
        pdf.table_of(
            [t("process"), t("logic"), t("amount"), t("disbursed"), t("gatherings"),
             t("participants")],
            [[s.title, t(f"logic_{f['logic']}"),
              t.money(f["amount"], f["currency"]),
              t.money(f["disbursed"], f["currency"]),
              t.number(f["gatherings"]), t.number(f["participants"])]
             for s, f in ((s, _funding(s)) for s in view.sections)],
            widths=(46, 28, 30, 30, 20, 20), numeric={2, 3, 4, 5}, size=8)
    else:
        pdf.table_of([t("figure"), t("value")], _figures_rows(t, report), widths=(120, 40),
                     numeric={1})
        pdf.paragraph(t.commitments(report["commitments"], report["period"]["to"]), size=9,
                      color=MUTED)
    pdf.heading(t("notes"), size=12)
    notes = ["note_period", "note_continuity", "note_overdue", "note_commitments"]
    if any(s.figures.get("indicators") for s in view.sections):
        notes.append("note_indicators")
    for key in notes:
        pdf.paragraph(f"• {t(key)}", size=9, color=MUTED)


# fpdf2 subsets fonts with fontTools, which logs about a hundred INFO lines per PDF.
NOISY_LOGGERS = ("fontTools", "fontTools.subset", "fontTools.ttLib")


def quiet_font_tools() -> None:
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def render_pdf(report: dict[str, Any], lang: str = "de", head: Any = None,
               generated_at: datetime | None = None) -> bytes:
    quiet_font_tools()
    t = Texts(lang)
    view = view_of(report, head, generated_at)
    title, subtitle, subject = titles(view, t)
    footer = f"{title} · {subject}"
    pdf = ReportPDF(t, footer, view.head.hash)
    pdf.set_title(f"{title} – {subject}")
    pdf.set_author("Kiezledger")
    pdf.set_creator("Kiezledger")
    pdf.set_lang(t.lang)
    pdf.set_creation_date(view.generated_at)
    _title_page(pdf, view, t)
    _summary(pdf, view, t)
    for section in view.sections:
        _section(pdf, view, section, t)
    return bytes(pdf.output())
