"""Opening the Ledger over a database: its key and ballot stores, signing key, tables and
guards."""

from __future__ import annotations

from ledger.application import Ledger
from store import layout
from store.ballots import ballot_store_for
from store.config import eventsourcing_env
from store.guards import install_guards
from store.keys import key_store_for
from store.signing import load_signing_key


def open_ledger(url: str, *, create_table: bool = True) -> Ledger:
    """The Ledger over the database at `url` (`memory://`, `sqlite:///...`, `postgresql://...`).

    With `create_table`, missing tables are made and the event table's guards installed.
    """
    return ledger_for_env(eventsourcing_env(url, create_table=create_table))


def ledger_for_env(env: dict[str, str]) -> Ledger:
    """The Ledger for an eventsourcing `env` (tests that set e.g. `POSTGRES_SCHEMA`)."""
    app = Ledger(env=env, key_store=key_store_for, ballot_store=ballot_store_for,
                 signing_key=load_signing_key)
    if layout.creates_tables(app):
        app.personal_keys.create_table()
        app.ballot_index.store.create_table()
        install_guards(app)  # the event table refuses UPDATE, DELETE, TRUNCATE
    return app
