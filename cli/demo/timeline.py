"""Scheduling: storylines run interleaved in domain-date order, none past `today`."""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable, Generator, Iterable
from datetime import date, timedelta
from typing import Any

Story = Generator[date, None, None]
# Run without arguments; `...` because the stories bind loop values as lambda defaults
# (`lambda p=p: ...`), which mypy cannot match to `Callable[[], Any]`.
Step = tuple[date, Callable[..., Any]]


class ScriptError(RuntimeError):
    """The demo script contradicts itself (a bug in the demo, not in the ledger)."""


class Timeline:
    """Runs storylines interleaved in domain-date order; none goes past `today`.

    A storyline yields the date of its next step and, when resumed, performs the actions of
    that step (all dated that day) before yielding the next date. Ties keep spawning order.
    """

    def __init__(self, today: date):
        self.today = today
        self.now = date.min
        self._queue: list[tuple[date, int, Story]] = []
        self._seq = itertools.count()

    def spawn(self, story: Story) -> None:
        self._advance(story)

    def _advance(self, story: Story) -> None:
        try:
            when = next(story)
        except StopIteration:
            return
        if when < self.now:
            raise ScriptError(f"a storyline went back in time to {when} (now {self.now})")
        if when > self.today:
            story.close()
            return
        heapq.heappush(self._queue, (when, next(self._seq), story))

    def run(self) -> None:
        while self._queue:
            when, _, story = heapq.heappop(self._queue)
            self.now = when
            self._advance(story)


def plan_story(steps: Iterable[Step]) -> Story:
    """A storyline from dated calls, run in date order (stable for equal dates)."""
    for when, call in sorted(steps, key=lambda step: step[0]):
        yield when
        call()


def saturday(rng: random.Random, year: int, month: int) -> date:
    """A Saturday of the month, avoiding the last days so follow-ups stay in order."""
    days = [date(year, month, d) for d in range(1, 26) if date(year, month, d).weekday() == 5]
    return rng.choice(days)


def month_end(d: date) -> date:
    nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, min(d.day, 28))
