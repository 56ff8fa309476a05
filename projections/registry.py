"""Every read model, in the order the runner applies them."""

from __future__ import annotations

from typing import Any

from projections.catalog import CatalogProjection
from projections.charter import CharterProjection
from projections.commitments import CommitmentsProjection
from projections.facts import FactsProjection
from projections.integrity import IntegrityProjection
from projections.network import NetworkProjection
from projections.proof import ProofProjection
from projections.records import RecordsProjection
from projections.runner import Projection
from projections.timeline import TimelineProjection


def all_projections(app: Any) -> list[Projection]:
    """Fresh instances of every read model of `app` (a projection keeps per-batch buffers:
    one set per runner)."""
    return [
        CatalogProjection(),
        CharterProjection(),
        TimelineProjection(),
        NetworkProjection(),
        CommitmentsProjection(),
        FactsProjection(),
        ProofProjection(),
        IntegrityProjection(app),
        RecordsProjection(),
    ]
