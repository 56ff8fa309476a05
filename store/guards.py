"""The store refuses edits: triggers that abort UPDATE and DELETE (and TRUNCATE) of events.

SQLite: BEFORE UPDATE and BEFORE DELETE triggers on `stored_events` that RAISE(ABORT), and
a BEFORE INSERT trigger that refuses an insert over a stored event (`REPLACE INTO`,
`INSERT OR REPLACE`: SQLite deletes the old row without firing the DELETE trigger).
(SQLite has no TRUNCATE; `DELETE FROM t` without WHERE fires the trigger too, since SQLite
skips its truncate shortcut on tables with triggers.)
PostgreSQL: a plpgsql function that raises, run by a BEFORE UPDATE OR DELETE row trigger and
a BEFORE TRUNCATE statement trigger on `<app>_events`.
In-memory store: nothing to guard.

The triggers stop mistakes and casual edits. Someone with full rights can still drop them
(or, on PostgreSQL, `SET session_replication_role = replica`, or drop the table); that is
what the hash chain is for (`ledger.integrity`). Installed by `store.ledger.open_ledger`.
"""

from __future__ import annotations

from typing import Any

from store import layout
from store.keys import SETUP_LOCK_KEY
from store.sql import qmark

MESSAGE = "kiezledger: stored events are immutable"
PG_FUNCTION = "kiezledger_refuse_event_change"


SQLITE_TRIGGERS = ("update", "delete", "replace")


def _sqlite_statements(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op} refused'); END"
        for op in ("UPDATE", "DELETE")
    ] + [
        # REPLACE / INSERT OR REPLACE deletes the row it conflicts with and inserts the new
        # one, without firing the DELETE trigger (unless recursive_triggers is on). Refuse
        # an insert whose rowid or (originator_id, originator_version) is already stored.
        # Two primary-key lookups; eventsourcing only inserts new rows, which pass.
        f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_replace BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE originator_id = NEW.originator_id "
        f"AND originator_version = NEW.originator_version) "
        f"OR EXISTS (SELECT 1 FROM {table} WHERE rowid = NEW.rowid) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: INSERT over a stored event (REPLACE) "
        f"refused'); END"
    ]


def _pg_statements(schema: str, table: str) -> list[str]:
    qualified = f'"{schema}"."{table}"'
    function = f'"{schema}".{PG_FUNCTION}'
    row_trigger = f"{table}_refuse_update_delete"
    truncate_trigger = f"{table}_refuse_truncate"
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}: % refused on %', TG_OP, TG_TABLE_NAME; END $$",
        f"DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{row_trigger}' "
        f"AND tgrelid = '{qualified}'::regclass) THEN "
        f"CREATE TRIGGER {row_trigger} BEFORE UPDATE OR DELETE ON {qualified} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}(); END IF; "
        f"IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{truncate_trigger}' "
        f"AND tgrelid = '{qualified}'::regclass) THEN "
        f"CREATE TRIGGER {truncate_trigger} BEFORE TRUNCATE ON {qualified} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}(); END IF; "
        f"END $$",
    ]


def install_guards(app: Any) -> bool:
    """Install the triggers if missing (idempotent). False for the in-memory store."""
    dialect = layout.dialect(app)
    if dialect == "memory":
        return False
    recorder = app.recorder
    table = layout.events_table(recorder)
    with layout.transaction(recorder, commit=True) as cur:
        if dialect == "postgresql":
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (SETUP_LOCK_KEY,))
            for statement in _pg_statements(layout.schema(recorder), table):
                cur.execute(statement)
        else:
            for statement in _sqlite_statements(table):
                cur.execute(statement)
    return True


def guards_installed(app: Any) -> bool:
    """Whether every trigger is in place (for health checks and `verify`)."""
    dialect = layout.dialect(app)
    if dialect == "memory":
        return True
    recorder = app.recorder
    table = layout.events_table(recorder)
    with layout.transaction(recorder, commit=False) as cur:
        if dialect == "postgresql":
            cur.execute(
                "SELECT COUNT(*) AS n FROM pg_trigger WHERE tgrelid = %s::regclass "
                "AND tgname IN (%s, %s) AND tgenabled <> 'D'",
                (f'"{layout.schema(recorder)}"."{table}"',
                 f"{table}_refuse_update_delete", f"{table}_refuse_truncate"),
            )
        else:
            names = [f"{table}_refuse_{op}" for op in SQLITE_TRIGGERS]
            cur.execute(qmark(
                "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger' "
                f"AND tbl_name = %s AND name IN ({', '.join(['%s'] * len(names))})"),
                (table, *names),
            )
            return int(cur.fetchone()["n"]) == len(names)
        return int(cur.fetchone()["n"]) == 2
