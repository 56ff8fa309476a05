"""The proof-of-use report as JSON, CSV, HTML or PDF (`render_proof`).

CSV: one flat table, RFC 4180, CRLF, UTF-8, a header row, columns `part` (`sachbericht`,
`plan`, `income`, `balance`, `beleg`, `flag`), `section`, `line`, `year`, `figure`, `value`,
`currency`, `on`, `party`, `purpose`, `receipt_number`, `receipt_sha256`, `entry_id`,
`reverses`, `ledger_position`, `ledger_hash`. Money as decimal strings (`1250.00`), text
typed by people guarded against spreadsheet formulas as in the other reports' CSV.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from html import escape
from typing import Any

from queries.reports.csv_report import _value
from queries.reports.proof_texts import Block, ProofTexts, head_pairs, layout
from queries.reports.render import MIMETYPES, _plain, check
from queries.reports.view import Head, head_of

CSV_COLUMNS = ("part", "section", "line", "year", "figure", "value", "currency", "on", "party",
               "purpose", "receipt_number", "receipt_sha256", "entry_id", "reverses",
               "ledger_position", "ledger_hash")


def render_proof(report: dict[str, Any], fmt: str = "json", lang: str = "de", head: Any = None,
                 generated_at: datetime | None = None) -> tuple[bytes, str]:
    check(fmt, lang)
    h = head_of(head)
    if fmt == "json":
        body = dict(report)
        if head is not None:
            body["ledger_head"] = {"position": h.position, "hash": h.hash}
        return json.dumps(body, ensure_ascii=False, default=_plain).encode(), MIMETYPES[fmt]
    if fmt == "csv":
        return render_csv(report, h), MIMETYPES[fmt]
    t = ProofTexts(lang)
    moment = generated_at or datetime.now().astimezone()
    if fmt == "html":
        return render_html(report, t, h, moment), MIMETYPES[fmt]
    return render_pdf(report, t, h, moment), MIMETYPES[fmt]


# -- CSV --------------------------------------------------------------------------------------


def render_csv(report: dict[str, Any], h: Head) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    n, s = report["nachweis"], report["sachbericht"]
    cur = n["currency"]

    def row(part: str, section: str = "", line: str = "", year: Any = None, figure: str = "",
            value: Any = None, currency: str = "", **more: Any) -> None:
        cells = [part, section, line, year, figure, value, currency,
                 more.get("on"), more.get("party"), more.get("purpose"),
                 more.get("receipt_number"), more.get("receipt_sha256"), more.get("entry_id"),
                 more.get("reverses"), h.position, h.hash]
        writer.writerow([_value(c, typed=i in (3, 5)) for i, c in enumerate(cells)])

    for c in s["continuity"]:
        row("sachbericht", "continuity", "", c["year"], "open_assemblies", c["open_assemblies"])
        row("sachbericht", "continuity", "", c["year"], "goal", c["goal"])
    for b in s["by_format"]:
        for key in ("gatherings", "attendance", "average", "largest"):
            row("sachbericht", "by_format", b["format"], None, key, b[key])
    for ind in s["indicators"]:
        for y in ind["years"]:
            for key in ("value", "target", "met"):
                row("sachbericht", "indicator", ind["name"], y["year"], key, y[key])
    for key in ("gatherings", "attendance", "participants", "cooperations_started",
                "charter_changes"):
        row("sachbericht", "figures", "", None, key, s[key])
    for key, value in s["decisions"].items():
        row("sachbericht", "decisions", "", None, key, value)
    for key, value in s["commitments"].items():
        row("sachbericht", "commitments", "", None, key, value)
    for line in n["lines"]:
        for y in line["years"]:
            for key in ("planned", "actual", "deviation"):
                row("plan", line["side"], line["code"], y["year"], key, y[key], cur)
            row("plan", line["side"], line["code"], y["year"], "over_tolerance",
                y["over_tolerance"])
        for key in ("planned", "actual", "deviation"):
            row("plan", line["side"], line["code"], None, key, line[key], cur)
    for i in n["income_by_source"]:
        row("income", "by_source", i["source"], None, "amount", i["amount"], cur)
    for key, value in n["balance"].items():
        row("balance", "", "", None, key, value, cur)
    for side, groups in n["belegliste"].items():
        for g in groups:
            for e in g["entries"]:
                row("beleg", side, g["code"], None, e["kind"], e["amount"], cur, on=e["on"],
                    party=e["party"], purpose=e["purpose"], receipt_number=e["receipt_number"],
                    receipt_sha256=e["receipt_sha256"], entry_id=e["entry_id"],
                    reverses=e["reverses"])
    for f in n["flags"]:
        row("flag", f["flag"], f.get("line") or "", f.get("year"), "entry_id",
            f.get("entry_id"), on=f.get("on"))
    return out.getvalue().encode("utf-8")


# -- HTML -------------------------------------------------------------------------------------

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1d2329; margin: 0 auto;
       max-width: 64rem; padding: 1.5rem; line-height: 1.45; }
h1 { color: #3b7d4f; } h2 { border-bottom: 2px solid #3b7d4f; margin-top: 2.5rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
         border-bottom: 1px solid #d5dbe0; }
th { background: #eef3ef; } .num { text-align: right; font-variant-numeric: tabular-nums; }
.mono, .hash { font-family: "DejaVu Sans Mono", monospace; font-size: .8rem;
               overflow-wrap: anywhere; }
tr.flagged td { background: #fbeae5; } .note { color: #5f6b75; font-size: .9rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.2rem; }
dt { font-weight: bold; } dd { margin: 0; }
"""


def _block_html(block: Block) -> str:
    if block.kind in ("h2", "h3"):
        return f"<{block.kind}>{escape(block.text)}</{block.kind}>"
    if block.kind == "p":
        return f"<p>{escape(block.text)}</p>"
    if block.kind == "note":
        return f'<p class="note">{escape(block.text)}</p>'
    table = block.table
    assert table is not None

    def cls(i: int) -> str:
        names = (["num"] if i in table.numeric else []) + (["mono"] if i in table.mono else [])
        return f' class="{" ".join(names)}"' if names else ""

    head = "".join(f'<th scope="col"{cls(i)}>{escape(c)}</th>'
                   for i, c in enumerate(table.header))
    rows = []
    for r, cells in enumerate(table.rows):
        mark = ' class="flagged"' if r in table.flagged else ""
        rows.append(f"<tr{mark}>" + "".join(f"<td{cls(i)}>{escape(c)}</td>"
                                            for i, c in enumerate(cells)) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render_html(report: dict[str, Any], t: ProofTexts, h: Head, moment: datetime) -> bytes:
    f = report["funding"]
    title = t("title")
    subtitle = t("subtitle", funding=f["id"][:8], process=report["process"]["title"])
    pairs = head_pairs(report, t) + [(t("generated_at"), t.moment(moment))]
    if h.position is not None:
        pairs.append((t("head_position"), t.number(h.position)))
    meta = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in pairs)
    meta += (f'<dt>{escape(t("head"))}</dt><dd class="hash">'
             f'{escape(h.hash or t("head_missing"))}</dd>')
    body = "\n".join(_block_html(b) for b in layout(report, t))
    html = (f'<!DOCTYPE html>\n<html lang="{t.lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)} – {escape(report['process']['title'])}</title>\n"
            f"<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{escape(title)}</h1>\n"
            f"<p>{escape(subtitle)}</p>\n<dl>{meta}</dl>\n"
            f'<p class="note">{escape(t("head_note"))}</p>\n</header>\n<main>\n{body}\n</main>\n'
            f'<footer><p class="note">{escape(t("head"))}: '
            f'<span class="hash">{escape(h.hash or t("head_missing"))}</span></p></footer>\n'
            "</body>\n</html>\n")
    return html.encode("utf-8")


# -- PDF --------------------------------------------------------------------------------------


def render_pdf(report: dict[str, Any], t: ProofTexts, h: Head, moment: datetime) -> bytes:
    from fpdf.enums import XPos, YPos

    from queries.reports.pdf_report import GREEN, MUTED, ReportPDF, quiet_font_tools

    quiet_font_tools()
    title = t("title")
    subject = report["process"]["title"]
    pdf = ReportPDF(t, f"{title} · {subject}", h.hash)
    pdf.set_title(f"{title} – {subject}")
    pdf.set_author("Kiezledger")
    pdf.set_creator("Kiezledger")
    pdf.set_lang(t.lang)
    pdf.set_creation_date(moment)
    pdf.add_page()
    pdf.set_y(50)
    pdf.set_font("DejaVu", "B", 26)
    pdf.set_text_color(*GREEN)
    pdf.multi_cell(0, 12, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(6)
    pairs = head_pairs(report, t) + [(t("generated_at"), t.moment(moment))]
    if h.position is not None:
        pairs.append((t("head_position"), t.number(h.position)))
    pdf.pairs(pairs)
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 6, t("head"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVuMono", size=9)
    pdf.multi_cell(0, 5, h.hash or t("head_missing"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.paragraph(t("head_note"), size=9, color=MUTED)
    for block in layout(report, t):
        if block.kind == "h2":
            pdf.add_page()
            pdf.heading(block.text, size=16)
        elif block.kind == "h3":
            pdf.heading(block.text, size=12)
        elif block.kind == "p":
            pdf.paragraph(block.text, size=9.5)
        elif block.kind == "note":
            pdf.paragraph(block.text, size=8.5, color=MUTED)
        elif block.table is not None:
            tbl = block.table
            if not tbl.rows:
                continue
            rows = [[c if i not in tbl.mono or not c else _wrap_hash(c)
                     for i, c in enumerate(r)] for r in tbl.rows]
            pdf.table_of(tbl.header, rows, widths=tbl.widths, numeric=tbl.numeric, size=7.5)
    return bytes(pdf.output())


def _wrap_hash(text: str) -> str:
    """A 64-digit hash in four lines of 16, so it fits a narrow column whole."""
    return "\n".join(text[i:i + 16] for i in range(0, len(text), 16))
