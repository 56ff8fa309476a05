"""What a load recorded: counts by kind and state, and the ids by the demo's keys."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from cli.demo.context import Context
from cli.demo.data.actors import ACTORS
from ledger.domain.charters import Charter
from ledger.domain.commitments import Commitment
from ledger.domain.processes import Process

if TYPE_CHECKING:  # pragma: no cover
    from eventsourcing.persistence import Notification

    from ledger.application import Ledger

# summary["counts"] key -> the event it counts
COUNTED = {
    "actors": "Actor.Registered",
    "processes": "Process.Started",
    "participants": "Process.ParticipantJoined",
    "phases": "Process.PhaseStarted",
    "gatherings": "Gathering.Held",
    "charters": "Charter.Established",
    "clauses_added": "Charter.ClauseAdded",
    "clauses_replaced": "Charter.ClauseReplaced",
    "clauses_repealed": "Charter.ClauseRepealed",
    "proposals": "Proposal.Submitted",
    "proposals_adopted": "Proposal.Adopted",
    "proposals_rejected": "Proposal.Rejected",
    "proposals_withdrawn": "Proposal.Withdrawn",
    "amendments": "Amendment.Submitted",
    "amendments_adopted": "Amendment.Adopted",
    "amendments_rejected": "Amendment.Rejected",
    "amendments_withdrawn": "Amendment.Withdrawn",
    "votes": "Vote.Opened",
    "ballots": "Ballot.Cast",  # and release 0.1.0's Vote.BallotCast (LEGACY)
    "tallies": "Vote.TallyCounted",
    "commitments": "Commitment.Made",
    "progress_notes": "Commitment.ProgressReported",
    "cooperations": "Cooperation.Started",
    "cooperations_ended": "Cooperation.Ended",
    "fundings": "Funding.Granted",
    "disbursements": "Funding.Disbursed",
}
# Events of earlier releases counted with today's: ballots were events of their vote.
LEGACY = {"Ballot.Cast": ("Vote.BallotCast",)}
# the order of summary["counts"]
ORDER = ("actors", "processes", "processes_concluded", "participants", "phases", "gatherings",
         "charters", "clauses", *list(COUNTED)[6:])


class LogCounts:
    """Events by type, gatherings by format and actors by kind, over the whole log."""

    def __init__(self, app: Ledger):
        self.types: Counter[str] = Counter()
        self.formats: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.position = 0
        while page := app.recorder.select_notifications(start=self.position + 1, limit=500):
            for notification in page:
                self.count(app, notification)
            self.position = page[-1].id

    def count(self, app: Ledger, notification: Notification) -> None:
        name = notification.topic.rsplit(":", 1)[-1]
        self.types[name] += 1
        # Event classes made by @event: their fields are known to the type checker only as
        # the event's attributes.
        if name == "Gathering.Held":
            self.formats[vars(app.mapper.to_domain_event(notification))["format"]] += 1
        elif name == "Actor.Registered":
            self.kinds[vars(app.mapper.to_domain_event(notification))["kind"]] += 1


def summarise(ctx: Context) -> dict:
    app, state, today = ctx.app, ctx.state, ctx.today
    log = LogCounts(app)
    counts = {key: log.types[name] + sum(log.types[old] for old in LEGACY.get(name, ()))
              for key, name in COUNTED.items()}
    counts["clauses"] = sum(len(app.find(Charter, cid).clauses)
                            for cid in state.charters.values())
    counts["processes_concluded"] = sum(1 for pid in state.processes.values()
                                        if app.find(Process, pid).concluded_on is not None)
    return {
        "seed": ctx.seed,
        "today": today,
        "events": log.position,
        "counts": {key: counts[key] for key in ORDER},
        "actors_by_kind": dict(sorted(log.kinds.items())),
        "gatherings_by_format": dict(sorted(log.formats.items())),
        "commitments_by_status": commitment_statuses(ctx),
        "event_types": dict(sorted(log.types.items())),
        "processes": dict(state.processes),
        "charters": dict(state.charters),
        "funders": {a.key: state.actors[a.key] for a in ACTORS if a.kind == "funder"},
        "fundings": dict(state.fundings),
        "actors": dict(state.actors),
    }


def commitment_statuses(ctx: Context) -> dict[str, int]:
    """Commitments by their status on `today`; those kept late count as `fulfilled_late`."""
    statuses: Counter[str] = Counter()
    for cid in ctx.state.commitments:
        commitment = ctx.app.find(Commitment, cid)
        late = commitment.fulfilled_late
        statuses["fulfilled_late" if late else commitment.status_on(ctx.today)] += 1
    return dict(sorted(statuses.items()))
