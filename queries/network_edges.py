"""Every cooperation of the `network` read model, kept in each worker's memory as a few
arrays, so that a day's network is chosen from them instead of read (47,523 rows at city
scale took 80-120 ms to read and turn into Python objects, most of a cold answer).

A copy holds what the read model held at one network version (the position and event of
`network_changes`): after a change only the rows changed since (`changed`, the position of
a row's start or end) are read and merged. Names are not kept here (they are read per
answer: an erased name must not linger). Each copy is immutable once made, so threads
may use one while the next is made; one per read-side database (primary, each replica).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import orjson

from store.replicas import ReplicaRead
from store.sql import Database

COLUMNS = "id, source, target, kind, process_id, started_on, ended_on, position"
OPEN = b"9999-12-31"  # the end of a cooperation that has not ended (ISO days sort as text)
_ATTRIBUTE = "_kiezledger_network_edges"
_LOCK = threading.Lock()
# Copies made before the server's workers fork (`seed`), by database URL: a worker's first
# network answer then reads only the cooperations changed since, not all of them.
_SEEDS: dict[str, Edges] = {}


def _encoded(rows: list[tuple[Any, ...]]) -> list[memoryview]:
    """Each row as an edge of the JSON answer followed by a comma (views into a few large
    buffers). Encoded a thousand at a time: orjson's output is allocated with room to grow
    (about 4 KB however short), so 50,000 small outputs alive at once took 200 MB."""
    views: list[memoryview] = []
    for i in range(0, len(rows), 1000):
        chunk = [fragment(r) for r in rows[i:i + 1000]]
        buffer = memoryview(b",".join(chunk) + b",")
        at = 0
        for part in chunk:
            views.append(buffer[at:at + len(part) + 1])
            at += len(part) + 1
    return views


def fragment(row: tuple[Any, ...]) -> bytes:
    """One edge of the JSON answer, as NetworkOut's EdgeOut."""
    edge = {"id": row[0], "source": row[1], "target": row[2], "kind": row[3],
            "since": row[5], "until": row[6]}
    try:
        return orjson.dumps(edge)
    except orjson.JSONEncodeError:  # a lone surrogate: escaped, as the standard library does
        return json.dumps(edge).encode()


@dataclass(frozen=True)
class Edges:
    """The cooperations ordered by (start day, position): the answer's order."""

    version: tuple[int, str]
    started: np.ndarray  # S10: ISO days
    ended: np.ndarray  # S10, OPEN if not ended
    position: np.ndarray  # int64: the start's log position, unique
    source: np.ndarray  # int32: index into `actors`
    target: np.ndarray
    process: np.ndarray  # int32: index into `processes`, -1 for none
    text: bytes  # each edge encoded and followed by a comma, one after another
    at: np.ndarray  # int64: where each edge's text starts in `text`, and the end
    actors: list[str]  # in order of first appearance
    rank: np.ndarray  # int32: each actor's place among `actors` sorted by id
    processes: dict[str, int]

    @classmethod
    def empty(cls, version: tuple[int, str]) -> Edges:
        return cls(version, np.empty(0, "S10"), np.empty(0, "S10"), np.empty(0, np.int64),
                   np.empty(0, np.int32), np.empty(0, np.int32), np.empty(0, np.int32), b"",
                   np.zeros(1, np.int64), [], np.empty(0, np.int32), {})

    def array(self, chosen: np.ndarray) -> bytes:
        """The JSON array of the edges `chosen` (indexes, ascending): copied from `text` a
        run of neighbours at a time."""
        if not len(chosen):
            return b"[]"
        cut = np.flatnonzero(np.diff(chosen) != 1) + 1
        firsts = chosen[np.concatenate(([0], cut))]
        ends = chosen[np.concatenate((cut - 1, [len(chosen) - 1]))] + 1
        text = memoryview(self.text)
        runs = [text[a:b] for a, b in zip(self.at[firsts].tolist(), self.at[ends].tolist(),
                                          strict=True)]
        runs[-1] = runs[-1][:-1]  # no comma after the last
        return b"".join((b"[", *runs, b"]"))

    def first(self, chosen: np.ndarray) -> bytes:
        """The text of the first edge `chosen` (b"" for none)."""
        if not len(chosen):
            return b""
        i = int(chosen[0])
        return self.text[int(self.at[i]):int(self.at[i + 1])]

    def merged(self, version: tuple[int, str], rows: list[tuple[Any, ...]]) -> Edges:
        """A copy with `rows` (COLUMNS) added, or replacing the rows of the same position
        (ended since). The text is copied a run of unchanged neighbours at a time."""
        if not rows:
            return replace(self, version=version)
        n = len(self.position)
        by_position = np.argsort(self.position)
        wanted = np.array([r[7] for r in rows], np.int64)
        found = np.searchsorted(self.position[by_position], wanted).clip(0, max(n - 1, 0))
        index = by_position[found] if n else np.zeros(len(rows), np.int64)
        known = (self.position[index] == wanted) if n else np.zeros(len(rows), bool)
        new = [r for r, k in zip(rows, known.tolist(), strict=True) if not k]
        changed = {int(i): r for i, r, k in zip(index.tolist(), rows, known.tolist(),
                                                strict=True) if k}
        # Ended since: a cooperation's actors, process and start never change.
        ended = self.ended.copy()
        for i, row in changed.items():
            ended[i] = (row[6] or "").encode() or OPEN
        actors, processes = list(self.actors), dict(self.processes)
        numbers = {a: i for i, a in enumerate(actors)}

        def number(actor: str) -> int:
            found = numbers.get(actor)
            if found is None:
                found = numbers[actor] = len(actors)
                actors.append(actor)
            return found

        started, position, source, target, process = (
            self.started, self.position, self.source, self.target, self.process)
        if new:
            started = np.concatenate((started, np.array([r[5] for r in new], "S10")))
            ended = np.concatenate((ended, np.array([r[6] or OPEN for r in new], "S10")))
            position = np.concatenate((position, np.array([r[7] for r in new], np.int64)))
            source = np.concatenate((source, np.array([number(r[1]) for r in new], np.int32)))
            target = np.concatenate((target, np.array([number(r[2]) for r in new], np.int32)))
            process = np.concatenate((process, np.array(
                [-1 if r[4] is None else processes.setdefault(r[4], len(processes))
                 for r in new], np.int32)))
        # Each edge k: k < n an old one (its text in self.text unless changed), else new.
        alone = dict(zip(changed, _encoded(list(changed.values())), strict=True))
        alone.update(enumerate(_encoded(new), start=n))
        lengths = np.concatenate((np.diff(self.at), np.zeros(len(new), np.int64)))
        single = np.zeros(len(lengths), bool)
        for k, view in alone.items():
            lengths[k], single[k] = len(view), True
        order = np.lexsort((position, started)) if new else np.arange(n)
        runs = np.ones(len(order), bool)
        runs[1:] = (order[1:] != order[:-1] + 1) | single[order[1:]] | single[order[:-1]]
        firsts = np.flatnonzero(runs)
        lasts = np.append(firsts[1:], len(order)) - 1
        text, pieces = memoryview(self.text), []
        for first, last in zip(order[firsts].tolist(), order[lasts].tolist(), strict=True):
            pieces.append(alone[first] if first in alone
                          else text[int(self.at[first]):int(self.at[last + 1])])
        rank = self.rank
        if len(actors) != len(self.actors):
            rank = np.empty(len(actors), np.int32)
            rank[sorted(range(len(actors)), key=actors.__getitem__)] = np.arange(len(actors))
        return Edges(version, started[order], ended[order], position[order], source[order],
                     target[order], process[order], b"".join(pieces),
                     np.concatenate(([0], np.cumsum(lengths[order]))), actors, rank,
                     processes)

    def on(self, day: str, process_id: str | None = None,
           scope: list[str] | None = None) -> np.ndarray:
        """The indexes of the cooperations in effect on `day` (ISO), in the answer's order,
        of `process_id` only and of the processes in `scope` only, if given."""
        d = day.encode()
        mask = (self.started <= d) & (self.ended > d)
        if process_id is not None:
            mask &= self.process == self.processes.get(process_id, -2)
        if scope is not None:
            mask &= np.isin(self.process, [self.processes.get(p, -2) for p in scope])
        return np.flatnonzero(mask)


def edges(db: Database, version: tuple[int, str]) -> Edges:
    """The cooperations at `version` (network_changes' position and event), from this
    database object's last copy and the rows changed since, or read whole (the first time,
    or when the read model went back: rebuilt, or another ledger)."""
    # A request's replica read is made per request: its copy is kept on the replica's own.
    owner = db.replica.db if isinstance(db, ReplicaRead) else db
    with _LOCK:
        kept: Edges | None = owner.__dict__.get(_ATTRIBUTE) or _SEEDS.get(owner.url)
        if kept is not None and kept.version == version:
            return kept
        if kept is not None and version[0] > kept.version[0]:
            made = kept.merged(version, db.fetchall(
                f"SELECT {COLUMNS} FROM network_edges WHERE changed > %s",
                (kept.version[0],)))
        else:
            made = Edges.empty(version).merged(version, db.fetchall(
                f"SELECT {COLUMNS} FROM network_edges"))
        owner.__dict__[_ATTRIBUTE] = made
        return made


def seed(db: Database, version: tuple[int, str]) -> Edges:
    """Read every cooperation once into a copy that every database object of the same URL
    starts from (`kiezledger serve` calls it before the workers fork, so they share it)."""
    made = Edges.empty(version).merged(version, db.fetchall(
        f"SELECT {COLUMNS} FROM network_edges"))
    with _LOCK:
        _SEEDS[db.url] = made
    return made
