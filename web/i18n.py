"""The pages' words: German by default, English by the switch (cookie `kl_lang`).

A missing key shows as the key itself, so a test can find it; domain reasons the catalogue
does not know are shown in English, marked `lang="en"` for screen readers.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

LANGS = ("de", "en")

# German, English
_WORDS: dict[str, tuple[str, str]] = {
    "app": ("Kiezledger", "Kiezledger"),
    "tagline": ("Das Gedächtnis der Beteiligung im Kiez",
                "The record of neighbourhood participation"),
    "skip": ("Zum Inhalt springen", "Skip to content"),
    "main_nav": ("Hauptnavigation", "Main navigation"),
    "processes": ("Prozesse", "Processes"),
    "switch_lang": ("English", "Deutsch"),
    "switch_lang_code": ("en", "de"),
    "signed_in_as": ("Angemeldet als {name} ({role})", "Signed in as {name} ({role})"),
    "sign_in": ("Anmelden", "Sign in"),
    "sign_out": ("Abmelden", "Sign out"),
    "token": ("Zugangsschlüssel", "Access token"),
    "token_help": ("Fügen Sie den Schlüssel ein, den Sie von der Verwaltung Ihres Kiezledgers "
                   "bekommen haben (er beginnt mit kl_).",
                   "Paste the token you were given by whoever runs your Kiezledger (it starts "
                   "with kl_)."),
    "token_refused": ("Dieser Schlüssel wird nicht angenommen: unbekannt, widerrufen oder "
                      "abgelaufen.", "This token is not accepted: unknown, revoked or expired."),
    "session_ended": ("Ihre Anmeldung ist beendet oder abgelaufen. Bitte melden Sie sich neu an.",
                      "Your session has ended or expired. Please sign in again."),
    "signed_out": ("Sie sind abgemeldet.", "You are signed out."),
    "role_admin": ("Verwaltung", "administrator"),
    "role_editor": ("Redaktion", "editor"),
    "role_auditor": ("Prüfung", "auditor"),
    "scope_all": ("alle Prozesse", "all processes"),
    "not_found": ("Nicht gefunden", "Not found"),
    "not_found_text": ("Diese Seite gibt es nicht, oder Ihr Zugang reicht nicht bis hierher.",
                       "There is no such page, or your access does not reach it."),
    "bad_request": ("Anfrage abgelehnt", "Request refused"),
    "csrf_failed": ("Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte laden Sie "
                    "die Seite neu und senden Sie es noch einmal.",
                    "The form has expired or did not come from this site. Please reload the page "
                    "and send it again."),
    "forbidden": ("Nicht erlaubt", "Not allowed"),
    "forbidden_text": ("Mit Ihrem Zugang können Sie hier nichts eintragen.",
                       "Your access does not allow recording here."),
    "back_to_processes": ("Zurück zu den Prozessen", "Back to the processes"),
    # process list
    "process_list": ("Beteiligungsprozesse", "Participation processes"),
    "no_processes": ("Keine Prozesse in Ihrem Zugang.", "No processes within your access."),
    "level": ("Ebene", "Level"),
    "area": ("Gebiet", "Area"),
    "topics": ("Themen", "Topics"),
    "years_active": ("Aktiv", "Active"),
    "since": ("seit {year}", "since {year}"),
    "continuity": ("Offene Versammlungen je Jahr (Ziel)", "Open assemblies per year (goal)"),
    "continuity_caption": ("Offene Versammlungen je Jahr gegen das Ziel",
                           "Open assemblies per year against the goal"),
    "held_of_goal": ("{held} von {goal}", "{held} of {goal}"),
    "goal_met": ("erreicht", "met"),
    "goal_missed": ("nicht erreicht", "missed"),
    "no_goal": ("ohne Ziel", "no goal"),
    "title": ("Titel", "Title"),
    "status": ("Stand", "Status"),
    "level_house": ("Haus", "house"),
    "level_street": ("Straße", "street"),
    "level_kiez": ("Kiez", "neighbourhood"),
    "level_district": ("Bezirk", "district"),
    "level_state": ("Land", "state"),
    "status_running": ("läuft", "running"),
    "status_concluded": ("abgeschlossen", "concluded"),
    "status_open": ("offen", "open"),
    "status_closed": ("abgeschlossen", "closed"),
    "status_adopted": ("angenommen", "adopted"),
    "status_rejected": ("abgelehnt", "rejected"),
    "status_withdrawn": ("zurückgezogen", "withdrawn"),
    "status_fulfilled": ("erfüllt", "fulfilled"),
    "status_overdue": ("überfällig", "overdue"),
    "status_active": ("aktiv", "active"),
    "status_ended": ("beendet", "ended"),
    # process page
    "timeline": ("Chronik", "Timeline"),
    "filter": ("Filtern", "Filter"),
    "year": ("Jahr", "Year"),
    "all_years": ("alle Jahre", "all years"),
    "kind": ("Art", "Kind"),
    "all_kinds": ("alle Arten", "all kinds"),
    "date": ("Datum", "Date"),
    "entry": ("Eintrag", "Entry"),
    "no_entries": ("Keine Einträge.", "No entries."),
    "page_of": ("Seite {page} von {pages}", "Page {page} of {pages}"),
    "previous": ("Vorherige Seite", "Previous page"),
    "next": ("Nächste Seite", "Next page"),
    "pages": ("Seiten", "Pages"),
    "participants": ("Beteiligte", "Participants"),
    "role": ("Rolle", "Role"),
    "joined_on": ("Dabei seit", "Joined on"),
    "gatherings": ("Veranstaltungen", "Gatherings"),
    "fundings": ("Förderungen", "Fundings"),
    "commitments": ("Selbstverpflichtungen", "Commitments"),
    "charters": ("Chartas", "Charters"),
    "none_yet": ("Noch keine.", "None yet."),
    "record": ("Eintragen", "Record"),
    "record_gathering": ("Veranstaltung eintragen", "Record a gathering"),
    "record_proposal": ("Antrag eintragen", "Record a proposal"),
    "on_this_page": ("Auf dieser Seite", "On this page"),
    # charter page
    "charter_on": ("Text am", "Text on"),
    "show": ("Anzeigen", "Show"),
    "charter_in_effect": ("In Kraft am {day}", "In effect on {day}"),
    "no_clauses": ("An diesem Tag war kein Abschnitt in Kraft.",
                   "No clause was in effect that day."),
    "provenance": ("Herkunft", "Provenance"),
    "adopted_on": ("Beschlossen am {day}", "Adopted on {day}"),
    "by_proposal": ("Antrag", "Proposal"),
    "as_amended": ("geändert durch", "as amended by"),
    "amendment_n": ("Änderungsantrag {n}", "Amendment {n}"),
    "in_vote": ("Abstimmung", "Vote"),
    "at_gathering": ("Versammlung", "Gathering"),
    "counts": ("ja {yes}, nein {no}, Enthaltung {abstain}, Einwände {objections}",
               "yes {yes}, no {no}, abstain {abstain}, objections {objections}"),
    "clause_n": ("§ {n}", "§ {n}"),
    # record kinds
    "kind_process": ("Prozess", "Process"),
    "kind_proposal": ("Antrag", "Proposal"),
    "kind_amendment": ("Änderungsantrag", "Amendment"),
    "kind_vote": ("Abstimmung", "Vote"),
    "kind_gathering": ("Veranstaltung", "Gathering"),
    "kind_actor": ("Akteur:in", "Actor"),
    "kind_cooperation": ("Kooperation", "Cooperation"),
    "kind_commitment": ("Selbstverpflichtung", "Commitment"),
    "kind_funding": ("Förderung", "Funding"),
    "kind_charter": ("Charta", "Charter"),
    "details": ("Angaben", "Details"),
    "history": ("Geschichte", "History"),
    "history_caption": ("Jedes Ereignis dieses Eintrags, wie es aufgezeichnet wurde",
                        "Every event of this record as it was recorded"),
    "event": ("Ereignis", "Event"),
    "domain_date": ("Datum des Geschehens", "Domain date"),
    "recorded_at": ("Aufgezeichnet am", "Recorded at"),
    "recorded_by": ("Aufgezeichnet von", "Recorded by"),
    "hash": ("Prüfsumme", "Hash"),
    "position": ("Position", "Position"),
    "saved": ("Gespeichert.", "Saved."),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
    "dash": ("–", "–"),
    "erased": ("[gelöscht]", "[erased]"),
    # field labels (record pages and forms)
    "f_process_id": ("Prozess", "Process"),
    "f_title": ("Titel", "Title"),
    "f_name": ("Name", "Name"),
    "f_kind": ("Art", "Kind"),
    "f_district": ("Bezirk", "District"),
    "f_kiez": ("Kiez", "Neighbourhood"),
    "f_contact": ("Kontakt", "Contact"),
    "f_erased": ("Gelöscht", "Erased"),
    "f_level": ("Ebene", "Level"),
    "f_area": ("Gebiet", "Area"),
    "f_topics": ("Themen", "Topics"),
    "f_started_on": ("Begonnen am", "Started on"),
    "f_goals": ("Ziele", "Goals"),
    "f_concluded_on": ("Abgeschlossen am", "Concluded on"),
    "f_summary": ("Zusammenfassung", "Summary"),
    "f_status": ("Stand", "Status"),
    "f_format": ("Format", "Format"),
    "f_held_on": ("Stattgefunden am", "Held on"),
    "f_place": ("Ort", "Place"),
    "f_attendance": ("Teilnehmende", "Attendance"),
    "f_text": ("Text", "Text"),
    "f_original_text": ("Ursprünglicher Text", "Original text"),
    "f_author_ids": ("Eingereicht von", "Authors"),
    "f_submitted_on": ("Eingereicht am", "Submitted on"),
    "f_charter_id": ("Charta", "Charter"),
    "f_clause": ("Änderung der Charta", "Charter change"),
    "f_amendment_ids": ("Änderungsanträge", "Amendments"),
    "f_adopted_amendment_ids": ("Angenommene Änderungsanträge", "Adopted amendments"),
    "f_decided_by": ("Entschieden durch", "Decided by"),
    "f_decided_on": ("Entschieden am", "Decided on"),
    "f_withdrawn_on": ("Zurückgezogen am", "Withdrawn on"),
    "f_proposal_id": ("Antrag", "Proposal"),
    "f_rationale": ("Begründung", "Rationale"),
    "f_subject_type": ("Gegenstand", "Subject"),
    "f_subject_id": ("Abgestimmt über", "Voted on"),
    "f_gathering_id": ("Versammlung", "Gathering"),
    "f_method": ("Verfahren", "Method"),
    "f_opened_on": ("Eröffnet am", "Opened on"),
    "f_ballots": ("Stimmen", "Ballots"),
    "f_tally": ("Auszählung", "Tally"),
    "f_closed_on": ("Abgeschlossen am", "Closed on"),
    "f_result": ("Ergebnis", "Result"),
    "f_actor_id": ("Wer", "Who"),
    "f_actor_ids": ("Beteiligte", "Actors"),
    "f_ended_on": ("Beendet am", "Ended on"),
    "f_description": ("Zusage", "Commitment"),
    "f_made_on": ("Eingegangen am", "Made on"),
    "f_due_on": ("Fällig am", "Due on"),
    "f_progress": ("Zwischenstände", "Progress"),
    "f_fulfilled_on": ("Erfüllt am", "Fulfilled on"),
    "f_evidence": ("Nachweis", "Evidence"),
    "f_withdrawal_reason": ("Grund des Rückzugs", "Reason for withdrawal"),
    "f_fulfilled_late": ("Verspätet erfüllt", "Fulfilled late"),
    "f_funder_id": ("Fördergeber", "Funder"),
    "f_recipient_id": ("Empfänger:in", "Recipient"),
    "f_logic": ("Förderlogik", "Funding logic"),
    "f_period_start": ("Förderzeitraum ab", "Period from"),
    "f_period_end": ("Förderzeitraum bis", "Period to"),
    "f_amount": ("Betrag", "Amount"),
    "f_currency": ("Währung", "Currency"),
    "f_granted_on": ("Bewilligt am", "Granted on"),
    "f_disbursements": ("Auszahlungen", "Disbursements"),
    "f_established_on": ("Gegründet am", "Established on"),
    "f_clauses": ("Abschnitte", "Clauses"),
    "f_participants": ("Beteiligte", "Participants"),
    "f_phases": ("Phasen", "Phases"),
    "f_heading": ("Überschrift", "Heading"),
    "f_action": ("Änderung", "Change"),
    "f_clause_id": ("Abschnitt", "Clause"),
    "f_new_clause_id": ("Neuer Abschnitt", "New clause"),
    # forms
    "form_required": ("Pflichtangabe", "required"),
    "form_save": ("Speichern", "Save"),
    "form_errors": ("Nichts wurde gespeichert. Bitte prüfen Sie die markierten Angaben.",
                    "Nothing was stored. Please check the marked fields."),
    "err_required": ("Bitte ausfüllen.", "Please fill this in."),
    "err_date": ("Bitte ein Datum angeben (TT.MM.JJJJ oder JJJJ-MM-TT).",
                 "Please give a date (YYYY-MM-DD)."),
    "err_number": ("Bitte eine ganze Zahl ab 0 angeben.", "Please give a whole number from 0."),
    "err_choice": ("Bitte eine der Möglichkeiten wählen.", "Please choose one of the options."),
    "err_too_long": ("Zu lang.", "Too long."),
    "err_stale": ("Jemand hat diesen Eintrag inzwischen geändert (jetzt Version {version}). "
                  "Bitte laden Sie die Seite neu und prüfen Sie, ob Ihre Änderung noch passt.",
                  "Someone has changed this record meanwhile (now version {version}). Please "
                  "reload the page and check whether your change still applies."),
    "err_sent_before": ("Dieses Formular wurde schon mit anderen Angaben gespeichert. Es ist "
                        "jetzt ein neues Formular.",
                        "This form was already stored with other values. It is a new form "
                        "now."),
    "err_in_flight": ("Dieses Formular wird gerade gespeichert. Bitte einen Moment warten und "
                      "die Seite neu laden.",
                      "This form is being stored right now. Please wait a moment and reload."),
    "refused": ("Abgelehnt:", "Refused:"),
    "gathering_help": ("Eine Veranstaltung, die stattgefunden hat, z. B. nach dem Protokoll.",
                       "A gathering that took place, e.g. from its minutes."),
    "held_on_help": ("Der Tag, an dem sie stattfand – nicht der heutige.",
                     "The day it took place – not today."),
    "attendance_help": ("Wie viele Menschen da waren; leer lassen, wenn unbekannt.",
                        "How many people came; leave empty if unknown."),
    "proposal_help": ("Ein Antrag, über den entschieden werden soll; er kann einen Abschnitt "
                      "einer Charta hinzufügen, neu fassen oder aufheben.",
                      "A proposal to be decided on; it may add, replace or repeal a clause of "
                      "a charter."),
    "authors_help": ("Wer den Antrag einbringt (mehrere mit Strg oder Umschalt wählen).",
                     "Who puts the proposal forward (choose several with Ctrl or Shift)."),
    "charter_change": ("Änderung einer Charta (freiwillig)", "Change to a charter (optional)"),
    "no_change": ("keine Änderung einer Charta", "no change to a charter"),
    "action_add": ("Abschnitt hinzufügen", "add a clause"),
    "action_replace": ("Abschnitt neu fassen", "replace a clause"),
    "action_repeal": ("Abschnitt aufheben", "repeal a clause"),
    "clause_help": ("Nur beim Neufassen oder Aufheben: welcher Abschnitt.",
                    "Only to replace or repeal: which clause."),
    "heading_help": ("Beim Hinzufügen (und wahlweise beim Neufassen): die Überschrift.",
                     "To add (and optionally to replace): the heading."),
    "choose": ("– bitte wählen –", "– please choose –"),
    "none_choice": ("– keine –", "– none –"),
    # values
    "format_open_assembly": ("Offene Versammlung", "Open assembly"),
    "format_future_workshop": ("Zukunftswerkstatt", "Future workshop"),
    "format_energy_assembly": ("Energie-Versammlung", "Energy assembly"),
    "format_storytelling_workshop": ("Erzählwerkstatt", "Storytelling workshop"),
    "format_summit": ("Gipfel", "Summit"),
    "format_training": ("Schulung", "Training"),
    "format_action": ("Aktion", "Action"),
    "format_other": ("Sonstiges", "Other"),
    "method_simple_majority": ("einfache Mehrheit", "simple majority"),
    "method_two_thirds": ("Zweidrittelmehrheit", "two-thirds majority"),
    "method_consent": ("Konsent", "consent"),
    "outcome_adopted": ("angenommen", "adopted"),
    "outcome_rejected": ("abgelehnt", "rejected"),
    "logic_process": ("Prozessförderung", "process funding"),
    "logic_project": ("Projektförderung", "project funding"),
    "choice_yes": ("ja", "yes"),
    "choice_no": ("nein", "no"),
    "choice_abstain": ("Enthaltung", "abstain"),
    "choice_object": ("Einwand", "objection"),
    "coop_partnership": ("Partnerschaft", "partnership"),
    "coop_membership": ("Mitgliedschaft", "membership"),
    "coop_joint_action": ("gemeinsame Aktion", "joint action"),
    "subject_proposal": ("Antrag", "proposal"),
    "subject_amendment": ("Änderungsantrag", "amendment"),
    "actor_person": ("Person", "person"),
    "actor_initiative": ("Initiative", "initiative"),
    "actor_association": ("Verein", "association"),
    "actor_administration": ("Verwaltung", "administration"),
    "actor_politics": ("Politik", "politics"),
    "actor_business": ("Gewerbe", "business"),
    "actor_school": ("Schule", "school"),
    "actor_funder": ("Fördergeber", "funder"),
    "actor_other": ("Sonstige", "other"),
    # timeline kinds
    "tl_process_started": ("Prozess begonnen", "Process started"),
    "tl_process_concluded": ("Prozess abgeschlossen", "Process concluded"),
    "tl_phase_started": ("Phase begonnen", "Phase started"),
    "tl_participant_joined": ("Beteiligung", "Participant joined"),
    "tl_gathering_held": ("Veranstaltung", "Gathering held"),
    "tl_charter_established": ("Charta gegründet", "Charter established"),
    "tl_clause_added": ("Abschnitt hinzugefügt", "Clause added"),
    "tl_clause_replaced": ("Abschnitt neu gefasst", "Clause replaced"),
    "tl_clause_repealed": ("Abschnitt aufgehoben", "Clause repealed"),
    "tl_proposal_submitted": ("Antrag eingereicht", "Proposal submitted"),
    "tl_proposal_adopted": ("Antrag angenommen", "Proposal adopted"),
    "tl_proposal_rejected": ("Antrag abgelehnt", "Proposal rejected"),
    "tl_proposal_withdrawn": ("Antrag zurückgezogen", "Proposal withdrawn"),
    "tl_amendment_submitted": ("Änderungsantrag eingereicht", "Amendment submitted"),
    "tl_amendment_adopted": ("Änderungsantrag angenommen", "Amendment adopted"),
    "tl_amendment_rejected": ("Änderungsantrag abgelehnt", "Amendment rejected"),
    "tl_amendment_withdrawn": ("Änderungsantrag zurückgezogen", "Amendment withdrawn"),
    "tl_vote_closed": ("Abstimmung abgeschlossen", "Vote closed"),
    "tl_commitment_made": ("Zusage gegeben", "Commitment made"),
    "tl_commitment_progress": ("Zwischenstand", "Progress reported"),
    "tl_commitment_fulfilled": ("Zusage erfüllt", "Commitment fulfilled"),
    "tl_commitment_withdrawn": ("Zusage zurückgezogen", "Commitment withdrawn"),
    "tl_cooperation_started": ("Kooperation begonnen", "Cooperation started"),
    "tl_cooperation_ended": ("Kooperation beendet", "Cooperation ended"),
    "tl_funding_granted": ("Förderung bewilligt", "Funding granted"),
    "tl_funding_disbursed": ("Auszahlung", "Disbursement"),
}


class Words:
    """`t("key", **values)`, `t.date(...)`, `t.money(...)` in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "de"
        self._i = LANGS.index(self.lang)

    def __call__(self, key: str, **values: Any) -> str:
        pair = _WORDS.get(key)
        if pair is None:
            return key
        return pair[self._i].format(**values) if values else pair[self._i]

    def has(self, key: str) -> bool:
        return key in _WORDS

    def value(self, prefix: str, code: Any) -> str:
        """A code in words (`format`, `open_assembly` -> Offene Versammlung)."""
        key = f"{prefix}_{code}"
        return self(key) if key in _WORDS else str(code)

    def date(self, value: Any) -> str:
        if value in (None, ""):
            return self("dash")
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return day.strftime("%d.%m.%Y") if self.lang == "de" else day.isoformat()

    def number(self, value: Any) -> str:
        if value is None:
            return self("dash")
        text = f"{int(value):,}"
        return text.replace(",", ".") if self.lang == "de" else text

    def money(self, amount: Any, currency: str = "") -> str:
        text = f"{Decimal(str(amount)):,.2f}"
        if self.lang == "de":
            text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return f"{text} {currency}".strip()

    def reason(self, detail: str) -> tuple[str, bool]:
        """A domain reason in this language: (text, translated?)."""
        if self.lang == "en":
            return detail, True
        for pattern, german in _REASONS:
            found = pattern.match(detail)
            if found:
                return german(found, self), True
        return detail, False


_BEFORE_WHAT = {
    "the process's start": "dem Beginn des Prozesses",
    "the charter's establishment": "der Gründung der Charta",
}

_REASONS = [
    (re.compile(r"\w+ (\d{4}-\d\d-\d\d) is before (.+) \((\d{4}-\d\d-\d\d)\)$"),
     lambda m, t: f"Der {t.date(m[1])} liegt vor "
                  f"{_BEFORE_WHAT.get(m[2], 'einem früheren Ereignis')} ({t.date(m[3])})."),
    (re.compile(r"\w+ (\d{4}-\d\d-\d\d) is after the process concluded \((\d{4}-\d\d-\d\d)\)$"),
     lambda m, t: f"Der {t.date(m[1])} liegt nach dem Abschluss des Prozesses "
                  f"({t.date(m[2])})."),
    (re.compile(r"\w+ must not be empty$"), lambda m, t: "Bitte ausfüllen."),
    (re.compile(r"the process has been concluded$"),
     lambda m, t: "Der Prozess ist abgeschlossen."),
    (re.compile(r"at least one author is needed$"),
     lambda m, t: "Mindestens eine Person oder Gruppe muss den Antrag einbringen."),
    (re.compile(r"to (replace|repeal) a clause, name its clause_id$"),
     lambda m, t: "Bitte wählen Sie den Abschnitt, der geändert werden soll."),
    (re.compile(r"a clause change needs a charter_id$"),
     lambda m, t: "Bitte wählen Sie die Charta, die geändert werden soll."),
]
