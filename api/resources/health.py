"""Liveness (`/healthz`) and readiness (`/readyz`)."""

from __future__ import annotations

import logging
import os
from typing import Any

from marshmallow import Schema, fields

from api import services
from api.errors import Problem
from api.resources.common import Blueprint
from store.config import ConfigError

logger = logging.getLogger(__name__)

blp = Blueprint("health", __name__, description="Liveness and readiness")

# /readyz: how many events a read model may lag the log and still take traffic.
READY_LAG_ENV = "KIEZLEDGER_READY_MAX_LAG"
DEFAULT_READY_LAG = 100


class HealthOut(Schema):
    status = fields.String(metadata={"example": "ok"})


class ReadyOut(Schema):
    status = fields.String(metadata={"example": "ready"})
    head = fields.Integer(metadata={"description": "The log's last position"})
    lag = fields.Dict(keys=fields.String(), values=fields.Integer(),
                      metadata={"description": "Events each read model has yet to apply"})


def ready_max_lag() -> int:
    raw = os.environ.get(READY_LAG_ENV, "")
    if raw == "":
        return DEFAULT_READY_LAG
    if not raw.isdigit():
        raise ConfigError(f"{READY_LAG_ENV} must be a whole number of events, not {raw!r}")
    return int(raw)


def unavailable(detail: str, slug: str) -> Problem:
    return Problem(503, "Service Unavailable", detail, slug=slug,
                   headers={"Retry-After": "1"})


@blp.route("/healthz", methods=["GET"])
@blp.response(200, HealthOut)
@blp.doc(security=[])
def healthz() -> dict[str, Any]:
    """Alive, and both the event store and the read-side database answer"""
    svc = services.current()
    try:
        svc.ledger.recorder.max_notification_id()
        svc.db.fetchone("SELECT 1")
    except Exception as exc:
        logger.exception("health check failed")
        raise unavailable("A store does not answer.", "store-unavailable") from exc
    return {"status": "ok"}


@blp.route("/readyz", methods=["GET"])
@blp.response(200, ReadyOut)
@blp.doc(security=[])
def readyz() -> dict[str, Any]:
    """Ready for traffic: the stores answer and every read model lags the log by fewer than
    KIEZLEDGER_READY_MAX_LAG events (default 100); 503 otherwise"""
    svc = services.current()
    limit = ready_max_lag()
    try:
        head = svc.ledger.recorder.max_notification_id() or 0
        reached = svc.projections.runner.positions() if svc.projections is not None else {}
    except Exception as exc:
        logger.exception("readiness check failed")
        raise unavailable("A store does not answer.", "store-unavailable") from exc
    lag = {name: max(0, head - position) for name, position in sorted(reached.items())}
    behind = sorted(name for name, n in lag.items() if n >= limit)
    if behind:
        raise unavailable(f"Read models lag the log by {limit} events or more: "
                          f"{', '.join(behind)}.", "not-ready")
    return {"status": "ready", "head": head, "lag": lag}
