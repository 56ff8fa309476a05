"""The network's encoded answers, kept on disk for every worker of an instance (issue 11):
another app on the same store serves them without computing, a change to the network (a
cooperation, an erased name) is never answered from them, and a damaged file is ignored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

import api.resources.network as resource
from api import create_app
from api.services import current
from queries.network import _dumps, network, network_json
from store.answers import ANSWERS, AnswerFiles, cache_dir

from .conftest import Client

DAY = "/v1/network?on=2022-06-01"


class Served(Client):
    """Closes each answer as a WSGI server does once it is sent (Flask's test client does
    not), which is when an answer is written to the cache folder."""

    def get(self, path: str, **kw):
        response = super().get(path, **kw)
        response.close()
        return response


@pytest.fixture
def apps(database_url: str, monkeypatch, tmp_path: Path) -> Iterator[tuple[Client, Client]]:
    """Two apps on one store, as two gunicorn workers are: the cache folder by default
    (./var/cache for PostgreSQL: the working folder is the test's own)."""
    if database_url == "memory://":
        pytest.skip("a memory store is one process's own")
    monkeypatch.delenv("KIEZLEDGER_CACHE_DIR")
    monkeypatch.chdir(tmp_path)
    made: list[Flask] = []
    clients = []
    for i in range(2):
        app = create_app({"KIEZLEDGER_DATABASE_URL": database_url, "TESTING": True})
        made.append(app)
        with app.app_context():
            token = current().tokens.create(f"admin-{i}", "admin")
        clients.append(Served(app.test_client(), token))
    yield clients[0], clients[1]
    for app in made:
        app.extensions["kiezledger"].close()


def folder(client: Client) -> Path:
    files = client.flask.application.extensions[ANSWERS]
    assert isinstance(files, AnswerFiles)
    return files.folder


def kept(client: Client) -> list[Path]:
    return sorted(p for p in folder(client).iterdir() if not p.name.startswith("."))


def actor(client: Client, name: str, kind: str = "initiative") -> str:
    return client.create("/v1/actors", {"kind": kind, "name": name})["id"]


def cooperate(client: Client, a: str, b: str) -> None:
    client.create("/v1/cooperations", {"actor_ids": [a, b], "kind": "partnership",
                                       "started_on": "2022-01-01"})


def computing_fails(monkeypatch) -> None:
    def no(*args, **kwargs):
        raise AssertionError("the network was computed, not served as kept")

    monkeypatch.setattr(resource, "network", no)


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_another_worker_serves_the_kept_answer_without_computing(apps, database_url,
                                                                 monkeypatch):
    first, second = apps
    a, b = actor(first, "Anna"), actor(first, "Bäckerei Ünal")
    cooperate(first, a, b)
    answer = first.get(DAY)
    graphml = first.get("/v1/network.graphml?on=2022-06-01")
    assert answer.status_code == graphml.status_code == 200
    assert {n["name"] for n in answer.get_json()["nodes"]} == {"Anna", "Bäckerei Ünal"}
    assert folder(first) == folder(second)
    assert len(kept(first)) == 2  # JSON and GraphML
    assert folder(first) == cache_dir(database_url)
    if database_url.startswith("sqlite"):  # beside the database by default
        assert folder(first).parent == Path(database_url.removeprefix("sqlite:///")).parent
    else:
        assert folder(first) == Path("var/cache")
    assert oct(folder(first).stat().st_mode & 0o777) == "0o700"
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in kept(first))

    computing_fails(monkeypatch)
    again = second.get(DAY)
    assert again.status_code == 200
    assert again.data == answer.data and again.content_type == answer.content_type
    assert second.get("/v1/network.graphml?on=2022-06-01").data == graphml.data
    # A write that changes no network keeps the answers.
    second.create("/v1/processes", {"title": "Kiezrat", "level": "kiez", "topics": [],
                                    "started_on": "2023-01-01", "goals": {}})
    assert second.get(DAY).data == answer.data


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_new_cooperation_is_never_answered_from_a_kept_answer(apps):
    first, second = apps
    a, b, c = actor(first, "A"), actor(first, "B"), actor(first, "C")
    cooperate(first, a, b)
    assert len(first.get(DAY).get_json()["nodes"]) == 2
    cooperate(first, b, c)
    for client in (second, first):
        assert {n["id"] for n in client.get(DAY).get_json()["nodes"]} == {a, b, c}
    assert len(kept(first)) == 1  # the older position's answer is gone


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_an_erased_name_is_never_served_from_a_kept_answer_nor_kept(apps):
    first, second = apps
    a, b = actor(first, "Anna"), actor(first, "Erika Mustermann", "person")
    cooperate(first, a, b)
    for client in (first, second):
        assert "Erika Mustermann" in {n["name"] for n in client.get(DAY).get_json()["nodes"]}
    assert first.get("/v1/network.graphml?on=2022-06-01").status_code == 200
    assert any(b"Erika Mustermann" in p.read_bytes() for p in kept(first))

    assert first.post(f"/v1/actors/{b}/erase", {"reason": "asked"}).status_code == 200
    for client in (second, first):
        names = {n["name"] for n in client.get(DAY).get_json()["nodes"]}
        assert "Erika Mustermann" not in names and "Anna" in names
        assert b"Erika Mustermann" not in client.get("/v1/network.graphml?on=2022-06-01").data
    # Nor on disk, nor in either worker's memory.
    assert not any(b"Erika Mustermann" in p.read_bytes() for p in kept(first))
    for client in (first, second):
        bodies = client.flask.application.extensions["kiezledger.network"].kept.values()
        assert not any(b"Erika Mustermann" in body for _, body in bodies)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("damage", ["half-written", "garbled", "empty", "another key"])
def test_a_damaged_kept_answer_is_ignored_and_computed_anew(apps, damage):
    first, second = apps
    a, b = actor(first, "A"), actor(first, "B")
    cooperate(first, a, b)
    answer = first.get(DAY).data
    [path] = kept(first)
    data = path.read_bytes()
    if damage == "half-written":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbled":
        path.write_bytes(data[:-20] + b"X" * 20)
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # a whole, valid file under the wrong name
        first.get("/v1/network?on=2022-07-01")
        other = next(p for p in kept(first) if p != path)
        path.write_bytes(other.read_bytes())
    (folder(first) / ".tmp-left-behind").write_bytes(b"{")  # a writer that died
    got = second.get(DAY)
    assert got.status_code == 200 and got.data == answer
    assert path.read_bytes()[-len(answer):] == answer  # written anew, whole


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_unwritable_cache_folder_costs_the_kept_answer_not_the_answer(client: Client,
                                                                          app: Flask,
                                                                          tmp_path: Path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    app.extensions[ANSWERS] = AnswerFiles(blocked / "cache")
    a, b = actor(client, "A"), actor(client, "B")
    cooperate(client, a, b)
    answer = client.get(DAY)
    assert answer.status_code == 200 and len(answer.get_json()["nodes"]) == 2


def test_two_ledgers_sharing_a_cache_folder_never_see_each_others_answers(
        tmp_path: Path, monkeypatch):
    """The same writes at the same positions in two ledgers: the key holds the changing
    event's id, random per ledger."""
    monkeypatch.setenv("KIEZLEDGER_CACHE_DIR", str(tmp_path / "shared"))
    answers = []
    for name in ("one", "two"):
        app = create_app({"KIEZLEDGER_DATABASE_URL": f"sqlite:///{tmp_path}/{name}.db",
                          "TESTING": True})
        try:
            with app.app_context():
                token = current().tokens.create("admin", "admin")
            client = Served(app.test_client(), token)
            a, b = actor(client, f"A {name}"), actor(client, f"B {name}")
            cooperate(client, a, b)
            answers.append({n["name"] for n in client.get(DAY).get_json()["nodes"]})
        finally:
            app.extensions["kiezledger"].close()
    assert answers == [{"A one", "B one"}, {"A two", "B two"}]
    assert len(list((tmp_path / "shared").iterdir())) == 2


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_answer_reads_back_as_the_standard_encoding_of_the_network(
        client: Client, app: Flask, services):
    names = ["Zoë \"Ü\" \\ <&> \u2028 😀", "B", "C", "D"]
    a, b, c, d = (actor(client, n) for n in names)
    pid = client.create("/v1/processes", {"title": "Kiezrat", "level": "kiez", "topics": [],
                                          "started_on": "2020-01-01", "goals": {}})["id"]
    cooperate(client, a, b)
    client.create("/v1/cooperations", {"actor_ids": [b, c], "kind": "membership",
                                       "started_on": "2021-03-01", "process_id": pid})
    ended = client.create("/v1/cooperations", {"actor_ids": [c, d], "kind": "joint_action",
                                               "started_on": "2021-01-01"})["id"]
    assert client.post(f"/v1/cooperations/{ended}/end",
                       {"ended_on": "2022-09-01"}).status_code == 200
    services.refresh()
    with app.app_context():
        for on, process_ids in ((date(2022, 6, 1), None), (date(2022, 10, 1), None),
                                (date(2022, 6, 1), {pid}), (date(2019, 1, 1), None),
                                (date(2022, 6, 1), set())):
            standard = app.json.dumps(network(services.db, on=on, process_ids=process_ids))
            fast = network_json(services.db, on=on, process_ids=process_ids)
            assert fast.endswith(b"}\n")
            assert json.loads(fast) == json.loads(standard)
            assert list(json.loads(fast)) == ["on", "nodes", "edges", "measures"]
        answer = client.get(DAY).get_json()
        assert [n["name"] for n in answer["nodes"]] == sorted(
            names, key=dict(zip(names, (a, b, c, d), strict=True)).__getitem__)
        assert [(e["kind"], e["until"]) for e in answer["edges"]] == [
            ("joint_action", "2022-09-01"), ("membership", None), ("partnership", None)]
    # A lone surrogate (a name stored before the API refused it): escaped, as before.
    odd = {"name": "A\ud800", "n": [1, 0.5, None]}
    assert _dumps(odd) == json.dumps(odd).encode()


def test_kept_answers_stay_within_their_bound_least_recently_used_first(tmp_path: Path):
    files = AnswerFiles(tmp_path, max_bytes=3 * 1100)
    for i in range(3):
        files.put(f"k{i}", 5, bytes(1000))
    assert files.get("k0", 5) == bytes(1000)  # used: k1 is now the oldest
    files.put("k3", 5, bytes(1000))
    assert [files.get(f"k{i}", 5) is not None for i in range(4)] == [True, False, True, True]
    files.put("huge", 5, bytes(5000))  # larger than the bound: not kept
    assert files.get("huge", 5) is None
    files.put("k4", 7, b"new")  # a newer position: the older answers go
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == [f"{7:020d}"]
    files.put("late", 6, b"written after another worker moved on")
    assert files.get("late", 6) is None and files.get("k4", 7) == b"new"
    files.forget_before(8)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_the_kept_cooperations_follow_every_change_as_a_fresh_read_would(
        client: Client, services):
    """Each worker keeps the cooperations and reads only those changed since: after new
    cooperations, ends (of older ones and of ones started in the same batch), new actors
    and processes, every day and scope is answered as from a whole new read."""
    from queries.network_edges import edges

    def answers() -> list[dict]:
        services.refresh()
        return [network(services.db, on=date(2022, m, 1), process_ids=scope)
                for m in (1, 3, 6, 9, 12) for scope in (None, {pid}, {pid, other})]

    def fresh() -> list[dict]:
        services.db.__dict__.pop("_kiezledger_network_edges", None)
        return answers()

    pid, other = (client.create("/v1/processes", {
        "title": t, "level": "kiez", "topics": [], "started_on": "2020-01-01",
        "goals": {}})["id"] for t in ("Kiezrat", "Spielplatz"))
    ids = [actor(client, f"A{i}") for i in range(6)]
    cooperate(client, ids[0], ids[1])
    first = answers()
    assert first == fresh()
    older = client.create("/v1/cooperations", {"actor_ids": [ids[1], ids[2]],
                                               "kind": "membership", "process_id": pid,
                                               "started_on": "2022-02-01"})["id"]
    answers()  # kept at this version; what follows is read as changes
    assert client.post(f"/v1/cooperations/{older}/end",
                       {"ended_on": "2022-08-01"}).status_code == 200
    client.create("/v1/cooperations", {"actor_ids": [ids[3], ids[4]], "kind": "joint_action",
                                       "process_id": other, "started_on": "2021-05-01"})
    late = actor(client, "Zuletzt")
    client.create("/v1/cooperations", {"actor_ids": [late, ids[0]], "kind": "partnership",
                                       "process_id": pid, "started_on": "2022-04-01"})
    assert client.post(f"/v1/actors/{ids[5]}/erase", {"reason": "-"}).status_code == 200
    changed = answers()
    assert changed != first
    assert changed == fresh()
    assert edges(services.db, (0, "")).version == (0, "")  # a version going back: read whole



@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_kept_cooperations_outlive_a_request_s_replica_read(client: Client, services,
                                                                  monkeypatch):
    """A replica read is made per request: the copy stays with the replica's database."""
    from types import SimpleNamespace

    from queries.network import network_version
    from queries.network_edges import edges
    from store.replicas import ReplicaRead

    a, b = actor(client, "A"), actor(client, "B")
    cooperate(client, a, b)
    services.refresh()
    replica = SimpleNamespace(db=services.db, url="replica")
    version = network_version(services.db)
    first = edges(ReplicaRead(None, replica), version)  # type: ignore[arg-type]
    monkeypatch.setattr(type(services.db), "fetchall", lambda *a, **k: pytest.fail("read"))
    assert edges(ReplicaRead(None, replica), version) is first  # type: ignore[arg-type]
    assert len(first.position) == 1


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_worker_starts_from_the_cooperations_read_before_it_forked(
        client: Client, services, monkeypatch):
    """`kiezledger serve` reads the cooperations before its workers fork
    (queries.network.preload): a new database object of the same URL, as a worker opens,
    reads only the cooperations changed since, and answers as a whole new read would."""
    from queries import network_edges
    from queries.network import preload
    from store.sql import Database

    a, b, c = (actor(client, name) for name in ("A", "B", "C"))
    cooperate(client, a, b)
    services.refresh()
    monkeypatch.setattr(network_edges, "_SEEDS", {})
    before = Database.from_url(services.db.url)
    try:
        assert preload(before) == 1
    finally:
        before.close()
    cooperate(client, b, c)  # after the fork
    services.refresh()
    day = date.today()
    worker = Database.from_url(services.db.url)
    reads: list[str] = []
    fetchall = type(worker).fetchall

    def counted(self, sql, params=()):
        if "FROM network_edges" in sql:
            reads.append(sql)
        return fetchall(self, sql, params)

    monkeypatch.setattr(type(worker), "fetchall", counted)
    try:
        answer = network(worker, on=day)
    finally:
        worker.close()
    assert reads and all("changed >" in sql for sql in reads)  # not every cooperation
    monkeypatch.setattr(network_edges, "_SEEDS", {})
    services.db.__dict__.pop("_kiezledger_network_edges", None)
    assert answer == network(services.db, on=day)
    assert len(answer["edges"]) == 2


def test_nothing_is_read_ahead_for_an_in_memory_store():
    from queries.network import preload
    from store.sql import Database

    assert preload(Database.from_url("memory://")) == 0
