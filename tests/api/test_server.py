"""Over real HTTP: `kiezledger serve` (gunicorn workers) on PostgreSQL and SQLite."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.api.server import Api, kiezledger, serving

pytestmark = pytest.mark.slow


def admin_token(url: str) -> str:
    done = kiezledger("token", "create", "--role", "admin", "--name", "walker", url=url)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_eight_simultaneous_ballots_on_one_vote_are_all_kept(postgres_url):
    token = admin_token(postgres_url)
    with serving(postgres_url, workers=4, threads=2) as server:
        api = Api(server.base, token, requests.Session())
        voters = [api.create("/v1/actors", {"kind": "person", "name": f"Voter {i}"})["id"]
                  for i in range(8)]
        process_id = api.create("/v1/processes", {"title": "P", "level": "kiez",
                                                  "started_on": "2022-01-01"})["id"]
        gathering = api.create("/v1/gatherings", {"process_id": process_id,
                                                  "format": "open_assembly", "title": "G",
                                                  "held_on": "2022-03-01"})["id"]
        proposal = api.create("/v1/proposals", {"process_id": process_id, "title": "T",
                                                "text": "t", "author_ids": [voters[0]],
                                                "submitted_on": "2022-02-01"})["id"]
        vote = api.create("/v1/votes", {"subject_type": "proposal", "subject_id": proposal,
                                        "gathering_id": gathering, "method": "simple_majority",
                                        "opened_on": "2022-03-01"})["id"]
        barrier = threading.Barrier(len(voters))

        def cast(voter: str) -> requests.Response:
            own = Api(server.base, token, requests.Session())  # one connection per client
            own.get("/healthz")
            barrier.wait()
            return own.post(f"/v1/votes/{vote}/ballots", {"voter_id": voter, "choice": "yes"})

        with ThreadPoolExecutor(len(voters)) as pool:
            answers = list(pool.map(cast, voters))
        assert [a.status_code for a in answers] == [200] * 8, [a.text for a in answers]

        shown = api.get(f"/v1/votes/{vote}").json()
        assert sorted(b["voter_id"] for b in shown["ballots"]) == sorted(voters)
        assert shown["version"] == 1  # ballots are records of their own
        events = api.get(f"/v1/votes/{vote}/events").json()["events"]
        assert [e["type"] for e in events] == ["Vote.Opened"] + ["Ballot.Cast"] * 8
        assert all(e["position"] is not None for e in events)
        closed = api.create(f"/v1/votes/{vote}/close", {"closed_on": "2022-03-01"}, status=200)
        assert closed["result"] == {"outcome": "adopted", "yes": 8, "no": 0, "abstain": 0,
                                    "objections": 0}
        assert "Traceback" not in server.output()


def test_walk_through_a_decision_over_http_on_sqlite(sqlite_url):
    token = admin_token(sqlite_url)
    with serving(sqlite_url, workers=2) as server:
        api = Api(server.base, token, requests.Session())
        spec = requests.get(server.base + "/openapi.json", timeout=10).json()
        assert spec["info"]["title"] == "Kiezledger"
        assert requests.get(server.base + "/docs", timeout=10).status_code == 200
        unauthorized = requests.get(server.base + "/v1/actors", timeout=10)
        assert unauthorized.status_code == 401
        assert unauthorized.headers["Content-Type"] == "application/problem+json"

        ada = api.create("/v1/actors", {"kind": "person", "name": "Ada"})["id"]
        ini = api.create("/v1/actors", {"kind": "initiative", "name": "Kiezini"})["id"]
        office = api.create("/v1/actors", {"kind": "administration", "name": "Bezirksamt"})["id"]
        process_id = api.create("/v1/processes", {
            "title": "Reichenberger Kiez", "level": "kiez", "started_on": "2021-01-01",
            "topics": ["depaving", "energy"], "goals": {"open_assemblies_per_year": 2}})["id"]
        api.create(f"/v1/processes/{process_id}/participants",
                   {"actor_id": ini, "role": "organiser", "joined_on": "2021-01-01"}, status=200)
        assembly = api.create("/v1/gatherings", {
            "process_id": process_id, "format": "open_assembly", "title": "Spring assembly",
            "held_on": "2021-04-17", "place": "Nachbarschaftshaus", "attendance": 63})["id"]
        charter = api.create("/v1/charters", {"process_id": process_id, "title": "Kiez-Charta",
                                              "established_on": "2021-01-15"})["id"]
        proposal = api.create("/v1/proposals", {
            "process_id": process_id, "title": "Green tree pits", "text": "We depave.",
            "author_ids": [ada, ini], "submitted_on": "2021-03-01", "charter_id": charter,
            "clause": {"action": "add", "heading": "Tree pits"}})["id"]
        amendment = api.create(f"/v1/proposals/{proposal}/amendments", {
            "author_ids": [office], "text": "We depave and the district waters.",
            "submitted_on": "2021-04-01"})["id"]
        on_amendment = api.create("/v1/votes", {
            "subject_type": "amendment", "subject_id": amendment, "gathering_id": assembly,
            "method": "simple_majority", "opened_on": "2021-04-17"})["id"]
        for voter, choice in ((ada, "yes"), (ini, "yes"), (office, "no")):
            api.create(f"/v1/votes/{on_amendment}/ballots",
                       {"voter_id": voter, "choice": choice}, status=200)
        result = api.create(f"/v1/votes/{on_amendment}/close", {"closed_on": "2021-04-17"},
                            status=200)["result"]
        assert result["outcome"] == "adopted" and (result["yes"], result["no"]) == (2, 1)
        on_proposal = api.create("/v1/votes", {
            "subject_type": "proposal", "subject_id": proposal, "gathering_id": assembly,
            "method": "consent", "opened_on": "2021-04-17"})["id"]
        api.create(f"/v1/votes/{on_proposal}/tally", {"yes": 50, "no": 3, "abstain": 10},
                   status=200)
        etag = api.get(f"/v1/votes/{on_proposal}").headers["ETag"]
        stale = api.post(f"/v1/votes/{on_proposal}/close", {"closed_on": "2021-04-17"},
                         **{"If-Match": '"1"'})
        assert stale.status_code == 412
        closed = api.post(f"/v1/votes/{on_proposal}/close", {"closed_on": "2021-04-17"},
                          **{"If-Match": etag, "Idempotency-Key": "close-1"})
        assert closed.status_code == 200 and closed.json()["result"]["outcome"] == "adopted"
        replay = api.post(f"/v1/votes/{on_proposal}/close", {"closed_on": "2021-04-17"},
                          **{"If-Match": etag, "Idempotency-Key": "close-1"})
        assert replay.headers["Idempotent-Replayed"] == "true" and replay.json() == closed.json()

        charter_now = api.get(f"/v1/charters/{charter}").json()
        assert [(c["number"], c["heading"], c["text"]) for c in charter_now["clauses"]] == [
            (1, "Tree pits", "We depave and the district waters.")]
        assert charter_now["clauses"][0]["adopted_by"] == {
            "proposal_id": proposal, "amendment_ids": [amendment], "vote_id": on_proposal,
            "gathering_id": assembly, "decided_on": "2021-04-17"}
        votes = api.get("/v1/votes", process_id=process_id).json()
        assert [v["id"] for v in votes["items"]] == [on_amendment, on_proposal]
        log = api.get("/v1/events", limit=1000).json()["events"]
        assert log[-1]["type"] == "org.kiezledger.charter.clause_added.v2"
        assert "Traceback" not in server.output()


def test_serve_demo_loads_the_demo_and_prints_an_admin_token_first(sqlite_url):
    with serving(sqlite_url, workers=2, extra=("--demo",)) as server:
        lines = server.output().splitlines()
        shown = next(line for line in lines if "shown only this once" in line)
        token = lines[lines.index(shown) + 1]
        api = Api(server.base, token.strip(), requests.Session())
        processes = api.get("/v1/processes").json()["items"]
        assert len(processes) == 4
        assert api.get("/v1/events", limit=5).json()["events"][0]["recordedby"] == "demo"


def test_a_chunked_body_over_one_mebibyte_is_413_and_stores_nothing(sqlite_url):
    token = admin_token(sqlite_url)
    with serving(sqlite_url, workers=1) as server:
        api = Api(server.base, token, requests.Session())
        name = "x" * (1024 * 1024)

        def chunks():  # no Content-Length: requests sends it chunked
            yield b'{"kind": "person", "name": "'
            for i in range(0, len(name), 65536):
                yield name[i:i + 65536].encode()
            yield b'"}'

        response = api.session.post(
            server.base + "/v1/actors", data=chunks(), timeout=30,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        assert response.status_code == 413, response.text
        assert response.headers["Content-Type"] == "application/problem+json"
        assert api.get("/v1/actors").json()["items"] == []
        small = api.session.post(
            server.base + "/v1/actors", data=iter([b'{"kind": "person", "name": "Ada"}']),
            timeout=30, headers={"Authorization": f"Bearer {token}",
                                 "Content-Type": "application/json"})
        assert small.status_code == 201, small.text


def test_connections_that_never_finish_their_request_line_do_not_stop_the_server(sqlite_url):
    """Four sockets dribbling half a request; the default server still answers at once."""
    import socket
    from urllib.parse import urlsplit

    with serving(sqlite_url) as server:
        where = urlsplit(server.base)
        slow = []
        try:
            for _ in range(4):
                sock = socket.create_connection((where.hostname, where.port), timeout=5)
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # no blank line: unfinished
                slow.append(sock)
            for _ in range(4):  # fresh connections, so each may land on any worker
                answer = requests.get(server.base + "/healthz", timeout=5,
                                      headers={"Connection": "close"})
                assert answer.status_code == 200
        finally:
            for sock in slow:
                sock.close()


def test_serve_prints_one_json_access_line_per_request_to_stderr(sqlite_url):
    import json

    with serving(sqlite_url, workers=1) as server:
        answer = requests.get(server.base + "/healthz", timeout=10,
                              headers={"Request-Id": "serve-check-1"})
        assert answer.headers["Request-Id"] == "serve-check-1"
        server.process.terminate()  # flushes and stops: the line is in the output after
        server.process.wait(timeout=20)
        lines = [json.loads(line) for line in server.output().splitlines()
                 if "serve-check-1" in line]
    assert len(lines) == 1
    assert lines[0]["route"] == "/healthz" and lines[0]["status"] == 200
