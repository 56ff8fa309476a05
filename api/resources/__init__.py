"""One blueprint module per resource family, registered in this order."""

from __future__ import annotations

from api.resources import (
    actors,
    amendments,
    charter_texts,
    charters,
    commitments,
    cooperations,
    events,
    fundings,
    funds,
    gatherings,
    health,
    indicators,
    integrity,
    network,
    processes,
    proposals,
    reports,
    timelines,
    tokens,
    votes,
)

BLUEPRINTS = tuple(
    module.blp
    for module in (
        health, actors, cooperations, processes, gatherings, charters, proposals, amendments,
        votes, commitments, fundings, funds, indicators, events, tokens, integrity, reports,
        # read models
        charter_texts, timelines, network,
    )
)
