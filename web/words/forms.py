"""Words of the recording forms (web.forms), and the domain reasons they can meet.

Each entry is (German, English); REASONS are (pattern, German) for the ledger's refusals.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

WORDS: dict[str, tuple[str, str]] = {
    # links and headings
    "fm_record_actor": ("Akteur:in eintragen", "Record an actor"),
    "fm_record_process": ("Prozess eintragen", "Record a process"),
    "fm_record_cooperation": ("Kooperation eintragen", "Record a cooperation"),
    "fm_end_cooperation": ("Kooperation beenden", "End the cooperation"),
    "fm_record_amendment": ("Änderungsantrag eintragen", "Record an amendment"),
    "fm_open_vote": ("Abstimmung eröffnen", "Open a vote"),
    "fm_cast_ballot": ("Stimme eintragen", "Record a ballot"),
    "fm_count_tally": ("Auszählung im Raum eintragen", "Record the count in the room"),
    "fm_close_vote": ("Abstimmung abschließen", "Close the vote"),
    "fm_record_commitment": ("Zusage eintragen", "Record a commitment"),
    "fm_report_progress": ("Zwischenstand eintragen", "Report progress"),
    "fm_fulfil": ("Als erfüllt eintragen", "Mark fulfilled"),
    "fm_withdraw": ("Zusage zurückziehen", "Withdraw the commitment"),
    "fm_withdraw_proposals": ("Antrag zurückziehen", "Withdraw the proposal"),
    "fm_withdraw_amendments": ("Änderungsantrag zurückziehen", "Withdraw the amendment"),
    "fm_record_funding": ("Förderung eintragen", "Record a funding"),
    "fm_disburse": ("Auszahlung eintragen", "Record a disbursement"),
    # fields and help
    "fm_actor_help": ("Eine Person, Initiative, Schule, ein Amt oder Fördergeber. Namen und "
                      "Kontakt von Personen werden verschlüsselt gespeichert und lassen sich "
                      "löschen.",
                      "A person, initiative, school, office or funder. People's names and "
                      "contacts are stored encrypted and can be erased."),
    "fm_name_help": ("So, wie er auf den Seiten erscheinen soll.",
                     "As it should appear on the pages."),
    "fm_contact_help": ("Freiwillig, z. B. eine E-Mail-Adresse.", "Optional, e.g. an e-mail."),
    "fm_topics_help": ("Mehrere durch Kommas getrennt.", "Several separated by commas."),
    "fm_goal_help": ("Wie viele offene Versammlungen im Jahr das Ziel sind; leer lassen, wenn "
                     "keines.", "How many open assemblies a year are the goal; empty if none."),
    "fm_two_actors": ("Die beiden Beteiligten", "The two actors"),
    "fm_two_actors_help": ("Genau zwei wählen (mit Strg oder Umschalt).",
                           "Choose exactly two (with Ctrl or Shift)."),
    "fm_amended_text": ("Neuer Text des Antrags", "New text of the proposal"),
    "fm_amended_text_help": ("Der ganze Text, wie er bei Annahme gelten soll (vorausgefüllt "
                             "mit dem jetzigen Text).",
                             "The whole text as it would read if adopted (filled in with the "
                             "current text)."),
    "fm_gathering_help": ("Die Versammlung, auf der abgestimmt wird.",
                          "The gathering where the vote is held."),
    "fm_held_on_vote": ("Abgestimmt am", "Voted on"),
    "fm_opened_on_help": ("Der Tag der Abstimmung – nicht der heutige, wenn sie früher war.",
                          "The day of the vote – not today if it was earlier."),
    "fm_vote_on": ("Abstimmung über: {subject}", "Vote on: {subject}"),
    "fm_voter": ("Wer stimmt", "Voter"),
    "fm_choice": ("Stimme", "Choice"),
    "fm_ballot_help": ("Eine Stimme je Person; wer einzeln abstimmt, braucht keine Auszählung.",
                       "One ballot per person; with ballots, no count in the room is needed."),
    "fm_tally_yes": ("Ja-Stimmen", "Yes"),
    "fm_tally_no": ("Nein-Stimmen", "No"),
    "fm_tally_abstain": ("Enthaltungen", "Abstentions"),
    "fm_tally_objections": ("Einwände", "Objections"),
    "fm_tally_help": ("Die im Raum gezählten Stimmen, statt einzelner Stimmen; Einwände leer "
                      "lassen, wenn keine.",
                      "The votes counted in the room, instead of ballots; leave objections "
                      "empty if none."),
    "fm_close_help": ("Beim Abschließen wird das Ergebnis festgestellt; ein angenommener Antrag "
                      "ändert seine Charta.",
                      "Closing decides the result; an adopted proposal changes its charter."),
    "fm_committed_by": ("Wer sagt zu", "Committed by"),
    "fm_description_help": ("Was zugesagt wurde, in einem Satz.", "What was promised."),
    "fm_reported_on": ("Stand vom", "Reported on"),
    "fm_note": ("Was ist passiert", "What happened"),
    "fm_evidence_help": ("Freiwillig: woran man es sieht, z. B. ein Protokoll oder Foto.",
                         "Optional: how one can see it, e.g. minutes or a photo."),
    "fm_amount_help": ("In Euro und Cent, z. B. 1.500,00.", "E.g. 1,500.00."),
    "fm_currency_help": ("Drei Buchstaben, z. B. EUR.", "Three letters, e.g. EUR."),
    "fm_paid_on": ("Ausgezahlt am", "Paid on"),
    "fm_disbursed_so_far": ("Bisher ausgezahlt: {paid} von {granted}.",
                            "Paid so far: {paid} of {granted}."),
    # a proposal or amendment not yet decided (the reading pages lacked it)
    "status_submitted": ("eingereicht", "submitted"),
    # messages
    "fm_err_characters": ("Enthält ein Zeichen, das nicht gespeichert werden kann.",
                          "Contains a character that cannot be stored."),
    "fm_err_date_range": ("Bitte ein Datum zwischen {first} und {last}.",
                          "Please give a date between {first} and {last}."),
    "fm_err_money": ("Bitte einen Betrag angeben, z. B. 1.500,00.",
                     "Please give an amount, e.g. 1,500.00."),
    "fm_err_version": ("Das Formular ist unvollständig. Bitte laden Sie die Seite neu.",
                       "The form is incomplete. Please reload the page."),
    "fm_err_stale": ("Jemand hat diesen Eintrag geändert, während Sie das Formular ausgefüllt "
                     "haben. Nichts wurde gespeichert. Ihre Angaben stehen noch unten: Prüfen "
                     "Sie den jetzigen Stand und senden Sie das Formular noch einmal, wenn Ihre "
                     "Änderung noch passt.",
                     "Someone changed this record while you were filling in the form. Nothing "
                     "was stored. What you typed is still below: check the record as it is now "
                     "and send the form again if your change still applies."),
    "fm_stale_look": ("Den jetzigen Stand ansehen", "See the record as it is now"),
}

Reason = tuple[re.Pattern[str], Callable[[Any, Any], str]]


def _fixed(pattern: str, german: str) -> Reason:
    return re.compile(pattern + "$"), lambda m, t: german


_NOUNS = {"proposal": "Der Antrag", "amendment": "Der Änderungsantrag"}
_STATES = {"submitted": "eingereicht", "adopted": "angenommen", "rejected": "abgelehnt",
           "withdrawn": "zurückgezogen"}
_WHAT = {"charter": "Die Charta", "gathering": "Die Versammlung", "proposal": "Der Antrag"}

REASONS: list[Reason] = [
    _fixed(r"the vote is closed", "Die Abstimmung ist abgeschlossen."),
    _fixed(r"a tally was already counted for this vote",
           "Für diese Abstimmung ist die Auszählung schon eingetragen."),
    _fixed(r"ballots were already cast for this vote",
           "Für diese Abstimmung sind schon einzelne Stimmen eingetragen."),
    _fixed(r"this voter has already cast a ballot", "Diese Person hat schon abgestimmt."),
    (re.compile(r"(yes|no|abstain|objections) must not be negative$"),
     lambda m, t: "Bitte keine negative Zahl."),
    (re.compile(r"the (charter|gathering|proposal) belongs to another process$"),
     lambda m, t: f"{_WHAT[m[1]]} gehört zu einem anderen Prozess."),
    (re.compile(r"the (proposal|amendment) is (\w+), not open$"),
     lambda m, t: f"{_NOUNS[m[1]]} ist nicht mehr offen ({_STATES.get(m[2], m[2])})."),
    _fixed(r"an author is named twice", "Eine Person oder Gruppe ist doppelt genannt."),
    _fixed(r"a cooperation joins exactly two different actors",
           "Bitte genau zwei verschiedene Beteiligte wählen."),
    _fixed(r"the cooperation has already ended", "Die Kooperation ist schon beendet."),
    _fixed(r"the commitment is already fulfilled", "Die Zusage ist schon erfüllt."),
    _fixed(r"the commitment has been withdrawn", "Die Zusage ist zurückgezogen."),
    (re.compile(r"amount must be a positive amount$"),
     lambda m, t: "Der Betrag muss größer als null sein."),
    _fixed(r"amount has more than two decimal places",
           "Bitte höchstens zwei Stellen nach dem Komma."),
    _fixed(r"amount is too large", "Der Betrag ist zu groß."),
    (re.compile(r"disbursing ([\d.]+) would exceed the granted ([\d.]+) ([A-Z]{3})$"),
     lambda m, t: f"Eine Auszahlung von {t.money(m[1], m[3])} wäre mehr als die bewilligten "
                  f"{t.money(m[2], m[3])} (zusammen mit den bisherigen Auszahlungen)."),
    _fixed(r"currency must be a three-letter ISO 4217 code",
           "Bitte drei Großbuchstaben, z. B. EUR."),
    (re.compile(r"no (\w+) with id \S+$"),
     lambda m, t: "Diesen Eintrag gibt es nicht (mehr), oder Ihr Zugang reicht nicht bis "
                  "dorthin."),
    _fixed(r"the charter has no clause \S+", "Diesen Abschnitt hat die Charta nicht."),
    _fixed(r"the clause this proposal changes is no longer in the charter",
           "Der Abschnitt, den dieser Antrag ändert, steht nicht mehr in der Charta."),
    _fixed(r"open_assemblies_per_year must be a whole number >= 0",
           "Bitte eine ganze Zahl ab 0."),
]
