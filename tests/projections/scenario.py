"""A neighbourhood history with every case the read models must get right, recorded through
the application's commands (so every invariant is checked), plus helpers to read all answers.

Process P (Reuterkiez) with its charter; process Q (Schulweg) beside it.

Charter of P, clauses in order of first addition (A, B, D, E):
- A "Grünflächen": proposal 1, amended by amendment 1 (adopted; amendment 2 withdrawn,
  amendment 3 rejected belong to proposal 2), added at gathering 1 on 2022-03-01;
  replaced by proposal 5 on 2022-09-01 (new heading "Grün und Pflege").
- B "Verkehr": proposal 2, added 2022-03-01; repealed by proposal 6 on 2022-09-01.
- D "Kultur": proposal 7, added 2022-09-01; repealed by proposal 8 on 2023-03-01.
- E "Nachbarschaft": proposal 9, decided at gathering 0 on 2022-06-01 but recorded last
  (minutes entered late), as is proposal 10, which replaced A's text on 2022-06-01.
- Proposal 3 (clause "Lärm") rejected on 2022-09-01; proposal 4 withdrawn on 2022-05-01.

`moments`: `before_charter` (nothing of the charter recorded yet), `after_september`
(everything up to gathering 2 recorded, nothing of gathering 3 or the late minutes).

Commitments: c1 (district office) due 2022-06-01, progress 2022-04-01, fulfilled late
2022-07-01; c2 (initiative) due 2022-12-31, fulfilled 2022-11-01; c3 (shop) withdrawn
2022-09-15; c4 (district office) due 2023-01-31, never fulfilled; c5 (school, process Q) due
2099-01-01.

Cooperations: co1 initiative-person (P) 2022-01-20 to 2022-12-31; co2 initiative-office (P)
from 2022-02-01; co3 shop-school (Q) from 2022-03-01; co4 office-shop (no process) from
2022-04-01. Funding: 30000.00 EUR to the initiative for P, 10000.00 EUR paid 2022-02-15.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

D = date.fromisoformat


def _now() -> datetime:
    time.sleep(0.002)  # recorded times on either side differ
    moment = datetime.now(UTC)
    time.sleep(0.002)
    return moment


def build(app: Any) -> SimpleNamespace:
    s = SimpleNamespace(moments={})

    def actor(kind: str, name: str) -> Any:
        return app.register_actor(kind=kind, name=name).record.id

    s.ini = actor("initiative", "Initiative Reuterkiez")
    s.bea = actor("person", "Bea Beispiel")
    s.amt = actor("administration", "Bezirksamt Neukölln")
    s.shop = actor("business", "Späti Weserstraße")
    s.school = actor("school", "Schule am Park")
    s.funder = actor("funder", "Stiftung Kiez")

    s.p = app.start_process(title="Reuterkiez gestalten", level="kiez",
                            started_on=D("2022-01-10"),
                            goals={"open_assemblies_per_year": 2}).record.id
    s.q = app.start_process(title="Sicherer Schulweg", level="street",
                            started_on=D("2022-02-01")).record.id
    app.add_participant(s.p, actor_id=s.bea, role="member", joined_on=D("2022-01-15"))
    app.start_phase(s.p, name="Werkstatt", started_on=D("2022-02-01"))
    s.moments["before_charter"] = _now()
    s.charter = app.establish_charter(process_id=s.p, title="Kiez-Charta Reuterkiez",
                                      established_on=D("2022-01-20")).record.id
    s.co1 = app.start_cooperation(actor_ids=[s.ini, s.bea], kind="partnership",
                                  started_on=D("2022-01-20"), process_id=s.p).record.id
    s.funding = app.grant_funding(
        funder_id=s.funder, recipient_id=s.ini, process_id=s.p, logic="process",
        period_start=D("2022-01-01"), period_end=D("2024-12-31"), amount=Decimal("30000"),
        currency="EUR", granted_on=D("2022-01-25")).record.id
    s.co2 = app.start_cooperation(actor_ids=[s.ini, s.amt], kind="joint_action",
                                  started_on=D("2022-02-01"), process_id=s.p).record.id
    app.disburse(s.funding, amount=Decimal("10000"), paid_on=D("2022-02-15"))

    def gathering(title: str, held_on: str, attendance: int, process: Any = None) -> Any:
        return app.record_gathering(process_id=process or s.p, format="open_assembly",
                                    title=title, held_on=D(held_on),
                                    attendance=attendance).record.id

    def propose(title: str, text: str, submitted_on: str, clause: dict | None,
                authors: list | None = None) -> Any:
        return app.submit_proposal(
            process_id=s.p, title=title, text=text, author_ids=authors or [s.ini],
            submitted_on=D(submitted_on), charter_id=s.charter if clause else None,
            clause=clause).record.id

    def decide(subject_type: str, subject_id: Any, gathering_id: Any, on: str,
               yes: int, no: int, objections: int = 0) -> Any:
        vote = app.open_vote(subject_type=subject_type, subject_id=subject_id,
                             gathering_id=gathering_id, method="simple_majority",
                             opened_on=D(on)).record.id
        app.count_tally(vote, yes=yes, no=no, abstain=1, objections=objections)
        app.close_vote(vote, closed_on=D(on))
        return vote

    def clause_ids() -> list:
        return [c["clause_id"] for c in app.repository.get(s.charter).clause_list()]

    # Gathering 1, 2022-03-01: clauses A and B.
    s.g1 = gathering("Offene Versammlung Frühjahr", "2022-03-01", 40)
    s.prop1 = propose("Grün im Kiez", "Wir begrünen.", "2022-02-10",
                      {"action": "add", "heading": "Grünflächen"})
    s.am1 = app.submit_amendment(s.prop1, author_ids=[s.bea], text="Wir begrünen und entsiegeln.",
                                 submitted_on=D("2022-02-20")).record.id
    s.prop2 = propose("Verkehrsberuhigung", "Tempo 30 überall.", "2022-02-15",
                      {"action": "add", "heading": "Verkehr"})
    s.am2 = app.submit_amendment(s.prop2, author_ids=[s.bea], text="Tempo 20 überall.",
                                 submitted_on=D("2022-02-16")).record.id
    app.withdraw_amendment(s.am2, withdrawn_on=D("2022-02-25"))
    s.am3 = app.submit_amendment(s.prop2, author_ids=[s.amt], text="Tempo 50 überall.",
                                 submitted_on=D("2022-02-17")).record.id
    s.vote_am1 = decide("amendment", s.am1, s.g1, "2022-03-01", 20, 2)
    s.vote_am3 = decide("amendment", s.am3, s.g1, "2022-03-01", 3, 20, objections=1)
    s.vote1 = decide("proposal", s.prop1, s.g1, "2022-03-01", 30, 5)
    s.vote2 = decide("proposal", s.prop2, s.g1, "2022-03-01", 25, 10)
    s.clause_a, s.clause_b = clause_ids()

    s.c1 = app.make_commitment(actor_id=s.amt, process_id=s.p, description="Baumscheiben prüfen",
                               made_on=D("2022-03-01"), due_on=D("2022-06-01"),
                               gathering_id=s.g1).record.id
    s.c2 = app.make_commitment(actor_id=s.ini, process_id=s.p, description="Pflanzaktion",
                               made_on=D("2022-03-01"), due_on=D("2022-12-31")).record.id
    s.c5 = app.make_commitment(actor_id=s.school, process_id=s.q, description="Lotsendienst",
                               made_on=D("2022-03-01"), due_on=D("2099-01-01")).record.id
    s.co3 = app.start_cooperation(actor_ids=[s.shop, s.school], kind="membership",
                                  started_on=D("2022-03-01"), process_id=s.q).record.id
    app.report_progress(s.c1, reported_on=D("2022-04-01"), note="Hälfte geprüft")
    s.co4 = app.start_cooperation(actor_ids=[s.amt, s.shop], kind="partnership",
                                  started_on=D("2022-04-01")).record.id
    s.prop4 = propose("Parkplätze", "Mehr Parkplätze.", "2022-04-01", None)
    app.withdraw_proposal(s.prop4, withdrawn_on=D("2022-05-01"))
    app.fulfil_commitment(s.c1, fulfilled_on=D("2022-07-01"), evidence="Bericht")

    # Gathering 2, 2022-09-01: A replaced, B repealed, D added, "Lärm" rejected.
    s.g2 = gathering("Offene Versammlung Herbst", "2022-09-01", 55)
    s.prop5 = propose("Grün pflegen", "Wir begrünen, entsiegeln und pflegen.", "2022-08-01",
                      {"action": "replace", "clause_id": s.clause_a,
                       "heading": "Grün und Pflege"})
    s.prop6 = propose("Verkehr neu denken", "Der Abschnitt Verkehr entfällt.", "2022-08-05",
                      {"action": "repeal", "clause_id": s.clause_b})
    s.prop7 = propose("Kultur", "Wir feiern zusammen.", "2022-08-10",
                      {"action": "add", "heading": "Kultur"})
    s.prop3 = propose("Lärm", "Ruhe ab 20 Uhr.", "2022-08-12",
                      {"action": "add", "heading": "Lärm"})
    s.vote5 = decide("proposal", s.prop5, s.g2, "2022-09-01", 30, 1)
    s.vote6 = decide("proposal", s.prop6, s.g2, "2022-09-01", 30, 1)
    s.vote7 = decide("proposal", s.prop7, s.g2, "2022-09-01", 30, 1)
    s.vote3 = decide("proposal", s.prop3, s.g2, "2022-09-01", 3, 10)
    s.clause_d = clause_ids()[-1]
    s.c3 = app.make_commitment(actor_id=s.shop, process_id=s.p, description="Lastenrad leihen",
                               made_on=D("2022-09-01"), due_on=D("2022-10-01")).record.id
    s.c4 = app.make_commitment(actor_id=s.amt, process_id=s.p, description="Poller aufstellen",
                               made_on=D("2022-09-01"), due_on=D("2023-01-31")).record.id
    app.withdraw_commitment(s.c3, withdrawn_on=D("2022-09-15"), reason="Kein Budget")
    app.fulfil_commitment(s.c2, fulfilled_on=D("2022-11-01"))
    app.end_cooperation(s.co1, ended_on=D("2022-12-31"))
    s.moments["after_september"] = _now()

    # Gathering 3, 2023-03-01: D repealed.
    s.g3 = gathering("Offene Versammlung 2023", "2023-03-01", 35)
    s.prop8 = propose("Kultur anders", "Der Abschnitt Kultur entfällt.", "2023-02-01",
                      {"action": "repeal", "clause_id": s.clause_d})
    s.vote8 = decide("proposal", s.prop8, s.g3, "2023-03-01", 20, 2)
    app.conclude_process(s.q, concluded_on=D("2023-12-31"), summary="Schulweg gesichert")

    # Minutes of gathering 0 (2022-06-01), entered late: E added, A replaced then.
    s.g0 = gathering("Sommerfest-Versammlung", "2022-06-01", 80)
    s.prop9 = propose("Nachbarschaft", "Wir helfen einander.", "2022-05-20",
                      {"action": "add", "heading": "Nachbarschaft"})
    s.prop10 = propose("Grün im Sommer", "Wir gießen im Sommer.", "2022-05-21",
                       {"action": "replace", "clause_id": s.clause_a})
    s.vote9 = decide("proposal", s.prop9, s.g0, "2022-06-01", 40, 3)
    s.vote10 = decide("proposal", s.prop10, s.g0, "2022-06-01", 40, 3)
    s.clause_e = clause_ids()[-1]
    s.head = app.recorder.max_notification_id()
    return s

