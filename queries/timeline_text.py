"""A timeline entry in words, German or English: one sentence per kind, made at read time from
the entry's `data` (titles, amounts, dates and codes as the read model keeps them, actors as
`{"id", "name"}`), so that the reports, the API and the pages say it in their own language.

    sentence("funding_disbursed", {"funder": {"name": "Stiftung"}, "recipient": {...},
             "amount": "15000.00", "currency": "EUR"}, "de")
    -> "Stiftung zahlte 15.000,00 EUR an Initiative aus"

A sentence leaves out what its data lacks (the timeline built from the report facts knows
no vote counts and no cooperation partners), and never fails on a kind it does not know.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from queries.formats import day, money, number, quantity

# The kinds in words, for tables and filters: (German, English).
KINDS: dict[str, tuple[str, str]] = {
    "process_started": ("Prozess begonnen", "Process started"),
    "process_concluded": ("Prozess abgeschlossen", "Process concluded"),
    "phase_started": ("Phase begonnen", "Phase started"),
    "participant_joined": ("Beteiligung", "Participant joined"),
    "gathering_held": ("Veranstaltung", "Gathering held"),
    "charter_established": ("Charta gegründet", "Charter established"),
    "clause_added": ("Abschnitt hinzugefügt", "Clause added"),
    "clause_replaced": ("Abschnitt neu gefasst", "Clause replaced"),
    "clause_repealed": ("Abschnitt aufgehoben", "Clause repealed"),
    "proposal_submitted": ("Antrag eingereicht", "Proposal submitted"),
    "proposal_adopted": ("Antrag angenommen", "Proposal adopted"),
    "proposal_rejected": ("Antrag abgelehnt", "Proposal rejected"),
    "proposal_withdrawn": ("Antrag zurückgezogen", "Proposal withdrawn"),
    "amendment_submitted": ("Änderungsantrag eingereicht", "Amendment submitted"),
    "amendment_adopted": ("Änderungsantrag angenommen", "Amendment adopted"),
    "amendment_rejected": ("Änderungsantrag abgelehnt", "Amendment rejected"),
    "amendment_withdrawn": ("Änderungsantrag zurückgezogen", "Amendment withdrawn"),
    "vote_closed": ("Abstimmung abgeschlossen", "Vote closed"),
    "commitment_made": ("Zusage gegeben", "Commitment made"),
    "commitment_progress": ("Zwischenstand", "Progress reported"),
    "commitment_fulfilled": ("Zusage erfüllt", "Commitment fulfilled"),
    "commitment_withdrawn": ("Zusage zurückgezogen", "Commitment withdrawn"),
    "cooperation_started": ("Kooperation begonnen", "Cooperation started"),
    "cooperation_ended": ("Kooperation beendet", "Cooperation ended"),
    "funding_granted": ("Förderung bewilligt", "Funding granted"),
    "funding_disbursed": ("Auszahlung", "Disbursement"),
    "plan_decided": ("Finanzierungsplan beschlossen", "Financing plan decided"),
    "indicator_declared": ("Wirkungsindikator", "Indicator declared"),
    "indicator_measured": ("Messung", "Measurement"),
}

# Codes that stand inside sentences: gathering formats, cooperation kinds, funding logics,
# vote outcomes and the roles the demo and the forms use. Free text is shown as typed.
CODES: dict[str, tuple[str, str]] = {
    "open_assembly": ("Offene Versammlung", "Open assembly"),
    "future_workshop": ("Zukunftswerkstatt", "Future workshop"),
    "energy_assembly": ("Energie-Versammlung", "Energy assembly"),
    "storytelling_workshop": ("Erzählwerkstatt", "Storytelling workshop"),
    "summit": ("Gipfel", "Summit"),
    "training": ("Schulung", "Training"),
    "action": ("Aktion", "Action"),
    "other": ("Sonstiges", "Other"),
    "partnership": ("Partnerschaft", "partnership"),
    "membership": ("Mitgliedschaft", "membership"),
    "joint_action": ("gemeinsame Aktion", "joint action"),
    "process": ("Prozessförderung", "process funding"),
    "project": ("Projektförderung", "project funding"),
    "adopted": ("angenommen", "adopted"),
    "rejected": ("abgelehnt", "rejected"),
}
ROLE_WORDS: dict[str, str] = {
    "resident": "Anwohner:in", "member": "Mitglied", "convenor": "Einberufende",
    "host": "Gastgeber:in", "initiative": "Initiative", "administration": "Verwaltung",
    "association": "Verein", "business": "Gewerbe", "politics": "Politik",
    "funder": "Fördergeber", "school": "Schule", "person": "Person", "other": "Sonstige",
    "participant": "Teilnehmende", "moderator": "Moderation", "partner": "Partner",
}
# What the read models write for a name they cannot show.
MARKERS = {"[erased]": "[gelöscht]", "(unknown)": "(unbekannt)"}


def kind_words(kind: str, lang: str) -> str:
    pair = KINDS.get(kind)
    return pair[lang == "en"] if pair else kind.replace("_", " ")


def code_words(code: Any, lang: str) -> str:
    if code is None:
        return ""
    pair = CODES.get(str(code))
    if pair:
        return pair[lang == "en"]
    return str(code).replace("_", " ") if lang == "en" else str(code)


def _role(role: Any, lang: str) -> str:
    text = str(role or "")
    return ROLE_WORDS.get(text.lower(), text) if lang == "de" else text


def _text(value: Any, lang: str) -> str:
    """Typed text as it is, but the markers of an erased or unknown name in this language."""
    text = "" if value is None else str(value)
    return MARKERS.get(text, text) if lang == "de" else text


def _name(actor: Any, lang: str) -> str:
    if isinstance(actor, dict):
        return _text(actor.get("name") or actor.get("id") or "(unknown)", lang)
    return _text(actor or "(unknown)", lang)


def _names(actors: Any, lang: str) -> list[str]:
    return [_name(a, lang) for a in actors or []]


class _Words:
    """What one sentence needs: the data, its language and the formats."""

    def __init__(self, data: dict[str, Any], lang: str) -> None:
        self.d, self.lang, self.de = data, lang, lang == "de"

    def __getitem__(self, key: str) -> str:
        return _text(self.d.get(key), self.lang)

    def name(self, role: str) -> str:
        return _name(self.d.get(role), self.lang)

    def names(self, role: str) -> list[str]:
        return _names(self.d.get(role), self.lang)

    def day(self, key: str) -> str:
        return day(self.d.get(key), self.lang)

    def number(self, key: str) -> str:
        return number(self.d.get(key), self.lang)

    def money(self) -> str:
        return money(self.d.get("amount"), self.d.get("currency") or "", self.lang)

    def code(self, key: str) -> str:
        return code_words(self.d.get(key), self.lang)


Sentence = Callable[[_Words], str]


def _by(w: _Words, role: str) -> str:
    names = w.names(role)
    if not names:
        return ""
    return f" ({'von' if w.de else 'by'} {', '.join(names)})"


def _gathering(w: _Words) -> str:
    text = (f"{w.code('format')}: {w['title']}" if w.de else
            f"{w.code('format').capitalize()} held: {w['title']}")
    if w.d.get("attendance") is not None:
        text += f" ({w.number('attendance')} {'Teilnehmende' if w.de else 'attending'})"
    return text


def _vote(w: _Words) -> str:
    amendment = w.d.get("subject") == "amendment"
    if w.de:
        on = "einen Änderungsantrag zu" if amendment else "den Antrag"
        text = f"Abstimmung über {on} {w['proposal']} abgeschlossen: {w.code('outcome')}"
    else:
        on = "an amendment to" if amendment else "the proposal"
        text = f"Vote on {on} {w['proposal']} closed: {w.code('outcome')}"
    counts = vote_counts(w.d, w.lang)
    return f"{text} ({counts})" if counts else text


def vote_counts(result: dict[str, Any], lang: str) -> str:
    """`12 ja, 3 nein, 1 Enthaltung` / `12 yes, 3 no, 1 abstain, 0 objections`; empty
    without counts. Objections (of a consent vote) are named in German only when there were
    some."""
    if result.get("yes") is None:
        return ""

    def n(key: str) -> str:
        return number(result.get(key) or 0, lang)

    if lang == "de":
        abstain = "Enthaltung" if result.get("abstain") == 1 else "Enthaltungen"
        parts = [f"{n('yes')} ja", f"{n('no')} nein", f"{n('abstain')} {abstain}"]
        if result.get("objections"):
            parts.append(f"{n('objections')} "
                         + ("Einwand" if result.get("objections") == 1 else "Einwände"))
        return ", ".join(parts)
    return f"{n('yes')} yes, {n('no')} no, {n('abstain')} abstain, {n('objections')} objections"


def _clause(verb_de: str, verb_en: str, where: str) -> Sentence:
    def say(w: _Words) -> str:
        if w.de:
            return f"Abschnitt in {w['charter']} {verb_de}: {w['heading']}"
        return f"Clause {verb_en} {where} {w['charter']}: {w['heading']}"
    return say


def _decided(noun: str, de: str, en: str) -> Sentence:
    def say(w: _Words) -> str:
        if noun == "proposal":
            return f"Antrag {de}: {w['title']}" if w.de else f"Proposal {en}: {w['title']}"
        return (f"Änderungsantrag zu {w['proposal']} {de}" if w.de
                else f"Amendment to {w['proposal']} {en}")
    return say


def _commitment(de: str, en: str, tail: Callable[[_Words], str] = lambda w: "") -> Sentence:
    def say(w: _Words) -> str:
        who = w.name("actor") if w.d.get("actor") else ""
        head, by = (de, "von") if w.de else (en, "by")
        if who:
            head = f"{head} {by} {who}"
        return f"{head}: {w['description']}{tail(w)}"
    return say


def _due(w: _Words) -> str:
    if not w.d.get("due_on"):
        return ""
    return f" (fällig am {w.day('due_on')})" if w.de else f" (due {w.day('due_on')})"


def _late(w: _Words) -> str:
    if not w.d.get("late"):
        return ""
    return (f" (verspätet, fällig am {w.day('due_on')})" if w.de
            else f" (late, due {w.day('due_on')})")


def _reason(w: _Words) -> str:
    return f" ({w['reason']})" if w.d.get("reason") else ""


def _cooperation(de: str, en: str) -> Sentence:
    def say(w: _Words) -> str:
        names = w.names("actors")
        who = (" und " if w.de else " and ").join(names)
        head = de if w.de else en
        kind = w.code("cooperation")
        if who:
            return f"{head}: {who} ({kind})" if kind else f"{head}: {who}"
        return f"{head} ({kind})" if kind else head
    return say


def _granted(w: _Words) -> str:
    if w.de:
        return (f"{w.name('funder')} bewilligte {w.name('recipient')} {w.money()} "
                f"({w.code('logic')}, {w.day('period_start')} bis {w.day('period_end')})")
    return (f"{w.name('funder')} granted {w.money()} to {w.name('recipient')} "
            f"({w.code('logic')}, {w.day('period_start')} to {w.day('period_end')})")


def _disbursed(w: _Words) -> str:
    if w.de:
        return f"{w.name('funder')} zahlte {w.money()} an {w.name('recipient')} aus"
    return f"{w.name('funder')} disbursed {w.money()} to {w.name('recipient')}"


def _plan(w: _Words) -> str:
    lines = ", ".join(str(x) for x in w.d.get("lines") or [])
    if w.de:
        return f"Finanzierungsplan beschlossen ({lines}): {w['reason']}"
    return f"Financing plan decided ({lines}): {w['reason']}"


def _indicator(w: _Words) -> str:
    target = quantity(w.d.get("target"), w.lang)
    if w.de:
        return f"Wirkungsindikator: {w['indicator']}, Ziel {target} {w['unit']} pro Jahr"
    return f"Indicator: {w['indicator']}, target {target} {w['unit']} a year"


def _measured(w: _Words) -> str:
    value = quantity(w.d.get("value"), w.lang)
    target = quantity(w.d.get("target"), w.lang) if w.d.get("target") else None
    if w.de:
        head = "Korrigierte Messung" if w.d.get("correction") else "Messung"
        goal = f" (Jahresziel {target} {w['unit']})" if target else ""
        return f"{head}: {w['indicator']} {value} {w['unit']}{goal}"
    head = "Corrected measurement" if w.d.get("correction") else "Measurement"
    goal = f" (target {target} {w['unit']} a year)" if target else ""
    return f"{head}: {w['indicator']} {value} {w['unit']}{goal}"


SENTENCES: dict[str, Sentence] = {
    "process_started": lambda w: (f"Prozess begonnen: {w['title']}" if w.de
                                  else f"Process started: {w['title']}"),
    "phase_started": lambda w: (f"Phase begonnen: {w['phase']}" if w.de
                                else f"Phase started: {w['phase']}"),
    "participant_joined": lambda w: (
        f"{w.name('participant')} ist dabei als {_role(w.d.get('role'), 'de')}" if w.de
        else f"{w.name('participant')} joined as {w['role']}"),
    "process_concluded": lambda w: (f"Prozess abgeschlossen: {w['summary']}" if w.de
                                    else f"Process concluded: {w['summary']}"),
    "gathering_held": _gathering,
    "proposal_submitted": lambda w: (
        (f"Antrag eingereicht: {w['title']}" if w.de else f"Proposal submitted: {w['title']}")
        + _by(w, "authors")),
    "amendment_submitted": lambda w: (
        (f"Änderungsantrag zu {w['proposal']} eingereicht" if w.de
         else f"Amendment to {w['proposal']} submitted") + _by(w, "authors")),
    "proposal_adopted": _decided("proposal", "angenommen", "adopted"),
    "proposal_rejected": _decided("proposal", "abgelehnt", "rejected"),
    "proposal_withdrawn": _decided("proposal", "zurückgezogen", "withdrawn"),
    "amendment_adopted": _decided("amendment", "angenommen", "adopted"),
    "amendment_rejected": _decided("amendment", "abgelehnt", "rejected"),
    "amendment_withdrawn": _decided("amendment", "zurückgezogen", "withdrawn"),
    "vote_closed": _vote,
    "commitment_made": _commitment("Zusage", "Commitment", _due),
    "commitment_progress": _commitment("Zwischenstand zur Zusage", "Progress on commitment",
                                       lambda w: f": {w['note']}"),
    "commitment_fulfilled": _commitment("Zusage erfüllt", "Commitment fulfilled", _late),
    "commitment_withdrawn": _commitment("Zusage zurückgezogen", "Commitment withdrawn",
                                        _reason),
    "charter_established": lambda w: (f"Charta gegründet: {w['title']}" if w.de
                                      else f"Charter established: {w['title']}"),
    "clause_added": _clause("hinzugefügt", "added", "to"),
    "clause_replaced": _clause("neu gefasst", "replaced", "in"),
    "clause_repealed": _clause("aufgehoben", "repealed", "from"),
    "cooperation_started": _cooperation("Kooperation begonnen", "Cooperation started"),
    "cooperation_ended": _cooperation("Kooperation beendet", "Cooperation ended"),
    "funding_granted": _granted,
    "funding_disbursed": _disbursed,
    "plan_decided": _plan,
    "indicator_declared": _indicator,
    "indicator_measured": _measured,
}


def sentence(kind: str, data: dict[str, Any] | None, lang: str = "en") -> str:
    """The entry in words of `lang` (`de` or `en`)."""
    say = SENTENCES.get(kind)
    if say is None or data is None:
        return kind_words(kind, lang)
    return say(_Words(data, lang))
