"""A realistic ledger history built directly from the domain aggregates, for the benchmarks.

`History` holds what bench/projections.py and bench/reports.py share: decisions (a proposal,
maybe amended, voted on with a ballot per member; adopted ones change the charter),
commitments with a progress report, a process funding, and the second round of later events
(commitments fulfilled or withdrawn, cooperations ended, yearly disbursements) on records
from much earlier in the log. Each benchmark subclasses it with its own `process(...)`; the
parameters keep each benchmark's ledger (and its random draws for a given seed) as it was.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ledger.domain.actors import Cooperation
from ledger.domain.charters import Charter
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import Funding
from ledger.domain.processes import Gathering, Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import Ballot, Vote


class History:
    """Generates records; remembers what gets a second round of events years later.

    `first_disbursement` is paid 30 days after a funding is granted, `disbursement` in each
    of the three following years; a fulfilled commitment is fulfilled `fulfil_days` (a
    range) after it was due; with `withdraw_chance`, a proposal whose amendment vote left it
    open is withdrawn with that chance (None: never, and no random draw for it).
    `clause_id_first` draws the clause to change before the action on it (else after).
    """

    def __init__(self, seed: int, *, first_disbursement: Decimal, disbursement: Decimal,
                 fulfil_days: tuple[int, int], withdraw_chance: float | None = None,
                 clause_id_first: bool = False) -> None:
        self.rng = random.Random(seed)
        self.later: list[Any] = []  # records that get a second round of events
        self.first_disbursement = first_disbursement
        self.disbursement = disbursement
        self.fulfil_days = fulfil_days
        self.withdraw_chance = withdraw_chance
        self.clause_id_first = clause_id_first

    def commitment(self, process: Process, gathering: Gathering, members: list[uuid.UUID],
                   day: date, progress: str) -> Commitment:
        """A commitment made at a gathering, with one progress report; gets a second round."""
        rng = self.rng
        commitment = Commitment(
            actor_id=rng.choice(members), process_id=process.id,
            description="Baumscheiben bepflanzen und pflegen", made_on=day,
            due_on=day + timedelta(days=rng.randrange(30, 240)), proposal_id=None,
            gathering_id=gathering.id)
        commitment.report_progress(day + timedelta(days=10), progress)
        self.later.append(commitment)
        return commitment

    def funding(self, funder_id: uuid.UUID, recipient_id: uuid.UUID, process: Process,
                start: date) -> Funding:
        """Four years of process funding, first paid out after 30 days; gets a second round."""
        funding = Funding(funder_id=funder_id, recipient_id=recipient_id, process_id=process.id,
                          logic="process", period_start=start,
                          period_end=start + timedelta(days=4 * 365),
                          amount=Decimal("90000.00"), currency="EUR", granted_on=start)
        funding.disburse(self.first_disbursement, start + timedelta(days=30))
        self.later.append(funding)
        return funding

    def clause(self, charter: Charter) -> dict[str, Any] | None:
        """The charter change a proposal asks for, if any."""
        rng = self.rng
        if rng.random() >= 0.6:
            return None
        if charter.clauses and rng.random() < 0.5:
            if self.clause_id_first:
                clause_id = uuid.UUID(rng.choice(list(charter.clauses)))
                action = rng.choice(("replace", "replace", "repeal"))
            else:
                action = rng.choice(("replace", "replace", "repeal"))
                clause_id = uuid.UUID(rng.choice(list(charter.clauses)))
            return {"action": action, "clause_id": clause_id, "heading": None,
                    "new_clause_id": None}
        return {"action": "add", "clause_id": None, "heading": "Grünflächen",
                "new_clause_id": uuid.uuid4()}

    def decision(self, process: Process, charter: Charter, gathering: Gathering,
                 members: list[uuid.UUID]) -> list[Any]:
        """A proposal, maybe amended, voted on with ballots; adopted ones change the charter."""
        rng = self.rng
        on = gathering.held_on
        clause = self.clause(charter)
        proposal = Proposal(
            process_id=process.id, title="Mehr Grün im Kiez", text="Wir entsiegeln Flächen.",
            author_ids=rng.sample(members, 2), submitted_on=on - timedelta(days=14),
            charter_id=charter.id if clause else None, clause=clause)
        made: list[Any] = [proposal]
        if rng.random() < 0.4:
            amendment = Amendment(proposal_id=proposal.id, process_id=process.id,
                                  author_ids=[rng.choice(members)], text="Wir entsiegeln mehr.",
                                  rationale=None, submitted_on=on - timedelta(days=7))
            proposal.file_amendment(amendment.id, amendment.submitted_on)
            made += [amendment, *self.vote(amendment, proposal, gathering, members)]
            if (self.withdraw_chance is not None and rng.random() < self.withdraw_chance
                    and proposal.status == "submitted"):
                proposal.withdraw(on)
                return made
        if proposal.status != "submitted":
            return made
        made += self.vote(proposal, proposal, gathering, members)
        if proposal.status == "adopted" and proposal.charter_id:
            if clause["action"] != "add" and not charter.has_clause(clause["clause_id"]):
                return made  # repealed by an earlier decision of the same gathering
            charter.apply_decision(proposal.clause, proposal.text, {
                "proposal_id": proposal.id, "amendment_ids": list(proposal.adopted_amendment_ids),
                "vote_id": proposal.decided_by, "gathering_id": gathering.id,
                "decided_on": proposal.decided_on})
        return made

    def vote(self, subject: Any, proposal: Proposal, gathering: Gathering,
             members: list[uuid.UUID]) -> list[Any]:
        """A simple-majority vote at the gathering, one ballot (record) per member; decides
        `subject`. The ballots, then the vote."""
        vote = Vote(subject_type=type(subject).__name__.lower(), subject_id=subject.id,
                    proposal_id=proposal.id, process_id=proposal.process_id,
                    gathering_id=gathering.id, method="simple_majority",
                    opened_on=gathering.held_on)
        ballots = [Ballot.cast(vote, voter, self.rng.choice(("yes", "yes", "no", "abstain")))
                   for voter in members]
        counted = {b.voter_id.hex: b.choice for b in ballots}
        adopted = vote.close(gathering.held_on, counted)["outcome"] == "adopted"
        subject.decide(adopted, vote.id, gathering.held_on)
        if adopted and isinstance(subject, Amendment):
            proposal.amend(subject.id, subject.text, gathering.held_on)
        return [*ballots, vote]

    def second_round(self) -> list[Any]:
        """Years later: settle commitments, end cooperations, pay out funding."""
        rng = self.rng
        low, high = self.fulfil_days
        for record in self.later:
            if isinstance(record, Commitment):
                if rng.random() < 0.7:
                    record.fulfil(record.due_on + timedelta(days=rng.randrange(low, high)), None)
                elif rng.random() < 0.5:
                    record.withdraw(record.made_on + timedelta(days=20), "Keine Zeit mehr")
            elif isinstance(record, Cooperation):
                if rng.random() < 0.5:
                    record.end(record.started_on + timedelta(days=rng.randrange(100, 900)))
            else:
                for year in range(1, 4):
                    record.disburse(self.disbursement,
                                    record.granted_on + timedelta(days=365 * year))
        return self.later
