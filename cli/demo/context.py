"""What every storyline of the loader shares: the ledger, the timeline and what was recorded."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from cli.demo.timeline import ScriptError, Timeline

if TYPE_CHECKING:  # pragma: no cover
    from ledger.application import Ledger


@dataclass
class State:
    """What the loader learnt while loading: ids by the demo's keys, and what it recorded."""

    actors: dict[str, UUID] = field(default_factory=dict)
    processes: dict[str, UUID] = field(default_factory=dict)
    charters: dict[str, UUID] = field(default_factory=dict)
    clauses: dict[str, UUID] = field(default_factory=dict)
    commitments: list[UUID] = field(default_factory=list)
    fundings: dict[str, UUID] = field(default_factory=dict)
    # (process key, format, year) -> the last such gathering held (indicators' sources)
    gatherings: dict[tuple[str, str, int], UUID] = field(default_factory=dict)


class Context:
    def __init__(self, app: Ledger, seed: int, today: date):
        self.app = app
        self.seed = seed
        self.today = today
        self.timeline = Timeline(today)
        self.state = State()

    def rng(self, *name: object) -> random.Random:
        """A generator of its own for each storyline: histories stay stable across `today`."""
        return random.Random(":".join(["kiezledger-demo", str(self.seed), *map(str, name)]))

    def actor(self, key: str) -> UUID:
        return self.state.actors[key]

    def process(self, key: str) -> UUID:
        try:
            return self.state.processes[key]
        except KeyError:
            raise ScriptError(f"process {key!r} is used before it started") from None
