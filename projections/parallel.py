"""Rebuild (or catch up) read models in several processes at once: one group per process.

A catch-up of every read model is CPU-bound Python; one process uses one core. Projections
are independent (each has its own tables and its own row in `projection_tracking`), so the
work splits by projection: `rebuild(url, workers=2)` runs one group of read models in this
process and each other group in a process of its own (started with `spawn`: nothing of
this process, its connections least of all, is inherited). Each process reads the log
itself and decodes only what its own read models want. Exactly-once holds as it does for a
single runner: every group advances its own tracking rows in the same transactions as its
rows, and a group that fails or is killed resumes from its last committed batch.

    from projections.parallel import rebuild
    rebuild("sqlite:///var/kiezledger.db", workers=2, progress=print)

Groups are balanced by `Projection.cost` (about the CPU microseconds per event of the log
that a read model adds, measured by bench/projections.py): largest first, each to the
lightest group so far.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from projections.runner import BATCH_SIZE, Progress, Projection

logger = logging.getLogger(__name__)

Factory = Callable[[Any], list[Projection]]  # the ledger -> fresh read models

# Extra cost of a group for the log it reads (and the events it decodes), in the same
# units as Projection.cost: what keeps a group of many cheap read models from looking free.
READ_COST = 4.0


def groups(projections: Sequence[Projection], workers: int) -> list[list[str]]:
    """The names of `projections` split into at most `workers` groups of about equal cost
    (none empty), each in the order of `projections`."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    order = {p.name: i for i, p in enumerate(projections)}
    bins: list[tuple[float, list[str]]] = [(0.0, []) for _ in range(min(workers,
                                                                        len(projections)))]
    for p in sorted(projections, key=lambda p: (-p.cost, order[p.name])):
        i = min(range(len(bins)), key=lambda i: (bins[i][0], i))
        total, names = bins[i]
        bins[i] = (total + p.cost + (0 if names else READ_COST), [*names, p.name])
    return [sorted(names, key=order.__getitem__) for _, names in bins if names]


def _registry(app: Any) -> list[Projection]:
    from projections.registry import all_projections

    return all_projections(app)


def _run_group(
    url: str, names: list[str], batch_size: int, factory: Factory,
    reached: Any = None, until: int | None = None, rebuild: bool = True,
    report: Progress | None = None,
) -> int:
    """One group, in this process: its own ledger and read-side connections."""
    from projections.runner import ProjectionRunner
    from store.ledger import open_ledger
    from store.sql import Database

    app = open_ledger(url, create_table=False)
    db = Database.from_url(url)
    try:
        chosen = [p for p in factory(app) if p.name in names]
        runner = ProjectionRunner(app, db, chosen)

        def progress(position: int, head: int) -> None:
            if reached is not None:
                reached.value = position
            if report is not None:
                report(position, head)

        if rebuild:
            position = runner.rebuild(progress=progress, batch_size=batch_size)
        else:
            position = runner.catch_up(until=until, batch_size=batch_size,
                                       progress=progress)
        progress(position, position)
        return position
    finally:
        db.close()
        app.close()


def _worker(url: str, names: list[str], batch_size: int, factory: Factory, reached: Any,
            until: int | None, rebuild: bool, errors: Any) -> None:
    try:
        _run_group(url, names, batch_size, factory, reached, until, rebuild)
    except BaseException:
        errors.put((names, traceback.format_exc()))
        raise SystemExit(1) from None


class GroupFailed(RuntimeError):
    """A worker process failed; the other groups still ran to their end."""


def run(
    url: str, names: Sequence[str] | None = None, *, workers: int = 2,
    batch_size: int = BATCH_SIZE, progress: Progress | None = None,
    factory: Factory = _registry, rebuild: bool = True, until: int | None = None,
) -> int:
    """Rebuild (or, with `rebuild=False`, catch up) the read models named (all if None) in
    `workers` processes: this one and `workers - 1` spawned ones. Returns the lowest
    position reached. `progress(position, head)` is called about 4 times a second with
    the lowest position of all groups."""
    if url.split(":", 1)[0] == "memory":
        raise ValueError("memory:// lives inside one process: it cannot be shared")
    from store.ledger import open_ledger

    app = open_ledger(url, create_table=False)
    try:
        every = factory(app)
        head = until if until is not None else (app.recorder.max_notification_id() or 0)
    finally:
        app.close()
    known = {p.name for p in every}
    unknown = set(names or ()) - known
    if unknown:
        raise ValueError(f"unknown projections: {sorted(unknown)}")
    chosen = [p for p in every if names is None or p.name in names]
    split = groups(chosen, workers)
    logger.info("%s in %d processes: %s", "rebuild" if rebuild else "catch-up", len(split),
                " | ".join(", ".join(g) for g in split))
    if len(split) == 1:
        return _run_group(url, split[0], batch_size, factory, until=until, rebuild=rebuild,
                          report=progress)

    ctx = multiprocessing.get_context("spawn")
    errors = ctx.Queue()
    reached = [ctx.Value("q", 0, lock=False) for _ in split]
    processes = [
        ctx.Process(target=_worker, name=f"kiezledger-rebuild-{i}", daemon=True,
                     args=(url, names_, batch_size, factory, reached[i], until, rebuild,
                           errors))
        for i, names_ in enumerate(split) if i > 0
    ]
    for process in processes:
        process.start()
    failures: list[tuple[list[str], str]] = []
    try:
        if progress is not None:
            watcher = _Watcher(reached, head, progress, processes)
            watcher.start()
        try:
            _run_group(url, split[0], batch_size, factory, reached[0], until, rebuild)
        except Exception:  # the others go on; interruptions stop them (below)
            failures.append((split[0], traceback.format_exc()))
        for process in processes:
            process.join()
    finally:
        for process in processes:
            if process.is_alive():  # interrupted: stop the others (their batch rolls back)
                process.terminate()
                process.join()
        if progress is not None:
            watcher.stop()
    while not errors.empty():
        failures.append(errors.get())
    for process, names_ in zip(processes, split[1:], strict=True):
        if process.exitcode != 0 and not any(f[0] == names_ for f in failures):
            failures.append((names_, f"exit code {process.exitcode}"))
    if failures:
        for names_, text in failures:
            logger.error("group %s failed:\n%s", ", ".join(names_), text)
        raise GroupFailed("; ".join(f"{', '.join(n)}: {t.strip().splitlines()[-1]}"
                                    for n, t in failures))
    low = min(value.value for value in reached)
    if progress is not None:
        progress(low, max(head, low))
    return low


def rebuild(url: str, names: Sequence[str] | None = None, *, workers: int = 2,
            batch_size: int = BATCH_SIZE, progress: Progress | None = None,
            factory: Factory = _registry) -> int:
    """Clear the read models named (all if None) and apply the log again, in `workers`
    processes. Returns the lowest position reached."""
    return run(url, names, workers=workers, batch_size=batch_size, progress=progress,
               factory=factory)


class _Watcher:
    """Calls progress(lowest position, head) from a thread while the groups run."""

    def __init__(self, reached: list[Any], head: int, progress: Progress,
                 processes: list[Any]) -> None:
        self.reached, self.head, self.progress = reached, head, progress
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiezledger-rebuild-progress",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            low = min(value.value for value in self.reached)
            try:
                self.progress(low, max(self.head, low))
            except Exception:  # a broken progress bar must not stop the rebuild
                logger.exception("progress callback failed")
                return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
