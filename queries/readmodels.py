"""Where each read model stands: its stored version and log position."""

from __future__ import annotations

from store.sql import Database


def tracking(db: Database) -> dict[str, tuple[int, int]]:
    """name -> (stored version, position) of every tracked read model."""
    if not db.has_table("projection_tracking"):
        return {}
    rows = db.fetchall("SELECT name, version, position FROM projection_tracking")
    return {name: (int(version), int(position)) for name, version, position in rows}


def position_of(db: Database, name: str) -> int | None:
    """The log position read model `name` has reached; None when it is not set up."""
    if not db.has_table("projection_tracking"):
        return None
    row = db.fetchone("SELECT position FROM projection_tracking WHERE name = %s", (name,))
    return None if row is None else int(row[0])
