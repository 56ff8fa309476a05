"""The words of the proof-of-use report, German (default) and English, and its layout: the
report as headings, paragraphs and tables, which the HTML and PDF forms both draw."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from queries import formats
from queries.reports.i18n import Texts

WORDS: dict[str, tuple[str, str]] = {
    "title": ("Verwendungsnachweis", "Proof of use"),
    "subtitle": ("Förderung {funding} für {process}", "Funding {funding} for {process}"),
    "funder": ("Fördergeber", "Funder"),
    "recipient": ("Zuwendungsempfänger", "Recipient"),
    "process": ("Beteiligungsprozess", "Participation process"),
    "funding_period": ("Bewilligungszeitraum", "Funding period"),
    "report_period": ("Berichtszeitraum", "Report period"),
    "granted": ("Bewilligte Zuwendung", "Amount granted"),
    "logic": ("Förderlogik", "Funding logic"),
    "logic_process": ("Prozessförderung", "Process funding"),
    "logic_project": ("Projektförderung", "Project funding"),
    "sachbericht": ("Teil A: Sachbericht", "Part A: narrative report"),
    "activities": ("Durchgeführte Aktivitäten", "Activities carried out"),
    "on": ("Datum", "Date"),
    "format": ("Format", "Format"),
    "title_col": ("Titel", "Title"),
    "attendance": ("Teilnahmen", "Attendance"),
    "by_format": ("Teilnahmestatistik nach Format", "Participant statistics by format"),
    "gatherings": ("Veranstaltungen", "Gatherings"),
    "average": ("Durchschnitt", "Average"),
    "largest": ("Höchstens", "Largest"),
    "participants_sentence": ("{n} verschiedene Akteur:innen haben sich im Berichtszeitraum "
                              "beteiligt.",
                              "{n} different actors took part in the report period."),
    "goals": ("Ergebnisse gemessen an den Zielen", "Results against the goals"),
    "continuity": ("Offene Versammlungen pro Jahr", "Open assemblies per year"),
    "year": ("Jahr", "Year"),
    "held": ("Durchgeführt", "Held"),
    "target": ("Ziel", "Target"),
    "met": ("Erreicht", "Met"),
    "value": ("Erreicht (Wert)", "Value"),
    "share": ("Anteil am Ziel", "Share of target"),
    "measurements": ("Messungen", "Measurements"),
    "indicator_heading": ("Wirkungsindikator: {name} ({unit}, Ziel {target} pro Jahr)",
                          "Indicator: {name} ({unit}, target {target} a year)"),
    "no_indicators": ("Für diesen Prozess sind keine Wirkungsindikatoren erklärt.",
                      "This process declares no indicators."),
    "decisions": ("Getroffene Entscheidungen", "Decisions taken"),
    "adopted": ("angenommen", "adopted"),
    "rejected": ("abgelehnt", "rejected"),
    "commitments": ("Selbstverpflichtungen", "Commitments"),
    "cooperations": ("Neue Kooperationen", "New cooperations"),
    "charter_changes": ("Änderungen der Kiez-Charta und ihre Herkunft",
                        "Charter changes and their provenance"),
    "nachweis": ("Teil B: Zahlenmäßiger Nachweis", "Part B: financial statement"),
    "plan_changes": ("Finanzierungsplan und Änderungsanträge",
                     "Financing plan and its changes"),
    "decided_on": ("Beschlossen am", "Decided on"),
    "reason": ("Begründung", "Reason"),
    "lines_col": ("Positionen", "Lines"),
    "plan_vs_actual": ("Soll-Ist-Vergleich nach Position und Jahr",
                       "Plan against actual by budget line and year"),
    "line": ("Position", "Budget line"),
    "planned": ("Soll (Plan)", "Planned"),
    "actual": ("Ist", "Actual"),
    "deviation": ("Abweichung", "Deviation"),
    "percent": ("Ist in % des Solls", "Actual in % of plan"),
    "flag": ("Hinweis", "Flag"),
    "over": ("über {tolerance} % überschritten", "over plan by more than {tolerance}%"),
    "total": ("Summe", "Total"),
    "side_expenditure": ("Ausgaben", "Expenditure"),
    "side_income": ("Einnahmen", "Income"),
    "income_by_source": ("Einnahmen nach Herkunft", "Income by source"),
    "source": ("Herkunft", "Source"),
    "amount": ("Betrag", "Amount"),
    "src_grant": ("Zuwendung (ausgezahlt)", "Grant (paid out)"),
    "src_own_contribution": ("Eigenmittel", "Own contributions"),
    "src_donation": ("Spenden", "Donations"),
    "src_other_funder": ("Mittel Dritter", "Other funders"),
    "src_volunteer_work": ("Ehrenamtliche Arbeit (unbare Eigenleistung)",
                           "Volunteer work (in kind)"),
    "balance": ("Mittelbilanz", "Balance of funds"),
    "grant_received": ("Zuwendung erhalten", "Grant received"),
    "other_income": ("Weitere Einnahmen", "Other income"),
    "received": ("Einnahmen insgesamt", "Received in total"),
    "spent": ("Ausgaben insgesamt", "Spent in total"),
    "balance_value": ("Saldo (Einnahmen − Ausgaben)", "Balance (received − spent)"),
    "in_kind": ("Unbare Eigenleistung (nicht im Saldo)", "In-kind contribution (not in the "
                                                         "balance)"),
    "belegliste": ("Belegliste", "List of receipts"),
    "belegliste_expenditure": ("Belegliste: Ausgaben", "List of receipts: expenditure"),
    "belegliste_income": ("Belegliste: Einnahmen", "List of receipts: income"),
    "party_expenditure": ("Empfänger", "Payee"),
    "party_income": ("Einzahler / Person", "Payer / person"),
    "purpose": ("Zweck", "Purpose"),
    "receipt": ("Beleg-Nr.", "Receipt no."),
    "hash": ("SHA-256 des Belegs", "SHA-256 of the receipt"),
    "reversal": ("Storno", "Reversal"),
    "reversal_of": ("Storno von {receipt}", "Reversal of {receipt}"),
    "hours_at": ("{hours} Std. × {rate}", "{hours} h × {rate}"),
    "no_entries": ("Keine Einträge im Berichtszeitraum.", "No entries in the report period."),
    "flags": ("Hinweise zur Prüfung", "Flags for the review"),
    "no_flags": ("Keine Auffälligkeiten: keine Position über der Toleranz, keine Buchung "
                 "außerhalb des Bewilligungszeitraums.",
                 "Nothing flagged: no line over its tolerance, no entry outside the funding "
                 "period."),
    "flag_line_over_plan": ("{year}, Position {name}: Ist {actual} bei Soll {planned} "
                            "({percent} %), mehr als {tolerance} % über dem Plan.",
                            "{year}, line {name}: actual {actual} against planned {planned} "
                            "({percent}%), more than {tolerance}% over plan."),
    "flag_outside_period": ("Buchung vom {on} ({kind}, {amount}, Beleg {receipt}) liegt "
                            "außerhalb des Bewilligungszeitraums.",
                            "Entry of {on} ({kind}, {amount}, receipt {receipt}) lies outside "
                            "the funding period."),
    "kind_expenditure": ("Ausgabe", "expenditure"),
    "kind_income": ("Einnahme", "income"),
    "kind_volunteer_work": ("Ehrenamt", "volunteer work"),
    "kind_reversal": ("Storno", "reversal"),
    "rules": ("Zählregeln", "Counting rules"),
    "rule_dates": ("Gezählt wird nach dem Tag des Geschehens innerhalb des Berichtszeitraums "
                   "(erster und letzter Tag eingeschlossen). Stornos stehen mit negativem "
                   "Betrag bei der Buchung, die sie aufheben, und mindern deren Summen.",
                   "Everything counts by the day it happened inside the report period (first "
                   "and last day included). Reversals stand with a negative amount beside the "
                   "entry they cancel and reduce its totals."),
    "rule_plan": ("Soll ist der am letzten Tag des Berichtszeitraums geltende "
                  "Finanzierungsplan; Jahresbeträge werden nicht anteilig gekürzt.",
                  "Planned is the financing plan in effect on the report period's last day; "
                  "yearly amounts are not pro-rated."),
    "rule_indicators": ("Wirkungsindikatoren: Summe der Messungen eines Jahres, korrigierte "
                        "Messungen durch ihre Korrektur ersetzt.",
                        "Indicators: the sum of a year's measurements, a corrected "
                        "measurement replaced by its correction."),
}


class ProofTexts(Texts):
    """The report texts (`queries.reports.i18n`) and the proof of use's own words."""

    def __call__(self, key: str, **values: Any) -> str:
        pair = WORDS.get(key)
        if pair is None:
            return super().__call__(key, **values)
        text = pair[0] if self.lang == "de" else pair[1]
        return text.format(**values) if values else text

    def quantity(self, value: Any) -> str:
        return formats.quantity(value, self.lang)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()
    flagged: frozenset[int] = frozenset()  # rows to mark
    widths: tuple[int, ...] | None = None
    mono: frozenset[int] = frozenset()  # columns in a fixed-width font (hashes)


@dataclass
class Block:
    kind: str  # "h2", "h3", "p", "note", "table", "pairs"
    text: str = ""
    table: Table | None = None
    pairs: list[tuple[str, str]] = field(default_factory=list)


def _money(t: ProofTexts, amount: Any, currency: str) -> str:
    return t.money(amount, currency)


def head_pairs(report: dict[str, Any], t: ProofTexts) -> list[tuple[str, str]]:
    f = report["funding"]
    return [
        (t("funder"), f["funder"]["name"] or f["funder"]["id"]),
        (t("recipient"), f["recipient"]["name"] or f["recipient"]["id"]),
        (t("process"), report["process"]["title"]),
        (t("logic"), t(f"logic_{f['logic']}")),
        (t("granted"), _money(t, f["amount"], f["currency"])),
        (t("funding_period"), t("period_value", from_=t.date(f["period_start"]),
                                to=t.date(f["period_end"]))),
        (t("report_period"), t("period_value", from_=t.date(report["period"]["from"]),
                               to=t.date(report["period"]["to"]))),
    ]


def sachbericht(report: dict[str, Any], t: ProofTexts) -> list[Block]:
    s = report["sachbericht"]
    out = [Block("h2", t("sachbericht")), Block("h3", t("activities"))]
    if s["activities"]:
        out.append(Block("table", table=Table(
            [t("on"), t("format"), t("title_col"), t("attendance")],
            [[t.date(a["on"]), t.kind(a["format"]), a["title"] or "", t.number(a["attendance"])]
             for a in s["activities"]], numeric=frozenset({3}), widths=(24, 40, 80, 30))))
    else:
        out.append(Block("p", t("no_entries")))
    out.append(Block("h3", t("by_format")))
    out.append(Block("table", table=Table(
        [t("format"), t("gatherings"), t("attendance"), t("average"), t("largest")],
        [[t.kind(b["format"]), t.number(b["gatherings"]), t.number(b["attendance"]),
          t.quantity(b["average"]), t.number(b["largest"])] for b in s["by_format"]],
        numeric=frozenset({1, 2, 3, 4}), widths=(54, 30, 30, 30, 30))))
    out.append(Block("p", t("participants_sentence", n=t.number(s["participants"]))))
    out.append(Block("h3", t("goals")))
    out.append(Block("p", t("continuity")))
    out.append(Block("table", table=Table(
        [t("year"), t("held"), t("target"), t("met")],
        [[str(c["year"]), t.number(c["open_assemblies"]), t.number(c["goal"]), t.flag(c["met"])]
         for c in s["continuity"]], numeric=frozenset({1, 2}), widths=(30, 50, 30, 30))))
    if not s["indicators"]:
        out.append(Block("p", t("no_indicators")))
    for ind in s["indicators"]:
        out.append(Block("p", t("indicator_heading", name=ind["name"], unit=ind["unit"],
                                target=t.quantity(ind["target_per_year"]))))
        out.append(Block("table", table=Table(
            [t("year"), t("value"), t("target"), t("share"), t("met"), t("measurements")],
            [[str(y["year"]), f"{t.quantity(y['value'])} {ind['unit']}",
              f"{t.quantity(y['target'])} {ind['unit']}", f"{t.quantity(y['percent'])} %",
              t.flag(y["met"]), t.number(y["measurements"])] for y in ind["years"]],
            numeric=frozenset({1, 2, 3, 5}), widths=(20, 34, 34, 30, 22, 34))))
    d = s["decisions"]
    out.append(Block("h3", t("decisions")))
    out.append(Block("p", f"{t.number(d['adopted'])} {t('adopted')}, "
                          f"{t.number(d['rejected'])} {t('rejected')}"))
    out.append(Block("h3", t("commitments")))
    out.append(Block("p", t.commitments(s["commitments"], report["period"]["to"])))
    if s["commitment_list"]:
        out.append(Block("table", table=Table(
            [t("description"), t("actor"), t("made_on"), t("due_on"), t("status")],
            [[c["description"] or "", c["actor"]["name"] or c["actor"]["id"],
              t.date(c["made_on"]), t.date(c["due_on"]), t(c["status"])]
             for c in s["commitment_list"]], widths=(56, 38, 24, 24, 32))))
    out.append(Block("h3", t("cooperations")))
    out.append(Block("p", t.number(s["cooperations_started"])))
    out.append(Block("h3", t("charter_changes")))
    if s["charter_change_list"]:
        rows = []
        for c in s["charter_change_list"]:
            p = c["provenance"]
            origin = f"{t('proposal')}: {p['proposal']['title'] or p['proposal']['id']}; " \
                     f"{t.vote(p.get('vote'))}"
            rows.append([t.date(c["decided_on"]), c["heading"] or c["clause_id"],
                         t(f"change_{c['change']}"), origin])
        out.append(Block("table", table=Table(
            [t("decided_on"), t("clause"), t("change"), t("provenance")], rows,
            widths=(24, 44, 24, 82))))
    else:
        out.append(Block("p", t("no_entries")))
    return out


def nachweis(report: dict[str, Any], t: ProofTexts) -> list[Block]:
    n = report["nachweis"]
    cur = n["currency"]
    tol = n["tolerance_percent"]
    out = [Block("h2", t("nachweis")), Block("h3", t("plan_changes"))]
    out.append(Block("table", table=Table(
        [t("decided_on"), t("reason"), t("lines_col")],
        [[t.date(c["decided_on"]), c["reason"], ", ".join(c["lines"])]
         for c in n["plan_changes"]], widths=(28, 96, 50))) if n["plan_changes"]
        else Block("p", t("no_entries")))
    out.append(Block("h3", t("plan_vs_actual")))
    rows: list[list[str]] = []
    flagged: set[int] = set()
    for line in n["lines"]:
        label = f"{line['name']} ({t('side_' + line['side'])})"
        for y in line["years"]:
            if y["over_tolerance"] and line["side"] == "expenditure":
                flagged.add(len(rows))
            rows.append([label, str(y["year"]), _money(t, y["planned"], cur),
                         _money(t, y["actual"], cur), _money(t, y["deviation"], cur),
                         t.quantity(y["percent"]) if y["percent"] else t("none"),
                         t("over", tolerance=tol) if y["over_tolerance"]
                         and line["side"] == "expenditure" else ""])
        rows.append([f"{label}: {t('total')}", "", _money(t, line["planned"], cur),
                     _money(t, line["actual"], cur), _money(t, line["deviation"], cur),
                     t.quantity(line["percent"]) if line["percent"] else t("none"),
                     t("over", tolerance=tol) if line["over_tolerance"]
                     and line["side"] == "expenditure" else ""])
    out.append(Block("table", table=Table(
        [t("line"), t("year"), t("planned"), t("actual"), t("deviation"), t("percent"),
         t("flag")], rows, numeric=frozenset({2, 3, 4, 5}), flagged=frozenset(flagged),
        widths=(40, 14, 26, 26, 26, 18, 24))))
    out.append(Block("h3", t("income_by_source")))
    out.append(Block("table", table=Table(
        [t("source"), t("amount")],
        [[t(f"src_{i['source']}"), _money(t, i["amount"], cur)] for i in n["income_by_source"]],
        numeric=frozenset({1}), widths=(120, 54))))
    b = n["balance"]
    out.append(Block("h3", t("balance")))
    out.append(Block("table", table=Table(
        [t("balance"), t("amount")],
        [[t(key), _money(t, b[key], cur)] for key in
         ("grant_received", "other_income", "received", "spent")]
        + [[t("balance_value"), _money(t, b["balance"], cur)],
           [t("in_kind"), _money(t, b["in_kind"], cur)]],
        numeric=frozenset({1}), widths=(120, 54))))
    for side in ("expenditure", "income"):
        out.append(Block("h3", t(f"belegliste_{side}")))
        groups = n["belegliste"][side]
        if not groups:
            out.append(Block("p", t("no_entries")))
        for g in groups:
            name = g["name"] or (t(f"src_{g['code']}") if g["group"] == "source" else g["code"])
            out.append(Block("p", f"{name}: {t('total')} {_money(t, g['total'], cur)}"))
            rows, flagged = [], set()
            receipts = {e["entry_id"]: e["receipt_number"] for e in g["entries"]}
            for e in g["entries"]:
                purpose = e["purpose"] or ""
                if e["kind"] == "reversal":
                    purpose = f"{t('reversal_of', receipt=receipts.get(e['reverses']) or e['receipt_number'] or '')}: {purpose}"  # noqa: E501
                elif e.get("hours"):
                    purpose += " (" + t("hours_at", hours=t.quantity(e["hours"]),
                                        rate=_money(t, e["hourly_rate"], cur)) + ")"
                if e["outside_period"]:
                    flagged.add(len(rows))
                rows.append([t.date(e["on"]), e["party"] or "", purpose,
                             _money(t, e["amount"], cur), e["receipt_number"] or "",
                             e["receipt_sha256"] or ""])
            out.append(Block("table", table=Table(
                [t("on"), t(f"party_{side}"), t("purpose"), t("amount"), t("receipt"),
                 t("hash")], rows, numeric=frozenset({3}), flagged=frozenset(flagged),
                widths=(20, 30, 44, 24, 18, 38), mono=frozenset({5}))))
    out.append(Block("h3", t("flags")))
    if not n["flags"]:
        out.append(Block("p", t("no_flags")))
    for f in n["flags"]:
        if f["flag"] == "line_over_plan":
            out.append(Block("p", "⚑ " + t("flag_line_over_plan", year=f["year"], name=f["name"],
                                           actual=_money(t, f["actual"], cur),
                                           planned=_money(t, f["planned"], cur),
                                           percent=t.quantity(f["percent"] or "0"),
                                           tolerance=tol)))
        else:
            out.append(Block("p", "⚑ " + t("flag_outside_period", on=t.date(f["on"]),
                                           kind=t(f"kind_{f['kind']}"),
                                           amount=_money(t, f["amount"], cur),
                                           receipt=f["receipt_number"] or t("none"))))
    out.append(Block("h3", t("rules")))
    for key in ("rule_dates", "rule_plan", "rule_indicators"):
        out.append(Block("note", t(key)))
    return out


def layout(report: dict[str, Any], t: ProofTexts) -> list[Block]:
    return sachbericht(report, t) + nachweis(report, t)
