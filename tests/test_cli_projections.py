"""`kiezledger project` and `kiezledger rebuild` as a user runs them: real subprocesses on a
SQLite file and on PostgreSQL, with another process writing to the same store.

The answers compared are the read-model endpoints' JSON (and Markdown and GraphML) through the
HTTP API, and every read-model table row by row: "nothing applied twice" means the tables a
worker built (killed and restarted on the way) equal the ones a rebuild from position 0 makes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

import pytest

from api import create_app
from cli.main import main
from store.sql import Database
from tests.api.conftest import Client
from tests.api.server import ROOT, command, kiezledger
from tests.api.test_readmodels import build_story, snapshot

# Rows a rebuild does not make (signed checkpoints handed out are kept across rebuilds).
NOT_REBUILT = {"integrity_checkpoints"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request) -> str:
    return request.getfixturevalue(f"{request.param}_url")


# --- helpers -----------------------------------------------------------------------------------


def wait_until(check: Callable[[], Any], timeout: float = 60, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(0.05)


def projection_names() -> list[str]:
    from projections.registry import all_projections
    from store.ledger import open_ledger

    app = open_ledger("memory://")
    return [p.name for p in all_projections(app)]


def positions(url: str) -> dict[str, int]:
    db = Database.from_url(url)
    try:
        return {name: int(position) for name, position in
                db.fetchall("SELECT name, position FROM projection_tracking")}
    finally:
        db.close()


def head(url: str) -> int:
    from store.ledger import open_ledger

    app = open_ledger(url, create_table=False)
    try:
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()


def tables(url: str) -> dict[str, list[str]]:
    """Every read-model table's rows, sorted (as JSON text, so types compare exactly)."""
    db = Database.from_url(url)
    try:
        if db.dialect == "sqlite":
            names = [r[0] for r in db.fetchall(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
        else:
            names = [r[0] for r in db.fetchall(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        prefixes = tuple(f"{name}_" for name in projection_names())
        wanted = sorted(n for n in names if n.startswith(prefixes) and n not in NOT_REBUILT)
        assert len(wanted) >= len(prefixes), wanted
        return {name: sorted(json.dumps(list(row), default=str)
                             for row in db.fetchall(f"SELECT * FROM {name}"))
                for name in wanted}
    finally:
        db.close()


@contextmanager
def reader(url: str) -> Iterator[Client]:
    """The API in worker mode: it reads the read models as they are, never projects itself."""
    app = create_app({"KIEZLEDGER_DATABASE_URL": url, "TESTING": True, "CREATE_TABLE": False,
                      "KIEZLEDGER_PROJECTIONS": "workers", "KIEZLEDGER_PROJECTIONS_WAIT": 0})
    try:
        token = app.extensions["kiezledger"].tokens.create(f"reader-{time.time_ns()}", "admin")
        yield Client(app.test_client(), token)
    finally:
        app.extensions["kiezledger"].close()


def answers(c: Client) -> dict[str, Any]:
    """Every read-model answer about every charter, process and day of interest."""
    out: dict[str, Any] = {}

    def get(path: str, accept: str | None = None, **query: Any) -> Any:
        response = c.get(path, query_string=query, headers={"Accept": accept} if accept else None)
        assert response.status_code == 200, (path, query, response.get_data(as_text=True))
        body = response.get_data(as_text=True) if accept else response.get_json()
        out[f"{path}?{sorted(query.items())}{accept or ''}"] = body
        return body

    def every(collection: str) -> list[dict]:
        items, after = [], None
        while True:
            page = get(f"/v1/{collection}", limit=200, **({"after": after} if after else {}))
            items += page["items"]
            after = page["next"]
            if after is None:
                return items

    days = ["2022-02-28", "2022-03-01", "2022-06-01", "2022-09-01", "2022-12-31",
            date.today().isoformat()]
    for charter in every("charters"):
        for day in days:
            get(f"/v1/charters/{charter['id']}/text", on=day)
        get(f"/v1/charters/{charter['id']}/text", accept="text/markdown", on="2022-06-01")
        get(f"/v1/charters/{charter['id']}/diff", **{"from": "2022-01-01", "to": "2023-12-31"})
        get(f"/v1/charters/{charter['id']}/diff", **{"from": "2022-03-01", "to": "2022-09-01"})
    for process in every("processes"):
        get(f"/v1/processes/{process['id']}/timeline")
        get("/v1/network", on="2022-06-01", process_id=process["id"])
    for day in days:
        get("/v1/network", on=day)
        for status in ("open", "overdue", "fulfilled", "withdrawn"):
            get("/v1/commitments", on=day, status=status, limit=200)
    get("/v1/network", accept="application/graphml+xml", on="2022-06-01")
    every("commitments")
    every("actors")
    return out


@dataclass
class Worker:
    """A `kiezledger project` subprocess; its output goes to a file (a pipe could fill up)."""

    process: subprocess.Popen
    log: IO[str]

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def signal(self, signum: int, timeout: float = 20) -> int:
        self.process.send_signal(signum)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired as err:
            self.process.kill()
            raise AssertionError(
                f"the worker did not stop on {signum}:\n{self.output()}") from err


@contextmanager
def worker(url: str, *args: str, python: str | None = None) -> Iterator[Worker]:
    """`kiezledger project ARGS`; with `python`, that code runs first in the same process
    (the kill-in-a-batch hook), then the command line's main()."""
    if python is None:
        argv = [*command(), "project", "--poll-interval", "0.05", *args]
    else:
        call = json.dumps(["project", "--poll-interval", "0.05", *args])
        code = f"{python}\nfrom cli.main import main\nraise SystemExit(main({call}))"
        argv = [sys.executable, "-c", code]
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   text=True, env={**os.environ, "KIEZLEDGER_DATABASE_URL": url})
        w = Worker(process, log)
        try:
            wait_until(lambda: "projecting" in w.output() or process.poll() is not None,
                       what="the worker to start")
            assert process.poll() is None, w.output()
            yield w
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


@contextmanager
def writer(url: str, workdir: Path) -> Iterator[Callable[[], int]]:
    """Another process writing the projections' scenario into the store round after round,
    straight through the ledger, until told to stop; yields `stop()` -> rounds written."""
    stop_file, done_file = workdir / "stop", workdir / "done"
    code = ("from tests.test_cli_projections import write_until\n"
            f"write_until({url!r}, {str(stop_file)!r}, {str(done_file)!r})")
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def stop() -> int:
        stop_file.touch()
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        return int(done_file.read_text())

    try:
        yield stop
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def write_until(url: str, stop_file: str, done_file: str, max_rounds: int = 200) -> None:
    """(In the writer subprocess.) Scenario rounds until `stop_file` exists."""
    from store.ledger import open_ledger
    from tests.projections import scenario

    app = open_ledger(url, create_table=False)
    rounds = 0
    try:
        while rounds < max_rounds and (rounds < 2 or not Path(stop_file).exists()):
            scenario.build(app)
            rounds += 1
    finally:
        app.close()
    Path(done_file).write_text(str(rounds))


# Runs inside a worker before its main(): the first batch that gives the timeline an event
# writes the batch's positions to KL_MARKER and then sleeps inside the batch's transaction
# (end_batch runs in it), so the test can SIGKILL the worker in the middle of a batch.
KILL_IN_A_BATCH = """
import json, os, time
from projections.timeline import TimelineProjection

_apply, _end = TimelineProjection.apply, TimelineProjection.end_batch
_seen = []

def apply(self, cur, event, position):
    _seen.append(position)
    return _apply(self, cur, event, position)

def end_batch(self, cur):
    result = _end(self, cur)
    if _seen:
        with open(os.environ["KL_MARKER"] + ".tmp", "w") as f:
            json.dump({"first": min(_seen), "last": max(_seen)}, f)
        os.rename(os.environ["KL_MARKER"] + ".tmp", os.environ["KL_MARKER"])
        time.sleep(600)
    return result

TimelineProjection.apply, TimelineProjection.end_batch = apply, end_batch
"""


# --- rebuild -----------------------------------------------------------------------------------


def test_rebuild_all_leaves_every_answer_identical(store_url):
    app = create_app({"KIEZLEDGER_DATABASE_URL": store_url, "TESTING": True,
                      "KIEZLEDGER_PROJECTIONS": "inprocess"})
    try:
        token = app.extensions["kiezledger"].tokens.create("admin", "admin")
        story = build_story(Client(app.test_client(), token))
    finally:
        app.extensions["kiezledger"].close()
    with reader(store_url) as c:
        before, story_before = answers(c), snapshot(c, story)
    rows = tables(store_url)
    # Spoil a read model behind the ledger's back: a rebuild must really rebuild.
    db = Database.from_url(store_url)
    try:
        db.execute("UPDATE timeline_entries SET data = '{}'")
        db.execute("DELETE FROM network_edges")
    finally:
        db.close()
    with reader(store_url) as c:
        assert answers(c) != before

    done = kiezledger("rebuild", "--all", url=store_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"rebuilt {', '.join(projection_names())}: position ")
    assert "rebuild" in done.stderr and "100%" in done.stderr  # the tqdm bar, on stderr
    assert set(positions(store_url).values()) == {head(store_url)}
    with reader(store_url) as c:
        assert answers(c) == before
        assert snapshot(c, story) == story_before
    assert tables(store_url) == rows


def story_then_spoil(url: str, *tables_to_empty: str) -> dict[str, list[str]]:
    """Write the story through the API, note every read-model row, then empty some tables."""
    app = create_app({"KIEZLEDGER_DATABASE_URL": url, "TESTING": True})
    try:
        token = app.extensions["kiezledger"].tokens.create("admin", "admin")
        build_story(Client(app.test_client(), token))
    finally:
        app.extensions["kiezledger"].close()
    rows = tables(url)
    db = Database.from_url(url)
    try:
        for table in tables_to_empty:
            db.execute(f"DELETE FROM {table}")
    finally:
        db.close()
    return rows


def test_rebuild_of_some_read_models(store_url, capsys):
    rows = story_then_spoil(store_url, "charter_versions", "commitments_board")
    assert main(["--database-url", store_url, "rebuild", "charter", "commitments",
                 "--quiet", "--batch-size", "7"]) == 0
    assert capsys.readouterr().out.startswith("rebuilt charter, commitments: position ")
    assert tables(store_url) == rows


def test_rebuild_over_two_processes_gives_the_same_rows(store_url, capsys):
    rows = story_then_spoil(store_url, "timeline_entries", "charter_versions")
    assert main(["--database-url", store_url, "rebuild", "--all", "--workers", "2",
                 "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("rebuilt ")
    assert set(positions(store_url).values()) == {head(store_url)}
    assert tables(store_url) == rows


def test_rebuild_list_shows_positions_and_the_head(sqlite_url, capsys):
    assert main(["--database-url", sqlite_url, "init"]) == 0
    from store.ledger import open_ledger

    app = open_ledger(sqlite_url, create_table=False)
    try:
        app.register_actor(kind="person", name="Ada")  # not projected: nobody runs them
    finally:
        app.close()
    capsys.readouterr()
    assert main(["--database-url", sqlite_url, "rebuild", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "version", "position", "behind"]
    assert [line.split()[0] for line in lines[1:-1]] == projection_names()
    assert all(line.split()[2:4] == ["0", "1"] for line in lines[1:-1]), lines
    assert lines[-1] == "head of the log: 1"
    assert main(["--database-url", sqlite_url, "rebuild", "--all", "--quiet"]) == 0
    capsys.readouterr()
    main(["--database-url", sqlite_url, "rebuild", "--list"])
    assert all(line.split()[2:4] == ["1", "0"]
               for line in capsys.readouterr().out.splitlines()[1:-1])


@pytest.mark.parametrize("args, message", [
    (["rebuild", "nope"], "unknown read model nope"),
    (["rebuild", "--all", "charter"], "or --all"),
    (["rebuild"], "or --all"),
    (["rebuild", "--list", "charter"], "--list takes no names"),
    (["rebuild", "--all", "--batch-size", "0"], "--batch-size"),
    (["project", "--only", "nope"], "unknown read model nope"),
    (["project", "--poll-interval", "0"], "--poll-interval"),
])
def test_bad_arguments_are_one_line_and_status_1(sqlite_url, capsys, args, message):
    assert main(["--database-url", sqlite_url, *args]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert err.startswith(f"kiezledger {args[0]}: ") and f"{args[0]}: {args[0]}:" not in err


def test_memory_has_nothing_to_project_or_rebuild(capsys):
    for args in (["project"], ["rebuild", "--all"], ["rebuild", "--list"]):
        assert main(["--database-url", "memory://", *args]) == 1
        assert "memory://" in capsys.readouterr().err


# --- project -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_worker_follows_another_writer_survives_sigkill_and_applies_nothing_twice(
        store_url, tmp_path):
    assert main(["--database-url", store_url, "init"]) == 0
    marker = tmp_path / "in-a-batch.json"
    with writer(store_url, tmp_path) as stop_writing:
        # 1. A worker follows the writer; SIGKILL it wherever it is.
        with worker(store_url) as w1:
            wait_until(lambda: min(positions(store_url).values()) > 150,
                       what="the first worker to apply some events")
            w1.process.kill()
            assert w1.process.wait(10) == -signal.SIGKILL
        killed_at = positions(store_url)

        # 2. A worker killed inside a batch's transaction (the hook sleeps in there).
        os.environ["KL_MARKER"] = str(marker)
        try:
            with worker(store_url, python=KILL_IN_A_BATCH) as w2:
                batch = wait_until(lambda: marker.exists() and json.loads(marker.read_text()),
                                   what="the second worker to be inside a batch")
                w2.process.kill()
                assert w2.process.wait(10) == -signal.SIGKILL
        finally:
            del os.environ["KL_MARKER"]
        after_kill = positions(store_url)
        assert batch["first"] > killed_at["timeline"]
        # The batch's rows and its tracking were one transaction: none of it stayed.
        assert after_kill["timeline"] < batch["first"], (batch, after_kill)
        assert all(after_kill[name] >= killed_at[name] for name in killed_at)

        # 3. A third worker takes over while the writer is still writing.
        with worker(store_url) as w3:
            wait_until(lambda: min(positions(store_url).values()) > batch["last"],
                       what="the third worker to pass the killed batch")
            rounds = stop_writing()
            last = head(store_url)
            assert rounds >= 2 and last >= 2 * 103
            wait_until(lambda: set(positions(store_url).values()) == {last}, timeout=120,
                       what="the third worker to reach the head")
            assert w3.signal(signal.SIGTERM) == 0
            assert f"stopped at position {last}" in w3.output()

    with reader(store_url) as c:
        followed = answers(c)
    followed_rows = tables(store_url)
    assert len(followed_rows["timeline_entries"]) > 50 * rounds

    done = kiezledger("rebuild", "--all", "--quiet", url=store_url)
    assert done.returncode == 0, done.stderr
    with reader(store_url) as c:
        assert answers(c) == followed
    assert tables(store_url) == followed_rows


def test_a_worker_stops_cleanly_on_sigint_and_sigterm(store_url):
    assert main(["--database-url", store_url, "init"]) == 0
    for signum in (signal.SIGINT, signal.SIGTERM):
        with worker(store_url) as w:
            time.sleep(0.3)  # waiting for events (LISTEN on PostgreSQL, polling on SQLite)
            started = time.monotonic()
            assert w.signal(signum) == 0, w.output()
            assert time.monotonic() - started < 5
            out = w.output()
            assert signal.Signals(signum).name in out and "stopped at position 0" in out
            assert "Traceback" not in out
    expected = "LISTEN/NOTIFY" if store_url.startswith("postgres") else "polling"
    assert expected in out


def test_workers_split_by_read_model(store_url):
    """`--only`: each worker keeps its own read models; together they keep them all."""
    assert main(["--database-url", store_url, "init"]) == 0
    from store.ledger import open_ledger

    app = open_ledger(store_url, create_table=False)
    try:
        app.start_process(title="P", level="kiez", started_on=date(2023, 1, 1))
        last = app.recorder.max_notification_id()
    finally:
        app.close()
    names = projection_names()
    with worker(store_url, "--only", "timeline", "--only", "network") as w:
        wait_until(lambda: positions(store_url)["timeline"] == last)
        wait_until(lambda: positions(store_url)["network"] == last)
        others = {n: p for n, p in positions(store_url).items()
                  if n not in ("timeline", "network")}
        assert set(others.values()) == {0} and "projecting timeline, network" in w.output()
        rest = [arg for name in names if name not in ("timeline", "network")
                for arg in ("--only", name)]
        with worker(store_url, *rest):
            wait_until(lambda: set(positions(store_url).values()) == {last})
