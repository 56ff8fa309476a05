"""The words and number formats of the HTML and PDF reports: German (default) and English."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from queries import formats
from queries.timeline_text import KINDS, kind_words, sentence, vote_counts

LANGS = ("de", "en")

_TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "funding_title": "Förderbericht",
        "accountability_title": "Rechenschaftsbericht",
        "funding_subtitle": "Prozessbezogener Bericht für {funder}",
        "accountability_subtitle": "Beteiligungsprozess {process}",
        "funder": "Fördergeber",
        "process": "Prozess",
        "period": "Berichtszeitraum",
        "period_value": "{from_} bis {to}",
        "generated_at": "Erstellt am",
        "head": "Stand des Ledgers (Kopf-Hash)",
        "head_position": "Position",
        "head_missing": "nicht angegeben",
        "head_note": "Mit diesem Hash lässt sich später prüfen, dass die Geschichte, auf der "
                     "dieser Bericht beruht, seither nicht verändert wurde "
                     "(kiezledger verify, GET /v1/integrity/verify).",
        "contents": "Inhalt",
        "summary": "Zusammenfassung",
        "fundings": "Förderungen",
        "no_fundings": "Keine Förderungen im Berichtszeitraum.",
        "funding": "Förderung",
        "funding_id": "Förder-ID",
        "logic": "Förderlogik",
        "logic_process": "Prozessförderung",
        "logic_project": "Projektförderung",
        "amount": "Fördersumme",
        "disbursed": "Ausgezahlt im Zeitraum",
        "figures": "Kennzahlen",
        "figure": "Kennzahl",
        "value": "Wert",
        "continuity": "Kontinuität: offene Versammlungen pro Jahr",
        "year": "Jahr",
        "open_assemblies": "Offene Versammlungen",
        "goal": "Ziel",
        "met": "Erreicht",
        "yes": "ja",
        "no": "nein",
        "none": "–",
        "gatherings": "Veranstaltungen",
        "attendance": "Teilnahmen",
        "decisions": "Entscheidungen",
        "adopted": "angenommen",
        "rejected": "abgelehnt",
        "commitments": "Selbstverpflichtungen",
        "made": "im Zeitraum eingegangen",
        "carried_over": "vorher eingegangen, zu Beginn offen",
        "fulfilled": "erfüllt",
        "fulfilled_on_time": "fristgerecht erfüllt",
        "fulfilled_late": "verspätet erfüllt",
        "overdue": "überfällig",
        "withdrawn": "zurückgezogen",
        "open": "offen",
        "open_not_due": "offen, noch nicht fällig",
        "commitments_source": "Eingegangen",
        "commitments_status_at": "Stand am {day}",
        "commitments_sentence": (
            "Selbstverpflichtungen des Zeitraums: {made} darin eingegangen und {carried} "
            "vorher eingegangen, die zu seinem Beginn weder erfüllt noch zurückgezogen waren, "
            "zusammen {total}. Ihr Stand am {day}: {fulfilled} erfüllt (davon {late} "
            "verspätet), {withdrawn} zurückgezogen, {overdue} überfällig und {open} offen, "
            "aber noch nicht fällig, zusammen ebenfalls {total}."),
        "vote_line": "Abstimmung vom {day}: {outcome}",
        "cooperations_started": "Neue Kooperationen",
        "charter_changes": "Änderungen der Kiez-Charta",
        "participants": "Beteiligte Akteur:innen",
        "charts": "Diagramme",
        "chart_continuity": "Offene Versammlungen pro Jahr und Ziel",
        "chart_attendance": "Teilnahmen je Veranstaltung",
        "chart_commitments": "Selbstverpflichtungen nach Stand",
        "chart_network": "Wachstum des Netzwerks (Kooperationen, kumuliert)",
        "held": "abgehalten",
        "cooperations_total": "Kooperationen insgesamt",
        "no_data": "Keine Daten im Zeitraum",
        "timeline": "Chronik",
        "on": "Datum",
        "kind": "Art",
        "entry": "Eintrag",
        "no_entries": "Keine Einträge im Zeitraum.",
        "charter_change_list": "Änderungen der Charta und ihre Herkunft",
        "change": "Änderung",
        "clause": "Abschnitt",
        "change_add": "hinzugefügt",
        "change_replace": "neu gefasst",
        "change_repeal": "aufgehoben",
        "provenance": "Herkunft",
        "proposal": "Antrag",
        "amendments": "Änderungsanträge",
        "vote": "Abstimmung",
        "gathering": "Versammlung",
        "decided_on": "Beschlossen am",
        "commitment_list": "Selbstverpflichtungen und ihr Stand am Ende des Zeitraums",
        "actor": "Wer",
        "description": "Zusage",
        "made_on": "Eingegangen",
        "due_on": "Fällig",
        "status": "Stand",
        "page": "Seite",
        "format_open_assembly": "Offene Versammlung",
        "format_future_workshop": "Zukunftswerkstatt",
        "format_energy_assembly": "Energie-Versammlung",
        "format_storytelling_workshop": "Erzählwerkstatt",
        "format_summit": "Gipfel",
        "format_training": "Schulung",
        "format_action": "Aktion",
        "format_other": "Sonstiges",
        "notes": "Zählregeln",
        "note_period": "Alle Kennzahlen zählen nach dem Datum des Geschehens im Zeitraum "
                       "(erster und letzter Tag eingeschlossen).",
        "note_continuity": "Ein Jahresziel gilt als erreicht, wenn mindestens so viele offene "
                           "Versammlungen stattfanden wie vorgesehen; in Jahren ohne laufenden "
                           "Prozess oder ohne Ziel wird nichts bewertet (–). Angebrochene "
                           "Jahre zählen nur ihre Tage im Zeitraum.",
        "note_overdue": "Überfällig: am letzten Tag des Zeitraums weder erfüllt noch "
                        "zurückgezogen und vor diesem Tag fällig.",
        "note_commitments": "Selbstverpflichtungen: „im Zeitraum eingegangen“ zählt nur die "
                            "neuen; der Stand (erfüllt, zurückgezogen, überfällig, offen) "
                            "zählt auch die vorher eingegangenen, die zu Beginn des Zeitraums "
                            "noch offen waren. Beide Seiten ergeben dieselbe Summe.",
        "indicators": "Wirkungsindikatoren",
        "indicator_heading": "{name} ({unit}, Ziel {target} pro Jahr)",
        "target": "Ziel",
        "measurements": "Messungen",
        "note_indicators": "Wirkungsindikatoren: Summe der Messungen eines Jahres im Zeitraum, "
                           "eine korrigierte Messung mit dem Wert ihrer Korrektur; erreicht, "
                           "wenn die Summe das Jahresziel erreicht.",
    },
    "en": {
        "funding_title": "Funding report",
        "accountability_title": "Accountability report",
        "funding_subtitle": "Process-based report for {funder}",
        "accountability_subtitle": "Participation process {process}",
        "funder": "Funder",
        "process": "Process",
        "period": "Reporting period",
        "period_value": "{from_} to {to}",
        "generated_at": "Generated",
        "head": "Ledger state (head hash)",
        "head_position": "Position",
        "head_missing": "not given",
        "head_note": "This hash lets anyone check later that the history this report rests "
                     "on has not been edited since (kiezledger verify, "
                     "GET /v1/integrity/verify).",
        "contents": "Contents",
        "summary": "Summary",
        "fundings": "Fundings",
        "no_fundings": "No fundings in the reporting period.",
        "funding": "Funding",
        "funding_id": "Funding id",
        "logic": "Funding logic",
        "logic_process": "process funding",
        "logic_project": "project funding",
        "amount": "Amount granted",
        "disbursed": "Disbursed in the period",
        "figures": "Figures",
        "figure": "Figure",
        "value": "Value",
        "continuity": "Continuity: open assemblies per year",
        "year": "Year",
        "open_assemblies": "Open assemblies",
        "goal": "Goal",
        "met": "Met",
        "yes": "yes",
        "no": "no",
        "none": "–",
        "gatherings": "Gatherings",
        "attendance": "Attendance",
        "decisions": "Decisions",
        "adopted": "adopted",
        "rejected": "rejected",
        "commitments": "Commitments",
        "made": "made in the period",
        "carried_over": "made earlier, open at its start",
        "fulfilled": "fulfilled",
        "fulfilled_on_time": "fulfilled on time",
        "fulfilled_late": "fulfilled late",
        "overdue": "overdue",
        "withdrawn": "withdrawn",
        "open": "open",
        "open_not_due": "open, not yet due",
        "commitments_source": "Made",
        "commitments_status_at": "Status on {day}",
        "commitments_sentence": (
            "Commitments of the period: {made} made in it and {carried} made earlier that "
            "were neither fulfilled nor withdrawn at its start, {total} in all. Their status "
            "on {day}: {fulfilled} fulfilled ({late} of them late), {withdrawn} withdrawn, "
            "{overdue} overdue and {open} open but not yet due, {total} in all as well."),
        "vote_line": "Vote of {day}: {outcome}",
        "cooperations_started": "New cooperations",
        "charter_changes": "Charter changes",
        "participants": "Actors taking part",
        "charts": "Charts",
        "chart_continuity": "Open assemblies per year against the goal",
        "chart_attendance": "Attendance per gathering",
        "chart_commitments": "Commitments by status",
        "chart_network": "Network growth (cooperations, cumulative)",
        "held": "held",
        "cooperations_total": "Cooperations in total",
        "no_data": "No data in the period",
        "timeline": "Timeline",
        "on": "Date",
        "kind": "Kind",
        "entry": "Entry",
        "no_entries": "No entries in the period.",
        "charter_change_list": "Charter changes and their provenance",
        "change": "Change",
        "clause": "Clause",
        "change_add": "added",
        "change_replace": "replaced",
        "change_repeal": "repealed",
        "provenance": "Provenance",
        "proposal": "Proposal",
        "amendments": "Amendments",
        "vote": "Vote",
        "gathering": "Gathering",
        "decided_on": "Decided on",
        "commitment_list": "Commitments and their status at the end of the period",
        "actor": "Who",
        "description": "Commitment",
        "made_on": "Made",
        "due_on": "Due",
        "status": "Status",
        "page": "Page",
        "format_open_assembly": "Open assembly",
        "format_future_workshop": "Future workshop",
        "format_energy_assembly": "Energy assembly",
        "format_storytelling_workshop": "Storytelling workshop",
        "format_summit": "Summit",
        "format_training": "Training",
        "format_action": "Action",
        "format_other": "Other",
        "notes": "Counting rules",
        "note_period": "Every figure counts by the day things happened, inside the period "
                       "(first and last day included).",
        "note_continuity": "A year's goal is met when at least as many open assemblies were "
                           "held as planned; years in which the process did not run, or "
                           "without a goal, are not judged (–). Partial years count only "
                           "their days in the period.",
        "note_overdue": "Overdue: neither fulfilled nor withdrawn on the last day of the "
                        "period, and due before that day.",
        "note_commitments": "Commitments: \"made in the period\" counts the new ones only; "
                            "the status (fulfilled, withdrawn, overdue, open) also counts "
                            "those made earlier that were still open when the period began. "
                            "Both sides add up to the same total.",
        "indicators": "Indicators",
        "indicator_heading": "{name} ({unit}, target {target} a year)",
        "target": "Target",
        "measurements": "Measurements",
        "note_indicators": "Indicators: the sum of a year's measurements in the period, a "
                           "corrected measurement with the value of its correction; met when "
                           "the sum reaches the yearly target.",
    },
}


class Texts:
    """`t("key")`, `t.date(...)`, `t.money(...)`, `t.number(...)` in one language."""

    def __init__(self, lang: str = "de") -> None:
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
        self.lang = lang
        self._texts = _TEXTS[lang]

    def __call__(self, key: str, **values: Any) -> str:
        text = self._texts.get(key)
        if text is None:
            return key.replace("_", " ")
        return text.format(**values) if values else text

    def kind(self, kind: str) -> str:
        """A timeline kind or gathering format in words (unknown ones readable as they are)."""
        if kind in KINDS:
            return kind_words(kind, self.lang)
        key = f"format_{kind}"
        return self._texts[key] if key in self._texts else kind.replace("_", " ")

    def entry(self, entry: dict[str, Any]) -> str:
        """A timeline entry in this language, from its data (`summary` when it has none)."""
        if entry.get("data") is None:
            return str(entry.get("summary") or "")
        return sentence(entry["kind"], entry["data"], self.lang)

    def vote(self, vote: dict[str, Any] | None) -> str:
        """`Abstimmung vom 14.03.2024: angenommen (12 ja, 3 nein, 1 Enthaltung)`."""
        if not vote or not vote.get("closed_on"):
            return self("none")
        text = self("vote_line", day=self.date(vote["closed_on"]),
                    outcome=self(vote.get("outcome") or "none"))
        counts = vote_counts(vote, self.lang)
        return f"{text} ({counts})" if counts else text

    def date(self, value: str | date | None) -> str:
        return formats.day(value, self.lang)

    def moment(self, value: datetime) -> str:
        if self.lang == "de":
            return value.strftime("%d.%m.%Y, %H:%M:%S %Z").strip()
        return value.strftime("%Y-%m-%d %H:%M:%S %Z").strip()

    def number(self, value: int | None) -> str:
        return formats.number(value, self.lang)

    def quantity(self, value: str | None) -> str:
        """A measured amount as written in this language: 1.250,5 / 1,250.5."""
        return formats.quantity(value, self.lang)

    def money(self, amount: str | None, currency: str = "") -> str:
        """A decimal string as written in this language: 90.000,00 EUR / 90,000.00 EUR."""
        return formats.money(amount, currency, self.lang)

    def flag(self, value: bool | None) -> str:
        return self("none") if value is None else self("yes" if value else "no")

    def commitments(self, c: dict[str, int], end: str) -> str:
        """The sentence that says how the commitment figures add up."""
        return self("commitments_sentence", made=self.number(c["made"]),
                    carried=self.number(c.get("carried_over", 0)),
                    total=self.number(c["made"] + c.get("carried_over", 0)),
                    day=self.date(end), fulfilled=self.number(c["fulfilled"]),
                    late=self.number(c["fulfilled_late"]),
                    withdrawn=self.number(c["withdrawn"]), overdue=self.number(c["overdue"]),
                    open=self.number(c.get("open", 0)))
