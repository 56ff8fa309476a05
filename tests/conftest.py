"""Shared test fixtures, one section per concern. Add new sections below the existing ones."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from tests import pg

# =============================================================================================
# PostgreSQL and stores
#
#   pg_server      (session)  the PgServer in use: KIEZLEDGER_TEST_PG, else a throwaway cluster
#   pg_server_url  (session)  its admin URL
#   postgres_url   (function) a fresh database `kl_test_<hex>`, dropped afterwards
#   sqlite_url     (function) sqlite:///<tmp_path>/kiezledger.db
#   database_url   (function) parametrized memory / sqlite / postgres
#
# Without a server, tests that need one are skipped with the reason, and a "PostgreSQL"
# section at the end of the run says so. Under CI (env CI set) the run stops instead:
# CI must never skip the PostgreSQL tests.
# =============================================================================================

POSTGRES_FIXTURES = {"pg_server", "pg_server_url", "postgres_url"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def postgres_unavailable(reason: str):
    """Skip the test, or under CI stop the run loudly."""
    if in_ci():
        message = (
            f"PostgreSQL is required under CI (CI={os.environ.get('CI')!r}) "
            f"but is unavailable: {reason}"
        )
        if os.environ.get("PYTEST_XDIST_WORKER"):
            pytest.fail(message, pytrace=False)
        pytest.exit(message, returncode=3)
    pytest.skip(f"PostgreSQL unavailable: {reason}")


_pg_server_in_use: pg.PgServer | None = None


@pytest.fixture(scope="session")
def pg_server():
    global _pg_server_in_use
    try:
        server = pg.find_or_start_server()
    except pg.PostgresUnavailable as exc:
        postgres_unavailable(str(exc))
    _pg_server_in_use = server
    try:
        yield server
    finally:
        _pg_server_in_use = None
        server.close()


@pytest.fixture(scope="session")
def pg_server_url(pg_server) -> str:
    return pg_server.admin_url


@pytest.fixture
def postgres_url(pg_server):
    with pg.fresh_database(pg_server.admin_url) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/kiezledger.db"


@pytest.fixture(
    params=[
        pytest.param("memory", id="memory"),
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def database_url(request) -> str:
    """The same test against each store; the server is looked up only for `postgres`."""
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


def _uses_shared_server(item) -> bool:
    callspec = getattr(item, "callspec", None)
    return bool(POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ()))) or (
        callspec is not None and callspec.params.get("database_url") == "postgres"
    )


def pytest_collection_modifyitems(items):
    """Tests that use a PostgreSQL fixture directly are `postgres` tests too (-m selects them)."""
    for item in items:
        if _uses_shared_server(item) and item.get_closest_marker("postgres") is None:
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    # Put on the report, so that the controller learns it under xdist too.
    if _pg_server_in_use is not None and item.get_closest_marker("postgres") is not None:
        item.user_properties.append(("postgres_server", _pg_server_in_use.description))


_pg_skipped: Counter[str] = Counter()
_pg_ran = 0
_pg_servers: set[str] = set()


def pytest_runtest_logreport(report):
    # Runs in the controller under xdist too, so the summary below covers all workers.
    global _pg_ran
    if "postgres" not in report.keywords:
        return
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _pg_skipped[reason.removeprefix("Skipped: ")] += 1
    elif report.when == "call":
        _pg_ran += 1
        _pg_servers.update(v for k, v in report.user_properties if k == "postgres_server")


def pytest_terminal_summary(terminalreporter):
    if not (_pg_skipped or _pg_ran):
        return
    terminalreporter.section("PostgreSQL")
    skipped = sum(_pg_skipped.values())
    terminalreporter.write_line(f"{_pg_ran} postgres test(s) ran, {skipped} skipped")
    for server in sorted(_pg_servers):
        terminalreporter.write_line(f"shared server: {server}")
    for reason, count in _pg_skipped.items():
        terminalreporter.write_line(f"SKIPPED {count}: {reason}", yellow=True, bold=True)


# =============================================================================================
# Kept answers (store.answers)
#
# Every test keeps its answers in a folder of its own, not in ./var/cache (the default for
# PostgreSQL); tests of that default clear KIEZLEDGER_CACHE_DIR themselves.
# =============================================================================================


@pytest.fixture(autouse=True)
def _answers_in_tmp(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("KIEZLEDGER_CACHE_DIR", str(tmp_path_factory.mktemp("answers")))
