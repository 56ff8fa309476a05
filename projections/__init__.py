"""Read models built from the application's global event log, with tracking."""

from projections.runner import (
    InProcessProjections,
    Projection,
    ProjectionRunner,
    TrackingConflict,
)
from store.sql import Cursor, Database

__all__ = [
    "Cursor",
    "Database",
    "InProcessProjections",
    "Projection",
    "ProjectionRunner",
    "TrackingConflict",
]
