"""The `kiezledger` command line: init, token create, demo (serve is in test_server.py)."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from api import create_app
from api.services import build
from cli.main import SUBCOMMANDS, main
from tests.api.conftest import Client
from tests.api.server import kiezledger


def test_init_is_safe_to_repeat(sqlite_url, capsys):
    assert main(["--database-url", sqlite_url, "init"]) == 0
    assert main(["--database-url", sqlite_url, "init"]) == 0
    services = build(sqlite_url, create_table=False)
    try:
        assert services.db.fetchall("SELECT name FROM api_tokens") == []
        assert services.db.fetchall("SELECT key FROM api_idempotency") == []
    finally:
        services.close()


def test_several_starters_init_postgresql_at_once(postgres_url):
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: kiezledger("init", url=postgres_url), range(4)))
    assert [r.returncode for r in runs] == [0] * 4, [r.stderr for r in runs]


def test_token_create_prints_the_token_alone_on_the_last_line(sqlite_url, capsys):
    assert main(["--database-url", sqlite_url, "token", "create", "--role", "editor",
                 "--name", "kiezini"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("kl_") and " " not in token
    app = create_app({"KIEZLEDGER_DATABASE_URL": sqlite_url, "CREATE_TABLE": False})
    try:
        client = Client(app.test_client(), token)
        actor = client.create("/v1/actors", {"kind": "initiative", "name": "Kiezini"})
        events = client.get(f"/v1/actors/{actor['id']}/events").get_json()["events"]
        assert events[0]["recorded_by"] == "kiezini"
        assert client.post("/v1/tokens", {"name": "x", "role": "admin"}).status_code == 403
    finally:
        app.extensions["kiezledger"].close()


def test_token_create_refuses_duplicates_bad_names_and_unknown_scopes(sqlite_url, capsys):
    args = ["--database-url", sqlite_url, "token", "create", "--role", "admin"]
    assert main([*args, "--name", "root"]) == 0
    capsys.readouterr()
    assert main([*args, "--name", "root"]) == 1
    assert "exists already" in capsys.readouterr().err
    assert main([*args, "--name", "two words"]) == 1
    assert main([*args, "--name", "x", "--scope", "not-a-uuid"]) == 1
    assert main([*args, "--name", "y", "--scope", "00000000-0000-0000-0000-000000000001"]) == 1
    assert "--scope" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*args[:-2], "--role", "root", "--name", "z"])


def test_token_create_with_a_scope(sqlite_url, capsys):
    services = build(sqlite_url)
    from datetime import date

    process = services.ledger.start_process(title="P", level="kiez",
                                            started_on=date(2021, 1, 1)).record
    services.close()
    assert main(["--database-url", sqlite_url, "token", "create", "--role", "auditor",
                 "--name", "funder", "--scope", str(process.id)]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    services = build(sqlite_url, create_table=False)
    try:
        assert services.tokens.principal(token).scope == {str(process.id)}
    finally:
        services.close()


@pytest.mark.slow
def test_demo_loads_once_and_each_new_admin_token_revokes_the_earlier_one(sqlite_url):
    first = kiezledger("demo", url=sqlite_url, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "loaded the demo" in first.stdout and "revoked" not in first.stdout
    earlier = first.stdout.strip().splitlines()[-1]
    second = kiezledger("demo", url=sqlite_url)
    assert "was not loaded" in second.stdout
    assert "revoked the earlier demo admin token 'demo-admin-1'" in second.stdout
    token = second.stdout.strip().splitlines()[-1]
    assert token != earlier

    app = create_app({"KIEZLEDGER_DATABASE_URL": sqlite_url, "CREATE_TABLE": False})
    try:
        assert Client(app.test_client(), earlier).get("/v1/actors").status_code == 401
        client = Client(app.test_client(), token)
        for collection in ("actors", "processes", "votes", "charters", "fundings"):
            page = client.get(f"/v1/{collection}").get_json()
            assert page["items"], collection
            for item in page["items"][:5]:
                assert client.get(f"/v1/{collection}/{item['id']}/events").status_code == 200
        now = datetime.now(UTC)
        states = {info.name: info.state(now) for info in app.extensions["kiezledger"].tokens.list()
                  if info.name.startswith("demo-admin-")}
        assert states == {"demo-admin-1": "revoked", "demo-admin-2": "active"}
    finally:
        app.extensions["kiezledger"].close()


def test_subcommands_are_one_table_to_extend():
    assert list(SUBCOMMANDS)[:4] == ["init", "serve", "demo", "token"]
    assert {"verify", "export", "import"} <= set(SUBCOMMANDS)
    done = subprocess.run([sys.executable, "-m", "cli.main", "--help"], check=True,
                          capture_output=True, text=True)
    assert all(name in done.stdout for name in SUBCOMMANDS)
