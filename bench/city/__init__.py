"""City-scale figures (issue 11): every figure beside a baseline measured in the same run.

`python -m bench` (bench/__main__.py) builds the ledgers once per size and store, then calls
`measure(ctx)` of every module listed in FIGURE_MODULES; each answers Rows. The printout and
BENCHMARKS.md show each Row as: figure | baseline (same run) | value | ratio | goal | met.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIGURE_MODULES = (
    # filled in as figure modules land, e.g. "bench.city.writes", "bench.city.network"
    "bench.city.trust",  # kiezledger import and verify, their peak memory
    "bench.city.rebuild",  # kiezledger rebuild --all, its peak memory
    "bench.city.writes",  # HTTP writes/s against serve --workers 2 (locust), beside save()
    "bench.city.network",  # the network on a day at 10,000 actors / 50,000 cooperations
    "bench.city.lists",  # collection pages of 200 items, beside the event page
    "bench.city.serving",  # charter text, timeline, funding report; worker RSS
)


@dataclass(frozen=True)
class Ledgers:
    """A ledger built for the run: its store URL and what it holds."""

    store: str  # "sqlite" or "postgres"
    url: str  # KIEZLEDGER_DATABASE_URL of the built ledger (read models caught up)
    events: int  # events in its log
    facts: dict[str, Any] = field(default_factory=dict)  # ids worth asking for (processes, ...)


@dataclass(frozen=True)
class Context:
    ledgers: tuple[Ledgers, ...]  # one per (store, size) this run built
    quick: bool  # the quick run (10^5 only, under two minutes)
    scratch: str  # a folder for temporary files of this run


@dataclass(frozen=True)
class Row:
    figure: str  # what was measured, e.g. "HTTP writes/s, 4 clients, serve --workers 2"
    store: str
    events: int
    baseline_name: str  # e.g. "eventsourcing save() of 1 event"
    baseline: float | None  # measured in this run, same unit as value
    value: float
    unit: str  # "writes/s", "ms p95", "MB", ...
    goal: str  # in words, e.g. ">= 0.6 of save()" or "<= 200 ms p95"
    met: bool | None  # None where the goal cannot be judged from this run
    note: str = ""  # the limit, where not met; what was approximated

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline else self.value / self.baseline
