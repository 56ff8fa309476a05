"""Read models built from the application's global event log, with tracking."""

from projections.db import Cursor, Database
from projections.runner import (
    InProcessProjections,
    Projection,
    ProjectionRunner,
    TrackingConflict,
)

__all__ = [
    "Cursor",
    "Database",
    "InProcessProjections",
    "Projection",
    "ProjectionRunner",
    "TrackingConflict",
]
