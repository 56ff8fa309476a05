"""Fault test: the real server (`kiezledger serve`, gunicorn) killed with SIGKILL during a
burst of writes, on SQLite and on PostgreSQL.

Several client threads write a mix (actors, gatherings, cooperations, and whole decisions:
proposal, vote, tally, close, which change the charter) and remember every answer 2xx. In
the middle of the burst the server's whole process group (the gunicorn master and its
workers) gets SIGKILL: no shutdown code runs, transactions in flight are cut off. After a
restart on the same store:

- every write answered 2xx is there (GET each record; actions show in its version);
- the hash chain verifies (`kiezledger verify` exits 0, GET /v1/integrity/verify is ok);
- the read models equal a rebuild: the answers of every list, the process timeline, the
  charter text, the network and the integrity head are the same before and after
  `kiezledger rebuild --all`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from store import signing
from tests.api.server import ROOT, Server, command, kiezledger, wait_until_healthy
from tests.pg import free_port

THREADS = 4
KILL_AFTER = 150  # answered writes before the kill (the burst goes on past it)
COLLECTIONS = ("actors", "cooperations", "processes", "gatherings", "charters", "proposals",
               "votes")

pytestmark = pytest.mark.slow


@contextmanager
def server_group(url: str) -> Iterator[Server]:
    """`kiezledger serve` in its own process group (session), so that one signal reaches the
    master and every worker. Stopped with SIGTERM on the way out unless killed already."""
    port = free_port()
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [*command(), "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
            cwd=ROOT, env={**os.environ, "KIEZLEDGER_DATABASE_URL": url},
            stdout=log, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
        server = Server(f"http://127.0.0.1:{port}", process, log)
        try:
            wait_until_healthy(server)
            yield server
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            _reap_group(process.pid)


def _reap_group(pgid: int) -> None:
    """Wait until no process of the group is left (workers die after their master)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(pgid, signal.SIGKILL)


@dataclass
class Answered:
    """What the server confirmed (2xx), to be found again after the restart."""

    records: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # id -> ..
    versions: dict[str, int] = field(default_factory=dict)  # id -> least version answered
    lock: threading.Lock = field(default_factory=threading.Lock)
    count: int = 0

    def created(self, collection: str, body: dict[str, Any], expect: dict[str, Any]) -> None:
        with self.lock:
            self.records[body["id"]] = (collection, expect)
            self.versions[body["id"]] = max(self.versions.get(body["id"], 0), body["version"])
            self.count += 1

    def acted(self, body: dict[str, Any]) -> None:
        with self.lock:
            self.versions[body["id"]] = max(self.versions.get(body["id"], 0), body["version"])
            self.count += 1


class Writer:
    """One client thread's burst: stops at the first failed connection (the kill)."""

    def __init__(self, base: str, token: str, n: int, setup: dict[str, str],
                 answered: Answered) -> None:
        self.base, self.n, self.setup, self.answered = base, n, setup, answered
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.refused: list[tuple[str, int, str]] = []

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
        response = self.session.post(self.base + path, json=body, timeout=30)
        if response.status_code >= 300:
            self.refused.append((path, response.status_code, response.text[:300]))
            return None
        return response.json()

    def create(self, collection: str, path: str, body: dict[str, Any],
               expect: dict[str, Any]) -> dict[str, Any] | None:
        made = self.post(path, body)
        if made is not None:
            self.answered.created(collection, made, expect)
        return made

    def act(self, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
        done = self.post(path, body)
        if done is not None:
            self.answered.acted(done)
        return done

    def run(self, stop: threading.Event) -> None:
        process, charter = self.setup["process"], self.setup["charter"]
        previous = None
        try:
            for i in range(10_000):
                if stop.is_set():
                    return
                name = f"Person {self.n}-{i}"
                actor = self.create("actors", "/v1/actors", {
                    "kind": "person", "name": name, "contact": f"p{self.n}-{i}@example.org"},
                    {"name": name})
                gathering = self.create("gatherings", "/v1/gatherings", {
                    "process_id": process, "format": "open_assembly", "title": f"G {self.n}-{i}",
                    "held_on": "2021-02-01", "attendance": i}, {"title": f"G {self.n}-{i}"})
                if actor and previous:
                    self.create("cooperations", "/v1/cooperations", {
                        "actor_ids": [previous, actor["id"]], "kind": "partnership",
                        "started_on": "2021-02-01", "process_id": process}, {"kind": "partnership"})
                previous = actor["id"] if actor else previous
                if i % 2 == 0 and actor and gathering:
                    self.decide(process, charter, actor["id"], gathering["id"], i)
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            return  # the server is gone (before or in the middle of an answer)

    def decide(self, process: str, charter: str, author: str, gathering: str, i: int) -> None:
        heading = f"Clause {self.n}-{i}"
        proposal = self.create("proposals", "/v1/proposals", {
            "process_id": process, "title": heading, "text": f"Text {self.n}-{i}.",
            "author_ids": [author], "submitted_on": "2021-01-15", "charter_id": charter,
            "clause": {"action": "add", "heading": heading}}, {"title": heading})
        if not proposal:
            return
        vote = self.create("votes", "/v1/votes", {
            "subject_type": "proposal", "subject_id": proposal["id"], "gathering_id": gathering,
            "method": "simple_majority", "opened_on": "2021-02-01"}, {"status": None})
        if not vote:
            return
        if self.act(f"/v1/votes/{vote['id']}/tally", {"yes": 10 + i, "no": 2, "abstain": 1}):
            self.act(f"/v1/votes/{vote['id']}/close", {"closed_on": "2021-02-01"})


def _get(base: str, token: str, path: str) -> requests.Response:
    return requests.get(base + path, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def snapshot(base: str, token: str, setup: dict[str, str]) -> dict[str, Any]:
    """The read side's answers: every list (all pages), the timeline, the charter text, the
    network, the integrity head."""
    seen: dict[str, Any] = {}
    for collection in COLLECTIONS:
        items, after = [], None
        while True:
            path = f"/v1/{collection}?limit=200" + (f"&after={after}" if after else "")
            page = _get(base, token, path).json()
            items += page["items"]
            after = page["next"]
            if after is None:
                break
        seen[collection] = items
    for path in (f"/v1/processes/{setup['process']}/timeline",
                 f"/v1/charters/{setup['charter']}/text",
                 "/v1/network?on=2022-01-01",
                 "/v1/integrity"):
        response = _get(base, token, path)
        assert response.status_code == 200, (path, response.text[:300])
        seen[path] = response.json()
    seen["/v1/integrity"].pop("checkpoint")  # signed anew (its time) after a rebuild
    return seen


@pytest.mark.parametrize("store", [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
])
def test_sigkill_during_a_burst_loses_no_answered_write(store, request, tmp_path, monkeypatch):
    monkeypatch.setenv(signing.SIGNING_KEY_ENV, str(tmp_path / "keys" / "signing-key.pem"))
    url = (f"sqlite:///{tmp_path}/store/kiezledger.db" if store == "sqlite"
           else request.getfixturevalue("postgres_url"))
    made = kiezledger("token", "create", "--role", "admin", "--name", "fault", url=url)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    answered = Answered()

    # -- the burst, and the kill in its middle -------------------------------------------
    with server_group(url) as server:
        setup_writer = Writer(server.base, token, -1, {}, answered)
        process = setup_writer.create("processes", "/v1/processes", {
            "title": "Kiez process", "level": "kiez", "started_on": "2020-01-01"},
            {"title": "Kiez process"})
        charter = setup_writer.create("charters", "/v1/charters", {
            "process_id": process["id"], "title": "Kiez-Charta",
            "established_on": "2020-06-01"}, {"title": "Kiez-Charta"})
        setup = {"process": process["id"], "charter": charter["id"]}
        stop = threading.Event()
        writers = [Writer(server.base, token, n, setup, answered) for n in range(THREADS)]
        threads = [threading.Thread(target=w.run, args=(stop,)) for w in writers]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while answered.count < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.01)
        assert answered.count >= KILL_AFTER, server.output()
        os.killpg(server.process.pid, signal.SIGKILL)  # master and workers, mid-write
        server.process.wait()
        for t in threads:
            t.join(timeout=60)
        stop.set()
        assert not any(t.is_alive() for t in threads)
    refused = [r for w in writers for r in w.refused if r[1] not in (409,)]
    assert not refused, refused  # until the kill, every write was answered 2xx (or 409)

    # -- after the restart: every answered write is there -----------------------------------
    with server_group(url) as server:
        for record_id, (collection, expect) in answered.records.items():
            response = _get(server.base, token, f"/v1/{collection}/{record_id}")
            assert response.status_code == 200, (collection, record_id, response.text)
            body = response.json()
            assert body["version"] >= answered.versions[record_id], (collection, body)
            for key, value in expect.items():
                if value is not None:
                    assert body[key] == value, (collection, key, body)
        assert _get(server.base, token, "/v1/integrity/verify").json()["ok"] is True
        before = snapshot(server.base, token, setup)
        log_head = _get(server.base, token, "/v1/integrity").json()
    verified = kiezledger("verify", "--quiet", url=url)
    assert verified.returncode == 0, verified.stderr
    assert f"hash {log_head['hash']}" in verified.stdout

    # -- the read models equal a rebuild ------------------------------------------------------
    rebuilt = kiezledger("rebuild", "--all", "--quiet", url=url, timeout=600)
    assert rebuilt.returncode == 0, rebuilt.stderr
    with server_group(url) as server:
        after = snapshot(server.base, token, setup)
    assert after == before
    # The burst reached every read model: the charter holds the adopted clauses.
    adopted = [v for v in before["votes"] if v["status"] == "closed"]
    text = before[f"/v1/charters/{setup['charter']}/text"]
    assert adopted and len(text["clauses"]) == len(adopted)
    print(f"{answered.count} writes answered before the kill; after it: "
          + ", ".join(f"{len(before[c])} {c}" for c in COLLECTIONS))
