"""A hand-computed neighbourhood for the report tests, built through the ledger's commands.

The period under report is PERIOD = [2022-01-01, 2024-06-30]. What happens on its first day,
on its last day and just outside it is spelled out next to each record; the expected figures
below are counted by hand from these comments, not by the code under test.

Processes
- P "Kiez-Charta Wrangelkiez", started 2021-06-01, goal 2 open assemblies a year.
- Q "Energiewende Reuterkiez", started 2022-01-01, goal 0.
- R "Schulhof entsiegeln", started 2022-03-01, goal 1, concluded 2023-05-01.
- S "Erzählcafé", started 2022-02-01, no goal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from ledger.application import Ledger

FROM, TO = date(2022, 1, 1), date(2024, 6, 30)
D = date.fromisoformat


@dataclass
class World:
    app: Ledger
    ids: dict[str, UUID] = field(default_factory=dict)

    def __getitem__(self, name: str) -> UUID:
        return self.ids[name]

    def s(self, name: str) -> str:
        return str(self.ids[name])


def build(app: Ledger) -> World:
    w = World(app)
    ids = w.ids

    def actor(name: str, kind: str, label: str) -> None:
        ids[name] = app.register_actor(kind=kind, name=label).record.id

    actor("anna", "person", "Anna Müller")
    actor("ben", "person", "Ben Öztürk")
    actor("cem", "person", "Cem")
    actor("dora", "person", "Dora")
    actor("ini", "initiative", "Kiez hilft e.V.")
    actor("office", "administration", "Bezirksamt Friedrichshain-Kreuzberg")
    actor("shop", "business", "Fahrradladen Süd")
    actor("funder", "funder", "Stiftung Nachbarschaft")
    actor("funder2", "funder", "Förderverein Süd")

    def process(name: str, title: str, started: str, goals: dict) -> None:
        ids[name] = app.start_process(title=title, level="kiez", started_on=D(started),
                                      topics=["charter"], goals=goals).record.id

    process("P", "Kiez-Charta Wrangelkiez", "2021-06-01", {"open_assemblies_per_year": 2})
    process("Q", "Energiewende Reuterkiez", "2022-01-01", {"open_assemblies_per_year": 0})
    process("R", "Schulhof entsiegeln", "2022-03-01", {"open_assemblies_per_year": 1})
    process("S", "Erzählcafé", "2022-02-01", {})
    P = ids["P"]

    # participants of P: anna before the period, ben inside, shop after it
    app.add_participant(P, actor_id=ids["anna"], role="Sprecherin", joined_on=D("2021-06-01"))
    app.add_participant(P, actor_id=ids["ben"], role="Mitglied", joined_on=D("2022-02-01"))
    app.add_participant(P, actor_id=ids["shop"], role="Partner", joined_on=D("2024-07-01"))
    app.add_participant(ids["Q"], actor_id=ids["ini"], role="Trägerin", joined_on=D("2022-01-01"))

    def gathering(name: str, proc: str, fmt: str, held: str, attendance: int | None) -> None:
        ids[name] = app.record_gathering(
            process_id=ids[proc], format=fmt, title=f"{name} {fmt} {held}", held_on=D(held),
            place="Kiezladen", attendance=attendance,
        ).record.id

    # gatherings of P
    gathering("g0", "P", "open_assembly", "2021-11-20", 50)     # before
    gathering("g1", "P", "open_assembly", "2022-01-01", 40)     # first day
    gathering("g2", "P", "future_workshop", "2022-05-10", 25)
    gathering("g3", "P", "open_assembly", "2022-09-15", 60)
    gathering("g4", "P", "summit", "2023-04-01", None)          # 2023: no open assembly
    gathering("g5", "P", "open_assembly", "2024-06-30", 70)     # last day
    gathering("g6", "P", "open_assembly", "2024-07-01", 99)     # after
    gathering("q1", "Q", "action", "2023-03-03", 12)
    gathering("r1", "R", "open_assembly", "2022-04-01", 30)

    # the charter of P and the decisions
    ids["charter"] = app.establish_charter(process_id=P, title="Kiez-Charta",
                                           established_on=D("2021-07-01")).record.id

    def proposal(name: str, title: str, authors: list[str], submitted: str,
                 clause: dict | None = None) -> None:
        ids[name] = app.submit_proposal(
            process_id=P, title=title, text=f"Text: {title}",
            author_ids=[ids[a] for a in authors], submitted_on=D(submitted),
            charter_id=ids["charter"] if clause else None, clause=clause,
        ).record.id

    def vote(name: str, subject: str, gathering_: str, opened: str, method: str = "simple_majority",
             subject_type: str = "proposal") -> None:
        ids[name] = app.open_vote(subject_type=subject_type, subject_id=ids[subject],
                                  gathering_id=ids[gathering_], method=method,
                                  opened_on=D(opened)).record.id

    def ballots(vote_: str, **choices: str) -> None:
        for voter, choice in choices.items():
            app.cast_ballot(ids[vote_], voter_id=ids[voter], choice=choice)

    proposal("pr1", "Grün im Kiez", ["anna"], "2021-12-01",
             {"action": "add", "heading": "Grün im Kiez"})
    ids["clause"] = app.repository.get(ids["pr1"]).clause["new_clause_id"]
    vote("v1", "pr1", "g1", "2022-01-01")
    ballots("v1", anna="yes", ben="yes", cem="no")
    app.close_vote(ids["v1"], closed_on=D("2022-01-01"))             # adopted, first day: add

    proposal("pr2", "Tempo 30", ["ben", "ini"], "2022-05-01")
    ids["am1"] = app.submit_amendment(ids["pr2"], author_ids=[ids["cem"]], text="Tempo 20",
                                      submitted_on=D("2022-05-05")).record.id
    vote("va", "am1", "g2", "2022-05-10", subject_type="amendment")
    app.count_tally(ids["va"], yes=10, no=2, abstain=1)
    app.close_vote(ids["va"], closed_on=D("2022-05-10"))             # amendment adopted
    vote("v2", "pr2", "g3", "2022-09-15")
    app.count_tally(ids["v2"], yes=5, no=9, abstain=0)
    app.close_vote(ids["v2"], closed_on=D("2022-09-15"))             # rejected

    proposal("pr5", "Kiezfest", ["office"], "2023-02-01")
    vote("v5", "pr5", "g4", "2023-04-01")
    app.count_tally(ids["v5"], yes=3, no=3, abstain=0)
    app.close_vote(ids["v5"], closed_on=D("2023-04-01"))             # rejected (a tie)

    proposal("pr3", "Mehr Grün im Kiez", ["anna"], "2024-06-01",
             {"action": "replace", "clause_id": ids["clause"], "heading": "Mehr Grün im Kiez"})
    proposal("pr4", "Grün aufheben", ["ben"], "2024-06-30",
             {"action": "repeal", "clause_id": ids["clause"]})
    vote("v3", "pr3", "g5", "2024-06-30", method="consent")
    ballots("v3", ben="yes", shop="abstain")
    app.close_vote(ids["v3"], closed_on=D("2024-06-30"))             # adopted, last day: replace
    vote("v4", "pr4", "g5", "2024-07-01")
    ballots("v4", dora="yes")                                        # dora: only after
    app.close_vote(ids["v4"], closed_on=D("2024-07-02"))             # adopted, after: repeal

    # commitments of P
    def commitment(name: str, who: str, text: str, made: str, due: str) -> None:
        ids[name] = app.make_commitment(actor_id=ids[who], process_id=P, description=text,
                                        made_on=D(made), due_on=D(due)).record.id

    commitment("c1", "office", "Bänke aufstellen", "2022-01-01", "2022-06-30")
    app.fulfil_commitment(ids["c1"], fulfilled_on=D("2022-08-01"))          # late
    commitment("c2", "ini", "Baumscheiben bepflanzen", "2022-05-10", "2022-12-31")
    app.fulfil_commitment(ids["c2"], fulfilled_on=D("2022-12-31"))          # on the due day
    commitment("c3", "office", "Tempo-30-Schilder", "2023-04-01", "2024-01-31")
    app.fulfil_commitment(ids["c3"], fulfilled_on=D("2024-09-01"))          # after: overdue
    commitment("c4", "shop", "Fahrradständer", "2023-06-01", "2023-12-31")
    app.withdraw_commitment(ids["c4"], withdrawn_on=D("2023-10-01"), reason="Umzug")
    commitment("c5", "anna", "Newsletter", "2024-06-30", "2024-12-31")      # last day, open
    commitment("c6", "ben", "Protokoll verschicken", "2021-10-01", "2021-12-31")  # overdue
    commitment("c7", "cem", "Flyer", "2021-09-01", "2021-10-01")
    app.fulfil_commitment(ids["c7"], fulfilled_on=D("2021-11-01"))          # all before
    commitment("c8", "office", "Antwort auf Anfrage", "2024-06-01", "2024-06-30")  # due last day

    # cooperations of P
    def cooperation(name: str, a: str, b: str, started: str, proc: str | None = "P") -> None:
        ids[name] = app.start_cooperation(
            actor_ids=[ids[a], ids[b]], kind="partnership", started_on=D(started),
            process_id=ids[proc] if proc else None,
        ).record.id

    cooperation("k0", "anna", "ini", "2021-08-01")                          # before
    cooperation("k1", "ini", "shop", "2022-01-01")                          # first day
    cooperation("k2", "office", "ini", "2024-06-30")                        # last day
    cooperation("k3", "shop", "anna", "2024-07-01")                         # after
    cooperation("k4", "ben", "cem", "2023-01-01", proc=None)                # no process
    app.end_cooperation(ids["k1"], ended_on=D("2023-01-01"))

    app.conclude_process(ids["R"], concluded_on=D("2023-05-01"), summary="Schulhof ist grün")

    # fundings
    def funding(name: str, funder: str, proc: str, logic: str, start: str, end: str,
                amount: str, granted: str) -> None:
        ids[name] = app.grant_funding(
            funder_id=ids[funder], recipient_id=ids["ini"], process_id=ids[proc], logic=logic,
            period_start=D(start), period_end=D(end), amount=Decimal(amount), currency="EUR",
            granted_on=D(granted),
        ).record.id

    funding("F1", "funder", "P", "process", "2022-01-01", "2025-12-31", "90000.00", "2021-12-15")
    for amount, paid in (("30000.00", "2021-12-20"), ("22500.50", "2022-01-01"),
                         ("15000.25", "2024-06-30"), ("10000.00", "2024-07-01")):
        app.disburse(ids["F1"], amount=Decimal(amount), paid_on=D(paid))
    funding("F2", "funder", "Q", "project", "2023-01-01", "2023-12-31", "5000.00", "2022-12-01")
    app.disburse(ids["F2"], amount=Decimal("5000.00"), paid_on=D("2023-02-01"))
    funding("F3", "funder", "P", "project", "2019-01-01", "2020-12-31", "1000.00", "2018-12-01")
    funding("F4", "funder2", "P", "process", "2022-01-01", "2024-12-31", "1234.56", "2021-12-01")
    return w


# -- what the figures must be, counted by hand --------------------------------------------------

P_FIGURES = {
    "continuity": [
        {"year": 2022, "open_assemblies": 2, "goal": 2, "met": True},    # g1 (first day), g3
        {"year": 2023, "open_assemblies": 0, "goal": 2, "met": False},   # only a summit
        {"year": 2024, "open_assemblies": 1, "goal": 2, "met": False},   # g5 (last day)
    ],
    "gatherings": 5,                 # g1 g2 g3 g4 g5
    "attendance": 195,               # 40 + 25 + 60 + (none) + 70
    "decisions": {"adopted": 3, "rejected": 2},   # v1 va v3 / v2 v5 (v4 closed after)
    "commitments": {"made": 6,       # c1 c2 c3 c4 c5 c8
                    "fulfilled": 2,  # c1 c2 (c3 after the period)
                    "fulfilled_late": 1,   # c1
                    "overdue": 2,    # c3 (fulfilled only after), c6 (since 2021)
                    "withdrawn": 1,  # c4
                    "carried_over": 1,  # c6 (c7 was fulfilled before the period)
                    "open": 2},      # c5, c8 (due on the last day: not yet overdue)
    # made + carried_over = fulfilled + withdrawn + overdue + open: 6 + 1 = 2 + 1 + 2 + 2
    "cooperations_started": 2,       # k1 (first day), k2 (last day)
    "charter_changes": 2,            # add (first day), replace (last day); repeal after
    "participants": 6,               # anna ben cem ini office shop; not dora
}

Q_FIGURES = {
    "continuity": [
        {"year": 2022, "open_assemblies": 0, "goal": 0, "met": True},
        {"year": 2023, "open_assemblies": 0, "goal": 0, "met": True},
        {"year": 2024, "open_assemblies": 0, "goal": 0, "met": True},
    ],
    "gatherings": 1,
    "attendance": 12,
    "decisions": {"adopted": 0, "rejected": 0},
    "commitments": {"made": 0, "fulfilled": 0, "fulfilled_late": 0, "overdue": 0, "withdrawn": 0,
                    "carried_over": 0, "open": 0},
    "cooperations_started": 0,
    "charter_changes": 0,
    "participants": 1,               # ini joined on 2022-01-01
}
