"""`kiezledger rebuild --all` at city scale in one process, and its peak memory.

The command runs on the built ledger in a fresh process; events/s counts the rebuild itself
(`ProjectionRunner.rebuild`, every read model from position 0). Baseline: the raw read of
the event table (support.raw_read), measured just before.
"""

from __future__ import annotations

from bench.city import Context, Row
from bench.city.support import child, raw_read
from bench.city.trust import memory_rows

GOAL = 40_000.0


def measure(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    memory: dict[tuple[str, str], dict[int, float]] = {}
    for ledger in ctx.ledgers:
        read_n, read_s = raw_read(ledger.url)
        got = child("rebuild", ledger.url)
        rate = ledger.events / got["phase"]
        rows.append(Row("kiezledger rebuild --all, events/s, one process", ledger.store,
                        ledger.events, "raw read of the event table", read_n / read_s, rate,
                        "events/s", ">= 40,000/s", rate >= GOAL))
        memory.setdefault(("rebuild --all", ledger.store), {})[ledger.events] = got["maxrss_mb"]
    return rows + memory_rows(memory)
