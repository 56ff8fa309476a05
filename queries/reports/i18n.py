"""The words and number formats of the HTML and PDF reports: German (default) and English."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

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
        "made": "eingegangen",
        "fulfilled": "erfüllt",
        "fulfilled_on_time": "fristgerecht erfüllt",
        "fulfilled_late": "verspätet erfüllt",
        "overdue": "überfällig",
        "withdrawn": "zurückgezogen",
        "open": "offen",
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
        "kind_process_started": "Prozess begonnen",
        "kind_process_concluded": "Prozess abgeschlossen",
        "kind_phase_started": "Phase begonnen",
        "kind_participant_joined": "Beteiligung",
        "kind_gathering": "Veranstaltung",
        "kind_gathering_held": "Veranstaltung",
        "kind_charter_established": "Charta gegründet",
        "kind_clause_changed": "Charta geändert",
        "kind_charter_changed": "Charta geändert",
        "kind_proposal_submitted": "Antrag eingereicht",
        "kind_proposal_adopted": "Antrag angenommen",
        "kind_proposal_rejected": "Antrag abgelehnt",
        "kind_proposal_withdrawn": "Antrag zurückgezogen",
        "kind_amendment_submitted": "Änderungsantrag eingereicht",
        "kind_amendment_adopted": "Änderungsantrag angenommen",
        "kind_amendment_rejected": "Änderungsantrag abgelehnt",
        "kind_amendment_withdrawn": "Änderungsantrag zurückgezogen",
        "kind_vote_opened": "Abstimmung eröffnet",
        "kind_vote_closed": "Abstimmung abgeschlossen",
        "kind_commitment_made": "Zusage gegeben",
        "kind_commitment_progress": "Zwischenstand",
        "kind_commitment_fulfilled": "Zusage erfüllt",
        "kind_commitment_withdrawn": "Zusage zurückgezogen",
        "kind_cooperation_started": "Kooperation begonnen",
        "kind_cooperation_ended": "Kooperation beendet",
        "kind_funding_granted": "Förderung bewilligt",
        "kind_funding_disbursed": "Auszahlung",
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
        "made": "made",
        "fulfilled": "fulfilled",
        "fulfilled_on_time": "fulfilled on time",
        "fulfilled_late": "fulfilled late",
        "overdue": "overdue",
        "withdrawn": "withdrawn",
        "open": "open",
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
        "kind_gathering": "gathering held",
        "kind_charter_changed": "charter changed",
        "kind_clause_changed": "charter changed",
        "kind_participant_joined": "participant joined",
        "kind_commitment_progress": "progress reported",
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
        for key in (f"kind_{kind}", f"format_{kind}"):
            if key in self._texts:
                return self._texts[key]
        return kind.replace("_", " ")

    def date(self, value: str | date | None) -> str:
        if value in (None, ""):
            return self("none")
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return day.strftime("%d.%m.%Y") if self.lang == "de" else day.isoformat()

    def moment(self, value: datetime) -> str:
        if self.lang == "de":
            return value.strftime("%d.%m.%Y, %H:%M:%S %Z").strip()
        return value.strftime("%Y-%m-%d %H:%M:%S %Z").strip()

    def number(self, value: int | None) -> str:
        if value is None:
            return self("none")
        text = f"{int(value):,}"
        return text.replace(",", ".") if self.lang == "de" else text

    def money(self, amount: str | None, currency: str = "") -> str:
        """A decimal string as written in this language: 90.000,00 EUR / 90,000.00 EUR."""
        if amount is None:
            return self("none")
        text = f"{Decimal(amount):,.2f}"
        if self.lang == "de":
            text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return f"{text} {currency}".strip()

    def flag(self, value: bool | None) -> str:
        return self("none") if value is None else self("yes" if value else "no")
