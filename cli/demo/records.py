"""The demo's vocabulary: named records for everything the demo history is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ledger.domain.processes import Goals


@dataclass(frozen=True)
class Actor:
    key: str  # the demo's own name for the actor
    kind: str
    name: str
    kiez: str | None  # None: district-wide
    contact: str | None


@dataclass(frozen=True)
class Participant:
    actor: str
    role: str
    joined_on: date


@dataclass(frozen=True)
class Phase:
    name: str
    started_on: date


@dataclass(frozen=True)
class Progress:
    on: date
    note: str


@dataclass(frozen=True)
class Fulfilled:
    on: date
    evidence: str


@dataclass(frozen=True)
class Withdrawn:
    on: date
    reason: str


@dataclass(frozen=True)
class Promise:
    """A commitment, with what became of it; without an `end` it becomes overdue once due."""

    actor: str
    description: str
    due_on: date
    progress: tuple[Progress, ...] = ()
    end: Fulfilled | Withdrawn | None = None
    made_on: date | None = None  # None: made at the gathering it belongs to


@dataclass(frozen=True)
class Amendment:
    text: str
    authors: tuple[str, ...]
    outcome: str  # adopted | rejected | withdrawn
    rationale: str | None = None
    method: str = "simple_majority"


@dataclass(frozen=True)
class AddClause:
    key: str  # the demo's name for the new clause, for later replacements and repeals
    heading: str


@dataclass(frozen=True)
class ReplaceClause:
    key: str
    heading: str | None = None  # None: keep the heading


@dataclass(frozen=True)
class RepealClause:
    key: str


ClauseChange = AddClause | ReplaceClause | RepealClause


@dataclass(frozen=True)
class Motion:
    """A proposal on a gathering's agenda, decided there unless withdrawn before."""

    title: str
    text: str
    authors: tuple[str, ...]
    outcome: str  # adopted | rejected | withdrawn
    method: str = "simple_majority"
    ballots: bool = False  # named ballots; otherwise a tally from the room
    clause: ClauseChange | None = None
    amendments: tuple[Amendment, ...] = ()
    promises: tuple[Promise, ...] = ()  # made when the motion is adopted


@dataclass(frozen=True)
class Gathering:
    year: int
    month: int
    format: str
    title: str
    place: str | None
    attendance: tuple[int, int]  # the least and the most people there
    motions: tuple[Motion, ...] = ()
    promises: tuple[Promise, ...] = ()  # made at the gathering, without a motion
    day: int | None = None  # None: a Saturday of the month
    charter: bool = False  # the process's charter is established at this gathering


@dataclass(frozen=True)
class Recurring:
    """A gathering without votes once a year; `title` may name the {year}."""

    format: str
    title: str
    month: int
    attendance: tuple[int, int]
    place: str
    years: range


@dataclass(frozen=True)
class Conclusion:
    on: date
    summary: str


@dataclass(frozen=True, kw_only=True)
class Process:
    key: str
    title: str
    level: str
    area: str
    topics: tuple[str, ...]
    started_on: date
    goals: Goals = field(default_factory=Goals)
    kiez: str | None = None
    voters: tuple[str, ...]
    charter_title: str | None = None
    participants: tuple[Participant, ...]
    phases: tuple[Phase, ...]
    recurring: tuple[Recurring, ...] = ()
    promises: tuple[Promise, ...] = ()  # made outside gatherings (`made_on` set)
    agendas_from: int | None = None  # from this year on, agendas are drawn from a pool
    gatherings: tuple[Gathering, ...]
    conclusion: Conclusion | None = None


@dataclass(frozen=True)
class Cooperation:
    actors: tuple[str, str]
    kind: str
    started_on: date
    ended_on: date | None = None
    process: str | None = None


@dataclass(frozen=True)
class Disbursement:
    paid_on: date
    amount: str


@dataclass(frozen=True)
class Funding:
    key: str
    funder: str
    recipient: str
    process: str
    logic: str  # process | project
    period_start: date
    period_end: date
    amount: str
    granted_on: date
    disbursements: tuple[Disbursement, ...]


@dataclass(frozen=True)
class PoolPromise:
    """A promise that comes with an adopted pool motion; `actor` may be a role of the kiez."""

    actor: str
    description: str
    due_in_months: int


@dataclass(frozen=True)
class PoolMotion:
    """A motion for the drawn agendas; title and text may name {year}, {next}, {name} ..."""

    title: str
    text: str
    promise: PoolPromise | None = None


@dataclass(frozen=True)
class Kiez:
    """Who stands for a kiez's roles in drawn agendas, and where its assemblies meet."""

    name: str
    initiative: str
    school: str
    greening: str
    place: str  # where the spring assembly meets
    hall: str  # where the autumn assembly meets
    spring_month: int
    autumn_month: int

    def actor(self, role_or_key: str) -> str:
        roles = {"initiative": self.initiative, "school": self.school,
                 "greening": self.greening}
        return roles.get(role_or_key, role_or_key)


@dataclass(frozen=True)
class Addition:
    """A sentence an amendment to a pool motion adds, with the reason given."""

    text: str
    rationale: str


# -- the books of a funding and a process's indicators (the proof of use) -------------------


@dataclass(frozen=True)
class PlanLine:
    code: str
    name: str
    planned: tuple[tuple[int, str], ...]  # (year, amount)
    side: str = "expenditure"  # expenditure | income


@dataclass(frozen=True)
class PlanDecision:
    """The plan as granted, or an Änderungsantrag (it names only the lines it changes)."""

    decided_on: date
    reason: str
    lines: tuple[PlanLine, ...]


@dataclass(frozen=True)
class Expenditure:
    paid_on: date
    amount: str
    line: str
    payee: str
    receipt: str
    purpose: str


@dataclass(frozen=True)
class Income:
    received_on: date
    amount: str
    source: str  # own_contribution | donation | other_funder
    payer: str
    receipt: str
    purpose: str
    line: str | None = None


@dataclass(frozen=True)
class VolunteerWork:
    worked_on: date
    person: str  # an actor's key; the timesheet bears the actor's name
    hours: str
    rate: str
    activity: str


@dataclass(frozen=True)
class Reversal:
    reversed_on: date
    receipt: str  # the receipt number of the entry it cancels
    reason: str


@dataclass(frozen=True)
class Books:
    funding: str  # a Funding's key
    plan: tuple[PlanDecision, ...]
    entries: tuple[Expenditure | Income | VolunteerWork | Reversal, ...]


@dataclass(frozen=True)
class Measurement:
    measured_on: date
    value: str
    document: str | None = None  # the source: a document, or else
    action_year: int | None = None  # the process's action of that year
    corrects_previous: bool = False  # corrects the measurement recorded just before


@dataclass(frozen=True)
class Indicator:
    process: str
    name: str
    unit: str
    target_per_year: str
    counts_from: date
    measurements: tuple[Measurement, ...]
