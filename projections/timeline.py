"""The timeline of a participation process: everything that belongs to it, by domain date.

One row per event that shows on a timeline (`timeline_entries`), with its process, domain
date, kind, the words of the record it names (`data`, JSON: titles, amounts, codes; no
sentence, so that the read side says it in German or English, see queries.timeline_text)
and the record it refers to. Many events do not name their process
(`Proposal.Adopted`, `Commitment.Fulfilled`, `Cooperation.Ended`, ...): `timeline_subjects`
keeps, per record, its process and what an entry says of it (a proposal's title, a
commitment's description, a cooperation's two actors). A batch reads the subjects it needs
from earlier batches in one query, not one per event.

Entries name actors by id (`actor_ids`, in the order of `ROLES[kind]`), resolved to names at
read time from `timeline_actors`, so a name erased later (`Actor.Erased`, see
`support.ActorNames`) disappears from every entry at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from eventsourcing.dispatch import singledispatchmethod

from ledger.domain.actors import Actor, Cooperation
from ledger.domain.charters import Charter
from ledger.domain.commitments import Commitment
from ledger.domain.fundings import Funding
from ledger.domain.indicators import Indicator
from ledger.domain.processes import Gathering, Process
from ledger.domain.proposals import Amendment, Proposal
from ledger.domain.votes import Vote
from projections.dispatch import EventProjection
from projections.support import (
    ActorNames,
    actor_table_ddl,
    day,
    ids_text,
    insert_rows,
    select_in,
    shorten,
    sid,
)
from store.sql import Cursor

UNKNOWN = "(unknown)"

# The actors an entry names, in the order of its `actor_ids`: one role per id, or a role
# ending in "s" that takes all of them (a proposal's authors, a cooperation's two sides).
ROLES: dict[str, tuple[str, ...]] = {
    "participant_joined": ("participant",),
    "proposal_submitted": ("authors",), "amendment_submitted": ("authors",),
    "commitment_made": ("actor",), "commitment_progress": ("actor",),
    "commitment_fulfilled": ("actor",), "commitment_withdrawn": ("actor",),
    "cooperation_started": ("actors",), "cooperation_ended": ("actors",),
    "funding_granted": ("funder", "recipient"), "funding_disbursed": ("funder", "recipient"),
}
_F = TypeVar("_F", bound=Callable[..., None])


class Subject(NamedTuple):
    kind: str
    process_id: str | None
    label: str
    actor_ids: str = ""
    extra: str | None = None


def _looks_up(*refs: str) -> Callable[[_F], _F]:
    """The event attributes naming the earlier records a handler reads: a batch reads them
    all in one query before its handlers run."""

    def mark(handler: _F) -> _F:
        handler.looks_up = refs  # type: ignore[attr-defined]
        return handler

    return mark


def _amount(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(Decimal("0.01")))


class TimelineProjection(EventProjection):
    name = "timeline"
    version = 3  # 3: plan decisions, indicators and measurements
    deferred_indexes = ("timeline_entries_by_process",)
    cost = 8.0  # us CPU per event over reading the log (bench/projections.py)
    buffered = True  # apply() only queues; end_batch() reads, runs the handlers and writes

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS timeline_entries ("
            "position BIGINT PRIMARY KEY, process_id TEXT NOT NULL, occurred_on TEXT NOT NULL, "
            "kind TEXT NOT NULL, data TEXT NOT NULL, actor_ids TEXT NOT NULL, "
            "ref_type TEXT NOT NULL, ref_id TEXT NOT NULL)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS timeline_entries_by_process "
            "ON timeline_entries (process_id, occurred_on, position)"
        )
        cur.execute(
            "CREATE TABLE IF NOT EXISTS timeline_subjects ("
            "id TEXT PRIMARY KEY, kind TEXT NOT NULL, process_id TEXT, label TEXT NOT NULL, "
            "actor_ids TEXT NOT NULL, extra TEXT)"
        )
        cur.execute(actor_table_ddl("timeline_actors"))

    def drop_tables(self, cur: Cursor) -> None:
        for table in ("timeline_entries", "timeline_subjects", "timeline_actors"):
            cur.execute(f"DROP TABLE IF EXISTS {table}")

    def clear(self, cur: Cursor) -> None:
        for table in ("timeline_entries", "timeline_subjects", "timeline_actors"):
            cur.execute(f"DELETE FROM {table}")

    # -- batches ---------------------------------------------------------------------------

    def begin_batch(self, cur: Cursor) -> None:
        self.pending: list[tuple[Any, Any, int]] = []  # (handler, event, position)
        self.wanted: set[str] = set()
        self.subjects: dict[str, Subject] = {}  # known in this batch (read or made)
        self.created: dict[str, Subject] = {}  # to insert
        self.renamed: dict[str, Subject] = {}  # earlier clauses, heading replaced: to update
        self.actors = ActorNames()
        self.entries: list[tuple] = []

    def apply(self, cur: Cursor, event: Any, position: int) -> None:
        handler = self.handler(type(event))
        if handler is None:
            return
        self.pending.append((handler, event, position))
        for ref in getattr(handler, "looks_up", ()):
            self.wanted.add(sid(getattr(event, ref)))

    def end_batch(self, cur: Cursor) -> None:
        # Records made earlier in this batch are found as the events are handled in order;
        # reading them too is harmless (they are not in the table yet).
        if self.wanted:
            for id_, kind, process_id, label, actor_ids, extra in select_in(
                cur, "SELECT id, kind, process_id, label, actor_ids, extra "
                "FROM timeline_subjects WHERE id IN ({})", self.wanted,
            ):
                self.subjects[id_] = Subject(kind, process_id, label, actor_ids, extra)
        for handler, event, position in self.pending:
            handler(self, event, position)
        insert_rows(cur, "timeline_entries",
                    "position, process_id, occurred_on, kind, data, actor_ids, ref_type, ref_id",
                    self.entries)
        insert_rows(cur, "timeline_subjects", "id, kind, process_id, label, actor_ids, extra",
                    [(id_, *s) for id_, s in self.created.items()])
        if self.renamed:
            cur.executemany("UPDATE timeline_subjects SET label = %s WHERE id = %s",
                            [(s.label, id_) for id_, s in self.renamed.items()])
        self.actors.write(cur, "timeline_actors")

    # -- helpers ---------------------------------------------------------------------------

    def remember(self, id_: Any, subject: Subject) -> None:
        """A record made by this event: known from now on."""
        key = sid(id_)
        self.subjects[key] = self.created[key] = subject

    def entry(
        self, position: int, process_id: str | None, on: date, kind: str, data: dict,
        ref_type: str, ref_id: Any, actor_ids: str = "",
    ) -> None:
        if process_id is None:
            return
        words = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        self.entries.append(
            (position, process_id, day(on), kind, words, actor_ids, ref_type, sid(ref_id))
        )

    def subject(self, id_: Any) -> Subject | None:
        return self.subjects.get(sid(id_))

    # -- handlers, by event class ---------------------------------------------------------

    # The event classes in the handlers' annotations are made at run time by eventsourcing's
    # @event decorator (ledger/domain), which mypy cannot see: hence `ignore[name-defined]`.
    @singledispatchmethod
    def project(self, event: Any, position: int) -> None:
        """Other events: not on a timeline."""

    @project.register
    def actor_registered(self, e: Actor.Registered, position: int) -> None:  # type: ignore[name-defined]
        self.actors.registered(e)

    @project.register
    def actor_erased(self, e: Actor.Erased, position: int) -> None:  # type: ignore[name-defined]
        self.actors.erased(e)

    # -- processes and gatherings ----------------------------------------------------------

    @project.register
    def process_started(self, e: Process.Started, position: int) -> None:  # type: ignore[name-defined]
        pid = sid(e.originator_id)
        self.remember(pid, Subject("process", pid, shorten(e.title)))
        self.entry(position, pid, e.started_on, "process_started",
                   {"title": shorten(e.title)}, "process", pid)

    @project.register
    def phase_started(self, e: Process.PhaseStarted, position: int) -> None:  # type: ignore[name-defined]
        pid = sid(e.originator_id)
        self.entry(position, pid, e.started_on, "phase_started",
                   {"phase": shorten(e.name)}, "process", pid)

    @project.register
    def participant_joined(self, e: Process.ParticipantJoined, position: int) -> None:  # type: ignore[name-defined]
        self.entry(position, sid(e.originator_id), e.joined_on, "participant_joined",
                   {"role": shorten(e.role, 40)}, "actor", e.actor_id, ids_text([e.actor_id]))

    @project.register
    def process_concluded(self, e: Process.Concluded, position: int) -> None:  # type: ignore[name-defined]
        pid = sid(e.originator_id)
        self.entry(position, pid, e.concluded_on, "process_concluded",
                   {"summary": shorten(e.summary)}, "process", pid)

    @project.register
    def gathering_held(self, e: Gathering.Held, position: int) -> None:  # type: ignore[name-defined]
        self.entry(position, sid(e.process_id), e.held_on, "gathering_held",
                   {"format": e.format, "title": shorten(e.title),
                    "attendance": e.attendance}, "gathering", e.originator_id)

    # -- proposals, amendments, votes ------------------------------------------------------

    @project.register
    def proposal_submitted(self, e: Proposal.Submitted, position: int) -> None:  # type: ignore[name-defined]
        title = shorten(e.title)
        self.remember(e.originator_id, Subject("proposal", sid(e.process_id), title))
        self.entry(position, sid(e.process_id), e.submitted_on, "proposal_submitted",
                   {"title": title}, "proposal", e.originator_id, ids_text(e.author_ids))

    @project.register
    @_looks_up("proposal_id")
    def amendment_submitted(self, e: Amendment.Submitted, position: int) -> None:  # type: ignore[name-defined]
        proposal = self.subject(e.proposal_id)
        title = proposal.label if proposal else UNKNOWN
        self.remember(e.originator_id, Subject("amendment", sid(e.process_id), title))
        self.entry(position, sid(e.process_id), e.submitted_on, "amendment_submitted",
                   {"proposal": title}, "amendment", e.originator_id, ids_text(e.author_ids))

    @project.register
    @_looks_up("originator_id")
    def withdrawn(self, e: Proposal.Withdrawn | Amendment.Withdrawn, position: int) -> None:  # type: ignore[name-defined]
        self.decided(e, position, "withdrawn", e.withdrawn_on)

    @project.register
    @_looks_up("originator_id")
    def adopted(self, e: Proposal.Adopted | Amendment.Adopted, position: int) -> None:  # type: ignore[name-defined]
        self.decided(e, position, "adopted", e.decided_on)

    @project.register
    @_looks_up("originator_id")
    def rejected(self, e: Proposal.Rejected | Amendment.Rejected, position: int) -> None:  # type: ignore[name-defined]
        self.decided(e, position, "rejected", e.decided_on)

    def decided(self, e: Any, position: int, verb: str, on: date) -> None:
        """A proposal or an amendment withdrawn, adopted or rejected."""
        found = self.subject(e.originator_id)
        if found is None:
            return
        noun = found.kind  # "proposal" or "amendment"
        data = {"title": found.label} if noun == "proposal" else {"proposal": found.label}
        self.entry(position, found.process_id, on, f"{noun}_{verb}", data, noun,
                   e.originator_id)

    @project.register
    @_looks_up("proposal_id")
    def vote_opened(self, e: Vote.Opened, position: int) -> None:  # type: ignore[name-defined]
        proposal = self.subject(e.proposal_id)
        title = proposal.label if proposal else UNKNOWN
        self.remember(e.originator_id,
                      Subject("vote", sid(e.process_id), title, extra=e.subject_type))

    @project.register
    @_looks_up("originator_id")
    def vote_closed(self, e: Vote.Closed, position: int) -> None:  # type: ignore[name-defined]
        vote = self.subject(e.originator_id)
        if vote is None:
            return
        r = e.result
        self.entry(position, vote.process_id, e.closed_on, "vote_closed",
                   {"subject": vote.extra, "proposal": vote.label, "outcome": r["outcome"],
                    "yes": r["yes"], "no": r["no"], "abstain": r["abstain"],
                    "objections": r["objections"]},
                   "vote", e.originator_id)

    # -- commitments -----------------------------------------------------------------------

    @project.register
    def commitment_made(self, e: Commitment.Made, position: int) -> None:  # type: ignore[name-defined]
        what = shorten(e.description)
        actors = ids_text([e.actor_id])
        self.remember(e.originator_id, Subject(
            "commitment", sid(e.process_id), what, actors, day(e.due_on)))
        self.entry(position, sid(e.process_id), e.made_on, "commitment_made",
                   {"description": what, "due_on": day(e.due_on)}, "commitment",
                   e.originator_id, actors)

    @project.register
    @_looks_up("originator_id")
    def commitment_progress(self, e: Commitment.ProgressReported, position: int) -> None:  # type: ignore[name-defined]
        c = self.subject(e.originator_id)
        if c is not None:
            self.entry(position, c.process_id, e.reported_on, "commitment_progress",
                       {"description": c.label, "note": shorten(e.note)},
                       "commitment", e.originator_id, c.actor_ids)

    @project.register
    @_looks_up("originator_id")
    def commitment_fulfilled(self, e: Commitment.Fulfilled, position: int) -> None:  # type: ignore[name-defined]
        c = self.subject(e.originator_id)
        if c is not None:
            late = c.extra is not None and day(e.fulfilled_on) > c.extra
            self.entry(position, c.process_id, e.fulfilled_on, "commitment_fulfilled",
                       {"description": c.label, "due_on": c.extra, "late": late},
                       "commitment", e.originator_id, c.actor_ids)

    @project.register
    @_looks_up("originator_id")
    def commitment_withdrawn(self, e: Commitment.Withdrawn, position: int) -> None:  # type: ignore[name-defined]
        c = self.subject(e.originator_id)
        if c is not None:
            self.entry(position, c.process_id, e.withdrawn_on, "commitment_withdrawn",
                       {"description": c.label, "reason": shorten(e.reason, 60)},
                       "commitment", e.originator_id, c.actor_ids)

    # -- charters --------------------------------------------------------------------------

    @project.register
    def charter_established(self, e: Charter.Established, position: int) -> None:  # type: ignore[name-defined]
        title = shorten(e.title)
        self.remember(e.originator_id, Subject("charter", sid(e.process_id), title))
        self.entry(position, sid(e.process_id), e.established_on, "charter_established",
                   {"title": title}, "charter", e.originator_id)

    @project.register
    @_looks_up("originator_id")
    def clause_added(self, e: Charter.ClauseAdded, position: int) -> None:
        self.clause_changed(e, position, "added", e.heading)

    @project.register
    @_looks_up("originator_id")
    def clause_replaced(self, e: Charter.ClauseReplaced, position: int) -> None:
        self.clause_changed(e, position, "replaced", e.heading)

    @project.register
    @_looks_up("originator_id", "clause_id")
    def clause_repealed(self, e: Charter.ClauseRepealed, position: int) -> None:
        self.clause_changed(e, position, "repealed", None)

    def clause_changed(self, e: Any, position: int, verb: str, heading: str | None) -> None:
        charter = self.subject(e.originator_id)
        if charter is None:
            return
        if heading is None:  # a repeal: the heading it had
            clause = self.subject(e.clause_id)
            heading = clause.label if clause else UNKNOWN
        else:  # added, or replaced perhaps under a new heading
            key = sid(e.clause_id)
            clause = Subject("clause", charter.process_id, shorten(heading))
            self.subjects[key] = clause
            if key in self.created or verb == "added":
                self.created[key] = clause
            else:
                self.renamed[key] = clause
        self.entry(position, charter.process_id, e.decision["decided_on"], f"clause_{verb}",
                   {"charter": charter.label, "heading": shorten(heading)}, "charter",
                   e.originator_id)

    # -- cooperations and funding ----------------------------------------------------------

    @project.register
    def cooperation_started(self, e: Cooperation.Started, position: int) -> None:  # type: ignore[name-defined]
        if e.process_id is None:
            return  # not part of any process's timeline
        actors = ids_text(e.actor_ids)
        self.remember(e.originator_id,
                      Subject("cooperation", sid(e.process_id), e.kind, actors))
        self.entry(position, sid(e.process_id), e.started_on, "cooperation_started",
                   {"cooperation": e.kind}, "cooperation", e.originator_id, actors)

    @project.register
    @_looks_up("originator_id")
    def cooperation_ended(self, e: Cooperation.Ended, position: int) -> None:  # type: ignore[name-defined]
        c = self.subject(e.originator_id)
        if c is not None:
            self.entry(position, c.process_id, e.ended_on, "cooperation_ended",
                       {"cooperation": c.label}, "cooperation", e.originator_id, c.actor_ids)

    @project.register
    def funding_granted(self, e: Funding.Granted, position: int) -> None:  # type: ignore[name-defined]
        actors = ids_text([e.funder_id, e.recipient_id])
        self.remember(e.originator_id, Subject(
            "funding", sid(e.process_id), e.logic, actors, e.currency))
        self.entry(position, sid(e.process_id), e.granted_on, "funding_granted",
                   {"amount": _amount(e.amount), "currency": e.currency, "logic": e.logic,
                    "period_start": day(e.period_start), "period_end": day(e.period_end)},
                   "funding", e.originator_id, actors)

    @project.register
    @_looks_up("originator_id")
    def funding_disbursed(self, e: Funding.Disbursed, position: int) -> None:  # type: ignore[name-defined]
        f = self.subject(e.originator_id)
        if f is not None:
            self.entry(position, f.process_id, e.paid_on, "funding_disbursed",
                       {"amount": _amount(e.amount), "currency": f.extra or ""},
                       "funding", e.originator_id, f.actor_ids)

    @project.register
    @_looks_up("originator_id")
    def plan_decided(self, e: Funding.PlanDecided, position: int) -> None:  # type: ignore[name-defined]
        f = self.subject(e.originator_id)
        if f is not None:
            self.entry(position, f.process_id, e.decided_on, "plan_decided",
                       {"reason": shorten(e.reason), "lines": sorted(e.lines)},
                       "funding", e.originator_id, f.actor_ids)

    # -- impact indicators -----------------------------------------------------------------

    @project.register
    def indicator_declared(self, e: Indicator.Declared, position: int) -> None:  # type: ignore[name-defined]
        name = shorten(e.name)
        self.remember(e.originator_id, Subject("indicator", sid(e.process_id), name,
                                               extra=f"{e.unit}|{e.target_per_year}"))
        self.entry(position, sid(e.process_id), e.counts_from, "indicator_declared",
                   {"indicator": name, "unit": e.unit, "target": str(e.target_per_year)},
                   "indicator", e.originator_id)

    @project.register
    @_looks_up("originator_id")
    def indicator_measured(self, e: Indicator.Measured, position: int) -> None:  # type: ignore[name-defined]
        found = self.subject(e.originator_id)
        if found is None:
            return
        unit, _, target = (found.extra or "|").partition("|")
        self.entry(position, found.process_id, e.measured_on, "indicator_measured",
                   {"indicator": found.label, "unit": unit, "target": target,
                    "value": str(e.value), "correction": e.corrects is not None},
                   "indicator", e.originator_id)
