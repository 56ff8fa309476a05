"""Report facts: one narrow table per kind of countable fact, keyed by process and domain date,
so that every figure of the funding and accountability reports is one indexed aggregate.

Tables (dates are ISO `YYYY-MM-DD` strings, money is integer cents, never floats):

| table                 | one row per                | key columns for the reports                 |
|-----------------------|----------------------------|---------------------------------------------|
| facts_actors          | actor                      | name (funder and committer names)           |
| facts_processes       | process                    | title, goal_open_assemblies, dates          |
| facts_gatherings      | gathering                  | (process_id, held_on) format, attendance    |
| facts_proposals       | proposal                   | title (provenance of charter changes)       |
| facts_votes           | vote, opened then closed   | (process_id, closed_on) outcome, counts     |
| facts_commitments     | commitment                 | made_on, due_on, fulfilled_on, withdrawn_on |
| facts_cooperations    | cooperation with a process | (process_id, started_on)                    |
| facts_charters        | charter                    | process_id                                  |
| facts_charter_changes | clause add/replace/repeal  | (process_id, decided_on) provenance         |
| facts_fundings        | funding                    | funder_id, process_id, amount_cents         |
| facts_disbursements   | disbursement               | (funding_id, paid_on) amount_cents          |
| facts_participation   | (process, day, actor)      | COUNT(DISTINCT actor_id) by range           |

Participation counts joined participants (`joined_on`), proposal and amendment authors
(`submitted_on`), ballot voters (`occurred_on`) and commitment makers (`made_on`).

Writes are buffered per batch and written with `executemany` in `end_batch`. Facts that need
another record's process (a ballot's vote, a clause change's charter) are written with
`INSERT ... SELECT` from the table that knows it, so no event costs a round trip to Python.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.dispatch import singledispatchmethod

from ledger.domain.actors import Actor, Cooperation
from ledger.domain.charters import Charter
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import Funding
from ledger.domain.processes import Gathering, Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import Ballot, Vote
from projections.dispatch import EventProjection
from projections.support import ListedTables, sid
from store.sql import Cursor

# What an erased person's name reads as (ledger.personal.ERASED).
ERASED = "[erased]"

TABLES = (
    "facts_actors", "facts_processes", "facts_gatherings", "facts_proposals", "facts_votes",
    "facts_commitments", "facts_cooperations", "facts_charters", "facts_charter_changes",
    "facts_fundings", "facts_disbursements", "facts_participation",
)

DDL = (
    "CREATE TABLE IF NOT EXISTS facts_actors ("
    "actor_id TEXT PRIMARY KEY, kind TEXT, name TEXT, erased INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS facts_processes ("
    "process_id TEXT PRIMARY KEY, title TEXT NOT NULL, goal_open_assemblies INTEGER, "
    "started_on TEXT NOT NULL, concluded_on TEXT)",
    "CREATE TABLE IF NOT EXISTS facts_gatherings ("
    "gathering_id TEXT PRIMARY KEY, process_id TEXT NOT NULL, format TEXT NOT NULL, "
    "title TEXT, held_on TEXT NOT NULL, attendance INTEGER)",
    "CREATE INDEX IF NOT EXISTS facts_gatherings_by_process "
    "ON facts_gatherings (process_id, held_on, format, attendance)",
    "CREATE TABLE IF NOT EXISTS facts_proposals ("
    "proposal_id TEXT PRIMARY KEY, process_id TEXT NOT NULL, title TEXT)",
    "CREATE TABLE IF NOT EXISTS facts_votes ("
    "vote_id TEXT PRIMARY KEY, process_id TEXT NOT NULL, subject_type TEXT NOT NULL, "
    "subject_id TEXT NOT NULL, gathering_id TEXT, opened_on TEXT NOT NULL, closed_on TEXT, "
    "outcome TEXT, yes INTEGER, against INTEGER, abstain INTEGER, objections INTEGER)",
    "CREATE INDEX IF NOT EXISTS facts_votes_by_process "
    "ON facts_votes (process_id, closed_on, outcome)",
    "CREATE TABLE IF NOT EXISTS facts_commitments ("
    "commitment_id TEXT PRIMARY KEY, process_id TEXT NOT NULL, actor_id TEXT NOT NULL, "
    "description TEXT, made_on TEXT NOT NULL, due_on TEXT NOT NULL, fulfilled_on TEXT, "
    "withdrawn_on TEXT)",
    "CREATE INDEX IF NOT EXISTS facts_commitments_by_process "
    "ON facts_commitments (process_id, made_on)",
    "CREATE TABLE IF NOT EXISTS facts_cooperations ("
    "cooperation_id TEXT PRIMARY KEY, process_id TEXT NOT NULL, kind TEXT, "
    "started_on TEXT NOT NULL, ended_on TEXT)",
    "CREATE INDEX IF NOT EXISTS facts_cooperations_by_process "
    "ON facts_cooperations (process_id, started_on)",
    "CREATE TABLE IF NOT EXISTS facts_charters ("
    "charter_id TEXT PRIMARY KEY, process_id TEXT NOT NULL, title TEXT)",
    "CREATE TABLE IF NOT EXISTS facts_charter_changes ("
    "position BIGINT PRIMARY KEY, charter_id TEXT NOT NULL, process_id TEXT NOT NULL, "
    "clause_id TEXT NOT NULL, change TEXT NOT NULL, heading TEXT, decided_on TEXT NOT NULL, "
    "proposal_id TEXT, amendment_ids TEXT, vote_id TEXT, gathering_id TEXT)",
    "CREATE INDEX IF NOT EXISTS facts_charter_changes_by_process "
    "ON facts_charter_changes (process_id, decided_on)",
    "CREATE TABLE IF NOT EXISTS facts_fundings ("
    "funding_id TEXT PRIMARY KEY, funder_id TEXT NOT NULL, recipient_id TEXT NOT NULL, "
    "process_id TEXT NOT NULL, logic TEXT NOT NULL, period_start TEXT NOT NULL, "
    "period_end TEXT NOT NULL, amount_cents BIGINT NOT NULL, currency TEXT NOT NULL, "
    "granted_on TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS facts_fundings_by_funder ON facts_fundings (funder_id)",
    "CREATE INDEX IF NOT EXISTS facts_fundings_by_process ON facts_fundings (process_id)",
    "CREATE TABLE IF NOT EXISTS facts_disbursements ("
    "position BIGINT PRIMARY KEY, funding_id TEXT NOT NULL, paid_on TEXT NOT NULL, "
    "amount_cents BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS facts_disbursements_by_funding "
    "ON facts_disbursements (funding_id, paid_on, amount_cents)",
    "CREATE TABLE IF NOT EXISTS facts_participation ("
    "process_id TEXT NOT NULL, on_date TEXT NOT NULL, actor_id TEXT NOT NULL, "
    "PRIMARY KEY (process_id, on_date, actor_id))",
)

_PARTICIPATE = (
    "INSERT INTO facts_participation (process_id, on_date, actor_id) VALUES (%s, %s, %s) "
    "ON CONFLICT (process_id, on_date, actor_id) DO NOTHING"
)
# A ballot of release 0.1.0 names its vote, not its process: take the process from the
# vote's row.
# (SQLite needs the WHERE clause before ON CONFLICT in INSERT ... SELECT; it is there.)
_PARTICIPATE_BY_VOTE = (
    "INSERT INTO facts_participation (process_id, on_date, actor_id) "
    "SELECT process_id, %s, %s FROM facts_votes WHERE vote_id = %s "
    "ON CONFLICT (process_id, on_date, actor_id) DO NOTHING"
)


def cents(amount: Decimal | str | int) -> int:
    """Exact integer cents of a money amount (the domain allows at most two places)."""
    value = Decimal(str(amount)) * 100
    if value != value.to_integral_value():
        raise ValueError(f"{amount} has more than two decimal places")
    return int(value)


def money(amount_cents: int | None) -> str:
    """Integer cents as a decimal string: 9000000 -> "90000.00"."""
    n = int(amount_cents or 0)
    sign = "-" if n < 0 else ""
    n = abs(n)
    return f"{sign}{n // 100}.{n % 100:02d}"


_id = sid  # an id as stored (cached text of the UUID), None stays None


def _day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class FactsProjection(ListedTables, EventProjection):
    name = "facts"
    version = 2  # 2: a closed vote's counts (the reports name a charter change's vote by them)
    buffered = True  # apply() only fills self.rows
    cost = 11.0  # us CPU per event over reading the log (bench/projections.py)
    ddl = DDL
    tables = TABLES

    def __init__(self) -> None:
        self.begin_batch(None)  # type: ignore[arg-type]

    # -- batches -----------------------------------------------------------------------------

    def begin_batch(self, cur: Cursor) -> None:
        # Each list is one statement in end_batch, written in the order of _WRITES.
        self.rows: dict[str, list[tuple]] = {key: [] for key, _ in _WRITES}

    def end_batch(self, cur: Cursor) -> None:
        for key, sql in _WRITES:
            rows = self.rows[key]
            if rows:
                cur.executemany(sql, rows)

    # -- handlers, by event class: each appends rows to one of the buffers -----------------

    # The event classes in the handlers' annotations are made at run time by eventsourcing's
    # @event decorator (ledger/domain), which mypy cannot see: hence `ignore[name-defined]`.
    @singledispatchmethod
    def project(self, event: Any, position: int) -> None:
        """Other events: no report counts them."""

    def _add(self, key: str, row: tuple) -> None:
        self.rows[key].append(row)

    @project.register
    def _actor(self, e: Actor.Registered, position: int) -> None:  # type: ignore[name-defined]
        self._add("actor", (_id(e.originator_id), e.kind, e.name))

    @project.register
    def _erased(self, e: Actor.Erased, position: int) -> None:  # type: ignore[name-defined]
        """An erasure hides a person's name (as `Actor.Erased` does on the aggregate);
        an organisation keeps its name."""
        self._add("actor_erased", (_id(e.originator_id),))

    @project.register
    def _process(self, e: Process.Started, position: int) -> None:  # type: ignore[name-defined]
        goal = (e.goals or {}).get("open_assemblies_per_year")
        self._add("process", (
            _id(e.originator_id), e.title, None if goal is None else int(goal),
            _day(e.started_on),
        ))

    @project.register
    def _joined(self, e: Process.ParticipantJoined, position: int) -> None:  # type: ignore[name-defined]
        self._add("participation", (_id(e.originator_id), _day(e.joined_on), _id(e.actor_id)))

    @project.register
    def _concluded(self, e: Process.Concluded, position: int) -> None:  # type: ignore[name-defined]
        self._add("process_concluded", (_day(e.concluded_on), _id(e.originator_id)))

    @project.register
    def _gathering(self, e: Gathering.Held, position: int) -> None:  # type: ignore[name-defined]
        self._add("gathering", (
            _id(e.originator_id), _id(e.process_id), e.format, e.title, _day(e.held_on),
            e.attendance,
        ))

    def _authors(self, e: Any) -> None:
        process, on = _id(e.process_id), _day(e.submitted_on)
        for author in e.author_ids:
            self._add("participation", (process, on, _id(author)))

    @project.register
    def _proposal(self, e: Proposal.Submitted, position: int) -> None:  # type: ignore[name-defined]
        self._add("proposal", (_id(e.originator_id), _id(e.process_id), e.title))
        self._authors(e)

    @project.register
    def _amendment(self, e: Amendment.Submitted, position: int) -> None:  # type: ignore[name-defined]
        self._authors(e)

    @project.register
    def _vote_opened(self, e: Vote.Opened, position: int) -> None:  # type: ignore[name-defined]
        self._add("vote", (
            _id(e.originator_id), _id(e.process_id), e.subject_type, _id(e.subject_id),
            _id(e.gathering_id), _day(e.opened_on),
        ))

    @project.register
    def _ballot(self, e: Vote.BallotCast, position: int) -> None:
        # Release 0.1.0's ballots, events of their vote.
        self._add("ballot", (_day(e.occurred_on), _id(e.voter_id), _id(e.originator_id)))

    @project.register
    def _ballot_record(self, e: Ballot.Cast, position: int) -> None:  # type: ignore[name-defined]
        self._add("participation", (_id(e.process_id), _day(e.occurred_on), _id(e.voter_id)))

    @project.register
    def _vote_closed(self, e: Vote.Closed, position: int) -> None:  # type: ignore[name-defined]
        result = e.result or {}
        self._add("vote_closed", (
            _day(e.closed_on), result.get("outcome"), result.get("yes"), result.get("no"),
            result.get("abstain"), result.get("objections"), _id(e.originator_id),
        ))

    @project.register
    def _commitment(self, e: Commitment.Made, position: int) -> None:  # type: ignore[name-defined]
        process, made_on, actor = _id(e.process_id), _day(e.made_on), _id(e.actor_id)
        self._add("commitment", (
            _id(e.originator_id), process, actor, e.description, made_on, _day(e.due_on),
        ))
        self._add("participation", (process, made_on, actor))

    @project.register
    def _fulfilled(self, e: Commitment.Fulfilled, position: int) -> None:  # type: ignore[name-defined]
        self._add("fulfilled", (_day(e.fulfilled_on), _id(e.originator_id)))

    @project.register
    def _withdrawn(self, e: Commitment.Withdrawn, position: int) -> None:  # type: ignore[name-defined]
        self._add("withdrawn", (_day(e.withdrawn_on), _id(e.originator_id)))

    @project.register
    def _cooperation(self, e: Cooperation.Started, position: int) -> None:  # type: ignore[name-defined]
        if e.process_id is None:  # not part of any process: no process report counts it
            return
        self._add("cooperation", (
            _id(e.originator_id), _id(e.process_id), e.kind, _day(e.started_on),
        ))

    @project.register
    def _cooperation_ended(self, e: Cooperation.Ended, position: int) -> None:  # type: ignore[name-defined]
        self._add("cooperation_ended", (_day(e.ended_on), _id(e.originator_id)))

    @project.register
    def _charter(self, e: Charter.Established, position: int) -> None:  # type: ignore[name-defined]
        self._add("charter", (_id(e.originator_id), _id(e.process_id), e.title))

    def _change(self, e: Any, position: int, change: str, heading: str | None) -> None:
        decision = e.decision or {}
        self._add("charter_change", (
            position, _id(e.originator_id), _id(e.clause_id), change, heading,
            _day(decision.get("decided_on")), _id(decision.get("proposal_id")),
            json.dumps([str(a) for a in decision.get("amendment_ids") or []]),
            _id(decision.get("vote_id")), _id(decision.get("gathering_id")),
            _id(e.originator_id),
        ))

    @project.register
    def _clause_added(self, e: Charter.ClauseAdded, position: int) -> None:
        self._change(e, position, "add", e.heading)

    @project.register
    def _clause_replaced(self, e: Charter.ClauseReplaced, position: int) -> None:
        self._change(e, position, "replace", e.heading)

    @project.register
    def _clause_repealed(self, e: Charter.ClauseRepealed, position: int) -> None:
        self._change(e, position, "repeal", None)

    @project.register
    def _funding(self, e: Funding.Granted, position: int) -> None:  # type: ignore[name-defined]
        self._add("funding", (
            _id(e.originator_id), _id(e.funder_id), _id(e.recipient_id), _id(e.process_id),
            e.logic, _day(e.period_start), _day(e.period_end), cents(e.amount), e.currency,
            _day(e.granted_on),
        ))

    @project.register
    def _disbursed(self, e: Funding.Disbursed, position: int) -> None:  # type: ignore[name-defined]
        self._add("disbursement", (
            position, _id(e.originator_id), _day(e.paid_on), cents(e.amount),
        ))


# The buffers and their statements, in the order they are written at the end of a batch:
# rows before the updates and lookups that may refer to them in the same batch.
_WRITES: tuple[tuple[str, str], ...] = (
    ("actor", "INSERT INTO facts_actors (actor_id, kind, name) VALUES (%s, %s, %s)"),
    ("actor_erased", "UPDATE facts_actors SET erased = 1, name = CASE WHEN kind = 'person' "
                     f"THEN '{ERASED}' ELSE name END WHERE actor_id = %s"),
    ("process", "INSERT INTO facts_processes (process_id, title, goal_open_assemblies, "
                "started_on) VALUES (%s, %s, %s, %s)"),
    ("process_concluded", "UPDATE facts_processes SET concluded_on = %s WHERE process_id = %s"),
    ("gathering", "INSERT INTO facts_gatherings (gathering_id, process_id, format, title, "
                  "held_on, attendance) VALUES (%s, %s, %s, %s, %s, %s)"),
    ("proposal", "INSERT INTO facts_proposals (proposal_id, process_id, title) "
                 "VALUES (%s, %s, %s)"),
    ("vote", "INSERT INTO facts_votes (vote_id, process_id, subject_type, subject_id, "
             "gathering_id, opened_on) VALUES (%s, %s, %s, %s, %s, %s)"),
    ("vote_closed", "UPDATE facts_votes SET closed_on = %s, outcome = %s, yes = %s, "
                    "against = %s, abstain = %s, objections = %s WHERE vote_id = %s"),
    ("commitment", "INSERT INTO facts_commitments (commitment_id, process_id, actor_id, "
                   "description, made_on, due_on) VALUES (%s, %s, %s, %s, %s, %s)"),
    ("fulfilled", "UPDATE facts_commitments SET fulfilled_on = %s WHERE commitment_id = %s"),
    ("withdrawn", "UPDATE facts_commitments SET withdrawn_on = %s WHERE commitment_id = %s"),
    ("cooperation", "INSERT INTO facts_cooperations (cooperation_id, process_id, kind, "
                    "started_on) VALUES (%s, %s, %s, %s)"),
    ("cooperation_ended", "UPDATE facts_cooperations SET ended_on = %s "
                          "WHERE cooperation_id = %s"),
    ("charter", "INSERT INTO facts_charters (charter_id, process_id, title) "
                "VALUES (%s, %s, %s)"),
    ("charter_change", "INSERT INTO facts_charter_changes (position, charter_id, process_id, "
                       "clause_id, change, heading, decided_on, proposal_id, amendment_ids, "
                       "vote_id, gathering_id) "
                       "SELECT %s, %s, process_id, %s, %s, %s, %s, %s, %s, %s, %s "
                       "FROM facts_charters WHERE charter_id = %s"),
    ("funding", "INSERT INTO facts_fundings (funding_id, funder_id, recipient_id, process_id, "
                "logic, period_start, period_end, amount_cents, currency, granted_on) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"),
    ("disbursement", "INSERT INTO facts_disbursements (position, funding_id, paid_on, "
                     "amount_cents) VALUES (%s, %s, %s, %s)"),
    ("participation", _PARTICIPATE),
    ("ballot", _PARTICIPATE_BY_VOTE),
)
