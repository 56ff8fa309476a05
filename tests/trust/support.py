"""Helpers for the trust tests: a varied history, the integrity projection, raw store access.

`history(app)` records a small but varied neighbourhood history (people, an initiative, a
funder, a process with an assembly, a commitment with progress, a cooperation, a funding with
a disbursement) and answers the ids. `raw_sqlite` / `raw_postgres` open a connection to the
store as an administrator with full rights would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger.application import Ledger
from projections.integrity import IntegrityProjection
from projections.runner import ProjectionRunner
from store.config import sqlite_path
from store.sql import Database

PERSON_NAME = "Zuzanna Wróblewska-Quist"
PERSON_CONTACT = "zuzanna.quist@example.org"


def history(app: Ledger) -> dict[str, Any]:
    person = app.register_actor(kind="person", name=PERSON_NAME, contact=PERSON_CONTACT,
                                district="Neukölln", kiez="Schillerkiez").record
    other = app.register_actor(kind="person", name="Ahmet Yılmaz", contact="+49 30 1234567").record
    initiative = app.register_actor(kind="initiative", name="Schillerkiez entsiegeln",
                                    contact="info@entsiegeln.example").record
    funder = app.register_actor(kind="funder", name="Stiftung Kiezfonds").record
    process = app.start_process(title="Entsiegelung Schillerkiez", level="kiez",
                                started_on=date(2022, 3, 1), topics=["depaving"],
                                goals={"open_assemblies_per_year": 2}).record
    app.add_participant(process.id, actor_id=person.id, role="speaker",
                        joined_on=date(2022, 3, 1))
    gathering = app.record_gathering(process_id=process.id, format="open_assembly",
                                     title="Offene Versammlung", held_on=date(2022, 4, 2),
                                     attendance=48).record
    commitment = app.make_commitment(actor_id=initiative.id, process_id=process.id,
                                     description="Drei Baumscheiben entsiegeln",
                                     made_on=date(2022, 4, 2), due_on=date(2022, 10, 1),
                                     gathering_id=gathering.id).record
    app.report_progress(commitment.id, reported_on=date(2022, 6, 1), note="Genehmigung da")
    cooperation = app.start_cooperation(actor_ids=[person.id, initiative.id],
                                        kind="membership", started_on=date(2022, 3, 1)).record
    funding = app.grant_funding(funder_id=funder.id, recipient_id=initiative.id,
                                process_id=process.id, logic="process",
                                period_start=date(2022, 1, 1), period_end=date(2024, 12, 31),
                                amount=Decimal("90000.00"), currency="EUR",
                                granted_on=date(2021, 12, 1)).record
    app.disburse(funding.id, amount=Decimal("30000.00"), paid_on=date(2022, 2, 1))
    return {
        "person": person.id, "other": other.id, "initiative": initiative.id,
        "funder": funder.id, "process": process.id, "gathering": gathering.id,
        "commitment": commitment.id, "cooperation": cooperation.id, "funding": funding.id,
    }


def follow(app: Ledger, db: Database) -> ProjectionRunner:
    """The integrity projection, caught up with the log."""
    runner = ProjectionRunner(app, db, [IntegrityProjection(app)])
    runner.setup()
    runner.catch_up()
    return runner


def sqlite_files(url: str) -> list[Path]:
    base = Path(sqlite_path(url))
    return [p for p in base.parent.iterdir() if p.name.startswith(base.name)]


def files_bytes(url: str) -> bytes:
    return b"".join(p.read_bytes() for p in sqlite_files(url))


@contextmanager
def raw_sqlite(url: str) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(sqlite_path(url), isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def raw_postgres(url: str) -> Iterator[Any]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        yield conn
