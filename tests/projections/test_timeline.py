"""A process's timeline: everything that belongs to it, by domain date, ties by log position."""

from __future__ import annotations

import uuid
from collections import Counter

from queries.timeline import timeline
from tests.projections.scenario import D


def test_everything_of_the_process_and_nothing_else(world):
    s = world.s
    answer = timeline(world.db, s.p)
    assert answer["process_id"] == str(s.p)
    assert Counter(e["kind"] for e in answer["entries"]) == Counter({
        "process_started": 1, "participant_joined": 1, "phase_started": 1,
        "charter_established": 1, "cooperation_started": 2, "cooperation_ended": 1,
        "funding_granted": 1, "funding_disbursed": 1, "gathering_held": 4,
        "proposal_submitted": 10, "proposal_adopted": 8, "proposal_rejected": 1,
        "proposal_withdrawn": 1, "amendment_submitted": 3, "amendment_adopted": 1,
        "amendment_rejected": 1, "amendment_withdrawn": 1, "vote_closed": 11,
        "clause_added": 4, "clause_replaced": 2, "clause_repealed": 2,
        "commitment_made": 4, "commitment_progress": 1, "commitment_fulfilled": 2,
        "commitment_withdrawn": 1,
    })
    refs = {(e["ref"]["type"], e["ref"]["id"]) for e in answer["entries"]}
    # Process Q's commitment and cooperation, and the cooperation of no process, are not here.
    for other in (("commitment", s.c5), ("cooperation", s.co3), ("cooperation", s.co4)):
        assert (other[0], str(other[1])) not in refs
    assert ("commitment", str(s.c1)) in refs and ("charter", str(s.charter)) in refs

    q = timeline(world.db, str(s.q))
    assert [(e["on"], e["kind"]) for e in q["entries"]] == [
        ("2022-02-01", "process_started"),
        ("2022-03-01", "commitment_made"),
        ("2022-03-01", "cooperation_started"),
        ("2023-12-31", "process_concluded"),
    ]
    assert q["entries"][-1]["summary"] == "Process concluded: Schulweg gesichert"


def test_domain_date_order_ties_by_log_position(world):
    s = world.s
    entries = timeline(world.db, s.p)["entries"]
    days = [e["on"] for e in entries]
    assert days == sorted(days)
    # The late minutes of 2022-06-01 sit between May and July, not at the end.
    june = [e for e in entries if e["on"] == "2022-06-01"]
    assert [e["kind"] for e in june] == [
        "gathering_held", "vote_closed", "proposal_adopted", "clause_added",
        "vote_closed", "proposal_adopted", "clause_replaced",
    ]
    assert days.index("2022-06-01") > days.index("2022-05-01")
    assert days[-1] == "2023-03-01"
    # On 2022-03-01, as recorded: the gathering, the votes with their decisions, then the
    # commitments made that day.
    march = [e["kind"] for e in entries if e["on"] == "2022-03-01"]
    assert march[0] == "gathering_held"
    assert march[-2:] == ["commitment_made", "commitment_made"]
    assert march.index("amendment_adopted") < march.index("clause_added")


def test_summaries_name_titles_actors_and_money(world):
    s = world.s
    entries = timeline(world.db, s.p)["entries"]

    def summary(kind: str, ref_id, n: int = 0) -> str:
        found = [e["summary"] for e in entries
                 if e["kind"] == kind and e["ref"]["id"] == str(ref_id)]
        return found[n]

    assert summary("process_started", s.p) == "Process started: Reuterkiez gestalten"
    assert summary("participant_joined", s.bea) == "Bea Beispiel joined as member"
    assert summary("phase_started", s.p) == "Phase started: Werkstatt"
    assert summary("gathering_held", s.g1) == \
        "Open assembly held: Offene Versammlung Frühjahr (40 attending)"
    assert summary("proposal_submitted", s.prop1) == \
        "Proposal submitted: Grün im Kiez (by Initiative Reuterkiez)"
    assert summary("proposal_withdrawn", s.prop4) == "Proposal withdrawn: Parkplätze"
    assert summary("proposal_rejected", s.prop3) == "Proposal rejected: Lärm"
    assert summary("amendment_submitted", s.am1) == \
        "Amendment to Grün im Kiez submitted (by Bea Beispiel)"
    assert summary("amendment_withdrawn", s.am2) == "Amendment to Verkehrsberuhigung withdrawn"
    assert summary("amendment_rejected", s.am3) == "Amendment to Verkehrsberuhigung rejected"
    assert summary("vote_closed", s.vote_am3) == (
        "Vote on an amendment to Verkehrsberuhigung closed: rejected "
        "(3 yes, 20 no, 1 abstain, 1 objections)")
    assert summary("vote_closed", s.vote1) == (
        "Vote on the proposal Grün im Kiez closed: adopted "
        "(30 yes, 5 no, 1 abstain, 0 objections)")
    assert summary("charter_established", s.charter) == \
        "Charter established: Kiez-Charta Reuterkiez"
    clause_entries = [e for e in entries if e["kind"].startswith("clause_")]
    assert [e["summary"] for e in clause_entries] == [
        "Clause added to Kiez-Charta Reuterkiez: Grünflächen",
        "Clause added to Kiez-Charta Reuterkiez: Verkehr",
        "Clause added to Kiez-Charta Reuterkiez: Nachbarschaft",
        "Clause replaced in Kiez-Charta Reuterkiez: Grün und Pflege",
        "Clause replaced in Kiez-Charta Reuterkiez: Grün und Pflege",
        "Clause repealed from Kiez-Charta Reuterkiez: Verkehr",
        "Clause added to Kiez-Charta Reuterkiez: Kultur",
        "Clause repealed from Kiez-Charta Reuterkiez: Kultur",
    ]
    assert summary("commitment_made", s.c1) == \
        "Commitment by Bezirksamt Neukölln: Baumscheiben prüfen (due 2022-06-01)"
    assert summary("commitment_progress", s.c1) == \
        "Progress on commitment by Bezirksamt Neukölln: Baumscheiben prüfen: Hälfte geprüft"
    assert summary("commitment_fulfilled", s.c1) == \
        "Commitment fulfilled by Bezirksamt Neukölln: Baumscheiben prüfen (late, due 2022-06-01)"
    assert summary("commitment_fulfilled", s.c2) == \
        "Commitment fulfilled by Initiative Reuterkiez: Pflanzaktion"
    assert summary("commitment_withdrawn", s.c3) == \
        "Commitment withdrawn by Späti Weserstraße: Lastenrad leihen (Kein Budget)"
    assert summary("cooperation_started", s.co2) == \
        "Cooperation started: Initiative Reuterkiez and Bezirksamt Neukölln (joint action)"
    assert summary("cooperation_ended", s.co1) == \
        "Cooperation ended: Initiative Reuterkiez and Bea Beispiel (partnership)"
    assert summary("funding_granted", s.funding) == (
        "Stiftung Kiez granted 30,000.00 EUR to Initiative Reuterkiez "
        "(process funding, 2022-01-01 to 2024-12-31)")
    assert summary("funding_disbursed", s.funding) == \
        "Stiftung Kiez disbursed 10,000.00 EUR to Initiative Reuterkiez"


def test_german_summaries_in_german_words_and_formats(world):
    """The same entries in German: no English word, German numbers, money and days."""
    s = world.s
    entries = timeline(world.db, s.p, lang="de")["entries"]

    def summary(kind: str, ref_id) -> str:
        return next(e["summary"] for e in entries
                    if e["kind"] == kind and e["ref"]["id"] == str(ref_id))

    assert summary("funding_disbursed", s.funding) == \
        "Stiftung Kiez zahlte 10.000,00 EUR an Initiative Reuterkiez aus"
    assert summary("funding_granted", s.funding) == (
        "Stiftung Kiez bewilligte Initiative Reuterkiez 30.000,00 EUR "
        "(Prozessförderung, 01.01.2022 bis 31.12.2024)")
    assert summary("participant_joined", s.bea) == "Bea Beispiel ist dabei als Mitglied"
    assert summary("proposal_submitted", s.prop1) == \
        "Antrag eingereicht: Grün im Kiez (von Initiative Reuterkiez)"
    assert summary("gathering_held", s.g1) == \
        "Offene Versammlung: Offene Versammlung Frühjahr (40 Teilnehmende)"
    assert summary("vote_closed", s.vote1) == (
        "Abstimmung über den Antrag Grün im Kiez abgeschlossen: angenommen "
        "(30 ja, 5 nein, 1 Enthaltung)")
    assert summary("commitment_fulfilled", s.c1) == (
        "Zusage erfüllt von Bezirksamt Neukölln: Baumscheiben prüfen "
        "(verspätet, fällig am 01.06.2022)")
    assert summary("cooperation_started", s.co2) == \
        "Kooperation begonnen: Initiative Reuterkiez und Bezirksamt Neukölln (gemeinsame Aktion)"
    clauses = [e["summary"] for e in entries if e["kind"].startswith("clause_")]
    assert clauses[0] == "Abschnitt in Kiez-Charta Reuterkiez hinzugefügt: Grünflächen"
    assert clauses[3] == "Abschnitt in Kiez-Charta Reuterkiez neu gefasst: Grün und Pflege"
    assert clauses[5] == "Abschnitt in Kiez-Charta Reuterkiez aufgehoben: Verkehr"
    text = "\n".join(e["summary"] for e in entries)
    for english in (" by ", "joined as", "submitted", "disbursed", "granted", " held",
                    "attending", "Clause", "Proposal", "Commitment", " due ", " yes"):
        assert english not in text, english
    # The data the sentences are made of is the same in both languages, actors by role.
    english = timeline(world.db, s.p)["entries"]
    assert [e["data"] for e in english] == [e["data"] for e in entries]
    paid = next(e["data"] for e in entries if e["kind"] == "funding_disbursed")
    assert paid == {"amount": "10000.00", "currency": "EUR",
                    "funder": {"id": str(s.funder), "name": "Stiftung Kiez"},
                    "recipient": {"id": str(s.ini), "name": "Initiative Reuterkiez"}}


def test_from_and_to_are_inclusive_domain_dates(world):
    s = world.s
    answer = timeline(world.db, s.p, from_=D("2022-06-01"), to=D("2022-09-01"))
    days = {e["on"] for e in answer["entries"]}
    assert min(days) == "2022-06-01" and max(days) == "2022-09-01"
    assert "2022-07-01" in days  # commitment 1 fulfilled
    assert timeline(world.db, s.p, from_=D("2024-01-01"))["entries"] == []
    only_start = timeline(world.db, s.p, to=D("2022-01-10"))["entries"]
    assert [e["kind"] for e in only_start] == ["process_started"]


def test_unknown_process(world):
    assert timeline(world.db, uuid.uuid4()) is None
    assert timeline(world.db, "nope") is None
    assert timeline(world.db, world.s.charter) is None  # a charter is not a process


def test_erased_person_disappears_from_every_summary(fresh_world):
    w, s = fresh_world, fresh_world.s
    w.app.erase_actor(s.bea, reason="Art. 17", erased_on=D("2024-01-01"))
    w.app.erase_actor(s.ini, reason="Art. 17", erased_on=D("2024-01-01"))  # not a person
    w.runner.catch_up()
    entries = timeline(w.db, s.p)["entries"]
    text = "\n".join(e["summary"] for e in entries)
    assert "Bea Beispiel" not in text
    assert "[erased] joined as member" in text
    assert "Amendment to Grün im Kiez submitted (by [erased])" in text
    assert "Initiative Reuterkiez" in text  # an initiative's name is not personal data
    german = "\n".join(e["summary"] for e in timeline(w.db, s.p, lang="de")["entries"])
    assert "[gelöscht] ist dabei als Mitglied" in german and "Bea Beispiel" not in german
    w.runner.rebuild()
    assert timeline(w.db, s.p)["entries"] == entries


def test_a_repeal_names_the_heading_the_clause_had_last(fresh_world):
    w, s = fresh_world, fresh_world.s
    g = w.app.record_gathering(process_id=s.p, format="open_assembly", title="Versammlung 2024",
                               held_on=D("2024-03-01")).record.id

    def adopt(title: str, clause: dict) -> None:
        proposal = w.app.submit_proposal(
            process_id=s.p, title=title, text="Neu.", author_ids=[s.ini],
            submitted_on=D("2024-02-01"), charter_id=s.charter, clause=clause).record.id
        vote = w.app.open_vote(subject_type="proposal", subject_id=proposal, gathering_id=g,
                               method="consent", opened_on=D("2024-03-01")).record.id
        w.app.close_vote(vote, closed_on=D("2024-03-01"))
        w.runner.catch_up()  # each decision in a batch of its own

    adopt("Umbenennen", {"action": "replace", "clause_id": s.clause_e, "heading": "Miteinander"})
    adopt("Streichen", {"action": "repeal", "clause_id": s.clause_e})
    last = [e["summary"] for e in timeline(w.db, s.p)["entries"] if e["kind"].startswith("clause")]
    assert last[-2:] == [
        "Clause replaced in Kiez-Charta Reuterkiez: Miteinander",
        "Clause repealed from Kiez-Charta Reuterkiez: Miteinander",
    ]


def test_a_sentence_leaves_out_what_its_data_lacks():
    """The timeline built from the report facts knows no vote counts and no partners."""
    from queries.timeline_text import sentence

    vote = {"subject": "amendment", "proposal": "Grün im Kiez", "outcome": "rejected"}
    assert sentence("vote_closed", vote, "de") == \
        "Abstimmung über einen Änderungsantrag zu Grün im Kiez abgeschlossen: abgelehnt"
    assert sentence("vote_closed", {**vote, "yes": 1, "no": 2, "abstain": 1, "objections": 2},
                    "de").endswith("abgelehnt (1 ja, 2 nein, 1 Enthaltung, 2 Einwände)")
    assert sentence("cooperation_started", {"cooperation": "partnership"}, "de") == \
        "Kooperation begonnen (Partnerschaft)"
    assert sentence("commitment_made", {"description": "Bänke", "actor": {
        "id": "x", "name": "[erased]"}}, "de") == "Zusage von [gelöscht]: Bänke"
    assert sentence("process_started", None, "de") == "Prozess begonnen"
